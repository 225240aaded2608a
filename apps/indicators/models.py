from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from apps.core.models import LocalisedName

from .constants import Direction, Measure, Pillar
from .domain.derived import FormulaError, formula_inputs


class Indicator(LocalisedName, models.Model):
    """A statistic regions are compared on, with its canonical unit; uploaded values are converted to it.

    `aliases` are other names tables use for it (`技术市场成交额` for technology contract turnover). A share
    has `max_value` 100; only indicators with `allow_negative` (growth rates, balances) take negative values.
    A derived indicator has a `formula` over others (apps/indicators/domain/derived.py); its values are
    computed when an input changes, and a value reported by a table takes precedence over a computed one.
    """

    code = models.SlugField(max_length=64, unique=True)
    name_zh = models.CharField(max_length=128)
    name_en = models.CharField(max_length=160)
    unit = models.CharField(max_length=32)
    pillar = models.CharField(max_length=32, choices=Pillar.choices)
    direction = models.CharField(max_length=16, choices=Direction.choices, default=Direction.HIGHER_BETTER)
    description = models.TextField(blank=True)
    default_source = models.CharField(max_length=255, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    allow_negative = models.BooleanField(default=False)
    max_value = models.FloatField(null=True, blank=True)
    formula = models.JSONField(
        default=dict, blank=True, help_text='Derived indicators only: {"op": "ratio", "of": [a, b], "scale": 100}'
    )

    class Meta:
        ordering = ["pillar", "code"]

    def __str__(self) -> str:
        return f"{self.name_zh} ({self.unit})"

    @property
    def is_derived(self) -> bool:
        return bool(self.formula)

    def clean(self):
        if self.formula:
            try:
                inputs = formula_inputs(self.formula)
            except FormulaError as exc:
                raise ValidationError({"formula": str(exc)}) from exc
            if self.code in inputs:
                raise ValidationError({"formula": "a derived indicator cannot be its own input"})


class IndustryClassification(models.Model):
    """A sector list statistics come in: GB/T 4754-2017 sections and divisions, input-output sectors, ..."""

    code = models.SlugField(max_length=64, unique=True)
    name_zh = models.CharField(max_length=128)
    name_en = models.CharField(max_length=160)
    description = models.TextField(blank=True)

    def __str__(self) -> str:
        return self.name_en


class Industry(LocalisedName, models.Model):
    """One sector of a classification (`C` manufacturing, `C26` chemicals), optionally under a parent."""

    classification = models.ForeignKey(IndustryClassification, on_delete=models.PROTECT, related_name="industries")
    code = models.CharField(max_length=16)
    name_zh = models.CharField(max_length=128)
    name_en = models.CharField(max_length=160)
    aliases = models.JSONField(default=list, blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["classification", "code"]
        constraints = [models.UniqueConstraint(fields=["classification", "code"], name="industry_code_unique")]
        verbose_name_plural = "industries"

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"


class Observation(models.Model):
    """A region's value of an indicator for a year, in the indicator's unit, from one dataset.

    Of the observations of one region, indicator and year, the one from the newest vintage is current
    (used for scoring); older ones stay readable.
    """

    # The foreign keys of the two observation tables are not checked by the database row by row: an import
    # writes 10^5–10^6 rows, and the per-row checks at commit cost as much as the write itself. Every id
    # written comes from codes looked up in the same tables inside the writing transaction
    # (ingest.services.observations_write), and Django's PROTECT still refuses to delete a region,
    # indicator or dataset that has observations.
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="observations", db_constraint=False
    )
    # no index of their own: (indicator, year, is_current) and (dataset, region, indicator, year) lead with them
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="observations", db_index=False, db_constraint=False
    )
    year = models.PositiveSmallIntegerField()
    value = models.FloatField()
    dataset = models.ForeignKey(
        "ingest.Dataset", on_delete=models.PROTECT, related_name="observations", db_index=False, db_constraint=False
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "region", "indicator", "year"], name="observation_once_per_dataset"
            ),
            models.UniqueConstraint(
                fields=["region", "indicator", "year"], condition=Q(is_current=True), name="observation_one_current"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year", "is_current"])]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.indicator_id}/{self.year}={self.value}"


class IndustryObservation(models.Model):
    """A region's value of a measure (output, employment, ...) in one industry for a year, from one dataset."""

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="industry_observations", db_constraint=False
    )
    industry = models.ForeignKey(Industry, on_delete=models.PROTECT, related_name="observations", db_constraint=False)
    measure = models.CharField(max_length=32, choices=Measure.choices)
    year = models.PositiveSmallIntegerField()
    value = models.FloatField()
    # no index of its own: the unique (dataset, region, industry, measure, year) leads with it
    dataset = models.ForeignKey(
        "ingest.Dataset",
        on_delete=models.PROTECT,
        related_name="industry_observations",
        db_index=False,
        db_constraint=False,
    )
    is_current = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "region", "industry", "measure", "year"],
                name="industry_observation_once_per_dataset",
            ),
            models.UniqueConstraint(
                fields=["region", "industry", "measure", "year"],
                condition=Q(is_current=True),
                name="industry_observation_one_current",
            ),
        ]
        indexes = [models.Index(fields=["measure", "year", "is_current"])]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.industry_id}/{self.measure}/{self.year}={self.value}"
