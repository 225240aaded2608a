"""The map in a real browser (Debian's chromium driven by Playwright): log in, switch level, drill down, click."""

import shutil

import pytest

from apps.regions.models import Region
from conftest import ARTIFACTS, in_ci

CHROMIUM = "/usr/bin/chromium"
pytestmark = [pytest.mark.browser, pytest.mark.integration]

if not shutil.which(CHROMIUM) and not in_ci():
    pytest.skip("Debian's chromium is not installed (CI installs it)", allow_module_level=True)


@pytest.fixture
def browser_page(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test's own ORM reads are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )  # fmt: skip
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
    table.write_text("省份,年份,地区生产总值(亿元)\n湖北省,2021,50012.9\n四川省,2021,53850.8\n全国,2021,1143669.7\n",
                     encoding="gbk")  # fmt: skip
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
    page.wait_for_function("() => document.body.innerText.includes('committed')", timeout=60000)
    _shot(page, "08-upload-committed")
    page.goto(f"{live_server.url}/jobs/")
    assert "gdp-2021.csv" in page.inner_text("main")
    assert page.problems == []
