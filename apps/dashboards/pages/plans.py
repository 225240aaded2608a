"""Plans against the data, as pages: the ranking of industries by how many regions chase them against how many
the data support (/plans/), the declared-priorities upload and its unmapped items (/data/plans/), the
region page's section and the map's "plan vs data" layer."""

import json

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from apps.accounts.constants import PERM_UPLOAD
from apps.core.exports import table_response
from apps.core.language import is_english
from apps.plans.constants import Verdict
from apps.plans.forms import DeclaredListForm
from apps.plans.selectors import (
    PLAN_CATEGORIES,
    declared_lists,
    has_declared,
    mapping_rate,
    plan_alignment,
    plan_sameness,
    region_verdicts,
    unmapped_items,
)
from apps.plans.services import declared_remap, declared_upload
from apps.recommendations.constants import Category
from apps.recommendations.selectors import target_get, target_list
from apps.regions.constants import Level
from apps.regions.selectors import regions_by_code
from apps.scoring.selectors import latest_run, runs_visible_to

from ..figures.charts import plan_sameness_chart
from ..figures.maps import region_category_map
from .common import upload_form

ALIGNMENT_BINS = ((0.75, "75–100 %"), (0.5, "50–75 %"), (0.25, "25–50 %"), (0.0, "0–25 %"))
ALIGNMENT_COLOURS = ["#1a9850", "#91cf60", "#fc8d59", "#d73027", "#dddddd"]
VERDICT_COLOURS = ["#1a9850", "#d73027", "#4575b4", "#f0f0f0", "#dddddd"]


def _percent(share) -> str:
    return "—" if share is None else f"{100 * share:.0f} %"


# -- /plans/ -----------------------------------------------------------------------------------------------


def _run_of(request, level: str):
    run_id = request.GET.get("run", "")
    if run_id.isdigit():
        run = runs_visible_to(request.user).filter(pk=int(run_id), status="succeeded").first()
        if run is not None:
            return run
    return latest_run(level=level)


@require_safe
def plans_view(request):
    """Which industries most regions chase, against how many the data support; each region's alignment."""
    category = request.GET.get("category") if request.GET.get("category") in Category.values else Category.EMERGING
    level = (
        request.GET.get("level") if request.GET.get("level") in (Level.PROVINCE, Level.PREFECTURE) else Level.PROVINCE
    )
    run = _run_of(request, level)
    if run is not None and run.level != level:
        level = run.level
    sameness = plan_sameness(run=run, category=category) if run else None
    regions = _region_rows(run) if run else []
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx") and sameness:
        return _export(request.GET.get("table", "sameness"), run, category, sameness, regions, fmt)
    chart = (
        json.loads(
            plan_sameness_chart(
                sameness["items"],
                labels={
                    "declared": _("Regions that declared it"),
                    "supported": _("Regions the data support it for"),
                    "both": _("Both"),
                    "axis": _("Regions"),
                },
            ).to_json()
        )
        if sameness
        else None
    )
    herd = (sameness or {}).get("herd") or {}
    context = {
        "run": run,
        "level": level,
        "levels": [(Level.PROVINCE, Level.PROVINCE.label), (Level.PREFECTURE, Level.PREFECTURE.label)],
        "category": category,
        "categories": Category.choices,
        "sameness": sameness,
        "chart": chart,
        "regions": regions,
        "herd": herd,
        "rate": mapping_rate(),
        "crowded": _crowded(sameness),
        "sep": ", " if is_english() else "、",
    }
    return render(request, "dashboards/plans.html", context)


def _crowded(sameness: dict | None, top: int = 5) -> list[dict]:
    """The industries most regions declared without the data supporting them, most such regions first."""
    rows = [r for r in (sameness or {}).get("items", []) if r["declared_not_supported"] > 0]
    return sorted(rows, key=lambda r: (-r["declared_not_supported"], -r["declared_regions"]))[:top]


def plan_crowded(run, top: int = 3) -> list[dict]:
    """For the map: the emerging industries most regions of the run's level chase without the base for it."""
    return _crowded(plan_sameness(run=run, category=Category.EMERGING), top) if run else []


def _region_rows(run) -> list[dict]:
    verdicts = region_verdicts(run=run)
    names = regions_by_code(verdicts)
    rows = [
        {
            "region": names[code],
            "share": v["share"],
            "supported": v.get("supported", 0),
            "declared": v.get("declared", 0),
        }
        for code, v in verdicts.items()
        if v["share"] is not None
    ]
    rows.sort(key=lambda r: (-(r["share"] or 0), r["region"].code))
    return rows


def _export(table: str, run, category: str, sameness: dict, regions: list[dict], fmt: str):
    if table == "regions":
        header = [
            _("Region"),
            _("Code"),
            _("Alignment score"),
            _("Declared industries supported"),
            _("Declared industries"),
            _("Run"),
        ]
        rows = [
            [
                r["region"].name,
                r["region"].code,
                round(r["share"], 4),
                r["supported"],
                r["declared"],
                f"{run.model} · {run.year}",
            ]
            for r in regions
        ]
        return table_response(f"plan-alignment-{run.level}-{run.year}", [str(h) for h in header], rows, fmt)
    header = [
        _("Industry"),
        _("Code"),
        _("Regions that declared it"),
        _("Regions the data support it for"),
        _("Both"),
        _("Declared, not supported"),
        _("Stated by sources"),
        _("Run"),
    ]
    rows = [
        [
            r["name"],
            r["code"],
            r["declared_regions"],
            r["supported_regions"],
            r["both"],
            r["declared_not_supported"],
            "; ".join(f"{s.topic}: {s.count_text} ({s.scope})" for s in r["stated"]),
            f"{run.model} · {run.year}",
        ]
        for r in sameness["items"]
    ]
    return table_response(f"plan-sameness-{category}-{run.level}-{run.year}", [str(h) for h in header], rows, fmt)


# -- /data/plans/ ------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def plan_data_view(request):
    """The declared-priorities compilations, the items no alias maps (for the admin to add terms), and for data
    admins the upload form and the re-mapping after aliases changed."""
    can_upload = request.user.has_perm(PERM_UPLOAD)
    if request.method == "POST" and request.POST.get("action") == "remap":
        if not can_upload:
            return render(request, "403.html", status=403)
        items, unmapped = declared_remap()
        message = _("Mapped %(n)s declared items again: %(u)s map to no catalogue industry.")
        messages.success(request, message % {"n": items, "u": unmapped})
        return redirect("dashboards:plan-data")

    def store(data, user) -> str:
        made = declared_upload(upload=data["file"], source=data["source"], user=user)
        return _("Stored %(list)s: %(n)s declared items of %(r)s regions.") % {
            "list": made.original_name,
            "n": made.rows,
            "r": made.regions,
        }

    form, status, response = upload_form(request, DeclaredListForm, store, "dashboards:plan-data")
    if response is not None:
        return response
    mapped, total = mapping_rate()
    context = {
        "lists": declared_lists(),
        "unmapped": unmapped_items(),
        "form": form,
        "can_upload": can_upload,
        "mapped": mapped,
        "total": total,
        "rate": mapped / total if total else None,
    }
    return render(request, "dashboards/plan_data.html", context, status=status)


# -- the region page's section -----------------------------------------------------------------------------


def region_plan_section(run, region) -> dict | None:
    """The region's declared priorities with verdicts and reasons, grouped: supported, weak, opportunities."""
    if run is None:
        return None
    found = plan_alignment(run=run, region=region)
    if found is None or not found["has_list"]:
        return {"has_list": False} if found is not None else None
    groups = {v: [i for i in found["items"] if i["verdict"] == v] for v in Verdict.values}
    thin_run = run.provisional or found.get("basis") == "capability"
    labels = dict(Category.choices)
    return {
        **found,
        "groups": [(v, Verdict(v).label, groups[v]) for v in Verdict.values],
        "missing_labels": [str(labels[c]) for c in found["missing_categories"] if c in PLAN_CATEGORIES],
        "share_text": _percent(found["plan_score"][2]),
        "sep": ", " if is_english() else "、",
        "thin_run": thin_run,
    }


# -- the map layer -----------------------------------------------------------------------------------------


def plan_map_variables(run) -> list[tuple[str, str]]:
    """The map's "plan vs data" choices for a run whose level has declared lists: the alignment score, and
    one layer per emerging or future industry."""

    if run is None or not has_declared(level=run.level):
        return []
    out = [("plan_alignment", _("Plan vs data: alignment score"))]
    for industry in target_list().filter(category__in=PLAN_CATEGORIES):
        out.append((f"plan:{industry.code}", _("Plan vs data: %(industry)s") % {"industry": industry.name}))
    return out


def plan_map_source(run) -> str:
    """Where the plan-vs-data layer comes from: the declared lists and the run."""
    lists = "; ".join(sorted({item.source for item in declared_lists()}))
    return _("declared priorities: %(lists)s; data: %(model)s, %(year)s (supported: top third of its category)") % {
        "lists": lists,
        "model": run.model,
        "year": run.year,
    }


def plan_map_figure(frame, *, run, colour: str, geojson_url: str, labels: dict):
    """The "plan vs data" map: each region's alignment score in four bins, or for one industry whether the
    region declared it and whether the data support it."""
    verdicts = region_verdicts(run=run)
    none = str(_("No declared list on record"))
    source = f"{run.model} · {run.year}"
    if colour == "plan_alignment":
        bins = [label for _cut, label in ALIGNMENT_BINS]
        frame["category"] = [
            next(label for cut, label in ALIGNMENT_BINS if v["share"] >= cut)
            if (v := verdicts.get(code)) and v["share"] is not None
            else none
            for code in frame["code"]
        ]
        frame["parent_name"] = [
            _("%(s)s of %(d)s declared emerging and future industries supported")
            % {"s": v["supported"], "d": v["declared"]}
            if (v := verdicts.get(code)) and v["share"] is not None
            else ""
            for code in frame["code"]
        ]
        legend = f"{_('Plan vs data: alignment score')} ({source})"
        return region_category_map(
            frame,
            geojson_url=geojson_url,
            categories=[*bins, none],
            labels={**labels, "legend": legend, "parent": _("Alignment")},
            colours=ALIGNMENT_COLOURS,
            muted={none},
        )
    code = colour.partition(":")[2]
    industry = target_get(code=code)
    if industry is None:
        raise Http404
    words = {
        "supported": str(_("Declared and supported")),
        "weak": str(_("Declared, data weak")),
        "opportunity": str(_("Supported, not declared")),
        None: str(_("Neither")),
    }
    frame["category"] = [
        words[v["verdicts"].get(code)] if (v := verdicts.get(c)) and v["share"] is not None else none
        for c in frame["code"]
    ]
    frame["parent_name"] = frame["category"]
    legend = f"{_('Plan vs data')}: {industry.name} ({source})"
    return region_category_map(
        frame,
        geojson_url=geojson_url,
        categories=[words["supported"], words["weak"], words["opportunity"], words[None], none],
        labels={**labels, "legend": legend, "parent": _("Plan vs data")},
        colours=VERDICT_COLOURS,
        muted={none},
    )
