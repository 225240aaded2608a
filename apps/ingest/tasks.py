from apps.core.tasks import job_task

dataset_process = job_task(
    name="ingest.dataset_process",
    model="ingest.Dataset",
    service="apps.ingest.services.dataset_process",
    id_arg="dataset_id",
)
