"""A region's page (/regions/{code}/): its score, role and interval, pillars against peers, indicators,
recommendations with reasons, declared priorities against the data, entities and a small map; CSV/XLSX."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.core.exports import table_response
from apps.core.language import is_english
from apps.core.messages import excluded_text
from apps.core.models import name_field
from apps.entities.selectors import region_entities
from apps.regions.constants import Level
from apps.regions.selectors import (
    region_frame,
    region_get,
    region_groups_of,
    region_list,
)
from apps.scoring.selectors import run_pillar_codes

from ..domain.classify import DEFAULT_SCHEME
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
    run_context,
    whatif,
)
from .plans import region_plan_section


@require_safe
def region_detail_view(request, code: str):
    region = region_get(code=code)
    if region is None:
        raise Http404(_("No region with code %(code)s.") % {"code": code})
    language = get_language() or "zh-hans"
    children = list(region.children.order_by("code"))
    if children:
        child_level = Level.PREFECTURE if region.level == Level.PROVINCE else Level.COUNTY
        filters = {"level": child_level, "parent": region.code}
    else:
        filters = {"level": region.level, "parent": region.parent.code} if region.parent else {"level": region.level}
    frame = region_frame(filters=filters, language=language)
    highlight = set(frame["code"]) if children else {region.code}
    figure_data = cached(
        f"region-map:{region.code}:{get_language()}",
        lambda: plain_figure(
            region_highlight_map(frame, geojson_url=layer_url(**filters), highlight=highlight, labels=map_labels())
        ),
    )
    ancestors = []
    node = region.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    scorecard = _scorecard(region, chosen_run(request, region.level))
    profile = _profile(request, region, scorecard)
    if request.GET.get("format") in ("csv", "xlsx") and not profile:
        raise Http404(_("This region has no scores in the run, so there is no table to download."))
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [_("Indicator"), _("Value"), _("Unit"), _("Year"), _("Rank"), _("Of"), _("Percentile"), _("Source")]
        rows = [
            [
                r["name"],
                r["value"],
                r["unit"],
                scorecard["run"].year,
                r["rank"],
                r["of"],
                round(r["percentile"], 4) if r["percentile"] is not None else None,
                r["source"],
            ]
            for r in profile["indicators"]
        ]
        return table_response(
            f"{region.code}-{scorecard['run'].year}", [str(h) for h in header], rows, request.GET["format"]
        )
    context = {
        "region": region,
        "ancestors": ancestors,
        "children": children,
        "entities": region_entities(region),
        "groups": list(region_groups_of(region=region)),
        "figure": figure_data,
        "scorecard": scorecard,
        "recommendations": _recommendations(request, region, scorecard),
        "plan": region_plan_section(scorecard["run"] if scorecard else None, region),
        "profile": profile,
        "whatif": whatif(scorecard["run"], "", DEFAULT_SCHEME) if scorecard and scorecard["score"] else None,
        "runs": run_choices(request, region.level, scorecard["run"] if scorecard else None),
        **run_context(region.level),
    }
    return render(request, "dashboards/region_detail.html", context)


PEER_CHOICES = ("similar", "group", "level")


def _profile(request, region, scorecard) -> dict | None:
    """The scorecard's pillar radar against a peer group, strengths and gaps in words, and every indicator
    with value, unit, year, source, rank, percentile and trend (cached per run, region, peers, language)."""
    if not scorecard or not scorecard["score"]:
        return None
    peers = request.GET.get("peers") if request.GET.get("peers") in PEER_CHOICES else "similar"
    key = f"profile:{scorecard['run'].pk}:{region.code}:{peers}:{get_language()}"
    return cached(key, lambda: _profile_build(request, region, scorecard))


def _peers(request, region, own: dict, others: dict, pillar_codes: list[str]) -> tuple[str, list[str], str]:
    """Whom the region is compared with (the most similar regions, its first group, or its whole level)."""
    from ..domain.profile import similar_regions

    kind = request.GET.get("peers") if request.GET.get("peers") in PEER_CHOICES else "similar"
    if kind == "similar":
        return kind, similar_regions(own, others, pillar_codes), _("5 most similar regions")
    if kind == "group":
        groups = list(region_groups_of(region=region))
        if not groups:
            return kind, [], _("no group")
        members = set(
            region_list(filters={"group": groups[0].code, "level": region.level}).values_list("code", flat=True)
        )
        return kind, [c for c in others if c in members], groups[0].name
    return kind, list(others), _("all regions of the level")


def _profile_build(request, region, scorecard) -> dict:
    import pandas as pd

    from ..domain.profile import peer_medians, strengths_and_gaps
    from ..figures.charts import pillar_radar
    from ..selectors import indicator_table, indicator_trends, pillar_percentiles

    if not scorecard or not scorecard["score"]:
        return None
    run = scorecard["run"]
    percentiles = pillar_percentiles(run)
    own = percentiles.get(region.code, {})
    pillar_codes = run_pillar_codes(run)
    others = {c: v for c, v in percentiles.items() if c != region.code}
    peers_kind, peers, peer_label = _peers(request, region, own, others, pillar_codes)
    names = pillar_axis_names(pillar_codes, run)
    rows = {region.name: [own.get(p) for p in pillar_codes]}
    if peers:
        rows[f"∅ {peer_label}"] = peer_medians(percentiles, peers, pillar_codes)
    frame = pd.DataFrame(rows, index=names).T  # a pillar without data stays missing, never 0
    radar = pillar_radar(frame, labels={"axis": _("percentile among the level's regions")})
    strengths, gaps = strengths_and_gaps(own, pillar_codes, names)
    table = indicator_table(run, [region.code])
    trends = indicator_trends(region=region, codes=[row["code"] for row in table], until=run.year)
    for row in table:
        cell = row["cells"][0]
        row["value"], row["source"], row["rank"] = cell["value"], cell["source"], cell["rank"]
        row["vintage"], row["derived"], row["earlier"] = cell["vintage"], cell["derived"], cell["earlier"]
        row["year"] = cell["year"]
        row["percentile"] = 1 - (cell["rank"] - 1) / max(1, row["of"] - 1) if cell["rank"] else None
        row["trend"] = trends.get(row["code"])
        row["imputed"] = row["code"] in scorecard["score"].imputed
    peer_names = (
        dict(region_list(filters={}).filter(code__in=peers).values_list("code", name_field()))
        if peers_kind == "similar"
        else {}
    )
    return {
        "radar": plain_figure(radar),
        "peers": peers_kind,
        "peer_choices": [
            ("similar", _("Most similar regions")),
            ("group", _("Same group")),
            ("level", _("Same level")),
        ],
        "peer_label": peer_label,
        "peer_names": [peer_names.get(c, c) for c in peers] if peer_names else [],
        "strengths": strengths,
        "gaps": gaps,
        "indicators": table,
        "coverage": scorecard["score"].coverage,
        "imputed": scorecard["score"].imputed,
    }


def _scorecard(region, run):

    if run is None:
        return None
    from apps.scoring.scorecard import scorecard_build

    card = scorecard_build(region=region, run=run, indicators=False)  # the page shows its own indicator table
    return {"run": run, "score": card.score, "excluded": excluded_text(card.excluded_reason or "")}


def _recommendations(request, region, scorecard) -> dict | None:
    from apps.recommendations.domain.recommend import PRESETS
    from apps.recommendations.selectors import region_recommendations

    if not scorecard or not scorecard["score"]:
        return None
    preset = request.GET.get("preset") if request.GET.get("preset") in PRESETS else "balanced"
    english = is_english()
    found = region_recommendations(
        run_id=scorecard["run"].pk, region_id=region.pk, preset=preset, top=3, lang="en" if english else "zh"
    )
    if not found:
        return None
    titles = {
        "traditional": _("Traditional industries to upgrade"),
        "emerging": _("Emerging industries to scale"),
        "future": _("Future industries to seed"),
    }
    columns = []
    for category in ("traditional", "emerging", "future"):
        columns.append(
            {
                "code": category,
                "title": titles[category],
                "items": found["categories"].get(category, []),
                "unranked": found["unranked"].get(category, []),
            }
        )
    presets = [(code, p["name_en" if english else "name_zh"]) for code, p in PRESETS.items()]
    return {
        "preset": preset,
        "presets": presets,
        "columns": columns,
        "basis": found["basis"],
        "matrix": found["matrix"],
        "links": found["links"],
    }
