from celery import shared_task


@shared_task(bind=True, name="ingest.dataset_process", max_retries=30)
def dataset_process(self, dataset_id: int) -> None:
    from .services import DatasetBusy
    from .services import dataset_process as process

    try:
        process(dataset_id=dataset_id)
    except DatasetBusy as exc:
        raise self.retry(exc=exc, countdown=30) from exc
