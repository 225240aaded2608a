"""Scoring runs end to end on the configured database (PostgreSQL for the README figures): synthetic values
for every indicator of the default model, for all 2,875 county-layer units and 10 years, and a synthetic
county x 42-sector value-added table for 2023; then ten county runs from database read to results (scores
and recommendations) written, then what-if previews at province and prefecture level.
The bench's rows are removed afterwards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yindi_bench .venv/bin/python bench/scoring_runs.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from apps.core.bulk import statistics_refresh  # noqa: E402
from apps.indicators.models import Indicator, Industry, IndustryObservation, Observation  # noqa: E402
from apps.ingest.models import Dataset  # noqa: E402
from apps.recommendations.models import Recommendation  # noqa: E402
from apps.regions.models import Region  # noqa: E402
from apps.regions.selectors import region_layer_q  # noqa: E402
from apps.scoring import services  # noqa: E402
from apps.scoring.domain.model import required_codes  # noqa: E402
from apps.scoring.models import RegionScore, ScoringRun  # noqa: E402
from apps.scoring.selectors import default_model  # noqa: E402

services._enqueue = lambda run: None  # runs execute here, timed
YEARS = range(2014, 2024)
RETIRED: dict = {}  # model → ids of the database's own current values the synthetic ones stood in for


def restore(dataset: Dataset) -> None:
    """Removes the bench's rows and makes the values they stood in for current again."""
    Observation.objects.filter(dataset=dataset).delete()
    IndustryObservation.objects.filter(dataset=dataset).delete()
    dataset.delete()
    for model, ids in RETIRED.items():
        for start in range(0, len(ids), 5000):
            model.objects.filter(id__in=ids[start : start + 5000]).update(is_current=True)
    RETIRED.clear()
    vacuum(Observation, IndustryObservation, RegionScore, Recommendation)


def vacuum(*models) -> None:
    """PostgreSQL: the dead rows a bench leaves (~10^6 a run) are cleared before the next one, which would
    otherwise scan them (seen: a county run 30 % slower on the third bench of a day)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in models:
                cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def synthetic(levels: tuple[str, ...]) -> Dataset:
    model = default_model()
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=required_codes(model.spec))}
    rng = np.random.default_rng(2026)
    dataset = Dataset.objects.create(
        sha256=f"bench-{time.time_ns()}",
        stored_name=f"bench-{time.time_ns()}",
        original_name="bench",
        file_format="csv",
        size=0,
        source="bench",
        status="succeeded",
    )
    rows = []
    region_ids = {
        rid for level in levels for rid in Region.objects.filter(region_layer_q(level)).values_list("id", flat=True)
    }
    for region_id in sorted(region_ids):
        for indicator in indicators.values():
            for year in YEARS:
                value = rng.lognormal(2, 1)
                rows.append(
                    Observation(
                        region_id=region_id,
                        indicator=indicator,
                        year=year,
                        dataset=dataset,
                        value=min(value, 99.0) if indicator.unit == "%" else value,
                    )
                )
    with transaction.atomic():
        current = Observation.objects.filter(is_current=True, year__in=list(YEARS))
        RETIRED[Observation] = list(current.values_list("id", flat=True))  # given back afterwards
        current.update(is_current=False)
        Observation.objects.bulk_create(rows, batch_size=5000)
    statistics_refresh([Observation], len(rows))  # as an import of this size does
    print(f"synthetic observations: {len(rows):,} ({', '.join(levels)}, {len(indicators)} indicators, 10 years)")
    return dataset


def industry_synthetic(dataset: Dataset, year: int) -> int:
    rng = np.random.default_rng(7)
    sectors = list(Industry.objects.filter(classification__code="io42"))
    region_ids = Region.objects.filter(region_layer_q("county")).values_list("id", flat=True)
    rows = [
        IndustryObservation(
            region_id=rid,
            industry=sector,
            measure="value_added",
            year=year,
            dataset=dataset,
            value=float(rng.lognormal(10, 1.5)) * (rng.random() > 0.3),
        )
        for rid in region_ids
        for sector in sectors
    ]
    with transaction.atomic():
        current = IndustryObservation.objects.filter(is_current=True, year=year)
        RETIRED[IndustryObservation] = list(current.values_list("id", flat=True))
        current.update(is_current=False)
        IndustryObservation.objects.bulk_create(rows, batch_size=5000)
    statistics_refresh([IndustryObservation], len(rows))
    print(f"synthetic region x industry rows: {len(rows):,} (county layer x {len(sectors)} sectors, {year})")
    return len(rows)


def main() -> None:
    dataset = synthetic(("county", "province", "prefecture"))
    industry_synthetic(dataset, 2023)
    model = default_model()
    created: list[int] = []
    try:
        started = time.perf_counter()
        runs, seconds = [], {}
        for year in YEARS:
            t0 = time.perf_counter()
            run = services.scoring_run_create(model=model, level="county", year=year)
            created.append(run.pk)
            services.scoring_run_execute(run_id=run.id)
            run.refresh_from_db()
            assert run.status == "succeeded", run.failure
            runs.append(run)
            seconds[year] = time.perf_counter() - t0
        total = time.perf_counter() - started
        first = min(seconds)
        warm = [v for y, v in seconds.items() if y not in (first, 2023)]
        print(
            f"10 county runs ({runs[0].scored} regions each, {model.draws} Monte Carlo draws), database read to "
            f"results written: {total:.1f} s; the first (cold: imports, caches) {seconds[first]:.1f} s, "
            f"the other capability-only years median {statistics.median(warm):.1f} s"
        )
        basis = {s.preset: s.basis for s in runs[-1].recommendation_sets.all()}
        items = sum(s.items.count() for s in runs[-1].recommendation_sets.all())
        print(
            f"  2023 with the 42-sector matrix ({basis}, {items:,} recommendations written): "
            f"{seconds[2023]:.1f} s (warm)"
        )
        weights = {p["code"]: 1 for p in model.spec["pillars"]}
        for level in ("province", "prefecture"):
            run = services.scoring_run_create(model=model, level=level, year=2023)
            created.append(run.pk)
            services.scoring_run_execute(run_id=run.id)
            run.refresh_from_db()
            timings = []
            for _ in range(30):
                t0 = time.perf_counter()
                services.whatif_preview(run=run, pillar_weights=weights)
                timings.append((time.perf_counter() - t0) * 1000)
            timings.sort()
            print(
                f"what-if preview, {level} ({run.scores.count()} regions): median {statistics.median(timings):.1f} ms, "
                f"p95 {timings[int(0.95 * len(timings)) - 1]:.1f} ms"
            )
    finally:
        ScoringRun.objects.filter(pk__in=created).delete()  # the bench's own runs only, not the database's
        restore(dataset)


if __name__ == "__main__":
    main()
