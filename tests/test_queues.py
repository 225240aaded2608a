"""Re-scoring never delays the next upload: with the workers `make run` starts (one on the ingest queue, one on
the compute queue), a second upload is validated while the twenty runs the first one queued are still being
worked through. Measured by order of completion, not by time."""

import os
import uuid

import pytest

from apps.ingest.models import Dataset
from apps.ingest.services import dataset_upload
from apps.scoring.models import ScoringBatch, ScoringRun
from apps.scoring.services import default_model_ensure
from conftest import ARTIFACTS, WorkerProcess, wait_for
from tests.builders import make_csv, province_table


@pytest.fixture
def serve_workers(committed_regions):
    """The two workers of bin/serve: uploads on `default,ingest`, scoring runs on `compute`."""
    from config.celery import app

    app.control.purge()
    host = os.uname().nodename
    workers = [
        WorkerProcess(f"ingest-{uuid.uuid4().hex[:6]}@{host}", ARTIFACTS / "worker-ingest.log", "default,ingest"),
        WorkerProcess(f"compute-{uuid.uuid4().hex[:6]}@{host}", ARTIFACTS / "worker-compute.log", "compute"),
    ]
    for worker in workers:
        worker.start()
    yield workers
    for worker in workers:
        worker.stop()


@pytest.mark.integration
def test_a_second_upload_is_validated_while_the_first_ones_rescoring_runs(serve_workers, make_user):
    admin = make_user("admin")
    default_model_ensure()
    rows = province_table(2000)[:1]
    for year in range(2000, 2020):
        rows += province_table(year, seed=year)[1:]
    first, _ = dataset_upload(upload=make_csv(rows, name="twenty-years.csv"), user=admin)
    assert wait_for(lambda: ScoringBatch.objects.filter(dataset=first).exists(), 120), serve_workers[0].log_path
    runs = ScoringRun.objects.filter(batch__dataset=first)
    assert runs.count() == 20

    second, _ = dataset_upload(upload=make_csv(province_table(2021)[:40], name="next.csv"), user=admin, dry_run=True)
    assert wait_for(lambda: Dataset.objects.get(pk=second.pk).status in ("succeeded", "failed"), 60)
    second.refresh_from_db()
    assert second.status == "succeeded", (second.failure, second.errors[:3])
    finished_before = runs.filter(finished_at__lt=second.finished_at).count()
    assert finished_before < 20, "the validation waited for the whole re-scoring"
    # and the re-scoring goes on to the end on its own worker
    assert wait_for(lambda: not runs.exclude(status="succeeded").exists(), 300), serve_workers[1].log_path
    assert runs.filter(finished_at__gt=second.finished_at).exists()
