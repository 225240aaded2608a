from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.language import vocabulary_choices

from .vocabulary import MEASURES, PILLARS

Pillar = vocabulary_choices("Pillar", {code: (term.zh, term.en) for code, term in PILLARS.items()})
Measure = vocabulary_choices("Measure", {code: (m.zh, m.en) for code, m in MEASURES.items()})


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Higher is better")
    LOWER_BETTER = "lower_better", _("Lower is better")
