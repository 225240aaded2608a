import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.db import transaction

from .domain.derived import compute_derived, formula_inputs
from .models import Indicator, Industry, IndustryClassification, Observation

DERIVED_LAYOUT = "derived"  # the layout of the datasets that hold computed values

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@transaction.atomic
def catalogue_seed(*, fixtures: Path = FIXTURES) -> int:
    """Creates the built-in indicators (those of the default scoring model) and the GB/T 4754-2017 industry
    list where they are missing; returns how many rows it created. Existing rows, including an admin's
    edits, are left alone, so this runs after every migrate (and after a test database is emptied)."""
    created = 0
    for item in json.loads((fixtures / "indicators.json").read_text(encoding="utf-8")):
        indicator, new = Indicator.objects.get_or_create(code=item["code"], defaults=item)
        created += new
        if not new:  # a newer catalogue adds source spellings and formulas, never removes an admin's
            aliases = indicator.aliases + [a for a in item.get("aliases", []) if a not in indicator.aliases]
            formula = indicator.formula or item.get("formula", {})
            if aliases != indicator.aliases or formula != indicator.formula:
                Indicator.objects.filter(pk=indicator.pk).update(aliases=aliases, formula=formula)
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


@dataclass
class DerivedUpdate:
    """Computed values to write (region id, indicator id, year, value) and the ids of the current computed
    values they replace."""

    rows: list[tuple[int, int, int, float]] = field(default_factory=list)
    retire: list[int] = field(default_factory=list)


def derived_update(*, changed_indicator_ids: set[int], years: set[int]) -> DerivedUpdate:
    """What the derived indicators whose inputs changed should now hold for the given years, from the
    current values of their inputs. Keys with a reported (uploaded) current value are left alone; unchanged
    values are not rewritten. Called inside the transaction that wrote the inputs."""
    update = DerivedUpdate()
    codes = dict(Indicator.objects.values_list("code", "id"))
    derived = [
        (indicator, [codes[c] for c in formula_inputs(indicator.formula) if c in codes])
        for indicator in Indicator.objects.exclude(formula={})
    ]
    derived = [(i, inputs) for i, inputs in derived if set(inputs) & changed_indicator_ids]
    if not derived or not years:
        return update
    input_ids = {i for _, inputs in derived for i in inputs}
    id_to_code = {v: k for k, v in codes.items()}
    values = pd.DataFrame(
        Observation.objects.filter(indicator_id__in=input_ids, year__in=years, is_current=True).values_list(
            "region_id", "year", "indicator_id", "value"
        ),
        columns=["region", "year", "indicator", "value"],
    )
    values["indicator"] = values["indicator"].map(id_to_code)
    for indicator, _ in derived:
        computed = compute_derived(values, indicator.formula)
        current = {
            (region, year): (obs_id, value, layout)
            for obs_id, region, year, value, layout in Observation.objects.filter(
                indicator=indicator, year__in=years, is_current=True
            ).values_list("id", "region_id", "year", "value", "dataset__layout")
        }
        for (region, year), value in computed.items():
            value = round(float(value), 10)
            existing = current.get((region, year))
            if existing is not None:
                obs_id, old, layout = existing
                if layout != DERIVED_LAYOUT or abs(old - value) <= 1e-9 * max(1.0, abs(value)):
                    continue
                update.retire.append(obs_id)
            update.rows.append((int(region), indicator.id, int(year), value))
    return update
