from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")


LEVEL_ORDER = {Level.PROVINCE: 1, Level.PREFECTURE: 2, Level.COUNTY: 3}


class GroupKind(models.TextChoices):
    MACRO_REGION = "macro_region", _("Macro-region")
    STRATEGIC_ZONE = "strategic_zone", _("Strategic zone")
    CUSTOM = "custom", _("Custom group")


# The national statistical order of the four macro-regions (group codes).
MACRO_REGION_ORDER = ("east", "central", "west", "northeast")
