"""The test suite: PostgreSQL/Redis when DATABASE_URL/CELERY_BROKER_URL are set, else SQLite + filesystem broker."""

from pathlib import Path

from config.env import VAR_DIR, env

env.ENVIRON.setdefault("SECRET_KEY", "test-only-secret-key-not-for-any-deployment-0123456789abcdef")
env.ENVIRON.setdefault("DEBUG", "false")
env.ENVIRON.setdefault("BROKER_DIR", str(VAR_DIR / "test-broker"))
env.ENVIRON.setdefault("UPLOAD_ROOT", str(VAR_DIR / "test-uploads"))
env.ENVIRON.setdefault("JOB_STALE_SECONDS", "5")
env.ENVIRON.setdefault("JOB_HEARTBEAT_SECONDS", "1")
env.ENVIRON.setdefault("HEALTH_CACHE_SECONDS", "0")
# the role × endpoint matrix and schema checks send many requests per user; the throttle test sets its own
for _scope in ("USER", "ANON", "TOKEN"):
    env.ENVIRON.setdefault(f"API_THROTTLE_{_scope}", "100000/min")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import DATABASES, STATIC_ROOT  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the worker process started by the integration tests must see the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
CACHE_DIR = VAR_DIR / "cache"

# WhiteNoise serves from STATIC_ROOT once collectstatic has run, and from the finders until then.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
