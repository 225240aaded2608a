"""A run's page (/runs/{id}/): its ranking with intervals, roles and coverage, what was not scored and why,
the datasets it read, its agreement with reference rankings; CSV/XLSX."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from apps.core.exports import table_response
from apps.core.messages import excluded_text
from apps.indicators.selectors import indicator_names
from apps.ingest.selectors import datasets_of
from apps.regions.selectors import (
    region_list,
)
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import reference_agreements, runs_visible_to


@require_safe
def run_detail_view(request, pk: int):

    from apps.scoring.selectors import run_scores

    run = runs_visible_to(request.user).filter(pk=pk).select_related("model", "created_by").first()
    if run is None:
        raise Http404(_("No such run."))
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
                s.region.name,
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
    names = indicator_names()
    excluded = {
        r.code: r.name for r in region_list(filters={}).filter(code__in=list(run.excluded or {})).order_by("code")
    }
    context = {
        "run": run,
        "scores": scores,
        "datasets": datasets_of(dataset_ids),
        "excluded": [
            (code, excluded.get(code, code), excluded_text(reason))
            for code, reason in sorted((run.excluded or {}).items())
        ],
        "missing": [names.get(code, code) for code in run.missing_indicators or []],
        "agreements": reference_agreements(run) if run.status == ScoringRun.Status.SUCCEEDED else [],
    }
    return render(request, "dashboards/run_detail.html", context)
