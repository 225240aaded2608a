from django.db import models
from django.utils.translation import gettext_lazy as _


class Normalisation(models.TextChoices):
    MIN_MAX = "min_max", _("Min-max")
    Z_SCORE = "z_score", _("z-score")
    PERCENTILE = "percentile", _("Rank / percentile")
    FRONTIER = "frontier", _("Distance to frontier")


class Weighting(models.TextChoices):
    EXPERT = "expert", _("Expert weights")
    EQUAL = "equal", _("Equal weights")
    ENTROPY = "entropy", _("Entropy")
    CRITIC = "critic", _("CRITIC")
    PCA = "pca", _("PCA-based")


class Aggregation(models.TextChoices):
    ARITHMETIC = "arithmetic", _("Weighted arithmetic mean")
    GEOMETRIC = "geometric", _("Weighted geometric mean")
    TOPSIS = "topsis", _("TOPSIS")


class Role(models.TextChoices):
    PIONEER = "pioneer", _("Innovation pioneer")
    MAIN_FORCE = "main_force", _("Main force")
    CHARACTERISTIC = "characteristic", _("Characteristic support")


DEFAULT_MODEL_SLUG = "yindi-v1"
# Changes to the scoring code that change results bump this; it is part of every run's fingerprint.
SCORING_CODE_VERSION = "1"

# Below the province level, statistics come as census and list snapshots, not yearly series (the city census
# of 2010 and 2020, the Ministry of Education's lists of universities). A run at those levels takes each
# indicator's latest value from its year or up to this many years before, and states the year it used.
# Province runs use the run year only.
SNAPSHOT_WINDOW_YEARS = {"province": 0, "prefecture": 5, "county": 5}


def snapshot_window(level: str) -> int:
    return SNAPSHOT_WINDOW_YEARS.get(level, 0)
