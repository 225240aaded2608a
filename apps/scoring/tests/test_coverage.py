"""Coverage is part of every result: a run says how much of the model its data cover, is provisional when
that is too little or a pillar deciding roles has no data, and then withholds roles; pages say so and let a
planner choose the run."""

import pytest

from apps.ingest.services import dataset_process, dataset_upload
from apps.scoring.models import RegionScore, ScoringRun
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute
from tests.builders import make_csv, province_table


def _run(year: int) -> ScoringRun:
    run = scoring_run_create(model=default_model(), level="province", year=year)
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    assert run.status == "succeeded", run.failure
    return run


def _upload(rows, user, name):
    dataset, _ = dataset_upload(upload=make_csv(rows, name=name), user=user)
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.status == "succeeded", (dataset.failure, dataset.errors[:3])


@pytest.fixture
def thin_and_full(province_data, admin_user_role):
    """2022 with every indicator; 2023 with market and patent figures only (no science, no industry)."""
    province_data(2022)
    keep = {"gdp", "population", "invention_patents_granted", "patents_granted", "tech_contract_turnover"}
    rows = [row for row in province_table(2023) if row[0] == "region_code" or row[1] in keep]
    _upload(rows, admin_user_role, "thin-2023.csv")
    return _run(2022), _run(2023)


def test_a_thin_run_is_provisional_says_how_much_it_rests_on_and_withholds_roles(thin_and_full, client, official):
    full, thin = thin_and_full
    assert not full.provisional and full.coverage == pytest.approx(1.0)
    assert all(s.role for s in RegionScore.objects.filter(run=full))
    assert thin.provisional and thin.coverage < 0.6
    assert thin.pillar_coverage["science_education"] == 0 and thin.pillar_coverage["industrial_foundation"] == 0
    assert thin.indicators_reported < thin.indicators_total
    assert not RegionScore.objects.filter(run=thin, role__isnull=False).exists()
    assert not any(s.modes for s in RegionScore.objects.filter(run=thin))  # read off the same missing pillars

    client.force_login(official)
    api = client.get(f"/api/scoring-runs/{thin.pk}/").json()
    assert api["provisional"] is True and api["coverage"] == pytest.approx(thin.coverage)
    scores = client.get(f"/api/scoring-runs/{thin.pk}/scores/").json()
    items = scores["results"] if isinstance(scores, dict) else scores
    assert items and all(item["role"] is None for item in items)
    card = client.get(f"/api/regions/420000/scorecard/?run={thin.pk}").json()
    assert card["provisional"] is True and card["role"] is None and card["pillar_coverage"]["science_education"] == 0

    page = client.get(f"/regions/420000/?run={thin.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    share = round(thin.coverage * 100)
    assert "Provisional result." in page and f"{share} % of its weight" in page
    assert "withheld: too little data" in page and "(no data)" in page
    assert "Provisional result." in client.get(f"/?run={thin.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    compare = client.get(f"/compare/?regions=420000,430000&run={thin.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Provisional result." in compare


def test_pages_honour_run_and_default_to_the_latest_well_covered_run(thin_and_full, client, official):
    full, thin = thin_and_full
    client.force_login(official)
    default = client.get("/regions/420000/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<option value="{full.pk}" selected>' in default  # 2022, though 2023 is newer
    chosen = client.get(f"/regions/420000/?run={thin.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<option value="{thin.pk}" selected>' in chosen and "2023" in chosen
    compare = client.get(f"/compare/?regions=420000,430000&run={thin.pk}").content.decode()
    assert f'<option value="{thin.pk}" selected>' in compare
    assert client.get("/api/regions/420000/scorecard/").json()["run"] == full.pk


def test_a_hong_kong_row_in_a_province_table_does_not_break_a_national_run(province_data, admin_user_role):
    province_data(2022)
    _upload(
        [
            ["region_code", "indicator", "year", "value", "unit"],
            ["810000", "population", 2022, 733.3, "万人"],
            ["810000", "gdp", 2022, 25000, "亿元"],
        ],
        admin_user_role,
        "hk.csv",
    )
    run = _run(2022)
    assert run.scored == 31 and "810000" in run.excluded and not run.provisional


def test_a_run_has_a_page_with_ranking_coverage_inputs_and_downloads(thin_and_full, client, official, planner):
    full, thin = thin_and_full
    client.force_login(official)
    page = client.get(f"/runs/{thin.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Provisional result." in page and thin.fingerprint in page and "thin-2023.csv" in page
    assert f"/regions/420000/?run={thin.pk}" in page and "withheld: too little data" in page
    csv = client.get(f"/runs/{full.pk}/", {"format": "csv"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert csv["Content-Type"].startswith("text/csv") and len(lines) == 1 + full.scored
    assert f'href="/runs/{full.pk}/"' in client.get("/jobs/").content.decode()
    # a planner's private scenario run is not another user's to read
    from apps.scoring.services import scenario_save

    scenario = scenario_save(run=full, pillar_weights={"science_education": 1}, name="mine", user=planner)
    assert client.get(f"/runs/{scenario.pk}/").status_code == 404
    client.force_login(planner)
    assert client.get(f"/runs/{scenario.pk}/").status_code == 200


def test_a_planners_scenario_run_is_private_everywhere(thin_and_full, client, planner, make_user):
    from apps.scoring.services import scenario_save

    full, _ = thin_and_full
    scenario = scenario_save(run=full, pillar_weights={"science_education": 1}, name="mine", user=planner)
    scoring_run_execute(run_id=scenario.pk)
    other = make_user("planner", username="other-planner")
    client.force_login(other)
    private = [
        f"/api/scoring-runs/{scenario.pk}/",
        f"/api/scoring-runs/{scenario.pk}/scores/",
        f"/api/regions/420000/scorecard/?run={scenario.pk}",
        f"/api/recommendations/?run={scenario.pk}",
        f"/api/recommendations/summary/?run={scenario.pk}",
        f"/runs/{scenario.pk}/",
    ]
    assert [client.get(url).status_code for url in private] == [404] * len(private)
    assert (
        client.post(
            f"/api/scoring-runs/{scenario.pk}/what-if/",
            {"pillar_weights": {"science_education": 1}},
            content_type="application/json",
        ).status_code
        == 404
    )
    assert scenario.pk not in [r["id"] for r in client.get("/api/scoring-runs/").json()]
    assert f"#{scenario.pk} " not in client.get("/jobs/").content.decode()
    # the owner reads it
    client.force_login(planner)
    assert [client.get(url).status_code for url in private] == [200] * len(private)
