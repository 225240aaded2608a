from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    TRADITIONAL = "traditional", _("Traditional industry to upgrade")
    EMERGING = "emerging", _("Emerging industry to scale")
    FUTURE = "future", _("Future industry to seed")


class Mode(models.TextChoices):
    UPGRADE = "upgrade", _("Upgrade")
    CONSOLIDATE = "consolidate", _("Consolidate")
    SCALE = "scale", _("Scale up")
    CULTIVATE = "cultivate", _("Cultivate")
    LEAD = "lead", _("Lead")
    PILOT = "pilot", _("Host pilots")
    PARTICIPATE = "participate", _("Participate")
    INSUFFICIENT = "insufficient", _("Insufficient data")
    NO_BASE = "no_base", _("No base to upgrade")


class Basis(models.TextChoices):
    RELATEDNESS = "relatedness", _("Region × industry data and capabilities")
    CAPABILITY = "capability", _("Capabilities only (no region × industry data)")


DEFAULT_PRESET = "balanced"
