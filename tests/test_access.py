"""Who may see what: everything needs login except /healthz and the login page."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from apps.accounts.constants import PERM_MANAGE_GROUPS, PERM_RUN_JOBS, PERM_SAVE_SCENARIOS, PERM_UPLOAD

# Paths an anonymous visitor may open, and why.
PUBLIC = {
    "/healthz": "load balancers and monitoring",
    "/accounts/login/": "the way in",
    "/admin/login/": "the admin site's own login form",
    "/i18n/setlang/": "the language switch on the login page",
    "/api/auth/token/": "exchanges a username and password for a token",
}
SAMPLE_ARGS = {
    "code": "420100",
    "pk": "1",
    "object_id": "1",
    "app_label": "regions",
    "content_type_id": "1",
    "url": "x",
}


def _paths(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _paths(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            path = prefix + route
            if path.startswith("^") or "(?P" in path or "<path:" in path:
                continue  # regex admin/static catch-alls are covered by the admin's own login redirect
            for name, value in SAMPLE_ARGS.items():
                for converter in ("str", "int", "slug"):
                    path = path.replace(f"<{converter}:{name}>", value)
                path = path.replace(f"<{name}>", value)
            yield "/" + path


def test_every_route_needs_login_except_the_public_ones(client, db):
    paths = sorted(set(_paths()))
    assert "/api/regions/" in paths and "/" in paths  # the walk finds the app's routes
    for path in paths:
        if path in PUBLIC:
            continue
        response = client.get(path)
        if path.startswith("/api/"):
            assert response.status_code in (401, 403), path
        else:
            assert response.status_code == 302, path
            assert response["Location"].startswith(("/accounts/login/", "/admin/login/")), path


def test_public_paths_answer_without_login(client, db):
    assert client.get("/healthz").status_code in (200, 503)
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/admin/login/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert APIClient().post("/api/auth/token/", {"username": "x", "password": "y"}).status_code == 400


def test_token_login_and_use(official, regions):
    api = APIClient()
    response = api.post("/api/auth/token/", {"username": official.username, "password": "pw-for-tests-123"})
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/regions/420100/").status_code == 200
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api.get("/api/regions/420100/").status_code == 401


def test_wrong_password_and_unknown_user_look_the_same(official):
    api = APIClient()
    wrong = api.post("/api/auth/token/", {"username": official.username, "password": "nope"})
    unknown = api.post("/api/auth/token/", {"username": "nobody-here", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json()


def test_session_login_logout(client, official, regions):
    response = client.post("/accounts/login/", {"username": official.username, "password": "pw-for-tests-123"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/regions/420100/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_session_authenticated_api_writes_need_the_csrf_token(official):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(official)
    assert client.get("/api/regions/").status_code == 200
    response = client.post("/api/auth/token/", {"username": official.username, "password": "pw-for-tests-123"})
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


@pytest.mark.parametrize(
    ("fixture", "allowed"),
    [
        ("admin_user_role", {PERM_UPLOAD, PERM_RUN_JOBS, PERM_SAVE_SCENARIOS, PERM_MANAGE_GROUPS}),
        ("planner", {PERM_RUN_JOBS, PERM_SAVE_SCENARIOS}),
        ("official", set()),
    ],
)
def test_roles_carry_their_capabilities(request, fixture, allowed):
    user = request.getfixturevalue(fixture)
    every = {PERM_UPLOAD, PERM_RUN_JOBS, PERM_SAVE_SCENARIOS, PERM_MANAGE_GROUPS}
    assert {perm for perm in every if user.has_perm(perm)} == allowed


@pytest.mark.parametrize("fixture", ["admin_user_role", "planner", "official"])
def test_every_role_reads_pages_and_api(client, request, fixture, regions):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get("/").status_code == 200
    assert client.get("/?level=county").status_code == 200
    assert client.get("/regions/420000/").status_code == 200
    assert client.get("/api/regions/?level=province").status_code == 200
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200


def test_only_staff_reach_the_admin(client, official, admin_user_role):
    client.force_login(official)
    assert client.get("/admin/").status_code == 302
    admin_user_role.is_staff = True
    admin_user_role.save()
    client.force_login(admin_user_role)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/regions/regiongroup/").status_code == 200
