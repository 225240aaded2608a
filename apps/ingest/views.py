from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.constants import PERM_RUN_JOBS, PERM_UPLOAD
from apps.core.exceptions import ApplicationError
from apps.core.messages import action_label, issue_rows
from apps.indicators.selectors import indicator_list
from apps.indicators.services import DERIVED_LAYOUT

from .forms import UploadForm
from .models import Dataset
from .services import (
    dataset_commit,
    dataset_delete,
    dataset_revalidate,
    dataset_upload,
    dataset_withdraw,
    upload_too_large,
)

ISSUES_ON_PAGE = 200


@require_http_methods(["GET", "HEAD", "POST"])
def data_view(request):
    form = UploadForm()
    if request.method == "POST":
        if not request.user.has_perm(PERM_UPLOAD):
            return render(request, "403.html", status=403)
        if too_large := upload_too_large(request.META.get("CONTENT_LENGTH")):
            messages.error(request, too_large)
            datasets = Dataset.objects.select_related("uploaded_by").order_by("-created_at")[:50]
            return render(request, "ingest/data.html", {"form": form, "datasets": datasets}, status=413)
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                dataset, created = dataset_upload(
                    upload=data["file"],
                    user=request.user,
                    source=data["source"],
                    source_url=data["source_url"],
                    vintage=data["vintage"],
                    dry_run=data["dry_run"],
                    usd_cny_rate=data["usd_cny_rate"],
                )
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                if not created:
                    messages.info(request, _("This exact file was uploaded before; here is its dataset."))
                return redirect("ingest:dataset", pk=dataset.pk)
    datasets = Dataset.objects.select_related("uploaded_by").order_by("-created_at")[:50]
    return render(request, "ingest/data.html", {"form": form, "datasets": datasets})


@require_safe
def dataset_view(request, pk: int):
    dataset = get_object_or_404(Dataset.objects.select_related("uploaded_by"), pk=pk)
    context = {
        "dataset": dataset,
        "errors": issue_rows(dataset.errors[:ISSUES_ON_PAGE]),
        "warnings": issue_rows(dataset.warnings[:ISSUES_ON_PAGE]),
        "indicators": indicator_list(),
        "events": [(e, action_label(e.action)) for e in dataset.events.select_related("actor")],
        "can_commit": dataset.dry_run and dataset.status == Dataset.Status.SUCCEEDED and not dataset.committed,
    }
    return render(request, "ingest/dataset.html", context)


@require_POST
@permission_required(PERM_UPLOAD, raise_exception=True)
def dataset_commit_view(request, pk: int):
    try:
        dataset_commit(dataset=get_object_or_404(Dataset, pk=pk), user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("ingest:dataset", pk=pk)


@require_POST
@permission_required(PERM_UPLOAD, raise_exception=True)
def dataset_withdraw_view(request, pk: int):
    try:
        dataset_withdraw(
            dataset=get_object_or_404(Dataset, pk=pk), user=request.user, reason=request.POST.get("reason", "").strip()
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "The dataset is withdrawn: its values are no longer used, and the scores "
                "that used them are being computed again."
            ),
        )
    return redirect("ingest:dataset", pk=pk)


@require_POST
@permission_required(PERM_UPLOAD, raise_exception=True)
def dataset_delete_view(request, pk: int):
    dataset = get_object_or_404(Dataset, pk=pk)
    try:
        dataset_delete(dataset=dataset, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("ingest:dataset", pk=pk)
    messages.success(request, _("Dataset %(name)s deleted.") % {"name": dataset.original_name})
    return redirect("ingest:data")


@require_POST
@permission_required(PERM_UPLOAD, raise_exception=True)
def dataset_revalidate_view(request, pk: int):
    dataset = get_object_or_404(Dataset, pk=pk)
    column_map = {
        column: request.POST.get(f"map-{index}", "")
        for index, column in enumerate(dataset.unmapped_columns)
        if request.POST.get(f"map-{index}", "-") != "-"
    }
    try:
        dataset_revalidate(dataset=dataset, user=request.user, column_map={**dataset.column_map, **column_map})
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("ingest:dataset", pk=pk)


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
            model = ScoringModel.objects.get(pk=request.POST.get("model"), owner=None)
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
        return redirect("ingest:jobs")
    kind = request.GET.get("kind") if request.GET.get("kind") in ("runs", "uploads") else ""
    status = request.GET.get("status") if request.GET.get("status") in Dataset.Status.values else ""
    runs = runs_visible_to(request.user).select_related("model", "created_by", "batch__dataset")
    datasets = Dataset.objects.select_related("uploaded_by").exclude(layout=DERIVED_LAYOUT).order_by("-created_at")
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
        "models": ScoringModel.objects.filter(owner=None),
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
