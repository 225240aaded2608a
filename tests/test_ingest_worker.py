"""An upload through the API is validated and committed by a real worker process."""

import pytest
from rest_framework.test import APIClient

from apps.indicators.models import Observation
from apps.ingest.models import Dataset
from conftest import wait_for
from tests.builders import make_csv


@pytest.mark.integration
def test_upload_is_processed_by_the_worker(committed_regions, make_user, celery_worker_process):
    admin = make_user("admin")
    api = APIClient()
    api.force_authenticate(admin)
    rows = [["省份", "年份", "地区生产总值(亿元)"]] + [
        [name, 2020, 1000 + i] for i, name in enumerate(["北京", "湖北", "四川"])
    ]
    response = api.post("/api/datasets/", {"file": make_csv(rows, name="gdp-2020.csv")}, format="multipart")
    assert response.status_code == 202
    wait_for(lambda: Dataset.objects.get(pk=response.data["id"]).status in ("succeeded", "failed"), 60)
    dataset = Dataset.objects.get(pk=response.data["id"])
    assert dataset.status == "succeeded", (dataset.failure, dataset.errors, celery_worker_process.log_path)
    assert dataset.progress == 100 and dataset.committed
    assert Observation.objects.filter(dataset=dataset, is_current=True).count() == 3
