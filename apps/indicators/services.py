import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Indicator, Industry, IndustryClassification

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@transaction.atomic
def catalogue_seed(*, fixtures: Path = FIXTURES) -> int:
    """Creates the built-in indicators (those of the default scoring model) and the GB/T 4754-2017 industry
    list where they are missing; returns how many rows it created. Existing rows, including an admin's
    edits, are left alone, so this runs after every migrate (and after a test database is emptied)."""
    created = 0
    for item in json.loads((fixtures / "indicators.json").read_text(encoding="utf-8")):
        _, new = Indicator.objects.get_or_create(code=item["code"], defaults=item)
        created += new
    for item in json.loads((fixtures / "industries.json").read_text(encoding="utf-8")):
        industries = item.pop("industries")
        classification, new = IndustryClassification.objects.get_or_create(code=item["code"], defaults=item)
        created += new
        for entry in industries:
            parent_code = entry.pop("parent", None)
            parent = Industry.objects.get(classification=classification, code=parent_code) if parent_code else None
            _, new = Industry.objects.get_or_create(
                classification=classification, code=entry["code"], defaults={**entry, "parent": parent}
            )
            created += new
    return created
