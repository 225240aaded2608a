"""A county run on a fixed synthetic input (every county, every indicator of the default model, a 42-sector
value-added table) gives what it gave before the run was made faster: every score, rank, rank interval and
role, and every pick of the three presets with its score, mode, parts and facts, on PostgreSQL and SQLite
alike. The digests in golden_county_run.json were made by the code before the speed work (55a68d0) and made
again once, when the target industries' pillars were put in the framework's order (the database's JSON key
order had decided ties); regenerate them only for an intended change of method (`YINDI_GOLDEN_WRITE=1`), and
say why in the commit."""

import hashlib
import json
import os
from pathlib import Path

import numpy as np
import pytest

from apps.core.bulk import rows_insert
from apps.indicators.models import Indicator, Industry, IndustryObservation, Observation
from apps.recommendations.models import Recommendation
from apps.regions.models import Region
from apps.regions.selectors import region_layer_q
from apps.scoring import services
from apps.scoring.domain.model import required_codes
from apps.scoring.models import RegionScore
from apps.scoring.services import default_model_ensure, scoring_run_create, scoring_run_execute
from tests.factories import DatasetFactory

GOLDEN = Path(__file__).with_name("golden_county_run.json")
YEAR = 2022


def _rounded(value):
    """Floats to 6 decimals: the digests must not depend on the last bits a machine's vector unit gives."""
    if isinstance(value, float):
        return round(value, 6) + 0.0
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def _digest(rows) -> str:
    return hashlib.sha256(json.dumps(_rounded(rows), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _county_input(model) -> None:
    rng = np.random.default_rng(2026)
    counties = list(Region.objects.filter(region_layer_q("county")).order_by("code").values_list("id", flat=True))
    indicators = list(Indicator.objects.filter(code__in=required_codes(model.spec)).order_by("code"))
    dataset = DatasetFactory(source="synthetic county values")
    columns: dict[str, list] = {"region_id": [], "indicator_id": [], "value": []}
    for indicator in indicators:
        values = rng.lognormal(2, 1, len(counties))
        columns["region_id"] += counties
        columns["indicator_id"] += [indicator.id] * len(counties)
        columns["value"] += np.minimum(values, 99.0).tolist() if indicator.unit == "%" else values.tolist()
    n = len(columns["value"])
    rows_insert(Observation, {**columns, "year": [YEAR] * n, "dataset_id": [dataset.id] * n, "is_current": [True] * n})
    sectors = list(Industry.objects.filter(classification__code="io42").order_by("code").values_list("id", flat=True))
    amounts = rng.lognormal(10, 1.5, (len(counties), len(sectors))) * (rng.random((len(counties), len(sectors))) > 0.3)
    m = amounts.size
    rows_insert(
        IndustryObservation,
        {
            "region_id": np.repeat(counties, len(sectors)).tolist(),
            "industry_id": sectors * len(counties),
            "measure": ["value_added"] * m,
            "year": [YEAR] * m,
            "value": amounts.ravel().tolist(),
            "dataset_id": [dataset.id] * m,
            "is_current": [True] * m,
        },
    )


def _results(run) -> dict:
    scores = RegionScore.objects.filter(run=run).select_related("region").order_by("region__code")
    fields = ("set__preset", "region__code", "industry__code", "category", "rank", "score", "mode")
    picks = list(
        Recommendation.objects.filter(set__run=run)
        .order_by("set__preset", "region__code", "category", "rank", "industry__code")
        .values_list(*fields, "innovation_mode", "components", "explanation", "partners")
    )
    return {
        "scores": _digest(
            [
                [s.region.code, s.composite, s.pillars, s.rank, s.rank_median, s.rank_p05, s.rank_p95, s.role, s.modes]
                for s in scores
            ]
        ),
        "picks": _digest([list(p) for p in picks]),
        "sets": _digest(
            [[s.preset, s.basis, s.sameness, s.parameters] for s in run.recommendation_sets.order_by("pk")]
        ),
        "counts": {"scored": run.scored, "picks": len(picks)},
    }


@pytest.mark.django_db
def test_a_county_run_gives_the_results_it_gave_before(regions, monkeypatch):
    # the Monte Carlo is seeded by the run's fingerprint, which names the datasets by their database ids:
    # a fixed fingerprint gives the same draws on any database
    monkeypatch.setattr(services, "_fingerprint", lambda inputs: "901de7" + "0" * 58)
    model = default_model_ensure()
    _county_input(model)
    run = scoring_run_create(model=model, level="county", year=YEAR)
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    assert run.status == "succeeded", run.failure
    results = _results(run)
    if os.environ.get("YINDI_GOLDEN_WRITE") == "1":
        GOLDEN.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert results["counts"] == golden["counts"]
    assert results == golden  # the same on PostgreSQL and SQLite
