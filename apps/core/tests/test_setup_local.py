"""`setup_local` (what `make run` does first) does nothing but one check when nothing changed since the last
setup of the same database, and every step again when something did."""

import pytest
from django.core.management import call_command
from django.db.migrations.recorder import MigrationRecorder

from apps.core.management.commands import setup_local


@pytest.fixture
def steps(monkeypatch, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    calls = []
    monkeypatch.setattr(setup_local, "call_command", lambda name, *a, **k: calls.append(name))
    return calls


@pytest.mark.django_db
def test_a_second_setup_with_nothing_changed_only_checks(steps, monkeypatch, capsys):
    call_command("setup_local")
    assert steps == ["migrate", "load_regions", "load_demo_data", "demo_users"]
    call_command("setup_local")
    assert steps == ["migrate", "load_regions", "load_demo_data", "demo_users"]  # nothing ran the second time
    assert "Set up already" in capsys.readouterr().out

    monkeypatch.setenv("DEMO_PASSWORD", "another")  # an input changed: every step checks again
    call_command("setup_local")
    assert len(steps) == 8
    call_command("setup_local", no_demo_data=True)
    assert steps[8:] == ["migrate", "load_regions", "demo_users"]


@pytest.mark.django_db
def test_a_database_rebuilt_since_is_set_up_again(steps):
    call_command("setup_local")
    MigrationRecorder.Migration.objects.filter(app="scoring").delete()  # as if migrated afresh, part way
    call_command("setup_local")
    assert steps.count("migrate") == 2
