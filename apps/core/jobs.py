"""The life cycle every background job row shares: pending → running → succeeded | failed, with a heartbeat
so that a job whose worker died is taken over, and a live one is never run twice."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class JobBusy(Exception):
    """Another worker is running this job right now; try again later."""


class Job(models.Model):
    """Status, stage, progress (0–100), heartbeat and timing of a background job."""

    Status = JobStatus

    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING, db_index=True)
    stage = models.CharField(max_length=32, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    failure = models.TextField(blank=True, help_text="Why the job stopped, when it did not succeed")
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life of the job")
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at is None:
            return None
        end = self.finished_at or timezone.now()
        return round((end - self.started_at).total_seconds(), 1)


def job_claim(model: type[Job], pk: int, logger=None):
    """Marks the job running unless it is finished or someone else is on it. A run whose worker died (no
    heartbeat for JOB_STALE_SECONDS) is taken over; a live one raises JobBusy. Returns the job, or None when
    there is nothing to do (finished, or gone)."""
    with transaction.atomic():
        job = model.objects.select_for_update().filter(pk=pk).first()
        if job is None:
            return None
        now = timezone.now()
        if job.status == JobStatus.RUNNING:
            if job.heartbeat_at and now - job.heartbeat_at < timedelta(seconds=settings.JOB_STALE_SECONDS):
                raise JobBusy(pk)
            if logger:
                logger.warning("%s %s: taking over a run whose worker stopped", model.__name__, pk)
        elif job.status != JobStatus.PENDING:
            return None
        job.status = JobStatus.RUNNING
        job.started_at = job.heartbeat_at = now
        job.finished_at = None
        job.stage, job.progress, job.failure = "reading", 1, ""
        job.save(update_fields=["status", "started_at", "heartbeat_at", "finished_at", "stage", "progress", "failure"])
        return job


def job_beat(job: Job, stage: str, progress: int) -> None:
    """Records progress and a heartbeat (its own statement, outside any transaction of the job)."""
    type(job).objects.filter(pk=job.pk).update(stage=stage, progress=progress, heartbeat_at=timezone.now())
    job.stage, job.progress = stage, progress


def jobs_resume(model: type[Job], task) -> int:
    """Queues every job of `model` that is waiting or was running; used when a worker starts, so a job whose
    message died with a worker is picked up again (its claim keeps a live one from running twice)."""
    ids = list(model.objects.filter(status__in=[JobStatus.PENDING, JobStatus.RUNNING]).values_list("id", flat=True))
    for job_id in ids:
        task.delay(job_id)
    return len(ids)


def job_finish(job: Job, status: str, **fields) -> Job:
    """Ends the job with `status`, setting any other fields given (failure, counts, results)."""
    for name, value in {"status": status, "finished_at": timezone.now(), "progress": 100, **fields}.items():
        setattr(job, name, value)
    job.save()
    return job


def job_run(model: type[Job], pk: int, body, *, logger, on_crash):
    """Claims the job and runs `body(job)`. An unexpected error fails the job through `on_crash(job, exc)`
    instead of leaving it running; a finished or missing job returns None; a live one raises JobBusy."""
    job = job_claim(model, pk, logger)
    if job is None:
        return None
    try:
        return body(job)
    except Exception as exc:
        logger.exception("%s %s failed", model.__name__, pk)
        job.refresh_from_db()
        return on_crash(job, exc)
