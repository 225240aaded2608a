from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.jobs import Job
from apps.core.language import is_english
from apps.regions.constants import Level

from .constants import Aggregation, Normalisation, Role, Weighting


class ScoringModel(models.Model):
    """A versioned scoring method: the tree of pillars and indicators with weights, directions and transforms
    (`spec`, see apps/scoring/domain/model.py), and the normalisation, weighting, aggregation, coverage floor
    and Monte Carlo draws. Once a run has used a version it is locked; changes make a new version."""

    slug = models.SlugField(max_length=64)
    version = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(max_length=128)
    name_en = models.CharField(max_length=128, blank=True, help_text="The name in English, where it differs")
    description = models.TextField(blank=True, help_text="What the model is, in English")
    description_zh = models.TextField(blank=True, help_text="What the model is, in Chinese")
    is_default = models.BooleanField(default=False)
    spec = models.JSONField()
    normalisation = models.CharField(max_length=16, choices=Normalisation.choices, default=Normalisation.MIN_MAX)
    weighting = models.CharField(max_length=16, choices=Weighting.choices, default=Weighting.EXPERT)
    aggregation = models.CharField(max_length=16, choices=Aggregation.choices, default=Aggregation.ARITHMETIC)
    min_coverage = models.FloatField(default=0.6)
    draws = models.PositiveIntegerField(default=1000)
    locked = models.BooleanField(default=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Set for a planner's private scenario",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="scoring_model_version_unique")]

    def __str__(self) -> str:
        name = self.name_en if self.name_en and is_english() else self.name
        suffix = f"v{self.version}"
        return name if name.endswith(suffix) else f"{name} {suffix}"

    @property
    def description_text(self) -> str:
        """The description in the reader's language (the other one where it has none)."""
        if is_english():
            return self.description or self.description_zh
        return self.description_zh or self.description


class ScoringBatch(models.Model):
    """Runs queued together for one reason: re-scoring a level's years after a dataset was committed, or the
    first start's runs. The jobs page shows a batch as one row ("re-score provinces 2000–2019 after dataset
    #12") with its runs' progress underneath; `skipped` keeps the years left out because their data cover too
    little of the model (year → share of the weight)."""

    class Origin(models.TextChoices):
        UPLOAD = "upload", _("after a dataset was committed")
        SETUP = "setup", _("first start")

    origin = models.CharField(max_length=16, choices=Origin.choices)
    dataset = models.ForeignKey(
        "ingest.Dataset", null=True, blank=True, on_delete=models.SET_NULL, related_name="scoring_batches"
    )
    level = models.CharField(max_length=16, choices=Level.choices)
    skipped = models.JSONField(default=dict, blank=True, help_text="Year → coverage of the years not queued")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"batch {self.pk}: {self.origin} {self.level}"


class ScoringRun(Job):
    """One scoring of a level's regions for a year under a model version. `inputs` records the dataset
    vintages, the model version and parameters and the code version; `fingerprint` is their hash, so the same
    inputs give the same fingerprint and the same results (`results_sha256`). `coverage` says how much of the
    model the data cover over the scored regions; a run below the model's `min_coverage`, or without data for
    a pillar that decides roles, is `provisional`."""

    model = models.ForeignKey(ScoringModel, on_delete=models.PROTECT, related_name="runs")
    level = models.CharField(max_length=16, choices=Level.choices)
    year = models.PositiveSmallIntegerField()
    group = models.ForeignKey("regions.RegionGroup", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    region_codes = models.JSONField(default=list, blank=True, help_text="A custom region list; empty = all")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    batch = models.ForeignKey(ScoringBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs")
    inputs = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)
    results_sha256 = models.CharField(max_length=64, blank=True)
    scored = models.PositiveIntegerField(default=0)
    excluded = models.JSONField(default=dict, blank=True, help_text="Regions not scored, with the reason")
    missing_indicators = models.JSONField(default=list, blank=True, help_text="Indicators nobody reported that year")
    weights = models.JSONField(default=dict, blank=True, help_text="Effective indicator weights")
    sensitivity = models.JSONField(default=dict, blank=True)
    coverage = models.FloatField(null=True, blank=True, help_text="Share of the model's weight with data, 0-1")
    pillar_coverage = models.JSONField(default=dict, blank=True, help_text="Pillar code → share with data, 0-1")
    indicators_reported = models.PositiveSmallIntegerField(default=0)
    indicators_total = models.PositiveSmallIntegerField(default=0)
    provisional = models.BooleanField(
        default=False, help_text="Coverage below the model's threshold, or a pillar that decides roles has no data"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.pk}: {self.model} {self.level} {self.year} ({self.status})"

    @property
    def window(self) -> int:
        """Years before the run year whose values the run may use where its year has none (recorded in
        `inputs`; runs made before the window existed used their year only)."""
        return int((self.inputs or {}).get("window", 0))

    @property
    def carried(self) -> dict:
        """Indicator code → {year: regions} for values taken from an earlier year than the run's."""
        return (self.inputs or {}).get("carried", {})

    @property
    def withdrawn_inputs(self) -> list[tuple[int, str]]:
        """(id, file name) of datasets this run used that an admin has since withdrawn: its results are
        stale (a new run is queued when a dataset is withdrawn)."""
        from apps.ingest.models import Dataset

        ids = [entry[0] for entry in (self.inputs or {}).get("datasets", [])]
        if not ids:
            return []
        return list(Dataset.objects.filter(pk__in=ids, withdrawn_at__isnull=False).values_list("pk", "original_name"))

    @property
    def carried_text(self) -> str:
        """The carried indicators in the reader's language with their years and region counts, e.g.
        "常住人口 2020 (357)"."""
        from apps.indicators.models import Indicator

        carried = self.carried
        names = {i.code: i.name for i in Indicator.objects.filter(code__in=list(carried))}
        return "; ".join(
            f"{names.get(code, code)} " + ", ".join(f"{year} ({n})" for year, n in sorted(years.items()))
            for code, years in sorted(carried.items(), key=lambda kv: names.get(kv[0], kv[0]))
        )


class RegionScore(models.Model):
    """A region's result in a run: composite and pillar scores, rank with its Monte Carlo interval, role,
    innovation-mode mix, coverage, the contribution of each indicator and which values were imputed."""

    run = models.ForeignKey(ScoringRun, on_delete=models.CASCADE, related_name="scores")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="scores")
    composite = models.FloatField()
    pillars = models.JSONField()
    rank = models.PositiveIntegerField()
    percentile = models.FloatField()
    rank_median = models.FloatField()
    rank_p05 = models.FloatField()
    rank_p95 = models.FloatField()
    role = models.CharField(
        max_length=16,
        choices=Role.choices,
        null=True,
        blank=True,
        help_text="Withheld (empty) where a pillar that decides roles has no data",
    )
    modes = models.JSONField()
    coverage = models.FloatField(help_text="Share of the model's weight with reported data for this region, 0-1")
    pillar_coverage = models.JSONField(default=dict, blank=True)
    normalised = models.JSONField(help_text="Normalised indicator values, [0, 1]")
    contributions = models.JSONField()
    imputed = models.JSONField(default=list)

    class Meta:
        ordering = ["run", "rank"]
        constraints = [models.UniqueConstraint(fields=["run", "region"], name="region_score_once_per_run")]

    def __str__(self) -> str:
        return f"{self.region_id} #{self.rank} in run {self.run_id}"


class ReferenceRanking(models.Model):
    """A published ranking of regions (a yardstick, never a target): who published it, for which year and
    level. Each run page and /methodology/ show how far a run agrees with it."""

    name = models.CharField(max_length=200)
    source = models.CharField(max_length=500, help_text="The publication, as it should be cited")
    year = models.PositiveSmallIntegerField()
    level = models.CharField(max_length=16, choices=Level.choices)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    original_name = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class ReferenceRank(models.Model):
    """One region's place in a reference ranking: its rank, and the score where the ranking publishes one."""

    ranking = models.ForeignKey(ReferenceRanking, on_delete=models.CASCADE, related_name="ranks")
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveIntegerField()
    score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["ranking", "rank"]
        constraints = [models.UniqueConstraint(fields=["ranking", "region"], name="reference_rank_once")]

    def __str__(self) -> str:
        return f"{self.region_id} #{self.rank} in {self.ranking_id}"
