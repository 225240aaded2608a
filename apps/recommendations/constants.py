from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.language import vocabulary_choices

from .domain.recommend import CATEGORY_LABELS, MODE_LABELS

# the categories and modes are the recommendation method's own terms (domain/recommend.py)
Category = vocabulary_choices("Category", CATEGORY_LABELS)
Mode = vocabulary_choices("Mode", MODE_LABELS)


class Basis(models.TextChoices):
    RELATEDNESS = "relatedness", _("Region × industry data and capabilities")
    CAPABILITY = "capability", _("Capabilities only (no region × industry data)")


DEFAULT_PRESET = "balanced"
