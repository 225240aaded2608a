"""One task shape for every job kind: each kind is registered with its model, a job another worker holds is
retried later, and a worker start queues the unfinished jobs of every kind."""

import pytest

from apps.core.jobs import JobBusy
from apps.core.tasks import JOB_KINDS, jobs_resume_all
from apps.ingest.tasks import dataset_process
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create
from apps.scoring.tasks import scoring_run_execute


def test_every_job_kind_is_registered_with_its_model():
    assert JOB_KINDS["ingest.dataset_process"] == ("ingest.Dataset", dataset_process)
    assert JOB_KINDS["scoring.run_execute"] == ("scoring.ScoringRun", scoring_run_execute)


class _Retried(Exception):
    pass


def test_a_job_another_worker_holds_is_retried_and_others_reach_the_service(monkeypatch, settings):
    calls, retries = [], []

    def busy(*, run_id):
        calls.append(run_id)
        raise JobBusy(run_id)

    def retry(*, exc, countdown):
        retries.append((type(exc), countdown))
        return _Retried()

    monkeypatch.setattr("apps.scoring.services.scoring_run_execute", busy)
    monkeypatch.setattr(scoring_run_execute, "retry", retry)
    with pytest.raises(_Retried):
        scoring_run_execute.apply(args=(41,), throw=True)
    assert calls == [41] and retries == [(JobBusy, settings.JOB_STALE_SECONDS)]
    monkeypatch.setattr("apps.scoring.services.scoring_run_execute", lambda *, run_id: calls.append(-run_id))
    assert scoring_run_execute.apply(args=(42,)).state == "SUCCESS" and calls[-1] == -42 and len(retries) == 1


@pytest.mark.usefixtures("regions")
def test_a_worker_start_queues_the_unfinished_jobs_of_every_kind(monkeypatch):
    pending = scoring_run_create(model=default_model(), level="province", year=2020)
    done = scoring_run_create(model=default_model(), level="province", year=2019)
    ScoringRun.objects.filter(pk=done.pk).update(status="succeeded")
    sent = []
    for _model, task in JOB_KINDS.values():
        monkeypatch.setattr(task, "delay", lambda job_id, name=task.name: sent.append((name, job_id)))
    assert jobs_resume_all() == 1
    assert sent == [("scoring.run_execute", pending.pk)]
