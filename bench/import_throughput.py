"""Import throughput: a long-format CSV of N observation rows, validated and committed, against a baseline
of the same file read with `pandas.read_csv` and written with `COPY` into the same table (same indexes,
same foreign keys, committed).

Each size and each side runs in its own process, so peak memory is its own. Within a process the import
runs twice on files of the same shape: the first (cold: imports, caches) is reported apart from the second
(warm). Uses the database in DATABASE_URL (PostgreSQL for the README figures); the regions must be loaded
(`make setup`). The bench's datasets are removed after.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yindi_dev .venv/bin/python bench/import_throughput.py 100000 1000000
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("UPLOAD_MAX_BYTES", str(200 * 1024 * 1024))


def _csv(rows: int, path: Path, offset: int) -> int:
    """Writes a long-format CSV of `rows` rows (county × indicator × year); returns its size."""
    from apps.indicators.models import Indicator
    from apps.regions.models import Region

    counties = list(Region.objects.filter(level="county").values_list("code", flat=True))
    indicators = list(Indicator.objects.values_list("code", "unit"))
    per_year = len(counties) * len(indicators)
    with path.open("w") as out:
        out.write("region_code,indicator,year,value,unit\n")
        for i in range(rows):
            code, unit = indicators[(i // len(counties)) % len(indicators)]
            year = 2024 - i // per_year
            value = (i * 7919 + offset) % 9900 / 100 if unit == "%" else 100 + (i * 7919 + offset) % 100000
            out.write(f"{counties[i % len(counties)]},{code},{year},{value},{unit}\n")
    return path.stat().st_size


def _remove(dataset_ids: list[int]) -> None:
    from apps.indicators.models import Observation
    from apps.ingest.models import Dataset, DatasetEvent

    Observation.objects.filter(dataset_id__in=dataset_ids).delete()
    Observation.objects.filter(dataset__original_name__startswith="bench-").delete()
    DatasetEvent.objects.filter(dataset_id__in=dataset_ids).delete()
    Dataset.objects.filter(pk__in=dataset_ids).delete()
    Dataset.objects.filter(original_name__startswith="bench-").delete()
    from django.db import connection

    if connection.vendor == "postgresql":  # the next import must not scan this one's dead rows
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Observation._meta.db_table}")


def yindi(rows: int) -> None:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.ingest.services import dataset_process, dataset_upload

    for attempt in ("cold", "warm"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.csv"
            size = _csv(rows, path, offset=0 if attempt == "cold" else 1)
            upload = SimpleUploadedFile(f"bench-{rows}-{time.time_ns()}.csv", path.read_bytes())
        started = time.perf_counter()
        dataset, _ = dataset_upload(upload=upload, user=None, source="bench", enqueue=False)
        del upload
        dataset_process(dataset_id=dataset.id, rescore=False)
        elapsed = time.perf_counter() - started
        dataset.refresh_from_db()
        assert dataset.status == "succeeded", (dataset.failure, dataset.errors[:3])
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"  yindi    {attempt}  {rows:>9,} rows  {size / 2**20:5.1f} MB  {elapsed:6.2f} s  "
            f"{rows / elapsed:>8,.0f} rows/s  peak RSS {peak / 1024:,.0f} MB  written {dataset.observations_written:,}"
        )
        _remove([dataset.id])


def baseline(rows: int) -> None:
    """pandas.read_csv, code → id maps, COPY into the observation table, commit: no validation at all."""
    import django

    django.setup()
    import io

    import pandas as pd
    from django.db import connection, transaction

    from apps.indicators.models import Indicator
    from apps.ingest.models import Dataset
    from apps.regions.models import Region

    for attempt in ("cold", "warm"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.csv"
            size = _csv(rows, path, offset=0 if attempt == "cold" else 1)
            started = time.perf_counter()
            frame = pd.read_csv(path, dtype={"region_code": str})
            region_ids = dict(Region.objects.values_list("code", "id"))
            indicator_ids = dict(Indicator.objects.values_list("code", "id"))
            with transaction.atomic():
                dataset = Dataset.objects.create(
                    sha256=f"bench-{time.time_ns()}",
                    stored_name=f"bench-{time.time_ns()}",
                    original_name=f"bench-baseline-{rows}",
                    file_format="csv",
                    size=size,
                    source="bench",
                    status="succeeded",
                )
                out = pd.DataFrame(
                    {
                        "region_id": frame["region_code"].map(region_ids),
                        "indicator_id": frame["indicator"].map(indicator_ids),
                        "year": frame["year"],
                        "value": frame["value"],
                        "dataset_id": dataset.pk,
                        "is_current": True,
                    }
                )
                buffer = io.StringIO()
                out.to_csv(buffer, sep="\t", header=False, index=False)
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(
                        "COPY indicators_observation (region_id, indicator_id, year, value, dataset_id, is_current) FROM STDIN"
                    ) as copy,
                ):
                    copy.write(buffer.getvalue())
            elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"  baseline {attempt}  {rows:>9,} rows  {size / 2**20:5.1f} MB  {elapsed:6.2f} s  "
            f"{rows / elapsed:>8,.0f} rows/s  peak RSS {peak / 1024:,.0f} MB  (read_csv + COPY)"
        )
        _remove([dataset.id])


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] in {"--yindi", "--baseline"}:
        (yindi if sys.argv[1] == "--yindi" else baseline)(int(sys.argv[2]))
    else:
        import django

        django.setup()
        from django.db import connection

        print(f"database: {connection.vendor}; each line is one process (peak RSS is that process's)")
        for size in [int(arg) for arg in sys.argv[1:]] or [100_000]:
            for side in ("--baseline", "--yindi"):
                subprocess.run([sys.executable, __file__, side, str(size)], check=True)
