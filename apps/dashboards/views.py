import json
from urllib.parse import urlencode

import plotly.graph_objects as go
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.core.exports import table_response
from apps.core.messages import excluded_text
from apps.entities.selectors import region_entities
from apps.recommendations.models import TargetIndustry
from apps.recommendations.selectors import top_picks
from apps.regions.constants import LEVEL_ORDER, MACRO_REGION_ORDER, GroupKind, Level
from apps.regions.selectors import (
    province_macro_regions,
    region_frame,
    region_get,
    region_group_list,
    region_groups_of,
    region_list,
)
from apps.scoring.constants import Role
from apps.scoring.models import RegionScore, ScoringRun
from apps.scoring.selectors import latest_run, reference_agreements, runs_visible_to

from .domain.classify import DEFAULT_SCHEME, SCHEMES, class_labels, class_of
from .figures.maps import (
    CLUSTER_COLOURS,
    add_outline,
    region_category_map,
    region_class_map,
    region_highlight_map,
)
from .pages.plans import plan_crowded, plan_map_figure, plan_map_source, plan_map_variables, region_plan_section
from .selectors import map_breaks, map_clusters, map_runs, map_values, map_variables


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


def _number(value: float) -> str:
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:,.1f}"
    return f"{value:.3g}" if magnitude < 1 else f"{value:.2f}"


def _cached(key: str, build, timeout: int = 600):
    """`build()` once per key for `timeout` seconds: figures and tables of a finished run do not change, but
    names and groups may, hence the expiry."""
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout=timeout)
    return found


def _int_or_none(text):
    return int(text) if text and str(text).isdigit() else None


def _chosen_run(request, level: str):
    """The run a page shows: `?run=` (a finished run at the level, of a shared model or the user's own
    scenario) unless a `?year=` picked after it disagrees (the forms send both), else the default model's most
    recent well-covered run, of `?year=` when given."""

    from apps.scoring.models import ScoringRun

    chosen, year = _int_or_none(request.GET.get("run")), _int_or_none(request.GET.get("year"))
    if chosen:
        run = (
            runs_visible_to(request.user)
            .filter(pk=chosen, level=level, status=ScoringRun.Status.SUCCEEDED)
            .select_related("model")
            .first()
        )
        if run is not None and year in (None, run.year):
            return run
    return latest_run(level=level, year=year)


def _run_choices(request, level: str, run) -> list:
    """The runs a page offers: the default model's (newest per year), the user's scenarios, and the one shown."""
    runs = map_runs(level=level, user=request.user)
    if run is not None and all(r.pk != run.pk for r in runs):
        runs = [run, *runs]
    return runs


def _pillar_axis_names(pillar_codes: list[str], run) -> list[str]:
    """Pillar names for charts; a pillar the run has no data for says so."""
    from apps.indicators.constants import Pillar

    covered, missing = run.pillar_coverage or {}, _("no data")
    return [
        str(Pillar(p).label) + (f"<br>({missing})" if covered and covered.get(p, 0) <= 0 else "") for p in pillar_codes
    ]


def _run_context(level: str) -> dict:
    from apps.scoring.selectors import default_model

    model = default_model()
    return {"default_model_id": model.pk if model else "", "run_level": level}


def _baseline_ranks(run) -> dict[str, int]:
    """Region code → rank in the default model's latest run for the same level and year, when `run` is a
    planner's scenario; empty otherwise."""
    if run is None or run.model.owner_id is None:
        return {}
    base = latest_run(level=run.level, year=run.year)
    if base is None:
        return {}
    return dict(RegionScore.objects.filter(run=base).values_list("region__code", "rank"))


def _scenario_changes(run) -> list[dict]:
    """For a scenario run: the regions whose rank moves most against the default model."""
    baseline = _baseline_ranks(run)
    if not baseline:
        return []
    english = (get_language() or "").startswith("en")
    rows = []
    for score in RegionScore.objects.filter(run=run).select_related("region"):
        if score.region.code in baseline:
            change = baseline[score.region.code] - score.rank
            rows.append(
                {
                    "region": score.region,
                    "name": score.region.name_en if english else score.region.name_zh,
                    "default": baseline[score.region.code],
                    "scenario": score.rank,
                    "change": change,
                }
            )
    return sorted(rows, key=lambda r: (-abs(r["change"]), r["scenario"]))[:10]


def _map_figure(frame, *, run, colour, scheme, categories, geojson_url, labels) -> tuple[dict, str]:
    """The map figure (as plain data) and the source line of the variable shown."""
    variable_source = ""
    if colour == "macro":
        figure = region_category_map(frame, geojson_url=geojson_url, categories=categories, labels=labels)
    elif colour.startswith("plan"):
        figure = plan_map_figure(frame, run=run, colour=colour, geojson_url=geojson_url, labels=labels)
        variable_source = plan_map_source(run)
    else:
        scores = {s.region.code: s for s in RegionScore.objects.filter(run=run).select_related("region")}
        frame["detail"] = [
            _("Rank %(rank)s of %(n)s (5–95 %%: %(lo).0f–%(hi).0f)")
            % {"rank": s.rank, "n": run.scored, "lo": s.rank_p05, "hi": s.rank_p95}
            if (s := scores.get(code))
            else excluded_text(run.excluded.get(code) or "")
            for code in frame["code"]
        ]
        source = f"{run.model} · {run.year}"
        baseline = _baseline_ranks(run)
        if baseline:  # a scenario: each region's rank under the default model too
            default_rank = _("Default model: rank %(rank)s")
            frame["detail"] = [
                f"{detail}<br>{default_rank % {'rank': baseline[code]}}" if code in baseline else detail
                for code, detail in zip(frame["code"], frame["detail"], strict=True)
            ]
        if colour == "role":
            roles, withheld = dict(Role.choices), str(_("Role withheld"))
            frame["category"] = [
                (str(roles[scores[c].role]) if scores[c].role else withheld) if c in scores else str(_("Not scored"))
                for c in frame["code"]
            ]
            frame["parent_name"] = frame["detail"]
            role_labels = {**labels, "legend": f"{_('Role')} ({source})", "parent": _("Rank")}
            categories = [str(label) for label in roles.values()]
            categories += [withheld] * (withheld in set(frame["category"])) + [str(_("Not scored"))]
            figure = region_category_map(
                frame,
                geojson_url=geojson_url,
                categories=categories,
                labels=role_labels,
                muted={withheld, str(_("Not scored"))},
            )
        elif colour == "clusters":
            from .domain.clusters import CLUSTERS

            names = {
                "hot": _("Hot spot (high among high)"),
                "cold": _("Cold spot (low among low)"),
                "high_outlier": _("High outlier (high among low)"),
                "low_outlier": _("Low outlier (low among high)"),
                "none": _("Not significant"),
            }
            clusters = map_clusters(run)
            frame["category"] = [
                str(names[clusters[c][0]]) if c in clusters else str(_("Not scored")) for c in frame["code"]
            ]
            frame["parent_name"] = [
                _("local Moran's I %(i).2f, p = %(p).3f") % {"i": clusters[c][1], "p": clusters[c][2]}
                if c in clusters
                else ""
                for c in frame["code"]
            ]
            legend = _("Clusters of the composite score")
            cluster_labels = {**labels, "legend": f"{legend} ({source})", "parent": _("LISA")}
            figure = region_category_map(
                frame,
                geojson_url=geojson_url,
                categories=[str(names[c]) for c in CLUSTERS] + [str(_("Not scored"))],
                labels=cluster_labels,
                colours=CLUSTER_COLOURS,
            )
        elif colour == "top_emerging":
            picks = top_picks(run=run, category="emerging")
            names = [t.name for t in TargetIndustry.objects.filter(category="emerging")]
            frame["category"] = [picks[c].name if c in picks else str(_("Not scored")) for c in frame["code"]]
            frame["parent_name"] = frame["detail"]
            pick_labels = {**labels, "legend": f"{_('Top emerging pick')} ({source})", "parent": _("Rank")}
            figure = region_category_map(
                frame,
                geojson_url=geojson_url,
                categories=[*names, str(_("Not scored"))],
                labels=pick_labels,
                muted={str(_("Not scored"))},
            )
        else:
            variable = map_values(run, colour)
            values = variable["values"]
            breaks = map_breaks(run, colour, scheme, values)
            present = {c: v for c, v in values.items() if v is not None and v == v}
            order = sorted(present, key=present.get, reverse=variable["direction"] != "lower_better")
            rank = {c: i + 1 for i, c in enumerate(order)}
            unit = variable["unit"]
            frame["klass"] = [class_of(present.get(c), breaks) for c in frame["code"]]
            worded = (
                _("%(label)s, %(year)s: %(value)s on a scale of 0 to 1")
                if variable.get("score")
                else _("%(label)s, %(year)s: %(value)s %(unit)s")
            )
            frame["value_text"] = [
                worded
                % {"label": variable["label"], "year": variable["year"], "value": _number(present[c]), "unit": unit}
                if c in present
                else _("No value for %(year)s") % {"year": variable["year"]}
                for c in frame["code"]
            ]
            if colour != "composite":
                frame["detail"] = [
                    _("Rank %(rank)s of %(n)s") % {"rank": rank[c], "n": len(rank)}
                    if c in rank
                    else excluded_text(run.excluded.get(c) or "")
                    for c in frame["code"]
                ]
            legend = f"{variable['label']} ({unit}, {variable['year']})"
            figure = region_class_map(
                frame,
                geojson_url=geojson_url,
                class_labels=class_labels(breaks, min(present.values()) if present else 0),
                labels={"code": labels["code"], "legend": legend, "missing": _("No value")},
            )
            variable_source = f"{variable['label']} ({variable['unit']}, {variable['year']}): {variable['source']}"
    return _figure_data(figure), variable_source


def _default_colour(run) -> str:
    """The composite score; for a provisional run (a city run on census and university lists) the
    science-and-education pillar where it has data, since a composite of a few indicators says little."""
    if run is None:
        return "macro"
    if run.window and run.provisional and (run.pillar_coverage or {}).get("science_education", 0) > 0:
        return "pillar:science_education"
    return "composite"


@require_safe
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
    runs = map_runs(level=level, user=request.user)
    run = _chosen_run(request, level)
    variables = map_variables(run) + plan_map_variables(run)
    colour = request.GET.get("colour") or _default_colour(run)
    if colour not in {value for value, _label in variables}:
        colour = "macro"
    scheme = request.GET.get("scheme") if request.GET.get("scheme") in SCHEMES else DEFAULT_SCHEME
    labels = _map_labels()
    geojson_url = _geojson_url(**filters)
    key = "map-figure:" + ":".join(
        str(part) for part in (run.pk if run else 0, geojson_url, colour, scheme, get_language(), len(frame))
    )
    cached = cache.get(key)
    if cached is None:  # a run's results never change; names and groups may, hence the expiry
        cached = _map_figure(
            frame, run=run, colour=colour, scheme=scheme, categories=categories, geojson_url=geojson_url, labels=labels
        )
        cache.set(key, cached, timeout=600)
    figure_data, variable_source = cached
    outline = next((g for g in groups if g.code == request.GET.get("outline")), None)
    if outline is not None:
        members = region_list(filters={"group": outline.code, "level": level}).values_list("code", flat=True)
        figure_data = _figure_data(
            add_outline(go.Figure(figure_data), list(members), geojson_url=geojson_url, name=outline.name)
        )
    context = {
        "colour": colour,
        "colours": variables,
        "scheme": scheme,
        "schemes": [
            ("quantiles", _("Quantiles")),
            ("natural_breaks", _("Natural breaks")),
            ("equal_interval", _("Equal intervals")),
        ],
        "numeric": colour == "composite" or colour.startswith(("pillar:", "indicator:")),
        "variable_source": variable_source,
        "run": run,
        "run_years": sorted(
            set(
                ScoringRun.objects.filter(
                    level=level, status="succeeded", model__owner=None, model__is_default=True
                ).values_list("year", flat=True)
            ),
            reverse=True,
        ),
        "figure": figure_data,
        "legend": (figure_data.get("layout", {}).get("meta") or {}).get("legend"),
        "legend_title": (figure_data.get("layout", {}).get("meta") or {}).get("legend_title", ""),
        "runs": runs,
        "outline": outline,
        "scenario_changes": _scenario_changes(run),
        "level": level,
        "levels": Level.choices,
        "parent": parent,
        "group": group,
        "groups": groups,
        "region_count": len(frame),
        # Clicking a province on the province map drills down to its prefectures; elsewhere it opens the page.
        "drill_level": Level.PREFECTURE if level == Level.PROVINCE else "",
        "sameness": _sameness(run),
        "plan_crowded": plan_crowded(run) if colour.startswith("plan") else [],
        "whatif": _whatif(run, colour, scheme),
        **_run_context(level),
    }
    return render(request, "dashboards/map.html", context)


def _whatif(run, colour: str, scheme: str) -> dict | None:
    """Weight sliders for a province or prefecture run: the model's pillars and their weights, and the
    composite's class breaks so the map keeps its classes while the weights move."""
    from apps.indicators.constants import Pillar

    if run is None or run.level == Level.COUNTY:
        return None
    pillars = [
        {"code": p["code"], "name": Pillar(p["code"]).label, "weight": p["weight"]}
        for p in run.model.spec["pillars"]
        if p["code"] in Pillar.values
    ]
    breaks = map_breaks(run, "composite", scheme, map_values(run, "composite")["values"])
    return {"pillars": pillars, "breaks": json.dumps(breaks), "colour": colour, "run_id": run.pk}


def _sameness(run) -> dict | None:
    """The run's sameness figures for the emerging picks (balanced preset), for the map's warning."""
    from apps.recommendations.models import RecommendationSet, TargetIndustry

    rec_set = RecommendationSet.objects.filter(run=run, preset="balanced").first() if run else None
    if rec_set is None or "emerging" not in rec_set.sameness:
        return None
    after = rec_set.sameness["emerging"]["after"]
    top = TargetIndustry.objects.filter(code=after.get("top_industry")).first()
    if top is None:  # nothing ranked (a city run without sector data): no sameness to report
        return None
    return {
        "warning": rec_set.sameness.get("warning", False),
        "after": after,
        "before": rec_set.sameness["emerging"]["before"],
        "top": top,
        "top_share_pct": round(100 * after.get("top_share", 0)),
        "neighbour_same_pct": round(100 * after.get("neighbour_same", 0)),
        "basis": rec_set.basis,
    }


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
    figure_data = _cached(
        f"region-map:{region.code}:{get_language()}",
        lambda: _figure_data(
            region_highlight_map(frame, geojson_url=_geojson_url(**filters), highlight=highlight, labels=_map_labels())
        ),
    )
    ancestors = []
    node = region.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    scorecard = _scorecard(region, _chosen_run(request, region.level))
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
        "whatif": _whatif(scorecard["run"], "", DEFAULT_SCHEME) if scorecard and scorecard["score"] else None,
        "runs": _run_choices(request, region.level, scorecard["run"] if scorecard else None),
        **_run_context(region.level),
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
    return _cached(key, lambda: _profile_build(request, region, scorecard))


def _profile_build(request, region, scorecard) -> dict:
    import pandas as pd

    from apps.indicators.constants import Pillar

    from .figures.charts import pillar_radar
    from .selectors import indicator_table, indicator_trends, pillar_percentiles

    if not scorecard or not scorecard["score"]:
        return None
    run = scorecard["run"]
    percentiles = pillar_percentiles(run)
    own = percentiles.get(region.code, {})
    pillar_codes = [
        p["code"] for p in run.model.spec["pillars"] if p.get("weight", 0) > 0 and p["code"] in Pillar.values
    ]
    peers_kind = request.GET.get("peers") if request.GET.get("peers") in PEER_CHOICES else "similar"
    others = {c: v for c, v in percentiles.items() if c != region.code}
    if peers_kind == "similar":
        distance = {c: sum((v.get(p, 0.5) - own.get(p, 0.5)) ** 2 for p in pillar_codes) for c, v in others.items()}
        peers = sorted(distance, key=distance.get)[:5]
        peer_label = _("5 most similar regions")
    elif peers_kind == "group":
        groups = [g for g in region_groups_of(region=region)]
        members = set()
        if groups:
            members = set(
                region_list(filters={"group": groups[0].code, "level": region.level}).values_list("code", flat=True)
            )
        peers = [c for c in others if c in members]
        peer_label = groups[0].name if groups else _("no group")
    else:
        peers = list(others)
        peer_label = _("all regions of the level")
    names = _pillar_axis_names(pillar_codes, run)
    rows = {region.name: [own.get(p) for p in pillar_codes]}
    if peers:
        rows[f"∅ {peer_label}"] = [
            float(pd.Series([percentiles[c].get(p) for c in peers]).median()) for p in pillar_codes
        ]
    frame = pd.DataFrame(rows, index=names).T  # a pillar without data stays missing, never 0
    radar = pillar_radar(frame, labels={"axis": _("percentile among the level's regions")})
    strengths = [(n, own[p]) for p, n in zip(pillar_codes, names, strict=True) if own.get(p, 0.5) >= 0.7]
    gaps = [(n, own[p]) for p, n in zip(pillar_codes, names, strict=True) if own.get(p, 0.5) <= 0.3]
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
        dict(
            region_list(filters={})
            .filter(code__in=peers)
            .values_list("code", "name_en" if (get_language() or "").startswith("en") else "name_zh")
        )
        if peers_kind == "similar"
        else {}
    )
    return {
        "radar": _figure_data(radar),
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
    from apps.scoring.models import RegionScore

    if run is None:
        return None
    return {
        "run": run,
        "score": RegionScore.objects.filter(run=run, region=region).first(),
        "excluded": excluded_text(run.excluded.get(region.code) or ""),
    }


def _recommendations(request, region, scorecard) -> dict | None:
    from apps.recommendations.domain.recommend import PRESETS
    from apps.recommendations.selectors import region_recommendations

    if not scorecard or not scorecard["score"]:
        return None
    preset = request.GET.get("preset") if request.GET.get("preset") in PRESETS else "balanced"
    english = (get_language() or "").startswith("en")
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


MAX_COMPARE = 6


def _compare_regions(request) -> tuple[list, list[str]]:
    """The regions asked for (codes, or names to add), in order, without repeats, at most six; and the
    problems found."""
    from django.db.models import Q

    from apps.regions.models import Region

    problems = []
    codes = [c.strip() for c in request.GET.get("regions", "").split(",") if c.strip()]
    add = request.GET.get("add", "").strip()
    if add:
        match = Region.objects.filter(Q(code=add) | Q(name_zh=add) | Q(short_name_zh=add) | Q(name_en__iexact=add))
        level = Region.objects.filter(code__in=codes).values_list("level", flat=True).first()
        found = (match.filter(level=level) if level else match).order_by("code").first() or match.first()
        if found is None:
            problems.append(_("No region called “%(name)s”.") % {"name": add})
        else:
            codes.append(found.code)
    by_code = {r.code: r for r in Region.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        problems.append(_("Unknown region codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    ordered = list(dict.fromkeys(c for c in codes if c in by_code))
    if len(ordered) > MAX_COMPARE:
        problems.append(_("At most six regions can be compared; the first six are shown."))
        ordered = ordered[:MAX_COMPARE]
    return [by_code[c] for c in ordered], problems


@require_safe
def compare_view(request):
    from apps.indicators.constants import Pillar
    from apps.recommendations.selectors import region_recommendations

    from .figures.charts import pillar_bars, pillar_radar
    from .selectors import indicator_table, pillar_percentiles

    regions, problems = _compare_regions(request)
    codes = [r.code for r in regions]
    english = (get_language() or "").startswith("en")
    columns, figures, table, run = [], {}, [], None
    if len(regions) >= 2:
        level = regions[0].level
        if any(r.level != level for r in regions):
            problems.append(_("The regions are of different levels; each is scored among its own level."))
        run = _chosen_run(request, level)
    if run is not None:
        scores = {
            s.region.code: s
            for s in RegionScore.objects.filter(run=run, region__code__in=codes).select_related("region")
        }
        percentiles = pillar_percentiles(run)
        pillar_codes = [
            p["code"] for p in run.model.spec["pillars"] if p.get("weight", 0) > 0 and p["code"] in Pillar.values
        ]
        pillar_names = _pillar_axis_names(pillar_codes, run)
        rows = {}
        for region in regions:
            score = scores.get(region.code)
            picks = (
                region_recommendations(run_id=run.pk, region_id=region.pk, top=1, lang="en" if english else "zh")
                if score
                else {}
            )
            top = {cat: items[0] for cat, items in picks.get("categories", {}).items()}
            columns.append(
                {"region": region, "score": score, "top": top, "remove": ",".join(c for c in codes if c != region.code)}
            )
            if score:
                rows[region.name] = [percentiles.get(region.code, {}).get(p) for p in pillar_codes]

        def build() -> tuple[dict, list]:
            import pandas as pd

            built = {}
            frame = pd.DataFrame(rows, index=pillar_names).T
            axis = _("percentile among the level's regions")
            if not frame.empty:
                built["radar"] = _figure_data(pillar_radar(frame, labels={"axis": axis}))
                built["bars"] = _figure_data(pillar_bars(frame, labels={"x": _("Pillar"), "y": axis}))
            filters = {"level": run.level}
            frame_map = region_frame(filters=filters, language=get_language() or "zh-hans")
            built["map"] = _figure_data(
                region_highlight_map(
                    frame_map, geojson_url=_geojson_url(**filters), highlight=set(codes), labels=_map_labels()
                )
            )
            return built, indicator_table(run, codes)

        figures, table = _cached(f"compare:{run.pk}:{','.join(codes)}:{get_language()}", build)
    elif len(regions) >= 2:
        problems.append(_("No scoring run at this level yet."))
    elif not problems:
        problems.append(_("Add two to six regions to compare them."))
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
        "runs": _run_choices(request, run.level, run) if run else [],
        "run_keep": [("regions", ",".join(codes))],
    }
    return render(request, "dashboards/compare.html", context)


@require_safe
def run_detail_view(request, pk: int):

    from apps.indicators.models import Indicator
    from apps.ingest.models import Dataset
    from apps.scoring.selectors import run_scores

    run = runs_visible_to(request.user).filter(pk=pk).select_related("model", "created_by").first()
    if run is None:
        raise Http404(_("No such run."))
    english = (get_language() or "").startswith("en")
    scores = list(run_scores(run=run))
    if request.GET.get("format") in ("csv", "xlsx"):
        header = [
            _("Rank"),
            _("Code"),
            _("Region"),
            _("Composite score"),
            _("Rank 5 %"),
            _("Rank 95 %"),
            _("Role"),
            _("Data coverage"),
        ]
        rows = [
            [
                s.rank,
                s.region.code,
                s.region.name_en if english else s.region.name_zh,
                round(s.composite, 6),
                s.rank_p05,
                s.rank_p95,
                str(s.get_role_display()) if s.role else "",
                round(s.coverage, 4),
            ]
            for s in scores
        ]
        return table_response(
            f"run-{run.pk}-{run.level}-{run.year}", [str(h) for h in header], rows, request.GET["format"]
        )
    dataset_ids = [entry[0] for entry in (run.inputs or {}).get("datasets", [])]
    names = dict(Indicator.objects.values_list("code", "name_en" if english else "name_zh"))
    excluded = {
        r.code: r.name for r in region_list(filters={}).filter(code__in=list(run.excluded or {})).order_by("code")
    }
    context = {
        "run": run,
        "scores": scores,
        "datasets": Dataset.objects.filter(pk__in=dataset_ids).order_by("original_name"),
        "excluded": [
            (code, excluded.get(code, code), excluded_text(reason))
            for code, reason in sorted((run.excluded or {}).items())
        ],
        "missing": [names.get(code, code) for code in run.missing_indicators or []],
        "agreements": reference_agreements(run) if run.status == ScoringRun.Status.SUCCEEDED else [],
    }
    return render(request, "dashboards/run_detail.html", context)
