"""`make run` on one machine: SQLite and the filesystem broker under var/ unless the environment says otherwise."""

import secrets
from pathlib import Path

from config.env import VAR_DIR, env

env.ENVIRON.setdefault("DEBUG", "true")

from config.settings.base import *  # noqa: E402,F403
from config.settings.base import DEBUG, SECRET_KEY, STATIC_ROOT  # noqa: E402


def _local_secret_key() -> str:
    """A random key kept under var/ so sessions survive restarts of a local server."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


if DEBUG and not SECRET_KEY:
    SECRET_KEY = _local_secret_key()

# WhiteNoise serves from STATIC_ROOT once collectstatic has run, and from the finders until then.
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
