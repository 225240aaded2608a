"""API tokens expire and die with a password change or deactivation."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _token_client(user) -> tuple[APIClient, Token]:
    token, _ = Token.objects.get_or_create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api, token


def test_a_token_dies_with_a_password_change(official):
    api, _ = _token_client(official)
    assert api.get("/api/regions/?level=province").status_code == 200
    official.set_password("a-new-password-456")
    official.save()
    assert api.get("/api/regions/?level=province").status_code == 401


def test_a_token_dies_with_deactivation_but_not_with_other_edits(official):
    api, _ = _token_client(official)
    official.first_name = "Wang"
    official.save()
    assert api.get("/api/regions/?level=province").status_code == 200
    official.is_active = False
    official.save()
    assert api.get("/api/regions/?level=province").status_code == 401


def test_an_old_token_expires(official, settings):
    api, token = _token_client(official)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(hours=settings.API_TOKEN_TTL_HOURS + 1))
    response = api.get("/api/regions/?level=province")
    assert response.status_code == 401 and "expired" in response.json()["detail"]
    assert not Token.objects.filter(user=official).exists()


def test_asking_again_after_expiry_gives_a_new_token(official, settings):
    official.set_password("official-password-123")
    official.save()
    api = APIClient()
    first = api.post("/api/auth/token/", {"username": official.username, "password": "official-password-123"}).json()
    Token.objects.update(created=timezone.now() - timedelta(hours=settings.API_TOKEN_TTL_HOURS + 1))
    second = api.post("/api/auth/token/", {"username": official.username, "password": "official-password-123"}).json()
    assert second["token"] != first["token"]
