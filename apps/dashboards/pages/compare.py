"""Regions side by side (/compare/?regions=A,B,...): roles, ranks, top picks, pillar radar and bars, the
indicator table with the best marked, and a map; CSV/XLSX."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.core.exports import table_response
from apps.core.language import is_english
from apps.regions.selectors import (
    region_frame,
    region_lookup,
    regions_by_code,
)
from apps.scoring.selectors import run_pillar_codes, run_score_map

from ..figures.maps import (
    region_highlight_map,
)
from .common import (
    cached,
    chosen_run,
    layer_url,
    map_labels,
    pillar_axis_names,
    plain_figure,
    run_choices,
)

MAX_COMPARE = 6


def _added(text: str, codes: list[str]):
    """The region a user added by code or name: of the level of those already there when one matches there."""
    level = next(iter(r.level for r in regions_by_code(codes[:1]).values()), None)
    return region_lookup(text, prefer_level=level)


def _compare_regions(request) -> tuple[list, list[str]]:
    """The regions asked for (codes, or names to add), in order, without repeats, at most six; and the
    problems found."""

    problems = []
    codes = [c.strip() for c in request.GET.get("regions", "").split(",") if c.strip()]
    add = request.GET.get("add", "").strip()
    if add:
        found = _added(add, codes)
        if found is None:
            problems.append(_("No region called “%(name)s”.") % {"name": add})
        else:
            codes.append(found.code)
    by_code = regions_by_code(codes)
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        problems.append(_("Unknown region codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    ordered = list(dict.fromkeys(c for c in codes if c in by_code))
    if len(ordered) > MAX_COMPARE:
        problems.append(_("At most six regions can be compared; the first six are shown."))
        ordered = ordered[:MAX_COMPARE]
    return [by_code[c] for c in ordered], problems


def _columns(run, regions: list, codes: list[str]) -> tuple[list[dict], dict]:
    """Per region its score and top pick per category; and the pillar percentiles of the scored ones."""
    from apps.recommendations.selectors import region_recommendations

    from ..selectors import pillar_percentiles

    english = is_english()
    scores = run_score_map(run=run, codes=codes)
    percentiles = pillar_percentiles(run)
    pillar_codes = run_pillar_codes(run)
    columns, rows = [], {}
    for region in regions:
        score = scores.get(region.code)
        picks = (
            region_recommendations(run_id=run.pk, region_id=region.pk, top=1, lang="en" if english else "zh")
            if score
            else {}
        )
        top = {cat: items[0] for cat, items in picks.get("categories", {}).items()}
        remove = ",".join(c for c in codes if c != region.code)
        columns.append({"region": region, "score": score, "top": top, "remove": remove})
        if score:
            rows[region.name] = [percentiles.get(region.code, {}).get(p) for p in pillar_codes]
    return columns, rows


def _figures(run, rows: dict, codes: list[str]) -> tuple[dict, list]:
    """The radar, the bars and the map of the regions compared, and the indicator table (cached)."""
    import pandas as pd

    from ..figures.charts import pillar_bars, pillar_radar
    from ..selectors import indicator_table

    def build() -> tuple[dict, list]:
        built = {}
        frame = pd.DataFrame(rows, index=pillar_axis_names(run_pillar_codes(run), run)).T
        axis = _("percentile among the level's regions")
        if not frame.empty:
            built["radar"] = plain_figure(pillar_radar(frame, labels={"axis": axis}))
            built["bars"] = plain_figure(pillar_bars(frame, labels={"x": _("Pillar"), "y": axis}))
        filters = {"level": run.level}
        frame_map = region_frame(filters=filters, language=get_language() or "zh-hans")
        built["map"] = plain_figure(
            region_highlight_map(frame_map, geojson_url=layer_url(**filters), highlight=set(codes), labels=map_labels())
        )
        return built, indicator_table(run, codes)

    return cached(f"compare:{run.pk}:{','.join(codes)}:{get_language()}", build)


def _run_for(request, regions: list, problems: list):
    """The run the comparison reads (None with a problem said when there is none to read)."""
    if len(regions) < 2:
        if not problems:
            problems.append(_("Add two to six regions to compare them."))
        return None
    level = regions[0].level
    if any(r.level != level for r in regions):
        problems.append(_("The regions are of different levels; each is scored among its own level."))
    run = chosen_run(request, level)
    if run is None:
        problems.append(_("No scoring run at this level yet."))
    return run


@require_safe
def compare_view(request):
    regions, problems = _compare_regions(request)
    codes = [r.code for r in regions]
    run = _run_for(request, regions, problems)
    columns, figures, table = [], {}, []
    if run is not None:
        columns, rows = _columns(run, regions, codes)
        figures, table = _figures(run, rows, codes)
    if request.GET.get("format") in ("csv", "xlsx") and table:
        header = [_("Indicator"), _("Unit"), _("Year"), *[r.name for r in regions]]
        rows = [[row["name"], row["unit"], run.year, *[cell["value"] for cell in row["cells"]]] for row in table]
        return table_response(
            f"compare-{'-'.join(codes)}-{run.year}", [str(h) for h in header], rows, request.GET["format"]
        )
    context = {
        "regions": regions,
        "codes": ",".join(codes),
        "columns": columns,
        "figures": figures,
        "table": table,
        "run": run,
        "problems": problems,
        "can_add": len(regions) < MAX_COMPARE,
        "runs": run_choices(request, run.level, run) if run else [],
        "run_keep": [("regions", ",".join(codes))],
    }
    return render(request, "dashboards/compare.html", context)
