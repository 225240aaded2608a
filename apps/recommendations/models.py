from django.db import models

from apps.core.models import LocalisedName

from .constants import Basis, Category, Mode


class TargetIndustry(LocalisedName, models.Model):
    """An industry the app can recommend: a traditional industry (mapped to GB/T 4754 divisions), one of the
    nine strategic emerging categories or one of the six future-industry directions, with its tracks, how it
    maps onto the sector lists statistics come in, and its requirement profile. Shipped in
    fixtures/target_industries.json; admins edit and add."""

    code = models.SlugField(max_length=64, unique=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    name_zh = models.CharField(max_length=128)
    name_en = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    sectors = models.JSONField(default=dict, blank=True, help_text='{"gbt4754-2017": ["C26", ...], "io42": ["S12"]}')
    requires = models.JSONField(
        default=dict, blank=True, help_text='{"pillars": {"science_education": 0.4, ...}, "indicators": [codes]}'
    )
    tracks = models.JSONField(default=list, blank=True, help_text='[{"name_zh": ..., "name_en": ...}]')
    upgrade_paths = models.JSONField(default=list, blank=True, help_text="digital / intelligent / green / ai_plus")
    sort_order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name_plural = "target industries"

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class RecommendationSet(models.Model):
    """The recommendations of one scoring run under one weighting preset: what they were computed from
    (`matrix`: classification, measure, year, datasets; or capabilities only) and how alike they are across
    regions (`sameness`)."""

    run = models.ForeignKey("scoring.ScoringRun", on_delete=models.CASCADE, related_name="recommendation_sets")
    preset = models.SlugField(max_length=32)
    basis = models.CharField(max_length=16, choices=Basis.choices)
    matrix = models.JSONField(default=dict, blank=True)
    sameness = models.JSONField(default=dict, blank=True)
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "preset"], name="recommendation_set_unique")]

    def __str__(self) -> str:
        return f"run {self.run_id} {self.preset}"


class Recommendation(models.Model):
    """One target industry for one region: its rank within the category, priority score, the parts of the
    score, and the explanation (zh/en, with the numbers that drove it)."""

    # A county run writes ~7 × 10^4 picks in its transaction, from ids it has just read in that transaction
    # (its set, the run's regions, the catalogue): the database does not check three keys per row at commit
    # nor keep an index per key. Every read goes through the set, led by the unique (set, region, industry)
    # index; deletions still cascade and protect, in Django, as for observations.
    set = models.ForeignKey(
        RecommendationSet, on_delete=models.CASCADE, related_name="items", db_index=False, db_constraint=False
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="recommendations",
        db_index=False,
        db_constraint=False,
    )
    industry = models.ForeignKey(
        TargetIndustry, on_delete=models.PROTECT, related_name="recommendations", db_index=False, db_constraint=False
    )
    category = models.CharField(max_length=16, choices=Category.choices)
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    mode = models.CharField(max_length=16, choices=Mode.choices)
    innovation_mode = models.CharField(max_length=16)
    components = models.JSONField(default=dict)
    explanation = models.JSONField(default=dict)
    partners = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["set", "region", "category", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["set", "region", "industry"], name="recommendation_once_per_set")
        ]
        indexes = [models.Index(fields=["set", "category", "rank"])]

    def __str__(self) -> str:
        return f"{self.region_id} {self.industry_id} #{self.rank}"

    @property
    def facts(self) -> dict:
        """The pick's full facts (codes and numbers with unit, year and source): its own, stored compactly in
        `explanation`, joined with what its set stores once for every pick (domain/facts.py)."""
        from .domain.facts import expand

        if not hasattr(self, "_facts"):
            self._facts = expand(self.explanation, self.set.parameters.get("context"), self.components)
        return self._facts
