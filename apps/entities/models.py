from django.conf import settings
from django.db import models

from .constants import KIND_CHOICES


class EntityList(models.Model):
    """One published list of entities of a kind (universities, key laboratories …) at a date: a snapshot.
    Its entities are placed in the region hierarchy and counted as indicators at every level (the counts go
    in through the statistics pipeline as `dataset`); a newer list of the kind is a newer snapshot."""

    kind = models.CharField(max_length=32, choices=KIND_CHOICES)
    snapshot = models.DateField(help_text="The date of the list")
    source = models.CharField(max_length=500)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    placed = models.JSONField(default=dict, help_text="Entities placed at each level: county, prefecture, province")
    province_only = models.JSONField(default=list, help_text="Rows placed at province level only: [row, name]")
    sections = models.JSONField(
        default=dict, blank=True, help_text='Section lines of the list: {"北京市": {"stated": 92, "rows": 92}}'
    )
    dataset = models.ForeignKey("ingest.Dataset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["kind", "-snapshot", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.snapshot}"


class Entity(models.Model):
    """One entity of a list, where it is (the finest region its location names) and its attributes."""

    list = models.ForeignKey(EntityList, on_delete=models.CASCADE, related_name="entities")
    row = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    location = models.CharField(max_length=255, blank=True)
    host = models.CharField(max_length=255, blank=True)
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=16)
    province_code = models.CharField(max_length=6, db_index=True)
    prefecture_code = models.CharField(max_length=6, blank=True, db_index=True)
    county_code = models.CharField(max_length=6, blank=True, db_index=True)
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["list", "row"]

    def __str__(self) -> str:
        return self.name
