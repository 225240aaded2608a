"""A worker killed (SIGKILL) in the middle of an import: after a worker starts again the import finishes,
with every row written once, or fails with a reason; it is never left running or half-written."""

import os
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.indicators.models import Indicator, Observation
from apps.ingest.models import Dataset
from apps.ingest.services import dataset_upload
from apps.regions.models import Region
from apps.scoring.models import ScoringRun
from conftest import ARTIFACTS, WorkerProcess, wait_for

ROWS = 200_000


def _big_table() -> bytes:
    counties = list(Region.objects.filter(level="county").values_list("code", flat=True))
    indicators = [(code, unit) for code, unit in Indicator.objects.values_list("code", "unit") if unit != "%"]
    lines = ["region_code,indicator,year,value,unit"]
    per_year = len(counties) * len(indicators)
    for i in range(ROWS):
        code, unit = indicators[(i // len(counties)) % len(indicators)]
        lines.append(f"{counties[i % len(counties)]},{code},{2024 - i // per_year},{100 + i % 997},{unit}")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.integration
def test_worker_killed_mid_import_loses_no_job(committed_regions, make_user, request):
    from config.celery import app

    # this test's own worker must be the one running the job: park any other worker's ingest queue
    others = [name for reply in app.control.ping(timeout=0.5) for name in reply]
    for name in others:
        app.control.cancel_consumer("ingest", destination=[name], reply=True)
    request.addfinalizer(lambda: [app.control.add_consumer("ingest", destination=[n], reply=True) for n in others])

    worker = WorkerProcess(f"fault-{uuid.uuid4().hex[:6]}@{os.uname().nodename}", ARTIFACTS / "worker-fault.log")
    request.addfinalizer(worker.stop)
    worker.start()
    admin = make_user("admin")
    with override_settings(UPLOAD_MAX_BYTES=100 * 2**20):
        dataset, created = dataset_upload(upload=SimpleUploadedFile("big.csv", _big_table()), user=admin)
    assert created

    assert wait_for(lambda: Dataset.objects.get(pk=dataset.pk).progress >= 10, 60), "the job did not start"
    worker.kill()
    killed = Dataset.objects.get(pk=dataset.pk)
    assert killed.status == "running" and killed.finished_at is None

    restarted = WorkerProcess(worker.name.replace("fault-", "fault2-"), ARTIFACTS / "worker-fault.log")
    request.addfinalizer(restarted.stop)
    restarted.start()
    assert wait_for(lambda: Dataset.objects.get(pk=dataset.pk).status in ("succeeded", "failed"), 180), "job stuck"
    final = Dataset.objects.get(pk=dataset.pk)
    written = Observation.objects.filter(dataset=final).count()
    if final.status == "succeeded":
        assert written == ROWS == final.observations_written
    else:
        assert written == 0 and final.failure
    assert list(final.events.values_list("action", flat=True)).count("committed") <= 1
    # the commit queued the default model again for the years it touched: those runs end too (on either worker)
    # before the workers stop, so none is left reading tables while the test database is emptied after the test
    # (seen: a county run still reading deadlocked with that TRUNCATE)
    queued = ScoringRun.objects.filter(batch__dataset=final)
    assert wait_for(lambda: not queued.filter(status__in=["pending", "running"]).exists(), 300), list(
        queued.values_list("year", "status")
    )
