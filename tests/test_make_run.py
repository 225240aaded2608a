"""`make run` on a clean clone: it loads the shipped statistics, the worker scores a recent year for every
province, the scorecard API answers with role and recommendations, and a second `make run` creates no
dataset and no run. The clone uses this checkout's virtualenv and boundary build (installing packages and
building boundaries are not under test here; bench/make_run.sh times a truly fresh start) and the embedded SQLite database and filesystem broker."""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from conftest import wait_for

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, token: str | None = None):
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"} if token else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read())


def _healthy(port: int) -> bool:
    try:
        return _get(f"http://127.0.0.1:{port}/healthz")[0] == 200
    except OSError:
        return False


def _counts(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as db:
        return (
            db.execute("SELECT COUNT(*) FROM ingest_dataset").fetchone()[0],
            db.execute("SELECT COUNT(*) FROM scoring_scoringrun").fetchone()[0],
        )


def _recent_province_run(database: Path) -> tuple[int, int] | None:
    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT id, year FROM scoring_scoringrun WHERE level = 'province' AND status = 'succeeded' "
            "AND year >= 2022 AND scored = 31 ORDER BY year DESC LIMIT 1"
        ).fetchone()


class Server:
    def __init__(self, clone: Path, port: int, log: Path):
        # nothing of this test run's settings may leak into the clone: the test settings put BROKER_DIR,
        # UPLOAD_ROOT and a 5-second JOB_STALE_SECONDS into the environment, and a shared broker folder would
        # let this suite's own worker take the clone's jobs
        leaked = {
            "DATABASE_URL",
            "CELERY_BROKER_URL",
            "CACHE_URL",
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "SECRET_KEY",
            "BROKER_DIR",
            "UPLOAD_ROOT",
            "JOB_STALE_SECONDS",
            "DEMO_DATA",
        }
        env = {k: v for k, v in os.environ.items() if k not in leaked}
        env.update(PORT=str(port), DEMO_PASSWORD="make-run-test")
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            ["make", "run", f"VENV={ROOT / '.venv'}"],
            cwd=clone,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def test_make_run_on_a_clean_clone_serves_scored_real_data_and_starts_again_unchanged(tmp_path, boundary_build):
    clone = tmp_path / "yindi"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    os.utime(clone / "requirements.txt", (0, 0))  # the shared virtualenv is up to date: no reinstall
    # nor is building the boundaries (the boundary_build fixture does that from the package): the clone gets
    # the cached build, so this test times the start-up itself
    (clone / "var" / "cache").mkdir(parents=True)
    for cached in Path(settings.CACHE_DIR).glob("boundaries-*.json.gz"):
        shutil.copy(cached, clone / "var" / "cache" / cached.name)
    port, log, database = _free_port(), tmp_path / "make-run.log", clone / "var" / "yindi.sqlite3"

    # first start: regions, shipped statistics, queued runs, then web and worker
    server = Server(clone, port, log)
    try:
        assert wait_for(lambda: _healthy(port), timeout=600, interval=1), log.read_text()[-3000:]
        assert wait_for(lambda: _recent_province_run(database) is not None, timeout=300, interval=2), log.read_text()[
            -3000:
        ]
        run_id, year = _recent_province_run(database)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/auth/token/",
            data=json.dumps({"username": "official", "password": "make-run-test"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            token = json.loads(response.read())["token"]
        # the province page's data: its score with interval, role, recommendations and sources
        _, card = _get(f"http://127.0.0.1:{port}/api/regions/420000/scorecard/?run={run_id}", token)
        assert card["year"] == year >= 2022 and card["role"] in {"pioneer", "main_force", "characteristic"}
        assert card["rank_p05"] <= card["rank"] <= card["rank_p95"]
        assert set(card["recommendations"]["categories"]) == {"traditional", "emerging", "future"}
        assert all(row["source"] for row in card["indicators"] if row["value"])
    finally:
        server.stop()
    before = _counts(database)
    assert before[0] >= 16

    # second start: nothing new
    second = Server(clone, port, log)
    try:
        assert wait_for(lambda: _healthy(port), timeout=120, interval=0.5), log.read_text()[-3000:]
        time.sleep(3)
        assert _counts(database) == before
    finally:
        second.stop()
