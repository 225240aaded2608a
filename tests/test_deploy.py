"""Production settings pass Django's deployment checks and refuse to start without a secret key."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="yindi.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _manage("check", ALLOWED_HOSTS="yindi.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_a_cache_url_selects_a_shared_cache():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], "
        "settings.CACHES['default']['LOCATION'])",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="yindi.example.org",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert "RedisCache redis://127.0.0.1:6379/1" in result.stdout


def test_make_run_serves_without_debug_unless_asked():
    probe = "from django.conf import settings; print(settings.DEBUG, len(settings.SECRET_KEY) >= 50)"
    local = {"DJANGO_SETTINGS_MODULE": "config.settings.local"}
    assert _manage("shell", "-c", probe, **local).stdout.split()[-2:] == ["False", "True"]
    assert _manage("shell", "-c", probe, DEBUG="true", **local).stdout.split()[-2:] == ["True", "True"]
