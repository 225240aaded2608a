"""The one Celery task shape every background job kind uses, in the manner of NetBox's JobRunner: the task
carries only the job's id and calls the kind's service, which claims the job, runs it with a lease and a
heartbeat, and finishes or fails it (apps/core/jobs.py). A job another worker still holds is retried once that
worker's lease would be stale. Every kind made here is resumed at worker start: a worker that died took its
running job's message with it, so each worker start queues unfinished jobs again, and the job's own claim
keeps them from running twice."""

import logging

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)
JOB_KINDS: dict[str, tuple[str, object]] = {}  # task name → (model label, task)


def job_task(*, name: str, model: str, service: str, id_arg: str):
    """A task running one job of `model` ("app_label.Model") by calling `service` (dotted path) with the job's
    id as the keyword `id_arg`."""

    @shared_task(bind=True, name=name, max_retries=30)
    def task(self, job_id: int) -> None:
        from .jobs import JobBusy

        try:
            import_string(service)(**{id_arg: job_id})
        except JobBusy as exc:
            # Come back when the other run would count as stale: either it finished by then, or it is taken over.
            raise self.retry(exc=exc, countdown=settings.JOB_STALE_SECONDS) from exc

    JOB_KINDS[name] = (model, task)
    return task


def jobs_resume_all(sender=None, **kwargs) -> int:
    """Queues the unfinished jobs of every kind again (connected to Celery's worker_ready)."""
    from django.utils.module_loading import autodiscover_modules

    from .jobs import jobs_resume

    autodiscover_modules("tasks")  # every app's kinds are registered, whatever the worker imported first
    total = 0
    for name, (label, task) in JOB_KINDS.items():
        resumed = jobs_resume(apps.get_model(label), task)
        if resumed:
            log.warning("worker start: %d unfinished %s job(s) queued again", resumed, name)
        total += resumed
    return total


@shared_task(name="core.worker_canary")
def worker_canary(token: str) -> None:
    from .services import worker_canary_record

    worker_canary_record(token=token)
