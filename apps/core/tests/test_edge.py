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
    response = client.post(
        "/api/scoring-runs/1/what-if/", '{"pillar_weights": {"a\\u0000": 1}}', content_type="application/json"
    )
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


def test_pages_carry_a_content_security_policy_and_no_inline_scripts(client, official):
    import re
    from pathlib import Path

    from django.conf import settings

    client.force_login(official)
    for url in ("/", "/methodology/", "/api/docs/", "/accounts/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy, url
    # the policy runs no inline script: templates use data-* attributes wired by static/js/page.js
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"\son[a-z]+=\"", text), template
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>", text), template


def test_a_data_admin_edits_target_industries_and_reference_rankings_in_the_admin(client, admin_user_role, planner):
    admin_user_role.is_staff = True  # as the demo admin and any data admin given the admin site
    admin_user_role.save()
    client.force_login(admin_user_role)
    from apps.recommendations.models import TargetIndustry

    first = TargetIndustry.objects.first().pk
    for url in (
        "/admin/recommendations/targetindustry/",
        f"/admin/recommendations/targetindustry/{first}/change/",
        "/admin/scoring/referenceranking/",
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(planner)
    assert client.get("/admin/recommendations/targetindustry/").status_code in (302, 403)
