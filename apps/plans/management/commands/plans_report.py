from django.core.management.base import BaseCommand, CommandError

from apps.plans.selectors import mapping_rate, plan_sameness, region_verdicts
from apps.regions.models import Region
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import latest_run


class Command(BaseCommand):
    help = (
        "Plans against the data in figures: the share of declared emerging and future items mapped automatically, "
        "the most-declared industries with declared and supported counts, the herd index, and the regions with "
        "the highest and lowest alignment, for a run (default: the latest well-covered default-model run)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--run", type=int, help="a run id")
        parser.add_argument("--level", default="province", choices=["province", "prefecture"])
        parser.add_argument("--top", type=int, default=5)

    def handle(self, *args, run=None, level="province", top=5, **options):
        run = ScoringRun.objects.filter(pk=run).first() if run else latest_run(level=level)
        if run is None:
            raise CommandError("No finished run.")
        mapped, total = mapping_rate()
        self.stdout.write(f"Run {run.pk}: {run.model} · {run.level} {run.year} (provisional: {run.provisional})")
        self.stdout.write(f"Emerging and future items mapped automatically: {mapped} of {total} ({mapped / total:.1%})")
        for category in ("emerging", "future"):
            found = plan_sameness(run=run, category=category)
            herd = found["herd"]
            ratio = f"{herd['ratio']:.2f}" if herd["ratio"] is not None else "—"
            self.stdout.write(f"\n{category}: herd index {ratio} ({found['regions_with_list']} regions with a list)")
            for r in found["items"][:top]:
                stated = "; ".join(f"{s.topic} {s.count_text}" for s in r["stated"])
                self.stdout.write(
                    f"  {r['name']:<14} declared {r['declared_regions']:>3}  supported {r['supported_regions']:>3}  "
                    f"both {r['both']:>3}" + (f"  (sources: {stated})" if stated else "")
                )
        verdicts = region_verdicts(run=run)
        names = dict(Region.objects.filter(code__in=list(verdicts)).values_list("code", "name_zh"))
        ranked = sorted(
            (
                (v["share"], v["supported"], v["declared"], code)
                for code, v in verdicts.items()
                if v["share"] is not None
            ),
            key=lambda t: (-t[0], -t[2], t[3]),
        )
        for title, rows in (("highest", ranked[:top]), ("lowest", ranked[::-1][:top])):
            self.stdout.write(f"\nAlignment, {title}:")
            for share, hits, declared, code in rows:
                self.stdout.write(f"  {names[code]:<10} {share:.0%}  ({hits} of {declared})")
