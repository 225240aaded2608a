"""Time from navigation to a drawn map in headless Chromium (Debian's, driven by Playwright): the national
county map, the national prefecture and province maps, and one city's counties (Guangzhou, as a drill-down
shows them). A map is drawn when the page marks it ready (`#map[data-ready='1']`, set after plotly's first draw) and every region
has its path. Each view is loaded once cold (first visit) and then five times warm; the median warm time is
reported beside the cold one, with the layer's gzipped size as served.

Needs a running server with the shipped data (`make run`) and its admin login:

    .venv/bin/python bench/map_draw.py [http://127.0.0.1:8000] [user] [password]
"""

import statistics
import sys
import time

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
USER = sys.argv[2] if len(sys.argv) > 2 else "admin"
PASSWORD = sys.argv[3] if len(sys.argv) > 3 else "admin-demo"
VIEWS = [
    ("county, national", "/?level=county", 2875),
    ("prefecture, national", "/?level=prefecture", 370),
    ("province, national", "/?level=province", 34),
    ("county, Guangzhou", "/?level=county&parent=440100", None),  # a drill-down: the layer is cut to the city
]


def drawn(page, path: str, count: int | None) -> float:
    started = time.perf_counter()
    page.goto(BASE + path)
    page.wait_for_selector("#map[data-ready='1']", timeout=60000)
    if count is not None:
        page.wait_for_function(f"document.querySelectorAll('#map path.choroplethlocation').length >= {count}")
    return time.perf_counter() - started


def main() -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(f"{BASE}/accounts/login/")
        page.fill("input[name=username]", USER)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        layer_sizes = {}
        page.on(
            "response",
            lambda r: "/geojson/" in r.url and layer_sizes.setdefault(r.url, r.headers.get("content-length")),
        )
        for label, path, count in VIEWS:
            cold = drawn(page, path, count)
            warm = [drawn(page, path, count) for _ in range(5)]
            paths = page.locator("#map path.choroplethlocation").count()
            print(
                f"{label:22s} {paths:>5} regions  cold {cold:5.2f} s  warm median {statistics.median(warm):5.2f} s "
                f"(min {min(warm):.2f}, max {max(warm):.2f})"
            )
        for url, size in layer_sizes.items():
            print(f"  layer {url.split('/geojson/')[-1]:40s} {int(size or 0) / 1024:,.0f} KB as sent")
        browser.close()


if __name__ == "__main__":
    main()
