"""The statistics pages (/data/, /data/{id}/): uploads with their validation issues and the actions on a
dataset (commit, revalidate, withdraw, delete), for data admins; everyone else reads."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.accounts.constants import PERM_UPLOAD
from apps.core.exceptions import ApplicationError
from apps.core.messages import action_label, issue_rows
from apps.indicators.selectors import indicator_list
from apps.ingest.forms import UploadForm
from apps.ingest.models import Dataset
from apps.ingest.selectors import dataset_list, recent_datasets
from apps.ingest.services import (
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
            datasets = recent_datasets()
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
                return redirect("dashboards:dataset", pk=dataset.pk)
    datasets = recent_datasets()
    return render(request, "ingest/data.html", {"form": form, "datasets": datasets})


@require_safe
def dataset_view(request, pk: int):
    dataset = get_object_or_404(dataset_list(), pk=pk)
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
    return redirect("dashboards:dataset", pk=pk)


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
    return redirect("dashboards:dataset", pk=pk)


@require_POST
@permission_required(PERM_UPLOAD, raise_exception=True)
def dataset_delete_view(request, pk: int):
    dataset = get_object_or_404(Dataset, pk=pk)
    try:
        dataset_delete(dataset=dataset, user=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("dashboards:dataset", pk=pk)
    messages.success(request, _("Dataset %(name)s deleted.") % {"name": dataset.original_name})
    return redirect("dashboards:data")


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
    return redirect("dashboards:dataset", pk=pk)
