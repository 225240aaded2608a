"""The edge of the app: control characters are refused with a 400 before any view sees them, and API clients
get JSON errors, never an HTML page."""

import pytest
from django.test import override_settings


@pytest.mark.parametrize(
    "url",
    [
        "/api/regions/%00/",
        "/api/recommendations/?region=%00",
        "/compare/?regions=%00,110000",
        "/?parent=%00",
        "/regions/11%0100/",
        "/api/observations/?indicator=gdp%1F",
    ],
)
def test_control_characters_in_path_or_query_are_refused(client, official, url):
    client.force_login(official)
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json()["detail"].startswith("The request contains a control character")


def test_a_nul_in_a_json_body_is_refused(client, planner):
    client.force_login(planner)
    response = client.post("/api/scoring-runs/1/what-if/", '{"pillar_weights": {"a\\u0000": 1}}',
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "control character" in response.json()["detail"]


def test_ordinary_text_passes(client, official):
    client.force_login(official)
    assert client.get("/api/regions/", {"q": "湖北\t省"}).status_code == 200


@override_settings(DEBUG=False)
def test_api_errors_are_json(client, official):
    client.force_login(official)
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    assert "text/html" in client.get("/no-such-page/").get("Content-Type")


@pytest.mark.parametrize("url", ["/", "/regions/420000/", "/compare/", "/methodology/", "/data/", "/jobs/"])
def test_pages_refuse_methods_they_do_not_serve(client, admin_user_role, url):
    client.force_login(admin_user_role)
    assert [client.generic(method, url).status_code for method in ("PUT", "PATCH", "DELETE")] == [405] * 3


def test_a_table_download_of_an_unscored_region_is_a_404_not_a_page(client, official):
    client.force_login(official)
    response = client.get("/regions/420000/", {"format": "csv"})
    assert response.status_code == 404
