"""Web process → broker → a real worker process → database, on the configured broker and database."""

import time
import uuid

import pytest
from django.conf import settings

from apps.core.models import WorkerCanary
from apps.core.tasks import worker_canary
from conftest import wait_for


@pytest.mark.integration
def test_task_round_trip_through_a_real_worker(transactional_db, celery_worker_process):
    tokens = [uuid.uuid4().hex for _ in range(5)]
    for token in tokens:
        worker_canary.delay(token)
    assert wait_for(lambda: WorkerCanary.objects.filter(token__in=tokens).count() == len(tokens)), (
        f"worker did not write the canaries; log: {celery_worker_process.log_path}"
    )
    assert all(c.hostname for c in WorkerCanary.objects.filter(token__in=tokens))


@pytest.mark.integration
def test_redelivered_canary_is_written_once(transactional_db, celery_worker_process):
    token = uuid.uuid4().hex
    worker_canary.delay(token)
    worker_canary.delay(token)
    assert wait_for(lambda: WorkerCanary.objects.filter(token=token).exists())
    time.sleep(1)
    assert WorkerCanary.objects.filter(token=token).count() == 1


def test_celery_settings_do_not_lose_jobs():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT < settings.CELERY_TASK_TIME_LIMIT
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
    if visibility is not None:  # Redis: a task must finish before the broker hands it out again
        assert settings.CELERY_TASK_TIME_LIMIT < visibility
