from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import LocalisedName

from .constants import GroupKind, Level


class Region(LocalisedName, models.Model):
    """A province-, prefecture- or county-level administrative unit, by its GB/T 2260 code.

    `level` is the unit's own rank; `lowest_level` is the lowest map level it fills (Dongguan, a prefecture
    with no counties, also stands in the county layer). Area is computed on an equal-area projection.
    """

    code = models.CharField(max_length=6, unique=True)
    name_zh = models.CharField(max_length=64)
    name_en = models.CharField(max_length=128)
    short_name_zh = models.CharField(max_length=64, db_index=True)
    level = models.CharField(max_length=16, choices=Level.choices, db_index=True)
    lowest_level = models.CharField(max_length=16, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    province_code = models.CharField(max_length=6, db_index=True)
    prefecture_code = models.CharField(max_length=6, blank=True, db_index=True)
    centroid_lon = models.FloatField()
    centroid_lat = models.FloatField()
    label_lon = models.FloatField(help_text="A point inside the unit, for labels and clicks.")
    label_lat = models.FloatField()
    area_km2 = models.FloatField()
    boundary_source = models.CharField(max_length=128)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"

    @property
    def boundary_source_text(self) -> str:
        from .sources import source_label_text

        return source_label_text(self.boundary_source)


class RegionGroup(LocalisedName, models.Model):
    """A named set of regions: a macro-region, a national strategic zone or an admin's own group.

    A member stands for itself and everything below it (the Yangtze River Delta lists provinces; its
    prefectures and counties belong to it too).
    """

    code = models.SlugField(max_length=64, unique=True)
    name_zh = models.CharField(max_length=128)
    name_en = models.CharField(max_length=128)
    kind = models.CharField(max_length=32, choices=GroupKind.choices, default=GroupKind.CUSTOM)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=255, blank=True, help_text=_("The document that defines the group."))
    members = models.ManyToManyField(Region, related_name="groups")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name_zh


class MapLayer(models.Model):
    """A level's simplified boundaries as gzipped GeoJSON, built once from the boundary source."""

    level = models.CharField(max_length=16, choices=Level.choices)
    detail = models.BooleanField(default=False, help_text="The finer layer served for a drill-down")
    geojson_gzip = models.BinaryField()
    etag = models.CharField(max_length=64)
    feature_count = models.PositiveIntegerField()
    raw_bytes = models.PositiveIntegerField()
    gzip_bytes = models.PositiveIntegerField()
    tolerance = models.FloatField()
    grid = models.FloatField()
    source = models.CharField(max_length=128)
    build_seconds = models.FloatField()
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["level", "detail"], name="map_layer_once_per_level")]

    def __str__(self) -> str:
        kind = "detail layer" if self.detail else "layer"
        return f"{self.level} {kind} ({self.feature_count} features, {self.gzip_bytes // 1024} KB gzipped)"
