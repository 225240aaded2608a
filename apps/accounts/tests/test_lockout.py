"""Brute force: after five wrong passwords a username is locked for an hour, on the login form and the token
endpoint alike, even for the right password, and whatever X-Forwarded-For says; other users are not."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _form(client, username, password, forwarded="203.0.113.9"):
    return client.post("/accounts/login/", {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=forwarded)


def test_five_wrong_passwords_lock_the_username_on_the_form(client, official, planner):
    official.set_password("official-password-123")
    official.save()
    answers = [
        _form(client, official.username, "wrong-password", forwarded=f"198.51.100.{i}").status_code for i in range(5)
    ]
    assert answers == [200, 200, 200, 200, 429]  # the fifth failure locks
    locked = _form(client, official.username, "official-password-123", forwarded="192.0.2.77")
    assert locked.status_code == 429 and "_auth_user_id" not in client.session
    assert 'id="locked"' in locked.content.decode()
    # another user behind the same proxy is not affected
    planner.set_password("planner-password-123")
    planner.save()
    assert _form(client, planner.username, "planner-password-123").status_code == 302


def test_the_token_endpoint_shares_the_lockout(official):
    official.set_password("official-password-123")
    official.save()
    api = APIClient()
    for _ in range(5):
        assert api.post("/api/auth/token/", {"username": official.username, "password": "nope"}).status_code in (
            400,
            429,
        )
    refused = api.post("/api/auth/token/", {"username": official.username, "password": "official-password-123"})
    assert refused.status_code in (400, 403, 429) and "token" not in refused.json()
