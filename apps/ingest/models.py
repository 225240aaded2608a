from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.jobs import Job


class Dataset(Job):
    """One uploaded file and what became of it: the file (stored under a server-chosen name), its checksum,
    who uploaded it, the source it cites, its vintage, the job's status and progress, row counts, and every
    error and warning by row and column. Observations point back here, so each number keeps its source.
    """

    sha256 = models.CharField(max_length=64, unique=True)
    stored_name = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(max_length=255)
    file_format = models.CharField(max_length=8)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=500, blank=True, help_text="Yearbook, table, bureau")
    source_url = models.URLField(max_length=500, blank=True)
    vintage = models.DateField(default=timezone.localdate, help_text="When the figures were published")
    vintage_given = models.BooleanField(
        default=True,
        help_text="False when the uploader gave no publication date (the vintage is then the upload "
        "date, and the values never replace a dated release of the same figures)",
    )
    dry_run = models.BooleanField(default=False)
    column_map = models.JSONField(default=dict, blank=True)
    usd_cny_rate = models.FloatField(null=True, blank=True)

    layout = models.CharField(max_length=32, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    rows_error = models.PositiveIntegerField(default=0)
    rows_aggregate = models.PositiveIntegerField(default=0)
    values_missing = models.PositiveIntegerField(default=0)
    observations_valid = models.PositiveIntegerField(default=0)
    observations_written = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    unmapped_columns = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(
        null=True, blank=True, help_text="When an admin withdrew the committed values; they are no longer used"
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdraw_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def layout_label(self) -> str:
        from apps.core.messages import layout_label

        return layout_label(self.layout)

    def __str__(self) -> str:
        return f"{self.original_name} ({self.status})"

    @property
    def committed(self) -> bool:
        return self.committed_at is not None


class DatasetEvent(models.Model):
    """The audit trail of a dataset: who did what, when, with how many rows. Never edited."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=32)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.dataset_id} {self.action}"
