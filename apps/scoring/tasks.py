from apps.core.tasks import job_task

scoring_run_execute = job_task(
    name="scoring.run_execute",
    model="scoring.ScoringRun",
    service="apps.scoring.services.scoring_run_execute",
    id_arg="run_id",
)
