from rest_framework.test import APIClient

from apps.recommendations.models import Recommendation, RecommendationSet, TargetIndustry
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute


def _client(user=None) -> APIClient:
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def _run(year: int):
    run = scoring_run_create(model=default_model(), level="province", year=year)
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    assert run.status == "succeeded", run.failure
    return run


def test_catalogue_is_seeded_with_the_three_categories(official):
    targets = _client(official).get("/api/target-industries/").data
    by_category = {}
    for t in targets:
        by_category.setdefault(t["category"], []).append(t)
    assert (
        len(by_category["emerging"]) == 9 and len(by_category["future"]) == 6 and len(by_category["traditional"]) >= 8
    )
    assert all(t["sectors"]["gbt4754-2017"] and t["sectors"]["io42"] for t in targets)
    assert all(abs(sum(t["requires"]["pillars"].values()) - 1) < 1e-9 for t in targets)
    assert all(t["tracks"] for t in targets if t["category"] != "traditional")


def test_recommendations_api_with_industry_data(province_data, province_industry_data, official, planner):
    province_data(2020)
    province_industry_data(2019)
    run = _run(2020)
    summary = _client(official).get(f"/api/recommendations/summary/?run={run.pk}").data
    assert [p["code"] for p in summary["presets"]] == ["balanced", "low_hanging", "long_jump"]
    balanced = summary["presets"][0]
    assert balanced["basis"] == "relatedness" and balanced["matrix"]["classification"] == "io42"
    assert balanced["matrix"]["year"] == 2019 and balanced["matrix"]["measure"] == "value_added"
    assert {"top_share", "neighbour_same", "hhi"} <= set(balanced["sameness"]["emerging"]["after"])

    response = _client(planner).get(f"/api/recommendations/?run={run.pk}&region=420000&category=emerging")
    assert response.status_code == 200 and response.data["count"] == 9
    first = response.data["results"][0]
    assert first["rank"] == 1 and first["category"] == "emerging" and first["industry"]["code"].startswith("sei-")
    assert first["region"]["code"] == "420000" and first["explanation"] and first["drivers"]
    assert first["score"] >= response.data["results"][1]["score"]
    english = (
        _client(planner)
        .get(f"/api/recommendations/?run={run.pk}&region=420000&category=emerging", HTTP_ACCEPT_LANGUAGE="en")
        .data["results"][0]
    )
    assert english["explanation"] == english["explanation_en"] != english["explanation_zh"]
    # without a run: the latest default-model run at the region's level
    assert _client(official).get("/api/recommendations/?region=420000").data["count"] == 25
    long_jump = _client(official).get(f"/api/recommendations/?run={run.pk}&region=420000&preset=long_jump").data
    assert long_jump["count"] == 25
    card = _client(official).get("/api/regions/420000/scorecard/").data
    assert set(card["recommendations"]["categories"]) == {"traditional", "emerging", "future"}
    assert card["recommendations"]["categories"]["future"][0]["explanation_zh"]


def test_recommendations_api_errors_and_access(province_data, official):
    province_data(2020)
    run = _run(2020)  # no region × industry data: capabilities only
    assert RecommendationSet.objects.get(run=run, preset="balanced").basis == "capability"
    # no sector data: traditional and emerging industries are listed, not ranked; future ones rest on capability
    items = Recommendation.objects.filter(set__run=run)
    assert set(items.filter(category__in=["traditional", "emerging"]).values_list("mode", flat=True)) == {
        "insufficient"
    }
    assert not items.filter(category__in=["traditional", "emerging"], rank__gt=0).exists()
    balanced = items.filter(set__preset="balanced", category="future", rank=1)
    assert balanced.count() == len({r for r in items.values_list("region", flat=True)})
    english = (
        _client(official)
        .get(f"/api/recommendations/?run={run.pk}&region=420000&category=traditional", HTTP_ACCEPT_LANGUAGE="en")
        .data["results"][0]
    )
    assert english["rank"] == 0 and "No data by industry" in english["reason"]
    assert _client().get("/api/recommendations/").status_code == 401
    assert _client().get("/api/target-industries/").status_code == 401
    assert _client(official).get("/api/recommendations/?category=hot").status_code == 400
    assert _client(official).get("/api/recommendations/?preset=everything").status_code == 400
    assert _client(official).get("/api/recommendations/?run=abc").status_code == 400
    assert _client(official).get("/api/recommendations/?run=999999").status_code == 404
    assert _client(official).get("/api/recommendations/?region=999999").status_code == 404


def test_admin_edits_to_the_catalogue_survive_a_reseed(db):
    from apps.recommendations.services import targets_seed

    TargetIndustry.objects.filter(code="sei-01").update(name_en="Edited")
    TargetIndustry.objects.filter(code="fut-space").delete()
    assert targets_seed() == 1
    assert TargetIndustry.objects.get(code="sei-01").name_en == "Edited"
