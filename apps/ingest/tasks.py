from celery import shared_task
from django.conf import settings


@shared_task(bind=True, name="ingest.dataset_process", max_retries=30)
def dataset_process(self, dataset_id: int) -> None:
    from apps.core.jobs import JobBusy

    from .services import dataset_process as process

    try:
        process(dataset_id=dataset_id)
    except JobBusy as exc:
        # Come back when the other run would count as stale: either it finished by then, or it is taken over.
        raise self.retry(exc=exc, countdown=settings.JOB_STALE_SECONDS) from exc
