from rest_framework.test import APIClient

from apps.scoring.models import ScoringRun
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_models_runs_scores_and_scorecard(province_data, planner, official, django_capture_on_commit_callbacks):
    province_data(2022)
    models = _client(official).get("/api/scoring-models/").data
    assert any(m["is_default"] and m["name"] == "因地制宜 v2" for m in models)
    assert (
        _client(official)
        .post("/api/scoring-runs/", {"model": models[0]["id"], "level": "province", "year": 2022}, format="json")
        .status_code
        == 403
    )
    # the upload queued the default model for 2022: asking for the same run gives that one, queued once
    queued = ScoringRun.objects.get(level="province", year=2022, status="pending")
    with django_capture_on_commit_callbacks() as callbacks:
        same = _client(planner).post(
            "/api/scoring-runs/", {"model": default_model().id, "level": "province", "year": 2022}, format="json"
        )
    assert same.status_code == 202 and same.data["id"] == queued.pk and not callbacks
    queued.delete()
    with django_capture_on_commit_callbacks() as callbacks:
        response = _client(planner).post(
            "/api/scoring-runs/", {"model": default_model().id, "level": "province", "year": 2022}, format="json"
        )
    assert response.status_code == 202 and response.data["status"] == "pending" and len(callbacks) == 1
    scoring_run_execute(run_id=response.data["id"])
    detail = _client(official).get(f"/api/scoring-runs/{response.data['id']}/").data
    assert detail["status"] == "succeeded" and detail["progress"] == 100 and detail["year"] == 2022
    assert len(detail["fingerprint"]) == 64
    scores = _client(official).get(f"/api/scoring-runs/{response.data['id']}/scores/").data
    assert scores["count"] == 31
    first = scores["results"][0]
    assert first["rank"] == 1 and {"code", "name_zh", "name_en"} <= set(first["region"])
    assert {"composite", "rank_p05", "rank_p95", "role", "pillars"} <= set(first)
    card = _client(official).get(f"/api/regions/{first['region']['code']}/scorecard/").data
    assert card["run"] == response.data["id"] and card["rank"] == 1 and card["role"] == first["role"]
    gdp = next(row for row in card["indicators"] if row["code"] == "gdp")
    assert gdp["unit"] == "亿元" and gdp["year"] == 2022 and gdp["source"] is not None and gdp["value"] > 0
    taiwan = _client(official).get("/api/regions/710000/scorecard/").data
    assert taiwan["scored"] is False and taiwan["excluded_reason"]


def test_scorecard_without_runs_is_404(official, regions):
    assert _client(official).get("/api/regions/420000/scorecard/").status_code == 404
    assert ScoringRun.objects.count() == 0


def test_jobs_page_starts_runs_for_planners_only(client, planner, official, regions):
    client.force_login(official)
    page = client.get("/jobs/").content.decode()
    assert 'id="start-run"' not in page
    assert client.post("/jobs/", {"model": default_model().id, "level": "province", "year": 2022}).status_code == 403
    client.force_login(planner)
    assert 'id="start-run"' in client.get("/jobs/").content.decode()
    response = client.post("/jobs/", {"model": default_model().id, "level": "province", "year": 2022})
    assert response.status_code == 302 and ScoringRun.objects.filter(year=2022, created_by=planner).count() == 1
    assert "#" in client.get("/jobs/").content.decode()


def test_methodology_page_lists_pillars_indicators_and_the_role_rule(client, official):
    client.force_login(official)
    page = client.get("/methodology/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Science and education resources" in page and "R&amp;D expenditure (GERD)" in page
    assert "innovation pioneer" in page and "coverage" in page


def test_whatif_preview_and_private_scenario(province_data, planner, official):
    province_data(2022, boost={"110000": 5.0})
    run = scoring_run_create(model=default_model(), level="province", year=2022)
    scoring_run_execute(run_id=run.id)
    base = {p["code"]: p["weight"] for p in default_model().spec["pillars"]}
    same = _client(official).post(f"/api/scoring-runs/{run.id}/what-if/", {"pillar_weights": base}, format="json")
    assert same.status_code == 200
    assert all(row["rank_change"] == 0 for row in same.data["scores"])  # the nominal weights change nothing
    only_market = {code: (1.0 if code == "scenarios_market" else 0.0) for code in base}
    moved = (
        _client(official)
        .post(f"/api/scoring-runs/{run.id}/what-if/", {"pillar_weights": only_market}, format="json")
        .data["scores"]
    )
    assert any(row["rank_change"] != 0 for row in moved)
    assert [row["rank"] for row in moved] == sorted(row["rank"] for row in moved)
    zero = _client(official).post(f"/api/scoring-runs/{run.id}/what-if/", {"pillar_weights": {}}, format="json")
    assert zero.status_code == 400
    # officials preview but do not save; planners save a private scenario run
    assert (
        _client(official)
        .post(f"/api/scoring-runs/{run.id}/what-if/", {"pillar_weights": only_market, "save": True}, format="json")
        .status_code
        == 403
    )
    saved = _client(planner).post(
        f"/api/scoring-runs/{run.id}/what-if/",
        {"pillar_weights": only_market, "save": True, "name": "市场优先"},
        format="json",
    )
    assert saved.status_code == 202 and saved.data["model_name"].startswith("市场优先")
    assert any(m["name"] == "市场优先" for m in _client(planner).get("/api/scoring-models/").data)
    assert not any(m["name"] == "市场优先" for m in _client(official).get("/api/scoring-models/").data)


def test_region_page_shows_the_score_and_planners_start_runs_from_it(client, planner, official, province_data):
    province_data(2022)
    run = scoring_run_create(model=default_model(), level="province", year=2022)
    scoring_run_execute(run_id=run.id)
    client.force_login(official)
    page = client.get("/regions/110000/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="scorecard"' in page and "5–95 %" in page and "Start scoring run" not in page
    client.force_login(planner)
    page = client.get("/regions/110000/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Start scoring run" in page
    assert "Start scoring run" in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    response = client.post(
        "/jobs/", {"model": default_model().id, "level": "province", "year": 2021, "next": "/regions/110000/"}
    )
    assert response.status_code == 302 and response["Location"] == "/regions/110000/"
    evil = client.post(
        "/jobs/", {"model": default_model().id, "level": "province", "year": 2021, "next": "https://evil.example/"}
    )
    assert evil["Location"] == "/jobs/"


def _map_figure(response):
    import json
    import re

    match = re.search(rb'<script id="map-figure" type="application/json">(.*?)</script>', response.content, re.S)
    return json.loads(match.group(1))


def test_map_colours_by_composite_and_role_once_a_run_exists(client, official, province_data):
    client.force_login(official)
    assert _map_figure(client.get("/"))["data"][0]["colorbar"]["ticktext"][0] in ("东部地区", "East")  # no run yet
    province_data(2022)
    run = scoring_run_create(model=default_model(), level="province", year=2022)
    scoring_run_execute(run_id=run.id)
    composite = _map_figure(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))
    scored, unscored = composite["data"]
    assert len(scored["locations"]) == 31 and set(unscored["locations"]) == {"710000", "810000", "820000"}
    assert "Composite score" in scored["colorbar"]["title"]["text"] and "2022" in scored["colorbar"]["title"]["text"]
    assert any("Rank 1 of 31" in row[4] for row in scored["customdata"])
    assert len(scored["colorbar"]["ticktext"]) == 5  # quintiles by default
    roles = _map_figure(client.get("/", {"colour": "role"}, HTTP_ACCEPT_LANGUAGE="en"))["data"][0]
    assert roles["colorbar"]["ticktext"] == ["Innovation pioneer", "Main force", "Characteristic support", "Not scored"]
    macro = _map_figure(client.get("/", {"colour": "macro"}, HTTP_ACCEPT_LANGUAGE="en"))["data"][0]
    assert macro["colorbar"]["ticktext"][0] == "East"
