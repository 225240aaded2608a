import json
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from apps.regions.constants import LEVEL_ORDER, MACRO_REGION_ORDER, GroupKind, Level
from apps.regions.selectors import (
    province_macro_regions,
    region_frame,
    region_get,
    region_group_list,
    region_groups_of,
)
from apps.scoring.constants import Role
from apps.scoring.models import RegionScore, ScoringRun
from apps.scoring.selectors import latest_run

from .figures.maps import region_category_map, region_highlight_map, region_value_map


def _figure_data(figure) -> dict:
    return json.loads(figure.to_json())


def _map_labels() -> dict:
    return {
        "code": _("Code"),
        "parent": _("Part of"),
        "legend": _("Macro-region"),
        "this": _("This region"),
        "other": "",
    }


def _geojson_url(**params) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return f"{reverse('api:regions:geojson')}?{query}"


def _int_or_none(text):
    return int(text) if text and str(text).isdigit() else None


def _run_context(level: str) -> dict:
    from apps.scoring.selectors import default_model

    model = default_model()
    return {"default_model_id": model.pk if model else "", "run_level": level}


def map_view(request):
    language = get_language() or "zh-hans"
    level = request.GET.get("level", Level.PROVINCE)
    if level not in Level.values:
        level = Level.PROVINCE
    parent = region_get(code=request.GET.get("parent", "")) if request.GET.get("parent") else None
    groups = list(region_group_list())
    group = next((g for g in groups if g.code == request.GET.get("group")), None)
    if parent is not None and LEVEL_ORDER[Level(parent.level)] >= LEVEL_ORDER[Level(level)]:
        level = Level.PREFECTURE if parent.level == Level.PROVINCE else Level.COUNTY

    filters = {"level": level, "parent": parent.code if parent else None, "group": group.code if group else None}
    filters = {k: v for k, v in filters.items() if v}
    frame = region_frame(filters=filters, language=language)
    macro = province_macro_regions()
    other = _("Hong Kong, Macao, Taiwan")
    frame["category"] = frame["province_code"].map(lambda code: macro[code].name if code in macro else other)
    macro_groups = sorted(
        (g for g in groups if g.kind == GroupKind.MACRO_REGION),
        key=lambda g: (MACRO_REGION_ORDER.index(g.code) if g.code in MACRO_REGION_ORDER else 99, g.code),
    )
    categories = [g.name for g in macro_groups] + [other]
    run = latest_run(level=level, year=_int_or_none(request.GET.get("year")))
    colour = request.GET.get("colour") or ("composite" if run else "macro")
    if colour not in {"macro", "composite", "role"} or (colour != "macro" and run is None):
        colour = "macro"
    labels = _map_labels()
    if colour == "macro":
        figure = region_category_map(frame, geojson_url=_geojson_url(**filters), categories=categories, labels=labels)
    else:
        scores = {s.region.code: s for s in RegionScore.objects.filter(run=run).select_related("region")}
        frame["detail"] = [
            _("Rank %(rank)s of %(n)s (5–95 %%: %(lo).0f–%(hi).0f)") % {"rank": s.rank, "n": run.scored, "lo": s.rank_p05, "hi": s.rank_p95}
            if (s := scores.get(code)) else (run.excluded.get(code) or "")
            for code in frame["code"]
        ]  # fmt: skip
        source = f"{run.model} · {run.year}"
        if colour == "composite":
            frame["value"] = [scores[c].composite if c in scores else None for c in frame["code"]]
            figure = region_value_map(frame, geojson_url=_geojson_url(**filters), labels={
                "code": labels["code"], "value": f"{_('Composite score')} ({source})", "missing": _("Not scored")})  # fmt: skip
        else:
            roles = dict(Role.choices)
            frame["category"] = [
                str(roles[scores[c].role]) if c in scores else str(_("Not scored")) for c in frame["code"]
            ]
            frame["parent_name"] = frame["detail"]
            role_labels = {**labels, "legend": f"{_('Role')} ({source})", "parent": _("Rank")}
            figure = region_category_map(frame, geojson_url=_geojson_url(**filters),
                                         categories=[str(label) for label in roles.values()] + [str(_("Not scored"))],
                                         labels=role_labels)  # fmt: skip
    context = {
        "colour": colour,
        "colours": [("macro", _("Macro-region")), ("composite", _("Composite score")), ("role", _("Role"))],
        "run": run,
        "run_years": sorted(
            set(
                ScoringRun.objects.filter(
                    level=level, status="succeeded", model__owner=None, model__is_default=True
                ).values_list("year", flat=True)
            ),
            reverse=True,
        ),  # fmt: skip
        "figure": _figure_data(figure),
        "level": level,
        "levels": Level.choices,
        "parent": parent,
        "group": group,
        "groups": groups,
        "region_count": len(frame),
        # Clicking a province on the province map drills down to its prefectures; elsewhere it opens the page.
        "drill_level": Level.PREFECTURE if level == Level.PROVINCE else "",
        "sameness": _sameness(run),
        **_run_context(level),
    }
    return render(request, "dashboards/map.html", context)


def _sameness(run) -> dict | None:
    """The run's sameness figures for the emerging picks (balanced preset), for the map's warning."""
    from apps.recommendations.models import RecommendationSet, TargetIndustry

    rec_set = RecommendationSet.objects.filter(run=run, preset="balanced").first() if run else None
    if rec_set is None or "emerging" not in rec_set.sameness:
        return None
    after = rec_set.sameness["emerging"]["after"]
    top = TargetIndustry.objects.filter(code=after.get("top_industry")).first()
    return {
        "warning": rec_set.sameness.get("warning", False), "after": after,
        "before": rec_set.sameness["emerging"]["before"], "top": top,
        "top_share_pct": round(100 * after.get("top_share", 0)),
        "neighbour_same_pct": round(100 * after.get("neighbour_same", 0)), "basis": rec_set.basis,
    }  # fmt: skip


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
    figure = region_highlight_map(frame, geojson_url=_geojson_url(**filters), highlight=highlight, labels=_map_labels())
    ancestors = []
    node = region.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    scorecard = _scorecard(region)
    context = {
        "region": region,
        "ancestors": ancestors,
        "children": children,
        "groups": list(region_groups_of(region=region)),
        "figure": _figure_data(figure),
        "scorecard": scorecard,
        "recommendations": _recommendations(request, region, scorecard),
        **_run_context(region.level),
    }
    return render(request, "dashboards/region_detail.html", context)


def _scorecard(region):
    from apps.scoring.models import RegionScore
    from apps.scoring.selectors import latest_run

    run = latest_run(level=region.level)
    if run is None:
        return None
    return {"run": run, "score": RegionScore.objects.filter(run=run, region=region).first(),
            "excluded": run.excluded.get(region.code)}  # fmt: skip


def _recommendations(request, region, scorecard) -> dict | None:
    from apps.recommendations.domain.recommend import PRESETS
    from apps.recommendations.selectors import region_recommendations

    if not scorecard or not scorecard["score"]:
        return None
    preset = request.GET.get("preset") if request.GET.get("preset") in PRESETS else "balanced"
    found = region_recommendations(run_id=scorecard["run"].pk, region_id=region.pk, preset=preset, top=3)
    if not found:
        return None
    english = (get_language() or "").startswith("en")
    titles = {"traditional": _("Traditional industries to upgrade"), "emerging": _("Emerging industries to scale"),
              "future": _("Future industries to seed")}  # fmt: skip
    columns = []
    for category in ("traditional", "emerging", "future"):
        items = found["categories"].get(category, [])
        for item in items:
            item["name"] = item["industry"]["name_en" if english else "name_zh"]
            item["text"] = item["explanation_en" if english else "explanation_zh"]
        columns.append({"code": category, "title": titles[category], "items": items})
    presets = [(code, p["name_en" if english else "name_zh"]) for code, p in PRESETS.items()]
    return {"preset": preset, "presets": presets, "columns": columns, "basis": found["basis"],
            "matrix": found["matrix"]}  # fmt: skip
