"""The map dashboard (/): regions of a level coloured by a score, pillar, indicator, role, top pick, cluster,
macro-region or plan-vs-data verdict, with its legend, source line and the sameness of the picks."""

import plotly.graph_objects as go
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.core.messages import excluded_text
from apps.recommendations.selectors import default_set, target_get, target_list, top_picks
from apps.regions.constants import LEVEL_ORDER, MACRO_REGION_ORDER, GroupKind, Level
from apps.regions.selectors import (
    province_macro_regions,
    region_frame,
    region_get,
    region_group_list,
    region_list,
)
from apps.scoring.constants import Role
from apps.scoring.selectors import default_run_years, run_score_map

from ..domain.classify import DEFAULT_SCHEME, SCHEMES, class_labels, class_of
from ..figures.maps import (
    CLUSTER_COLOURS,
    add_outline,
    region_category_map,
    region_class_map,
)
from ..selectors import map_breaks, map_clusters, map_runs, map_values, map_variables
from .common import (
    baseline_ranks,
    chosen_run,
    layer_url,
    map_labels,
    number_text,
    plain_figure,
    run_context,
    scenario_changes,
    whatif,
)
from .plans import plan_crowded, plan_map_figure, plan_map_source, plan_map_variables


def _rank_details(frame, run, scores: dict) -> None:
    """Each region's rank with its interval (or why it was not scored), and under a scenario its rank under
    the default model too."""
    frame["detail"] = [
        _("Rank %(rank)s of %(n)s (5–95 %%: %(lo).0f–%(hi).0f)")
        % {"rank": s.rank, "n": run.scored, "lo": s.rank_p05, "hi": s.rank_p95}
        if (s := scores.get(code))
        else excluded_text(run.excluded.get(code) or "")
        for code in frame["code"]
    ]
    baseline = baseline_ranks(run)
    if baseline:
        default_rank = _("Default model: rank %(rank)s")
        frame["detail"] = [
            f"{detail}<br>{default_rank % {'rank': baseline[code]}}" if code in baseline else detail
            for code, detail in zip(frame["code"], frame["detail"], strict=True)
        ]


def _role_figure(frame, *, run, scores, geojson_url, labels, source):
    roles, withheld, not_scored = dict(Role.choices), str(_("Role withheld")), str(_("Not scored"))
    frame["category"] = [
        (str(roles[scores[c].role]) if scores[c].role else withheld) if c in scores else not_scored
        for c in frame["code"]
    ]
    frame["parent_name"] = frame["detail"]
    categories = [str(label) for label in roles.values()]
    categories += [withheld] * (withheld in set(frame["category"])) + [not_scored]
    return region_category_map(
        frame,
        geojson_url=geojson_url,
        categories=categories,
        labels={**labels, "legend": f"{_('Role')} ({source})", "parent": _("Rank")},
        muted={withheld, not_scored},
    )


def _clusters_figure(frame, *, run, scores, geojson_url, labels, source):
    from ..domain.clusters import CLUSTERS

    names = {
        "hot": _("Hot spot (high among high)"),
        "cold": _("Cold spot (low among low)"),
        "high_outlier": _("High outlier (high among low)"),
        "low_outlier": _("Low outlier (low among high)"),
        "none": _("Not significant"),
    }
    clusters = map_clusters(run)
    frame["category"] = [str(names[clusters[c][0]]) if c in clusters else str(_("Not scored")) for c in frame["code"]]
    frame["parent_name"] = [
        _("local Moran's I %(i).2f, p = %(p).3f") % {"i": clusters[c][1], "p": clusters[c][2]} if c in clusters else ""
        for c in frame["code"]
    ]
    legend = _("Clusters of the composite score")
    return region_category_map(
        frame,
        geojson_url=geojson_url,
        categories=[str(names[c]) for c in CLUSTERS] + [str(_("Not scored"))],
        labels={**labels, "legend": f"{legend} ({source})", "parent": _("LISA")},
        colours=CLUSTER_COLOURS,
    )


def _top_emerging_figure(frame, *, run, scores, geojson_url, labels, source):
    picks = top_picks(run=run, category="emerging")
    names = [t.name for t in target_list().filter(category="emerging")]
    frame["category"] = [picks[c].name if c in picks else str(_("Not scored")) for c in frame["code"]]
    frame["parent_name"] = frame["detail"]
    return region_category_map(
        frame,
        geojson_url=geojson_url,
        categories=[*names, str(_("Not scored"))],
        labels={**labels, "legend": f"{_('Top emerging pick')} ({source})", "parent": _("Rank")},
        muted={str(_("Not scored"))},
    )


def _variable_figure(frame, *, run, colour, scheme, geojson_url, labels):
    """A score, pillar or indicator in classes, each region with its value, unit, year and rank; and the
    variable's source line."""
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
        worded % {"label": variable["label"], "year": variable["year"], "value": number_text(present[c]), "unit": unit}
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
    figure = region_class_map(
        frame,
        geojson_url=geojson_url,
        class_labels=class_labels(breaks, min(present.values()) if present else 0),
        labels={
            "code": labels["code"],
            "legend": f"{variable['label']} ({unit}, {variable['year']})",
            "missing": _("No value"),
        },
    )
    return figure, f"{variable['label']} ({variable['unit']}, {variable['year']}): {variable['source']}"


CATEGORY_FIGURES = {"role": _role_figure, "clusters": _clusters_figure, "top_emerging": _top_emerging_figure}


def _map_figure(frame, *, run, colour, scheme, categories, geojson_url, labels) -> tuple[dict, str]:
    """The map figure (as plain data) and the source line of the variable shown."""
    if colour == "macro":
        return plain_figure(
            region_category_map(frame, geojson_url=geojson_url, categories=categories, labels=labels)
        ), ""
    if colour.startswith("plan"):
        figure = plan_map_figure(frame, run=run, colour=colour, geojson_url=geojson_url, labels=labels)
        return plain_figure(figure), plan_map_source(run)
    scores = run_score_map(run=run)
    _rank_details(frame, run, scores)
    if colour in CATEGORY_FIGURES:
        figure = CATEGORY_FIGURES[colour](
            frame, run=run, scores=scores, geojson_url=geojson_url, labels=labels, source=f"{run.model} · {run.year}"
        )
        return plain_figure(figure), ""
    figure, source = _variable_figure(
        frame, run=run, colour=colour, scheme=scheme, geojson_url=geojson_url, labels=labels
    )
    return plain_figure(figure), source


def _default_colour(run) -> str:
    """The composite score; for a provisional run (a city run on census and university lists) the
    science-and-education pillar where it has data, since a composite of a few indicators says little."""
    if run is None:
        return "macro"
    if run.window and run.provisional and (run.pillar_coverage or {}).get("science_education", 0) > 0:
        return "pillar:science_education"
    return "composite"


SCHEME_CHOICES = (
    ("quantiles", gettext_lazy("Quantiles")),
    ("natural_breaks", gettext_lazy("Natural breaks")),
    ("equal_interval", gettext_lazy("Equal intervals")),
)


def _place(request, groups) -> tuple[str, object, object]:
    """The level asked for, the region drilled into (its subdivisions one level down) and the group filter."""
    level = request.GET.get("level", Level.PROVINCE)
    if level not in Level.values:
        level = Level.PROVINCE
    parent = region_get(code=request.GET.get("parent", "")) if request.GET.get("parent") else None
    group = next((g for g in groups if g.code == request.GET.get("group")), None)
    if parent is not None and LEVEL_ORDER[Level(parent.level)] >= LEVEL_ORDER[Level(level)]:
        level = Level.PREFECTURE if parent.level == Level.PROVINCE else Level.COUNTY
    return level, parent, group


def _macro_frame(filters: dict, groups) -> tuple:
    """The regions shown, each with its macro-region as category, and the macro-regions in their order."""
    frame = region_frame(filters=filters, language=get_language() or "zh-hans")
    macro = province_macro_regions()
    other = _("Hong Kong, Macao, Taiwan")
    frame["category"] = frame["province_code"].map(lambda code: macro[code].name if code in macro else other)
    macro_groups = sorted(
        (g for g in groups if g.kind == GroupKind.MACRO_REGION),
        key=lambda g: (MACRO_REGION_ORDER.index(g.code) if g.code in MACRO_REGION_ORDER else 99, g.code),
    )
    return frame, [g.name for g in macro_groups] + [other]


def _figure(request, *, frame, categories, run, colour, scheme, geojson_url, level, groups):
    """The figure (cached: a run's results never change; names and groups may, hence the expiry), with a
    group's outline drawn over it when asked for."""
    key = "map-figure:" + ":".join(
        str(part) for part in (run.pk if run else 0, geojson_url, colour, scheme, get_language(), len(frame))
    )
    cached = cache.get(key)
    if cached is None:
        cached = _map_figure(
            frame,
            run=run,
            colour=colour,
            scheme=scheme,
            categories=categories,
            geojson_url=geojson_url,
            labels=map_labels(),
        )
        cache.set(key, cached, timeout=600)
    figure_data, variable_source = cached
    outline = next((g for g in groups if g.code == request.GET.get("outline")), None)
    if outline is not None:
        members = region_list(filters={"group": outline.code, "level": level}).values_list("code", flat=True)
        figure_data = plain_figure(
            add_outline(go.Figure(figure_data), list(members), geojson_url=geojson_url, name=outline.name)
        )
    return figure_data, variable_source, outline


@require_safe
def map_view(request):
    groups = list(region_group_list())
    level, parent, group = _place(request, groups)
    filters = {"level": level, "parent": parent.code if parent else None, "group": group.code if group else None}
    filters = {k: v for k, v in filters.items() if v}
    frame, categories = _macro_frame(filters, groups)
    run = chosen_run(request, level)
    variables = map_variables(run) + plan_map_variables(run)
    colour = request.GET.get("colour") or _default_colour(run)
    if colour not in {value for value, _label in variables}:
        colour = "macro"
    scheme = request.GET.get("scheme") if request.GET.get("scheme") in SCHEMES else DEFAULT_SCHEME
    geojson_url = layer_url(**filters)
    figure_data, variable_source, outline = _figure(
        request,
        frame=frame,
        categories=categories,
        run=run,
        colour=colour,
        scheme=scheme,
        geojson_url=geojson_url,
        level=level,
        groups=groups,
    )
    meta = figure_data.get("layout", {}).get("meta") or {}
    context = {
        "colour": colour,
        "colours": variables,
        "scheme": scheme,
        "schemes": SCHEME_CHOICES,
        "numeric": colour == "composite" or colour.startswith(("pillar:", "indicator:")),
        "variable_source": variable_source,
        "run": run,
        "run_years": default_run_years(level=level),
        "figure": figure_data,
        "legend": meta.get("legend"),
        "legend_title": meta.get("legend_title", ""),
        "runs": map_runs(level=level, user=request.user),
        "outline": outline,
        "scenario_changes": scenario_changes(run),
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
        "whatif": whatif(run, colour, scheme),
        **run_context(level),
    }
    return render(request, "dashboards/map.html", context)


def _sameness(run) -> dict | None:
    """The run's sameness figures for the emerging picks (balanced preset), for the map's warning."""
    rec_set = default_set(run=run)
    if rec_set is None or "emerging" not in rec_set.sameness:
        return None
    after = rec_set.sameness["emerging"]["after"]
    top = target_get(code=after.get("top_industry") or "")
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
