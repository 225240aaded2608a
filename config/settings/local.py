"""`make run` on one machine: SQLite and the filesystem broker under var/ unless the environment says otherwise.
DEBUG is off unless asked for (`DEBUG=true make run`): error pages show no settings or locals."""

import secrets
from pathlib import Path

from config.env import VAR_DIR, env


def _local_secret_key() -> str:
    """A random key kept under var/ so sessions survive restarts of a local server."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


env.ENVIRON.setdefault("DEBUG", "false")
if not env("SECRET_KEY", default=""):
    env.ENVIRON["SECRET_KEY"] = _local_secret_key()

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import STATIC_ROOT  # noqa: E402

# Served from the finders (as in the tests), so a local start needs no collectstatic; production collects.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
