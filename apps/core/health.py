"""State of the parts the app needs: database, broker, worker."""

import threading
import time

from django.conf import settings
from django.db import connection

_lock = threading.Lock()
_last: dict = {"at": 0.0, "state": None}


def _timed(check) -> dict:
    started = time.perf_counter()
    try:
        result = {"ok": True, **(check() or {})}
    except Exception as exc:  # a health probe reports every failure instead of raising
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def _database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def _broker(app) -> dict:
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=1)
        return {"transport": conn.transport.driver_type}


def _worker(app, timeout: float) -> dict:
    # asked twice: one broadcast reply lost (the filesystem broker polls its folders) is no outage
    replies = app.control.ping(timeout=timeout, limit=1) or app.control.ping(timeout=timeout, limit=1)
    workers = sorted(name for reply in replies for name in reply)
    if not workers:
        raise RuntimeError("no worker answered the ping")
    return {"workers": workers}


def health_check(*, app=None, ping_timeout: float = 1.0) -> dict:
    """Checks database, broker and worker; `ok` is true only when all three answer."""
    if app is None:
        from config.celery import app
    database = _timed(_database)
    broker = _timed(lambda: _broker(app))
    worker = (
        _timed(lambda: _worker(app, ping_timeout)) if broker["ok"] else {"ok": False, "error": "broker unreachable"}
    )
    return {
        "ok": database["ok"] and broker["ok"] and worker["ok"],
        "database": database,
        "broker": broker,
        "worker": worker,
    }


def health_cached(*, max_age: float | None = None) -> dict:
    """`health_check()` at most once per `max_age` seconds (HEALTH_CACHE_SECONDS) per process, and one probe
    at a time: a caller that finds another probing gets the last answer at once instead of waiting, so
    pollers cannot tie up web workers while the broker is down. `age` says how old the answer is."""
    max_age = settings.HEALTH_CACHE_SECONDS if max_age is None else max_age
    now = time.monotonic()
    state = _last["state"]
    if state is not None and now - _last["at"] < max_age:
        return {**state, "age": round(now - _last["at"], 1)}
    if not _lock.acquire(blocking=state is None):
        return {**state, "age": round(now - _last["at"], 1)}
    try:
        state = health_check()
        _last.update(at=time.monotonic(), state=state)
        return {**state, "age": 0.0}
    finally:
        _lock.release()
