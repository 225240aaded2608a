"""The life cycle every background job row shares: pending → running → succeeded | failed, with a lease so
that a job whose worker died is taken over, and a live one is never run twice.

A worker that claims a job takes a lease (a fresh token) and a thread beside the job renews its heartbeat
every JOB_HEARTBEAT_SECONDS for as long as the job runs, whatever step it is in; another worker may take the
job over only after JOB_STALE_SECONDS without a heartbeat. Finishing is conditional on still holding the lease,
so a worker that lost its job (paused past the deadline and taken over) cannot overwrite the new owner's result.
"""

import logging
import threading
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .exceptions import ApplicationError

log = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")


class JobBusy(Exception):
    """Another worker is running this job right now; try again later."""


class JobLost(Exception):
    """This worker no longer holds the job's lease (another worker took it over): stop without writing."""


class QuotaExceeded(ApplicationError):
    """The user already has JOB_QUOTA_PER_USER jobs of this kind waiting or running."""

    status_code = 429

    def __init__(self, count: int):
        super().__init__(
            f"You already have {count} jobs of this kind waiting or running; start more when one has finished."
        )


def job_quota_check(model: type["Job"], *, owner_field: str, user) -> None:
    """Refuses a new job of `model` for a user who has JOB_QUOTA_PER_USER of them pending or running."""
    if user is None:
        return
    active = model.objects.filter(**{owner_field: user}, status__in=[JobStatus.PENDING, JobStatus.RUNNING]).count()
    if active >= settings.JOB_QUOTA_PER_USER:
        raise QuotaExceeded(active)


class QueueUnavailable(ApplicationError):
    """The job queue (broker) refused the job: nothing was started."""

    status_code = 503

    def __init__(self):
        super().__init__("The job queue is unavailable, so nothing was started. Please try again in a minute.")


class Job(models.Model):
    """Status, stage, progress (0–100), heartbeat and timing of a background job."""

    Status = JobStatus

    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING, db_index=True)
    stage = models.CharField(max_length=32, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    failure = models.TextField(blank=True, help_text="Why the job stopped, when it did not succeed (English)")
    failure_message = models.JSONField(
        default=dict, blank=True, help_text="The failure as a message code and parameters, worded for the reader"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life of the job")
    finished_at = models.DateTimeField(null=True, blank=True)
    lease = models.UUIDField(null=True, blank=True, editable=False, help_text="Token of the worker running it")

    class Meta:
        abstract = True

    @property
    def failure_text(self) -> str:
        """Why the job stopped, in the reader's language."""
        from .messages import message_text

        found = self.failure_message or {}
        return message_text(found.get("code"), found.get("params"), self.failure)

    @property
    def stage_label(self) -> str:
        from .messages import stage_label

        return stage_label(self.stage)

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
        job.lease = uuid.uuid4()
        job.stage, job.progress, job.failure = "reading", 1, ""
        job.save(
            update_fields=[
                "status",
                "started_at",
                "heartbeat_at",
                "finished_at",
                "lease",
                "stage",
                "progress",
                "failure",
            ]
        )
        return job


def _held(job: Job):
    return type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING, lease=job.lease)


def job_lease_check(job: Job) -> None:
    """Inside the transaction that writes a job's results: locks the job row and raises JobLost unless this
    worker still holds the lease, so the results of a job taken over are rolled back, not written twice."""
    if job.lease is not None and not _held(job).select_for_update().exists():
        raise JobLost(job.pk)


class LeaseKeeper:
    """Renews a running job's heartbeat from a thread of its own until stopped (a context manager)."""

    def __init__(self, job: Job, every: float | None = None):
        self.job, self.every = job, every or settings.JOB_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{type(job).__name__}-{job.pk}", daemon=True)
        self.lost = False

    def _run(self) -> None:
        try:
            while not self._stop.wait(self.every):
                try:
                    if not _held(self.job).update(heartbeat_at=timezone.now()):
                        self.lost = True
                        return
                except Exception:  # a failed renewal only shortens the lease; the next one may succeed
                    log.exception("renewing the lease of %s %s", type(self.job).__name__, self.job.pk)
        finally:
            connection.close()  # the thread's own connection

    def __enter__(self):
        # a claim made inside an outer transaction is invisible to other workers until it commits: nobody
        # can take it over, and a second connection would only wait on the first one's locks
        self.started = not connection.in_atomic_block
        if self.started:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self.started:
            self._thread.join(timeout=30)
        return False


def job_beat(job: Job, stage: str, progress: int) -> None:
    """Records progress and a heartbeat (its own statement, outside any transaction of the job)."""
    query = _held(job) if job.lease is not None else type(job).objects.filter(pk=job.pk)
    query.update(stage=stage, progress=progress, heartbeat_at=timezone.now())
    job.stage, job.progress = stage, progress


def job_enqueue(job: Job, task, *, undo=None) -> None:
    """Sends the job's task once the surrounding transaction has committed. If the broker refuses it, `undo()`
    takes the job back (nothing is left pending without a task) and QueueUnavailable is raised; without
    `undo` the job stays pending for the next worker start to pick up (jobs_resume)."""

    def send():
        try:
            task.apply_async((job.pk,), retry=False)
        except Exception as exc:
            log.warning("queueing %s %s failed: %s", type(job).__name__, job.pk, exc)
            if undo is None:
                return
            undo()
            raise QueueUnavailable() from exc

    transaction.on_commit(send)


def jobs_resume(model: type[Job], task) -> int:
    """Queues every job of `model` that is waiting or was running; used when a worker starts, so a job whose
    message died with a worker is picked up again (its claim keeps a live one from running twice)."""
    ids = list(model.objects.filter(status__in=[JobStatus.PENDING, JobStatus.RUNNING]).values_list("id", flat=True))
    for job_id in ids:
        task.delay(job_id)
    return len(ids)


def failed_because(message) -> dict:
    """The fields of a failure from a Message: its English wording and its code and parameters."""
    return {"failure": str(message), "failure_message": message.as_dict()}


def job_finish(job: Job, status: str, **fields) -> Job:
    """Ends the job with `status`, setting any other fields given (failure, counts, results), if this worker
    still holds its lease; otherwise leaves the row to its new owner and raises JobLost."""
    with transaction.atomic():
        job_lease_check(job)
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
    with LeaseKeeper(job):
        try:
            return body(job)
        except JobLost:
            logger.warning(
                "%s %s: another worker took the job over; this one stops without writing", model.__name__, pk
            )
            return None
        except Exception as exc:
            logger.exception("%s %s failed", model.__name__, pk)
            lease = job.lease
            job.refresh_from_db()
            if job.lease != lease:
                return None
            try:
                return on_crash(job, exc)
            except JobLost:
                return None
