import pytest
from celery import Celery

from apps.core.health import health_check


def test_healthz_needs_no_login_and_reports_each_part(client, db):
    response = client.get("/healthz")
    assert response.status_code in (200, 503)
    body = response.json()
    assert {"status", "database", "broker", "worker"} <= set(body)
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is True


def test_unreachable_broker_is_reported_not_raised(db, monkeypatch):
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)  # Celery lets the environment override `broker=`
    app = Celery("health-test", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_connection_timeout = 1
    state = health_check(app=app, ping_timeout=0.2)
    assert state["ok"] is False
    assert state["database"]["ok"] is True
    assert state["broker"]["ok"] is False
    assert "Error" in state["broker"]["error"]
    assert state["worker"] == {"ok": False, "error": "broker unreachable"}


@pytest.mark.integration
def test_healthz_sees_the_running_worker(client, db, celery_worker_process):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["worker"]["workers"]


def test_a_degraded_health_answer_is_logged_as_a_warning_not_an_error(client, db, monkeypatch, caplog):
    degraded = {"ok": False, "database": {"ok": True}, "broker": {"ok": True}, "worker": {"ok": False}}
    monkeypatch.setattr("apps.core.views.health_cached", lambda: degraded)
    with caplog.at_level("WARNING"):
        assert client.get("/healthz").status_code == 503
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert any("degraded: worker" in r.getMessage() for r in caplog.records)


def test_the_api_docs_link_back_to_the_app(client, official):
    client.force_login(official)
    page = client.get("/api/docs/").content.decode()
    assert 'href="/"' in page and 'href="/methodology/"' in page and "swagger-ui" in page
