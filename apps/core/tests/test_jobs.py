"""No job runs twice or is left pending without a task: the lease a live worker renews, finishing only with
the lease, and requests the queue refuses turned into a 503 with nothing left behind."""

import threading
import time
from datetime import timedelta

import pytest
from celery import Celery
from django.utils import timezone
from rest_framework.test import APIClient

from apps.core.health import health_cached
from apps.core.jobs import JobBusy, JobLost, job_claim, job_finish, job_run
from apps.ingest.models import Dataset
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create
from tests.builders import make_csv
from tests.factories import ScoringRunFactory


def _pending_run() -> ScoringRun:
    return ScoringRunFactory()


@pytest.mark.django_db(transaction=True)
def test_a_live_job_is_never_taken_over_however_long_a_step_lasts(settings, regions):
    """A step that sends no progress for longer than JOB_STALE_SECONDS (5 s here): the lease thread keeps the
    job alive, so a second worker asking for it meanwhile is told it is busy, and the job runs once."""
    run = _pending_run()
    runs, refusals = [], []

    def body(job):
        runs.append(job.pk)
        time.sleep(settings.JOB_STALE_SECONDS + 2)  # one long step, no job_beat
        return job_finish(job, ScoringRun.Status.SUCCEEDED)

    first = threading.Thread(target=lambda: job_run(ScoringRun, run.pk, body, logger=_Log(), on_crash=_crash))
    first.start()
    time.sleep(settings.JOB_STALE_SECONDS + 1)  # past the deadline a heartbeat-less job would have had
    try:
        job_claim(ScoringRun, run.pk)
    except JobBusy:
        refusals.append(run.pk)
    first.join()
    run.refresh_from_db()
    assert runs == [run.pk] and refusals == [run.pk]
    assert run.status == ScoringRun.Status.SUCCEEDED


@pytest.mark.django_db(transaction=True)
def test_a_worker_that_lost_its_lease_cannot_finish_over_the_new_owner(regions):
    run = _pending_run()
    old = job_claim(ScoringRun, run.pk)
    # its worker stops answering: no heartbeat for longer than the deadline, and another worker takes over
    ScoringRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))
    new = job_claim(ScoringRun, run.pk)
    assert new.lease != old.lease
    job_finish(new, ScoringRun.Status.SUCCEEDED, scored=31)
    with pytest.raises(JobLost):
        job_finish(old, ScoringRun.Status.FAILED, failure="late", scored=0)
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.SUCCEEDED and run.scored == 31 and run.failure == ""


@pytest.fixture
def dead_broker(monkeypatch):
    """Tasks go to a broker nobody listens on (the real client and its real connection error)."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    dead = Celery("dead-broker", broker="redis://127.0.0.1:1/0", set_as_current=False)
    dead.conf.broker_connection_timeout = 1

    def send(self, args=None, kwargs=None, **options):
        return dead.send_task(self.name, args=args, kwargs=kwargs, retry=False)

    monkeypatch.setattr("celery.app.task.Task.apply_async", send)


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_a_run_request_is_a_503_and_nothing_is_left_pending(planner, regions, dead_broker):
    client = APIClient()
    client.force_authenticate(planner)
    body = {"model": default_model().pk, "level": "province", "year": 2020}
    response = client.post("/api/scoring-runs/", body, format="json")
    assert response.status_code == 503, response.content
    assert response["Content-Type"].startswith("application/json") and "queue" in response.json()["detail"]
    assert response["Retry-After"] == "60"
    assert not ScoringRun.objects.exists()
    # a run the system queues (after a commit) stays pending for the next worker start instead
    system = scoring_run_create(model=default_model(), level="province", year=2021)
    assert ScoringRun.objects.get(pk=system.pk).status == ScoringRun.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_an_upload_is_a_503_and_the_same_file_can_be_sent_again(
    admin_user_role, regions, upload_root, dead_broker, monkeypatch
):
    client = APIClient()
    client.force_authenticate(admin_user_role)
    rows = [["region_code", "indicator", "year", "value"], ["420000", "population", "2020", "5745"]]
    response = client.post("/api/datasets/", {"file": make_csv(rows, name="p.csv")}, format="multipart")
    assert response.status_code == 503 and not Dataset.objects.exists()
    assert not any(upload_root.iterdir())
    monkeypatch.undo()  # the broker is back
    again = client.post("/api/datasets/", {"file": make_csv(rows, name="p.csv")}, format="multipart")
    assert again.status_code in (201, 202) and Dataset.objects.count() == 1


def test_healthz_probes_at_most_once_per_interval(monkeypatch, settings):
    calls = []
    monkeypatch.setattr("apps.core.health.health_check", lambda: calls.append(1) or {"ok": True})
    monkeypatch.setattr("apps.core.health._last", {"at": 0.0, "state": None})
    answers = [health_cached(max_age=30) for _ in range(20)]
    assert len(calls) == 1 and answers[0]["age"] == 0.0 and all(a["ok"] for a in answers)


class _Log:
    def warning(self, *args):
        pass

    def exception(self, *args):
        pass


def _crash(job, exc):
    return job_finish(job, ScoringRun.Status.FAILED, failure=str(exc))


def test_an_identical_waiting_run_is_returned_not_queued_again_and_a_quota_holds(planner, settings, regions):
    settings.JOB_QUOTA_PER_USER = 3
    client = APIClient()
    client.force_authenticate(planner)
    model = default_model().pk
    first = client.post("/api/scoring-runs/", {"model": model, "level": "province", "year": 2020}, format="json")
    again = client.post("/api/scoring-runs/", {"model": model, "level": "province", "year": 2020}, format="json")
    assert first.status_code == again.status_code == 202 and first.json()["id"] == again.json()["id"]
    assert ScoringRun.objects.count() == 1
    for year in (2021, 2022):
        assert (
            client.post(
                "/api/scoring-runs/", {"model": model, "level": "province", "year": year}, format="json"
            ).status_code
            == 202
        )
    fourth = client.post("/api/scoring-runs/", {"model": model, "level": "province", "year": 2023}, format="json")
    assert fourth.status_code == 429 and "3 jobs" in fourth.json()["detail"] and ScoringRun.objects.count() == 3


def test_api_calls_are_throttled_per_user_and_the_token_endpoint_per_address(official, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle, UserRateThrottle

    cache.clear()
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "5/min"})
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"token": "3/min"})
    client = APIClient()
    client.force_authenticate(official)
    codes = [client.get("/api/regions/?level=province").status_code for _ in range(7)]
    assert codes[:5] == [200] * 5 and codes[5:] == [429, 429]
    anonymous = APIClient()
    tries = [anonymous.post("/api/auth/token/", {"username": "x", "password": "y"}).status_code for _ in range(5)]
    assert tries[:3] == [400] * 3 and tries[3:] == [429, 429]
    cache.clear()
