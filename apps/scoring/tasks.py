from celery import shared_task
from django.conf import settings


@shared_task(bind=True, name="scoring.run_execute", max_retries=30)
def scoring_run_execute(self, run_id: int) -> None:
    from apps.core.jobs import JobBusy

    from .services import scoring_run_execute as execute

    try:
        execute(run_id=run_id)
    except JobBusy as exc:
        raise self.retry(exc=exc, countdown=settings.JOB_STALE_SECONDS) from exc
