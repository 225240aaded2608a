"""The jobs page (/jobs/): imports and scoring runs with their progress, and for planners and admins the
form that starts a run."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from apps.accounts.constants import PERM_RUN_JOBS
from apps.core.exceptions import ApplicationError
from apps.ingest.models import Dataset
from apps.ingest.selectors import dataset_list
from apps.scoring.selectors import shared_models


@require_http_methods(["GET", "HEAD", "POST"])
def jobs_view(request):
    from apps.regions.constants import Level
    from apps.scoring.models import ScoringModel
    from apps.scoring.selectors import runs_visible_to
    from apps.scoring.services import scoring_run_create

    if request.method == "POST":
        if not request.user.has_perm(PERM_RUN_JOBS):
            return render(request, "403.html", status=403)
        try:
            model = shared_models().get(pk=request.POST.get("model"))
            year = int(request.POST.get("year", ""))
            scoring_run_create(model=model, level=request.POST.get("level", ""), year=year, user=request.user)
        except (ScoringModel.DoesNotExist, ValueError):
            messages.error(request, _("Choose a model, a level and a year."))
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Scoring run queued; its progress is on the jobs page."))
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(target)
        return redirect("dashboards:jobs")
    kind = request.GET.get("kind") if request.GET.get("kind") in ("runs", "uploads") else ""
    status = request.GET.get("status") if request.GET.get("status") in Dataset.Status.values else ""
    runs = runs_visible_to(request.user).select_related("model", "created_by", "batch__dataset")
    datasets = dataset_list(uploads_only=True)
    if status:
        runs, datasets = runs.filter(status=status), datasets.filter(status=status)
    context = {
        "entries": Paginator(_run_entries(runs.order_by("-created_at")[:JOBS_SCANNED]), JOBS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        if kind != "uploads"
        else None,
        "datasets": Paginator(datasets, JOBS_PER_PAGE).get_page(request.GET.get("uploads_page"))
        if kind != "runs"
        else None,
        "kind": kind,
        "status": status,
        "statuses": Dataset.Status.choices,
        "models": shared_models(),
        "levels": Level.choices,
    }
    return render(request, "ingest/jobs.html", context)


JOBS_PER_PAGE = 20
JOBS_SCANNED = 2000  # the newest runs grouped into the jobs list


def _run_entries(runs) -> list[dict]:
    """The jobs list's scoring rows: the runs of a batch (a re-scoring after an upload, the first start) as
    one entry with their progress summed up and each run underneath; other runs one entry each."""
    entries, batches = [], {}
    for run in runs:
        if run.batch_id is None:
            entries.append({"run": run, "created_at": run.created_at})
            continue
        entry = batches.get(run.batch_id)
        if entry is None:
            entry = batches[run.batch_id] = {"batch": run.batch, "runs": [], "created_at": run.batch.created_at}
            entries.append(entry)
        entry["runs"].append(run)
    for entry in batches.values():
        runs_of = sorted(entry["runs"], key=lambda r: r.year)
        counts = {s: sum(r.status == s for r in runs_of) for s in Dataset.Status.values}
        years = [r.year for r in runs_of]
        entry.update(
            runs=runs_of,
            counts=counts,
            total=len(runs_of),
            first=min(years),
            last=max(years),
            progress=round(100 * (counts["succeeded"] + counts["failed"]) / len(runs_of)),
            active=counts["pending"] + counts["running"] > 0,
        )
    return sorted(entries, key=lambda e: e["created_at"], reverse=True)
