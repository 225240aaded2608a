"""Server time per page under 20 concurrent users: synthetic provincial statistics (two years, every
indicator of the default model, and a 42-sector table) scored, then gunicorn on loopback and 20 logged-in
clients walking the map, map variants, a scorecard, compare, jobs and data pages. Prints median and p95 of
the server time (the Server-Timing header: time inside Django) and of the client's round trip, per page.
The bench's rows are removed afterwards.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/yindi_bench .venv/bin/python bench/page_load.py [rounds]
"""

import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from scoring_runs import RETIRED, restore, synthetic  # noqa: E402

from apps.accounts.services import roles_ensure  # noqa: E402
from apps.indicators.models import Industry, IndustryObservation  # noqa: E402
from apps.regions.models import Region  # noqa: E402
from apps.scoring import services  # noqa: E402
from apps.scoring.models import ScoringRun  # noqa: E402
from apps.scoring.selectors import default_model  # noqa: E402

USERS = 20
PAGES = {
    "map": "/",
    "map, indicator GDP": "/?colour=indicator%3Agdp&scheme=natural_breaks",
    "map, top emerging pick": "/?colour=top_emerging",
    "map, LISA clusters": "/?colour=clusters",
    "scorecard": "/regions/420000/",
    "compare (3)": "/compare/?regions=420000,430000,440000",
    "jobs": "/jobs/",
    "data": "/data/",
}
YEARS = (2022, 2023)


def prepare():
    import scoring_runs

    scoring_runs.YEARS = YEARS
    dataset = synthetic(("province",))
    rng = np.random.default_rng(11)
    sectors = list(Industry.objects.filter(classification__code="io42"))
    rows = [
        IndustryObservation(
            region=r, industry=s, measure="value_added", year=2023, dataset=dataset, value=float(rng.lognormal(12, 1.3))
        )
        for r in Region.objects.filter(level="province")
        for s in sectors
    ]
    with transaction.atomic():
        current = IndustryObservation.objects.filter(is_current=True, year=2023)
        RETIRED[IndustryObservation] = list(current.values_list("id", flat=True))  # restore() gives them back
        current.update(is_current=False)
        IndustryObservation.objects.bulk_create(rows)
    services._enqueue = lambda run: None
    for year in YEARS:
        run = services.scoring_run_create(model=default_model(), level="province", year=year)
        services.scoring_run_execute(run_id=run.id)
    return dataset


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str):
        started = time.perf_counter()
        with self.opener.open(self.base + path, timeout=60) as response:
            body = response.read()
            server = response.headers.get("Server-Timing", "")
        elapsed = (time.perf_counter() - started) * 1000
        match = re.search(r"dur=([\d.]+)", server)
        return body, float(match.group(1)) if match else float("nan"), elapsed

    def login(self, username: str, password: str) -> None:
        body, _, _ = self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        data = urllib.parse.urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
        request = urllib.request.Request(
            self.base + "/accounts/login/", data=data.encode(), headers={"Referer": self.base + "/accounts/login/"}
        )
        with self.opener.open(request, timeout=60) as response:
            assert "/accounts/login/" not in response.geturl(), "login failed"


def main(rounds: int) -> None:
    dataset = prepare()
    password = "bench-password-123"
    roles_ensure()
    user = get_user_model().objects.create_user(username=f"bench-{time.time_ns()}", password=password)
    user.groups.add(Group.objects.get(name="official"))
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "3",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except Exception:
                time.sleep(0.2)
        warm = Client(base)
        warm.login(user.username, password)
        for _ in range(3):  # every worker: caches filled once per run, as in use
            for path in PAGES.values():
                warm.get(path)
        results = {name: ([], []) for name in PAGES}
        lock = threading.Lock()

        def walk():
            client = Client(base)
            client.login(user.username, password)
            for _ in range(rounds):
                for name, path in PAGES.items():
                    _, server_ms, client_ms = client.get(path)
                    with lock:
                        results[name][0].append(server_ms)
                        results[name][1].append(client_ms)

        threads = [threading.Thread(target=walk) for _ in range(USERS)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        total = time.perf_counter() - started
        requests = sum(len(v[0]) for v in results.values())
        print(
            f"{USERS} concurrent users, {rounds} rounds of {len(PAGES)} pages, gunicorn with 3 workers (as in docker-compose.yml) on "
            f"{os.cpu_count()} cores: {requests} requests in {total:.1f} s ({requests / total:.0f}/s)"
        )
        print(f"{'page':<24} {'server median':>14} {'server p95':>11} {'client median':>14} {'client p95':>11}  (ms)")
        for name, (server_ms, client_ms) in results.items():
            s, c = sorted(server_ms), sorted(client_ms)
            print(
                f"{name:<24} {statistics.median(s):14.0f} {s[int(0.95 * len(s)) - 1]:11.0f} "
                f"{statistics.median(c):14.0f} {c[int(0.95 * len(c)) - 1]:11.0f}"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        ScoringRun.objects.filter(created_by=None, model=default_model(), year__in=YEARS, level="province").delete()
        restore(dataset)
        user.delete()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
