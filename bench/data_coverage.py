"""The coverage table of docs/data.md: per indicator and level, the years with current values and the number of
regions, and the share of the default model's weight the data cover per level and year. Reads the configured
database (after `make run` or `manage.py load_demo_data`):

    .venv/bin/python bench/data_coverage.py
"""

import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from apps.indicators.models import Indicator, Observation  # noqa: E402
from apps.regions.models import Region  # noqa: E402
from apps.scoring.domain.model import indicator_codes, weight_coverage  # noqa: E402
from apps.scoring.selectors import default_model, reported_indicators_by_year  # noqa: E402


def spans(counts: Counter) -> str:
    out: list[list[int]] = []
    for year in sorted(counts):
        if out and year == out[-1][1] + 1 and counts[year] == out[-1][2]:
            out[-1][1] = year
        else:
            out.append([year, year, counts[year]])
    return ", ".join((f"{a}" if a == b else f"{a}–{b}") + f" ({n})" for a, b, n in out)


def main() -> None:
    level_of = dict(Region.objects.values_list("id", "level"))
    derived = set(Indicator.objects.exclude(formula={}).values_list("code", flat=True))
    coverage: dict[tuple[str, str], Counter] = defaultdict(Counter)
    rows = Observation.objects.filter(is_current=True).values_list("indicator__code", "year", "region_id")
    for code, year, region in rows.iterator(chunk_size=10000):
        coverage[(code, level_of[region])][year] += 1
    print("| indicator | level | years (regions) |\n| --- | --- | --- |")
    for (code, level), counts in sorted(coverage.items(), key=lambda kv: (kv[0][1] != "province", kv[0])):
        print(f"| {code}{' (derived)' if code in derived else ''} | {level} | {spans(counts)} |")
    model = default_model()
    for level in ("province", "prefecture"):
        reported = reported_indicators_by_year(level=level, indicator_codes=indicator_codes(model.spec))
        shares = ", ".join(
            f"{year} {weight_coverage(model.spec, codes):.0%}" for year, codes in sorted(reported.items())
        )
        print(f"\n{model} weight covered, {level}: {shares}")


if __name__ == "__main__":
    main()
