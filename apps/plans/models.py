import re

from django.conf import settings
from django.db import models

from apps.recommendations.constants import Category

from .constants import Confidence
from .domain.confidence import confidence_level

URL = re.compile(r"https?://[^\s<>\"'）)]+")


class PlanAlias(models.Model):
    """A term that, wherever it occurs in a declared industry's wording, stands for a catalogue industry (and
    optionally one of its tracks). Shipped in fixtures/plan_aliases.json; admins add their own."""

    term = models.CharField(max_length=64)
    industry = models.ForeignKey("recommendations.TargetIndustry", on_delete=models.CASCADE, related_name="aliases")
    track = models.CharField(max_length=128, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["industry__sort_order", "term"]
        constraints = [models.UniqueConstraint(fields=["term", "industry"], name="plan_alias_unique")]
        verbose_name_plural = "plan aliases"

    def __str__(self) -> str:
        return f"{self.term} → {self.industry.code}"


class DeclaredList(models.Model):
    """One uploaded compilation of declared priorities. Its items replace the earlier items of the regions it
    covers; `unmapped` counts its items no alias matched (listed on /data/plans/)."""

    original_name = models.CharField(max_length=255)
    source = models.CharField(max_length=500)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    rows = models.PositiveIntegerField(default=0)
    regions = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.created_at:%Y-%m-%d})"


class DeclaredPriority(models.Model):
    """One industry a region declared in a plan, as written, with where it was read and how far to trust it,
    and the catalogue industries it maps to."""

    list = models.ForeignKey(DeclaredList, on_delete=models.CASCADE, related_name="items")
    row = models.PositiveIntegerField()
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=16)
    plan = models.CharField(max_length=500, blank=True)
    plan_period = models.CharField(max_length=128, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    text = models.CharField(max_length=255)
    note = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=1000, blank=True)
    confidence = models.CharField(max_length=500, blank=True)
    confidence_level = models.CharField(max_length=8, choices=Confidence.choices, default=Confidence.MEDIUM)
    partial = models.BooleanField(default=False, help_text="The source says the list it gives is incomplete")
    industries = models.ManyToManyField("recommendations.TargetIndustry", through="DeclaredMapping", related_name="+")

    class Meta:
        ordering = ["region__code", "category", "row"]
        indexes = [models.Index(fields=["level", "category"])]

    def __str__(self) -> str:
        return f"{self.region_id} {self.text}"

    @property
    def source_url(self) -> str:
        """The first web address of the source note ("https://… (中国商论 2024)"), or ""."""
        match = URL.search(self.source or "")
        return match.group(0) if match else ""


class DeclaredMapping(models.Model):
    priority = models.ForeignKey(DeclaredPriority, on_delete=models.CASCADE, related_name="mappings")
    industry = models.ForeignKey("recommendations.TargetIndustry", on_delete=models.CASCADE, related_name="+")
    track = models.CharField(max_length=128, blank=True)
    term = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["priority", "industry"], name="declared_mapping_once")]

    def __str__(self) -> str:
        return f"{self.priority_id} → {self.industry_id}"


class StatedCount(models.Model):
    """A count of regions stated by a source ("28 of 31 provincial plans chose 新一代信息技术"), shown beside the
    count Yindi computes from the declared items."""

    topic = models.CharField(max_length=255)
    count = models.PositiveIntegerField(null=True, blank=True)
    count_text = models.CharField(max_length=32)
    scope = models.CharField(max_length=255)
    level = models.CharField(max_length=16, blank=True)
    statement = models.TextField(blank=True)
    source = models.CharField(max_length=1000, blank=True)
    confidence = models.CharField(max_length=500, blank=True)
    industry = models.ForeignKey(
        "recommendations.TargetIndustry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["topic"]

    def __str__(self) -> str:
        return f"{self.topic}: {self.count_text}"

    @property
    def confidence_label(self) -> str:
        return Confidence(confidence_level(self.confidence)).label
