from django.db import models
from django.utils.translation import gettext_lazy as _


class Pillar(models.TextChoices):
    SCIENCE_EDUCATION = "science_education", _("Science and education resources")
    INDUSTRIAL_FOUNDATION = "industrial_foundation", _("Industrial foundation")
    SCENARIOS_MARKET = "scenarios_market", _("Application scenarios and market")
    ENTERPRISE_ECOSYSTEM = "enterprise_ecosystem", _("Enterprise ecosystem")
    INNOVATION_OUTPUT = "innovation_output", _("Innovation output")
    FACTOR_SUPPORT = "factor_support", _("Factor support")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Higher is better")
    LOWER_BETTER = "lower_better", _("Lower is better")


class Measure(models.TextChoices):
    OUTPUT = "output", _("Gross output")
    VALUE_ADDED = "value_added", _("Value added")
    EMPLOYMENT = "employment", _("Employment")
    LEGAL_ENTITIES = "legal_entities", _("Legal entities")
    FIRMS = "firms", _("Firms")
