"""Bulk writes and reads: rows written from columns read back as written, the raw read gives what the ORM
gives, a large write refreshes the planner's statistics on PostgreSQL, JSON reads back as json reads it, and
the pause of the garbage collector leaves the collector as it found it."""

import pytest
from django.db import connection

from apps.core import bulk
from apps.indicators.models import Indicator, Observation
from apps.regions.models import Region
from tests.factories import DatasetFactory

pytestmark = pytest.mark.django_db


def _write(n: int):
    dataset = DatasetFactory()
    regions = list(Region.objects.filter(level="county").order_by("code").values_list("id", flat=True)[:n])
    gdp = Indicator.objects.get(code="gdp")
    written = bulk.rows_insert(
        Observation,
        {
            "region_id": regions,
            "indicator_id": [gdp.id] * len(regions),
            "year": [2020] * len(regions),
            "value": [k + 0.25 for k in range(len(regions))],
            "dataset_id": [dataset.id] * len(regions),
            "is_current": [True] * len(regions),
        },
    )
    return dataset, written


def test_columns_written_read_back_and_the_raw_read_equals_the_orm(regions):
    dataset, written = _write(500)
    assert written == 500
    query = Observation.objects.filter(dataset=dataset).order_by("region__code")
    columns = ("region__code", "value", "year", "is_current", "dataset__sha256", "dataset__vintage")
    through_orm = list(query.values_list(*columns))
    raw = bulk.raw_rows(query.values_list(*columns))
    assert [row[:5] for row in raw] == [row[:5] for row in through_orm]
    assert [str(row[5]) for row in raw] == [str(row[5]) for row in through_orm]  # dates compared as text
    assert sorted(v for _, v, *_ in raw) == [k + 0.25 for k in range(500)]


def test_a_large_write_refreshes_the_planner_statistics_on_postgresql(regions, monkeypatch):
    monkeypatch.setattr(bulk, "ANALYZE_AFTER_ROWS", 400)
    _, written = _write(500)
    assert bulk.statistics_refresh([Observation], 399) is False  # a small write leaves them to autovacuum
    refreshed = bulk.statistics_refresh([Observation], written)
    assert refreshed is (connection.vendor == "postgresql")
    if refreshed:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Observation._meta.db_table])
            assert cursor.fetchone()[0] >= 500  # the statistics count the rows just written


def test_json_columns_with_backslashes_quotes_tabs_and_newlines_read_back_as_written(regions):
    from apps.recommendations.models import RecommendationSet
    from tests.factories import ScoringRunFactory

    run = ScoringRunFactory()
    awkward = [
        {"text": 'a \\ backslash, a "quote", a\ttab and a\nnewline', "zh": "中文：区位商 1.2"},
        {"nested": [["\\N", "\\t"], {"x": None, "y": 1.5}]},
        {},
    ]
    bulk.rows_insert(
        RecommendationSet,
        {
            "run_id": [run.pk] * 3,
            "preset": ["a", "b", "c"],
            "basis": ["capability"] * 3,
            "matrix": awkward,
            "sameness": [{}] * 3,
            "parameters": [[1, "two"], [], {"k": "v"}],
        },
    )
    stored = list(RecommendationSet.objects.filter(run=run).order_by("preset").values_list("matrix", "parameters"))
    assert stored == list(zip(awkward, [[1, "two"], [], {"k": "v"}], strict=True))


def test_text_columns_plain_or_with_tabs_newlines_and_backslashes_read_back_as_written(regions):
    """Plain text goes to COPY as it is; a column with any tab, newline or backslash (or the text \\N, which
    COPY would read as NULL) is escaped value by value."""
    from apps.recommendations.models import RecommendationSet
    from tests.factories import ScoringRunFactory

    run = ScoringRunFactory()
    presets = ["a\tb", "c\\d", "e\nf", "\\N"]
    bases = ["capability", "relatedness", "中文", ""]
    bulk.rows_insert(
        RecommendationSet,
        {
            "run_id": [run.pk] * 4,
            "preset": presets,
            "basis": bases,
            "matrix": [{}] * 4,
            "sameness": [{}] * 4,
            "parameters": [{}] * 4,
        },
    )
    stored = list(RecommendationSet.objects.filter(run=run).order_by("id").values_list("preset", "basis"))
    assert stored == list(zip(presets, bases, strict=True))


def test_json_of_numbers_numpy_figures_keys_and_missing_values_reads_back_as_json_would():
    """The encoder writes what json's reads back: non-finite floats as null (PostgreSQL's JSON has no NaN),
    numpy figures as numbers, integer keys as text, integers beyond 64 bits in full, text as it is."""
    import json
    import math

    import numpy as np

    value = {
        "pi": math.pi,
        "tiny": 5e-324,
        "big": 1e16,
        "nan": float("nan"),
        "inf": float("inf"),
        "np": [np.float64(0.1), np.int64(7), np.bool_(True)],
        3: "three",
        "zh": "区位商",
    }
    assert json.loads(bulk.json_text(value)) == {
        "pi": math.pi,
        "tiny": 5e-324,
        "big": 1e16,
        "nan": None,
        "inf": None,
        "np": [0.1, 7, True],
        "3": "three",
        "zh": "区位商",
    }
    assert "区位商" in bulk.json_text(value)  # UTF-8 as is, not \u escapes
    assert json.loads(bulk.json_text([2**70, -(2**70)])) == [2**70, -(2**70)]
    assert bulk.json_text({}) == "{}" and bulk.json_text([]) == "[]"


@pytest.fixture
def collector():
    import gc

    was = gc.isenabled()
    yield gc
    gc.enable() if was else gc.disable()


def test_the_collector_is_paused_inside_and_enabled_again_after_an_error(collector):
    collector.enable()
    with pytest.raises(RuntimeError), bulk.collector_paused():
        assert not collector.isenabled()
        raise RuntimeError("a failed run")
    assert collector.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(collector):
    collector.disable()
    with bulk.collector_paused():
        assert not collector.isenabled()
    assert not collector.isenabled()


def test_rows_streamed_in_chunks_are_written_in_order_and_a_failing_chunk_leaves_nothing(regions, monkeypatch):
    """rows_stream pulls the chunks one at a time (a run computes its next preset meanwhile); the rows read
    back in the order streamed, across several COPY buffers. An error while making a chunk, after others were
    sent, aborts the write, and the transaction keeps none of it."""
    from django.db import transaction

    from apps.recommendations.models import RecommendationSet
    from tests.factories import ScoringRunFactory

    monkeypatch.setattr(bulk, "COPY_BUFFER_ROWS", 2)
    run = ScoringRunFactory()
    pulled = []
    names = ["run_id", "preset", "basis", "matrix", "sameness", "parameters"]

    def chunks(count, fail_at=None):
        for k in range(count):
            if k == fail_at:
                raise RuntimeError("chunk failed")
            pulled.append(k)
            presets = [f"p{k}-{j}" for j in range(3)]
            yield {
                "run_id": [run.pk] * 3,
                "preset": presets,
                "basis": ["capability"] * 3,
                "matrix": [{"chunk": k, "row": j} for j in range(3)],
                "sameness": [{}] * 3,
                "parameters": [[k]] * 3,
            }

    assert bulk.rows_stream(RecommendationSet, names, chunks(3)) == 9
    assert pulled == [0, 1, 2]
    stored = list(RecommendationSet.objects.filter(run=run).order_by("id").values_list("preset", "matrix"))
    assert stored == [(f"p{k}-{j}", {"chunk": k, "row": j}) for k in range(3) for j in range(3)]

    run = other = ScoringRunFactory()
    with pytest.raises(RuntimeError, match="chunk failed"), transaction.atomic():
        bulk.rows_stream(RecommendationSet, names, chunks(3, fail_at=2))
    assert not RecommendationSet.objects.filter(run=other).exists()
