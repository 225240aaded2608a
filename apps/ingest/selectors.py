"""Reads of uploaded datasets for the pages."""

from django.db.models import QuerySet

from apps.indicators.services import DERIVED_LAYOUT

from .models import Dataset

RECENT = 50


def dataset_list(*, uploads_only: bool = False) -> QuerySet[Dataset]:
    """Datasets newest first, with who uploaded them; `uploads_only` leaves out the derived ones the app
    writes itself."""
    datasets = Dataset.objects.select_related("uploaded_by").order_by("-created_at")
    return datasets.exclude(layout=DERIVED_LAYOUT) if uploads_only else datasets


def recent_datasets() -> list[Dataset]:
    return list(dataset_list()[:RECENT])


def datasets_of(ids) -> QuerySet[Dataset]:
    return Dataset.objects.filter(pk__in=list(ids)).order_by("original_name")
