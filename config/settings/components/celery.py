"""Celery: Redis in production, kombu's filesystem transport (no server) by default.

Results are read from run rows in the database, so there is no result backend.
"""

from pathlib import Path

from config.env import VAR_DIR, env

# https://docs.celeryq.dev/en/stable/userguide/configuration.html#broker-url
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
BROKER_DIR = Path(env("BROKER_DIR", default=str(VAR_DIR / "broker")))

if CELERY_BROKER_URL.startswith("filesystem://"):
    _folders = {
        "data_folder_in": BROKER_DIR / "queue",
        "data_folder_out": BROKER_DIR / "queue",
        "processed_folder": BROKER_DIR / "processed",
        "control_folder": BROKER_DIR / "control",
    }
    for _folder in _folders.values():
        _folder.mkdir(parents=True, exist_ok=True)
    # The folders are polled; 0.2 s keeps a health-check ping and a job start snappy at negligible cost.
    CELERY_BROKER_TRANSPORT_OPTIONS = {key: str(path) for key, path in _folders.items()} | {"polling_interval": 0.2}
else:
    # Redis re-delivers an unacknowledged task after the visibility timeout: keep it well above the
    # hard time limit, or a long task runs twice.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=7200)}

CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_DEFAULT_QUEUE = "default"
# uploads are validated on a queue of their own, so queued scoring runs cannot make an upload wait
CELERY_TASK_ROUTES = {"ingest.*": {"queue": "ingest"}, "scoring.*": {"queue": "compute"}}
# Ack after the task ran, and give the message back when a worker child dies, so a killed worker loses no job.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=1800)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_SEND_TASK_EVENTS = False
