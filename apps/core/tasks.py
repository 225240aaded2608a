from celery import shared_task


@shared_task(name="core.worker_canary")
def worker_canary(token: str) -> None:
    from .services import worker_canary_record

    worker_canary_record(token=token)
