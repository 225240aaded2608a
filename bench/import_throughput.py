"""Import throughput: a long-format CSV of N observation rows, validated and committed in one job.

Each size runs in its own process so peak memory is its own. Uses the database in DATABASE_URL (PostgreSQL for
the figures in the README); the regions must be loaded (`make setup`). The bench's datasets are removed after.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yindi_bench .venv/bin/python bench/import_throughput.py 100000 1000000
"""

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("UPLOAD_MAX_BYTES", str(200 * 1024 * 1024))


def one(rows: int) -> None:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.indicators.models import Indicator, Observation
    from apps.ingest import services
    from apps.ingest.models import Dataset
    from apps.ingest.services import dataset_process, dataset_upload
    from apps.regions.models import Region

    services._enqueue = lambda dataset: None  # the job runs right here, timed, not on a worker

    counties = list(Region.objects.filter(level="county").values_list("code", flat=True))
    indicators = list(Indicator.objects.values_list("code", "unit"))
    per_year = len(counties) * len(indicators)
    lines = ["region_code,indicator,year,value,unit"]
    for i in range(rows):
        code, unit = indicators[(i // len(counties)) % len(indicators)]
        year = 2024 - i // per_year
        value = (i * 7919) % 9900 / 100 if unit == "%" else 100 + (i * 7919) % 100000
        lines.append(f"{counties[i % len(counties)]},{code},{year},{value},{unit}")
    content = ("\n".join(lines) + "\n").encode()
    upload = SimpleUploadedFile(f"bench-{rows}-{time.time_ns()}.csv", content)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    dataset, _ = dataset_upload(upload=upload, user=None, source="bench")
    dataset_process(dataset_id=dataset.id)
    elapsed = time.perf_counter() - started
    dataset.refresh_from_db()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert dataset.status == "succeeded", (dataset.failure, dataset.errors[:3])
    print(
        f"{rows:>9,} rows  {len(content) / 2**20:6.1f} MB CSV  {elapsed:6.1f} s  {rows / elapsed:>9,.0f} rows/s  "
        f"peak RSS {peak / 1024:,.0f} MB (before the job {before / 1024:,.0f} MB)  written {dataset.observations_written:,}"
    )
    Observation.objects.filter(dataset=dataset).delete()
    Dataset.objects.filter(pk=dataset.pk).delete()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        one(int(sys.argv[2]))
    else:
        import django

        django.setup()
        from django.db import connection

        print(f"database: {connection.vendor}")
        for size in [int(arg) for arg in sys.argv[1:]] or [100_000]:
            subprocess.run([sys.executable, __file__, "--one", str(size)], check=True)
