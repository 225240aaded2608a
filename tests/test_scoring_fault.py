"""A worker killed (SIGKILL) in the middle of a scoring run: after a worker starts again the run completes
with every region scored exactly once (or fails with the reason); it is never left running."""

import os
import uuid

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from apps.indicators.models import Indicator
from apps.ingest.services import dataset_process, dataset_upload
from apps.regions.models import Region
from apps.regions.selectors import region_layer_q
from apps.scoring.domain.model import required_codes
from apps.scoring.models import RegionScore, ScoringModel, ScoringRun
from apps.scoring.services import default_model_ensure, scoring_run_create
from conftest import ARTIFACTS, WorkerProcess, wait_for


def _county_data(admin) -> int:
    model = default_model_ensure()
    counties = list(Region.objects.filter(level="county").values_list("code", flat=True))
    units = dict(Indicator.objects.values_list("code", "unit"))
    rng = np.random.default_rng(4)
    lines = ["region_code,indicator,year,value,unit"]
    for code in required_codes(model.spec):
        for county, value in zip(counties, rng.lognormal(2, 1, len(counties)), strict=True):
            lines.append(
                f"{county},{code},2022,{min(value, 99.0) if units[code] == '%' else round(value, 3)},{units[code]}"
            )
    with override_settings(UPLOAD_MAX_BYTES=50 * 2**20):
        dataset, _ = dataset_upload(
            upload=SimpleUploadedFile("counties.csv", ("\n".join(lines) + "\n").encode()), user=admin
        )
    dataset_process(dataset_id=dataset.id)
    return len(counties)


@pytest.mark.integration
def test_worker_killed_mid_run_loses_no_run(committed_regions, make_user, request):
    from config.celery import app

    admin = make_user("admin")
    counties = _county_data(admin)
    ScoringRun.objects.all().delete()  # the commit queued the default model; this test starts its own run
    others = [name for reply in app.control.ping(timeout=0.5) for name in reply]
    for name in others:
        app.control.cancel_consumer("compute", destination=[name], reply=True)
    request.addfinalizer(lambda: [app.control.add_consumer("compute", destination=[n], reply=True) for n in others])

    base = default_model_ensure()
    slow = ScoringModel.objects.create(slug="fault-test", version=1, name="many draws", spec=base.spec, draws=5000)
    worker = WorkerProcess(
        f"score-{uuid.uuid4().hex[:6]}@{os.uname().nodename}", ARTIFACTS / "worker-scoring-fault.log"
    )
    request.addfinalizer(worker.stop)
    worker.start()
    run = scoring_run_create(model=slow, level="county", year=2022, user=admin)
    assert wait_for(lambda: ScoringRun.objects.get(pk=run.pk).stage == "writing", 120), "the run did not start"
    worker.kill()
    assert ScoringRun.objects.get(pk=run.pk).status == "running"

    restarted = WorkerProcess(worker.name.replace("score-", "score2-"), ARTIFACTS / "worker-scoring-fault.log")
    request.addfinalizer(restarted.stop)
    restarted.start()
    assert wait_for(lambda: ScoringRun.objects.get(pk=run.pk).status in ("succeeded", "failed"), 240), "run stuck"
    final = ScoringRun.objects.get(pk=run.pk)
    scores = RegionScore.objects.filter(run=final)
    if final.status == "succeeded":
        layer = Region.objects.filter(region_layer_q("county")).count()  # counties plus the units standing in
        assert scores.count() == final.scored == counties == layer - len(final.excluded)
        assert scores.values("region").distinct().count() == scores.count()
    else:
        assert scores.count() == 0 and final.failure
