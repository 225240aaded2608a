import logging

from django.apps import AppConfig

logger = logging.getLogger(__name__)


def _resume_datasets(sender=None, **kwargs):
    from .services import datasets_resume

    resumed = datasets_resume()
    if resumed:
        logger.warning("worker start: %d unfinished dataset job(s) queued again", resumed)


class IngestConfig(AppConfig):
    name = "apps.ingest"
    verbose_name = "Statistics uploads"

    def ready(self):
        from celery.signals import worker_ready

        # A worker that died took its running job's message with it (the filesystem broker has no redelivery);
        # every worker start queues unfinished jobs again, and the job's own claim keeps them from running twice.
        worker_ready.connect(_resume_datasets, dispatch_uid="ingest.resume_datasets")
