"""Seeds the indicator catalogue of the default scoring model and the GB/T 4754-2017 industry list."""

import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def seed(apps, schema_editor):
    Indicator = apps.get_model("indicators", "Indicator")
    Classification = apps.get_model("indicators", "IndustryClassification")
    Industry = apps.get_model("indicators", "Industry")
    for item in json.loads((FIXTURES / "indicators.json").read_text(encoding="utf-8")):
        code = item.pop("code")
        Indicator.objects.update_or_create(code=code, defaults=item)
    for item in json.loads((FIXTURES / "industries.json").read_text(encoding="utf-8")):
        industries = item.pop("industries")
        classification, _ = Classification.objects.update_or_create(code=item.pop("code"), defaults=item)
        for entry in industries:
            parent_code = entry.pop("parent", None)
            parent = Industry.objects.get(classification=classification, code=parent_code) if parent_code else None
            Industry.objects.update_or_create(
                classification=classification, code=entry.pop("code"), defaults={**entry, "parent": parent}
            )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
