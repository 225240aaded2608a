import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.indicators.domain.derived import formula_text
from apps.plans.build import build_plans

from ...demo_build import build_demo_data

DEFAULT_SOURCE = Path(settings.BASE_DIR).parent / "shared" / "data" / "raw"
DEFAULT_TARGET = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEFAULT_LINKAGES = Path(settings.BASE_DIR) / "fixtures" / "io_linkages.json"


class Command(BaseCommand):
    help = "Builds fixtures/demo/ (the shipped statistics, manifest and data notice) from the raw official tables."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="the raw tables (../shared/data/raw)")
        parser.add_argument("--target", type=Path, default=DEFAULT_TARGET)
        parser.add_argument("--linkages", type=Path, default=DEFAULT_LINKAGES, help="the input-output links file")

    def handle(self, *args, source: Path, target: Path, linkages: Path, **options):
        if not (source / "SOURCES.md").is_file():
            raise CommandError(f"{source} does not hold the raw tables (no SOURCES.md there).")
        indicators = json.loads((Path(settings.BASE_DIR) / "fixtures" / "indicators.json").read_text(encoding="utf-8"))
        names = {item["code"]: f"{item['name_en']} ({item['unit']})" for item in indicators}
        derived = [
            {"code": item["code"], "formula": item["formula"], "formula_text": formula_text(item["formula"], names)}
            for item in indicators
            if item.get("formula")
        ]
        result = build_demo_data(source, target, derived=derived, linkages=linkages)
        for entry in result.files:
            self.stdout.write(f"  {entry['file']:52s} {entry['rows']:7d} rows  vintage {entry['vintage']}")
        plans = build_plans(source, target / "plans")
        self.stdout.write(f"  plans/{plans['declared']['file']:46s} {plans['declared']['rows']:7d} rows")
        self.stdout.write(
            f"Wrote {len(result.files)} files, manifest.json and DATA_NOTICE.md to {target}, and {linkages}"
        )
