from django.db import models

from .language import is_english


class TimeStampedModel(models.Model):
    """Adds created/updated timestamps."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerCanary(models.Model):
    """A row written by the worker on request, proving the web → broker → worker → database path works."""

    token = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.token} @ {self.hostname}"


def name_field() -> str:
    """The name column for the active language, for queries that read names by value ("name_en"/"name_zh")."""
    return "name_en" if is_english() else "name_zh"


class LocalisedName:
    """`name`: `name_en` when the active language is English, else `name_zh`."""

    @property
    def name(self) -> str:
        return self.name_en if is_english() else self.name_zh
