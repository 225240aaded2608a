"""The map in a real browser (Debian's chromium driven by Playwright): log in, switch level, drill down, click."""

import shutil

import pytest

from apps.ingest.models import Dataset
from apps.regions.models import Region
from apps.scoring.models import ScoringRun
from conftest import ARTIFACTS, in_ci, wait_for

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.integration]

if not shutil.which(CHROMIUM) and not in_ci():
    pytest.skip("Debian's chromium is not installed (CI installs it)", allow_module_level=True)


@pytest.fixture(autouse=True)
def _jobs_finished_before_teardown(live_server):
    """The test ends once the session's worker, if one is running, has finished every job left pending or
    running: a scoring run still writing when the test database is emptied deadlocks with the TRUNCATE (seen
    in CI after a scenario saved in a test's last step). Without a worker, queued jobs only wait, holding no
    lock. Set up after the live server (and its database), so torn down before them."""
    yield
    from config.celery import app

    if not app.control.ping(timeout=0.5):
        return
    busy = ("pending", "running")

    def settled():
        return not (
            ScoringRun.objects.filter(status__in=busy).exists() or Dataset.objects.filter(status__in=busy).exists()
        )

    assert wait_for(settled, 240), "the worker did not finish the jobs the test left queued"


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM reads are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 860}, locale="zh-CN")
        page.problems = []
        page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: page.problems.append(f"request failed: {r.url}"))
        yield page
        browser.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _wait_for_map(page, count: int) -> None:
    page.wait_for_selector("#map[data-ready='1']", timeout=20000)
    assert page.locator("#map path.choroplethlocation").count() == count


def _click_region(page, code: str) -> None:
    """Clicks the map at a point inside the region (its label point, projected the way plotly draws it)."""
    region = Region.objects.get(code=code)
    x, y = page.evaluate(
        """([lon, lat]) => {
            const gd = document.getElementById('map');
            const [px, py] = gd._fullLayout.geo._subplot.projection([lon, lat]);
            const path = gd.querySelector('path.choroplethlocation');
            const point = path.ownerSVGElement.createSVGPoint();
            point.x = px; point.y = py;
            const screen = point.matrixTransform(path.getScreenCTM());
            return [screen.x, screen.y];
        }""",
        [region.label_lon, region.label_lat],
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(150)
    page.mouse.click(x, y)


def test_official_logs_in_switches_level_and_drills_down(live_server, committed_regions, make_user, browser_page):
    page = browser_page
    user = make_user("official", username="browser-official")
    page.goto(f"{live_server.url}/")
    assert "/accounts/login/" in page.url
    _shot(page, "01-login")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-123")
    page.click("button[type=submit]")

    _wait_for_map(page, 34)
    _shot(page, "02-map-provinces")

    page.select_option("#level", "prefecture")
    page.wait_for_url("**level=prefecture**")
    _wait_for_map(page, 370)
    _shot(page, "03-map-prefectures")

    page.select_option("#level", "province")
    page.wait_for_url("**level=province**")
    _wait_for_map(page, 34)
    _click_region(page, "420000")
    page.wait_for_url("**parent=420000**")
    _wait_for_map(page, 17)
    _shot(page, "04-drilled-into-hubei")

    _click_region(page, "420100")
    page.wait_for_url("**/regions/420100/")
    assert "武汉市" in page.inner_text("#region-name")
    _wait_for_map(page, 13)  # Wuhan's districts
    _shot(page, "05-wuhan-page")

    page.go_back()
    page.click("#parent-page")
    page.wait_for_url("**/regions/420000/")
    assert "湖北省" in page.inner_text("#region-name")

    page.select_option("#language-select", "en")
    page.wait_for_url("**/regions/420000/")
    assert "Hubei" in page.inner_text("#region-name")
    _shot(page, "06-hubei-english")

    assert page.problems == []


def test_logout_and_back_shows_the_login_page(live_server, committed_regions, make_user, browser_page):
    page = browser_page
    user = make_user("planner", username="browser-planner")
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-123")
    page.click("button[type=submit]")
    _wait_for_map(page, 34)
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_url("**/accounts/login/")
    page.go_back()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert page.locator("#map").count() == 0
    page.goto(f"{live_server.url}/regions/420000/")
    assert "/accounts/login/" in page.url


def test_admin_uploads_a_table_and_watches_the_job_finish(
    live_server, committed_regions, make_user, browser_page, celery_worker_process, tmp_path
):
    page = browser_page
    admin = make_user("admin", username="browser-admin")
    table = tmp_path / "gdp-2021.csv"
    table.write_text(
        "省份,年份,地区生产总值(亿元)\n湖北省,2021,50012.9\n四川省,2021,53850.8\n全国,2021,1143669.7\n", encoding="gbk"
    )
    page.goto(f"{live_server.url}/accounts/login/?next=/data/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", "pw-for-tests-123")
    page.click("button[type=submit]")
    page.wait_for_url("**/data/")
    page.set_input_files("#id_file", str(table))
    page.fill("#id_source", "《中国统计年鉴2022》表3-9")
    page.click("#upload button[type=submit]")
    page.wait_for_url("**/data/*/")
    # the page polls the job and reloads when validation is done
    page.wait_for_selector("#commit", timeout=60000)
    _shot(page, "07-upload-validated")
    page.click("#commit")
    page.wait_for_selector(".status-succeeded", timeout=60000)
    # the stage reads in the page's language
    page.wait_for_function("() => /committed|已写入/.test(document.body.innerText)", timeout=60000)
    _shot(page, "08-upload-committed")
    page.goto(f"{live_server.url}/jobs/")
    assert "gdp-2021.csv" in page.inner_text("main")
    assert page.problems == []


def _scored_provinces(admin) -> None:
    """Two years of synthetic provincial statistics and a 42-sector table, scored, all committed (the live
    server reads them from its own connection)."""
    import numpy as np

    from apps.ingest.services import dataset_process, dataset_upload
    from apps.scoring.selectors import default_model
    from apps.scoring.services import scoring_run_create, scoring_run_execute
    from tests.builders import make_csv, province_table

    rng = np.random.default_rng(5)
    provinces = Region.objects.filter(level="province").exclude(code__in=["710000", "810000", "820000"])
    sectors = [["region_code", "sector_code", "measure", "year", "value", "unit"]] + [
        [code, f"S{s:02d}", "value_added", 2022, round(float(rng.lognormal(12, 1.3)), 2), "万元"]
        for code in provinces.values_list("code", flat=True)
        for s in range(1, 43)
    ]
    tables = [province_table(2021, seed=1), province_table(2022, seed=2), sectors]
    for i, rows in enumerate(tables):
        dataset, _ = dataset_upload(upload=make_csv(rows, name=f"browser-{i}.csv"), user=admin, source="test table")
        _run_here_or_wait(lambda pk: dataset_process(dataset_id=pk), Dataset, dataset.id)
    for year in (2021, 2022):
        run = scoring_run_create(model=default_model(), level="province", year=year)
        _run_here_or_wait(lambda pk: scoring_run_execute(run_id=pk), ScoringRun, run.id)


def _run_here_or_wait(execute, model, pk: int) -> None:
    """Runs a job in this process, or, when a worker started by an earlier test has claimed it first (its task
    was queued on commit), waits for that worker to finish it."""
    from apps.core.jobs import JobBusy

    try:
        execute(pk)
    except JobBusy:
        assert wait_for(lambda: model.objects.get(pk=pk).status in ("succeeded", "failed"), timeout=120)
    assert model.objects.get(pk=pk).status == "succeeded", model.objects.get(pk=pk).failure


def _login(page, url: str, user) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-for-tests-123")
    page.click("button[type=submit]")


def test_official_reads_pillars_a_scorecard_and_compares(
    live_server, committed_regions, make_user, browser_page, upload_root
):
    page = browser_page
    _scored_provinces(make_user("admin", username="browser-data"))
    _login(page, live_server.url, make_user("official", username="browser-reader"))
    _wait_for_map(page, 34)
    page.select_option("#colour", "pillar:science_education")
    page.wait_for_url("**colour=pillar%3Ascience_education**")
    _wait_for_map(page, 34)
    page.select_option("#year", "2021")
    page.wait_for_url("**year=2021**")
    _wait_for_map(page, 34)
    assert "2021" in page.inner_text("#variable-source")
    _shot(page, "09-map-science-pillar-2021")

    _click_region(page, "420000")
    page.wait_for_url("**parent=420000**")
    page.click("#parent-page")
    page.wait_for_url("**/regions/420000/")
    page.wait_for_selector("#radar[data-ready='1']", timeout=20000)
    assert page.locator("#indicators tbody tr").count() >= 15  # the default model v2 weighs 17 indicators
    assert page.locator("ol.recommendations[data-category='emerging'] > li").count() == 3
    _shot(page, "10-hubei-scorecard")

    page.click("#compare-link")
    page.wait_for_url("**/compare/?regions=420000")
    for name in ("湖南", "广东"):
        page.fill("#add", name)
        page.click("#compare-add button[type=submit]")
        page.wait_for_load_state()
    page.wait_for_selector("#radar[data-ready='1']", timeout=20000)
    assert page.locator("#compare-summary thead a.remove").count() == 3
    assert page.locator("#compare-indicators td.best").count() >= 10
    _wait_for_map(page, 34)
    _shot(page, "11-compare-three-provinces")

    # a tablet held upright and a laptop: nothing runs off the side of any page
    pages = {
        "map": "/",
        "top-pick": "/?colour=top_emerging",
        "region": "/regions/420000/",
        "compare": "/compare/?regions=420000,430000,440000",
        "data": "/data/",
        "jobs": "/jobs/",
        "methodology": "/methodology/",
        "references": "/references/",
        "entities": "/data/entities/",
    }
    for width in (820, 1440):
        page.set_viewport_size({"width": width, "height": 1180 if width == 820 else 900})
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            page.wait_for_load_state("networkidle")
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), (width, path)
            _shot(page, f"12-{width}-{name}")
        page.goto(f"{live_server.url}/regions/420000/")
        page.wait_for_selector("#map[data-ready='1']", timeout=20000)
        card, small_map = (
            page.locator(".columns > section.card").first.bounding_box(),
            page.locator("#map").bounding_box(),
        )
        if width == 1440:  # the small map sits beside the region's card, not under everything
            assert small_map["x"] > card["x"] + card["width"] and small_map["y"] < card["y"] + card["height"]
    # the top-pick map's legend lists each industry with its own colour
    page.goto(f"{live_server.url}/?colour=top_emerging")
    colours = page.eval_on_selector_all("#map-legend .swatch", "els => els.map(e => e.style.background)")
    assert colours and len(set(colours)) == len(colours)
    assert page.problems == []


def test_planner_moves_a_weight_and_ranks_change(live_server, committed_regions, make_user, browser_page, upload_root):
    page = browser_page
    _scored_provinces(make_user("admin", username="browser-data2"))
    _login(page, live_server.url, make_user("planner", username="browser-weights"))
    _wait_for_map(page, 34)
    page.click("#whatif summary")
    before = page.evaluate("() => Array.from(document.getElementById('map').data[0].z)")
    page.evaluate("""() => {
        document.querySelectorAll('#whatif input[data-pillar]').forEach((s) => {
            s.value = s.getAttribute('data-pillar') === 'science_education' ? '1' : '0';
        });
        const s = document.querySelector('#whatif input[data-pillar]');
        s.dispatchEvent(new Event('input', { bubbles: true }));
    }""")
    page.wait_for_selector("#whatif[data-ready='1']", timeout=20000)
    changes = page.locator("#whatif-changes tbody tr")
    assert changes.count() == 10
    assert any(text[0] in "↑↓" for text in changes.locator("td:last-child").all_inner_texts())
    after = page.evaluate("() => Array.from(document.getElementById('map').data[0].z)")
    assert after != before  # the map re-coloured with the new composite
    _shot(page, "13-what-if")
    page.goto(f"{live_server.url}/regions/420000/")  # the same sliders on a scorecard give its own what-if rank
    page.click("#whatif summary")
    page.evaluate("""() => {
        const s = document.querySelector('#whatif input[data-pillar="science_education"]');
        s.value = '1';
        s.dispatchEvent(new Event('input', { bubbles: true }));
    }""")
    page.wait_for_selector("#whatif[data-ready='1']", timeout=20000)
    assert page.inner_text("#whatif-region").strip()
    page.fill("#scenario-name", "science first")
    page.click("#whatif-save")
    page.wait_for_selector("#whatif-status a", timeout=20000)
    assert page.problems == []
