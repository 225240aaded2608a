import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from apps.accounts.services import demo_users_ensure, roles_ensure


def test_roles_are_idempotent(db):
    roles_ensure()
    before = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    roles_ensure()
    after = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    assert before == after
    assert {"admin", "planner", "official"} <= set(after)


def test_roles_are_repaired(db):
    roles_ensure()
    Group.objects.get(name="official").permissions.clear()
    Group.objects.get(name="planner").permissions.clear()
    roles_ensure()
    assert Group.objects.get(name="planner").permissions.filter(codename="run_jobs").exists()


def _request():
    """Logins go through django-axes, which reads the request (for the lockout and its log)."""
    from django.test import RequestFactory

    return RequestFactory().post("/accounts/login/")


def test_demo_users_log_in_and_are_not_reset(db):
    result = demo_users_ensure()
    assert [(name, created) for name, _, created in result] == [("admin", True), ("planner", True), ("official", True)]
    planner = authenticate(_request(), username="planner", password="planner-demo")
    assert planner is not None and planner.groups.filter(name="planner").exists()
    admin = authenticate(_request(), username="admin", password="admin-demo")
    assert admin.is_staff and not admin.is_superuser
    planner.set_password("changed-by-the-user-123")
    planner.save()
    again = demo_users_ensure()
    assert all(not created for _, _, created in again)
    assert authenticate(_request(), username="planner", password="changed-by-the-user-123") is not None


def test_demo_password_from_environment(db, monkeypatch, capsys):
    monkeypatch.setenv("DEMO_PASSWORD", "a-shared-demo-secret")
    call_command("demo_users")
    assert authenticate(_request(), username="official", password="a-shared-demo-secret") is not None
    assert "official" in capsys.readouterr().out


def test_demo_users_refused_under_production_settings(db, settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError):
        call_command("demo_users")
