"""docs/top-picks.md: each province's top traditional, emerging and future pick (balanced preset) with its
one-sentence reason, for the 2017 run and the latest well-covered provincial run of the default model, and
the rank correlation of those runs with each reference ranking loaded. Reads the configured database after
`make run` has scored (or `manage.py load_demo_data` and a worker):

    .venv/bin/python bench/top_picks.py > docs/top-picks.md
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from apps.recommendations.selectors import region_recommendations  # noqa: E402
from apps.regions.models import Region  # noqa: E402
from apps.scoring.models import RegionScore, ScoringRun  # noqa: E402
from apps.scoring.selectors import default_model, latest_run, reference_agreements  # noqa: E402

CATEGORIES = (("traditional", "传统产业"), ("emerging", "新兴产业"), ("future", "未来产业"))


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def table(run: ScoringRun) -> list[str]:
    lines = [
        f"## {run.year}（{run.model}，运行 {run.pk}，覆盖模型权重 {100 * (run.coverage or 0):.0f}%）",
        "",
        "| 省份 | " + " | ".join(name for _, name in CATEGORIES) + " |",
        "| --- | --- | --- | --- |",
    ]
    scored = set(RegionScore.objects.filter(run=run).values_list("region_id", flat=True))
    for region in Region.objects.filter(level="province", pk__in=scored).order_by("code"):
        picks = region_recommendations(run_id=run.pk, region_id=region.pk, top=1, lang="zh")
        cells = []
        for category, _ in CATEGORIES:
            ranked = picks.get("categories", {}).get(category, [])
            if ranked:
                cells.append(f"**{ranked[0]['name']}**：{_cell(ranked[0]['lead'])}")
            else:
                why = picks.get("unranked", {}).get(category, [])
                cells.append("（无排序推荐）" + (_cell(why[0]["lead"]) if why else ""))
        lines.append(f"| {region.name_zh} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    model = default_model()
    runs = []
    early = ScoringRun.objects.filter(model=model, level="province", year=2017, status="succeeded").order_by("-pk")
    if early.exists():
        runs.append(early.first())
    latest = latest_run(level="province")
    if latest is not None and latest not in runs:
        runs.append(latest)
    out = [
        "# Top picks per province",
        "",
        "Built by `bench/top_picks.py` from the shipped statistics (balanced preset). Each cell is the pick",
        "ranked first in its category and the sentence the region page opens it with; the numbers behind it",
        "are on the region page and in `/api/recommendations/`. Method: [recommendations.md](recommendations.md).",
        "",
    ]
    for run in runs:
        out += table(run) + [""]
        agreements = reference_agreements(run)
        if agreements:
            out += ["与参照排名的对照：", ""]
            for a in agreements:
                worst = "；".join(
                    f"{d['name']} {d['run_rank']}→{d['reference_rank']}（{d['pillar_label']}）"
                    for d in a["disagreements"][:3]
                )
                out.append(
                    f"- {a['reference'].name}（{a['reference'].year}，{a['reference'].source}）："
                    f"Spearman ρ = {a['spearman']}，Kendall τ = {a['kendall']}，{a['regions']} 个地区；"
                    f"差异最大：{worst}"
                )
            out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
