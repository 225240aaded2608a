"""Plans against the data with a database: the shipped compilation loads and lists what it cannot map; uploads
are all or nothing with row, field and reason; verdicts agree with the run's picks; pages and API show them,
and only data admins upload."""

from pathlib import Path

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from apps.core.exceptions import ApplicationError
from apps.plans.build import build_plans
from apps.plans.domain.alignment import top_cut
from apps.plans.models import DeclaredList, DeclaredPriority, PlanAlias, StatedCount
from apps.plans.selectors import mapping_rate, plan_alignment, plan_sameness, unmapped_items
from apps.plans.services import declared_remap, declared_upload, shipped_plans_load
from apps.recommendations.models import Recommendation, TargetIndustry
from apps.regions.models import Region
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute
from conftest import in_ci
from tests.builders import make_csv as _csv
from tests.builders import make_xlsx as _xlsx

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT.parent / "shared" / "data" / "raw"
pytestmark = pytest.mark.usefixtures("regions")


HEADER = ["region_name", "level", "plan", "category", "industry_as_written", "source", "confidence"]


@pytest.fixture
def plan_run(province_data, province_industry_data, admin_user_role):
    """A province run of 2020 on synthetic statistics (with a 42-sector table), and the shipped compilation."""
    province_data(2020)
    province_industry_data(2019)
    run = scoring_run_create(model=default_model(), level="province", year=2020)
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    assert run.status == "succeeded", run.failure
    shipped_plans_load(user=admin_user_role)
    return run


@pytest.mark.skipif(not RAW.is_dir() and not in_ci(), reason="../shared/data/raw is not present")
def test_the_shipped_compilation_is_the_raw_one_copied_with_its_sources(tmp_path):
    manifest = build_plans(RAW, tmp_path)
    shipped = ROOT / "fixtures" / "demo" / "plans"
    for name in ("declared_priorities.csv", "stated_counts.csv"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
    assert manifest["declared"]["rows"] == 1149 and manifest["declared"]["raw_files"]


def test_the_shipped_compilation_loads_and_every_unmapped_item_is_listed(client, admin_user_role):
    assert shipped_plans_load(user=admin_user_role) is True
    assert shipped_plans_load(user=admin_user_role) is False  # a second load adds nothing
    assert DeclaredPriority.objects.count() == 1149
    assert DeclaredPriority.objects.values("region").distinct().count() == 46  # 31 provinces, 15 cities
    mapped, total = mapping_rate()
    assert total > 1000 and mapped / total >= 0.9
    unmapped = unmapped_items()
    assert unmapped and all(not item.mappings.exists() for item in unmapped)
    client.force_login(admin_user_role)
    page = client.get("/data/plans/").content.decode()
    assert all(item.text in page for item in unmapped)
    ict = StatedCount.objects.get(topic="新一代信息技术")
    assert (ict.count, ict.level, ict.industry.code) == (28, "province", "sei-01")


def test_on_the_real_compilation_the_ict_count_stays_within_the_sources_and_the_page_shows_both(
    client, plan_run, official
):
    run = plan_run
    rows = {r["code"]: r for r in plan_sameness(run=run, category="emerging")["items"]}
    ict = rows["sei-01"]["declared_regions"]
    assert 20 <= ict <= 28  # the compilation is partial: at most the 28 of 31 the sources state
    client.force_login(official)
    page = client.get("/plans/?category=emerging").content.decode()
    row = page[page.index('data-industry="sei-01"') :].split("</tr>")[0]
    assert f'<td class="num">{ict}</td>' in row and 'data-count="28"' in row
    api = APIClient()
    api.force_authenticate(official)
    items = {i["industry"]["code"]: i for i in api.get("/api/plan-sameness/?category=emerging").data["items"]}
    assert items["sei-01"]["declared_regions"] == ict
    assert items["sei-01"]["supported_regions"] == rows["sei-01"]["supported_regions"]
    assert {s["count"] for s in items["sei-01"]["stated_counts"]} == {28}


def test_verdicts_agree_with_the_runs_picks(plan_run):
    run = plan_run
    hubei = Region.objects.get(code="420000")
    found = plan_alignment(run=run, region=hubei)
    assert found["has_list"] and found["items"]
    picks = Recommendation.objects.filter(set__run=run, set__preset="balanced", region=hubei)
    ranks = {r.industry.code: r for r in picks}
    ranked = {c: sum(1 for r in ranks.values() if r.category == c and r.rank) for c in ("emerging", "future")}
    for item in found["items"]:
        pick = ranks[item["industry"]["code"]]
        top = 1 <= pick.rank <= top_cut(ranked.get(pick.category, 0))
        expected = ("supported" if top else "weak") if item["declared"] else "opportunity"
        assert item["verdict"] == expected, item
        assert item["reason_zh"] and item["reason_en"] and item["reason"] == item["reason_zh"]
        if item["verdict"] == "weak" and not item["unranked"]:
            assert f"{pick.rank}" in item["reason_en"] and "Ranked" in item["reason_en"]
        if item["unranked"]:  # the pick's own sentence: which data it lacks, or that there is no base
            assert "不作排序" in item["reason_zh"] or "不列为改造重点" in item["reason_zh"], item["reason_zh"]


def test_the_region_page_and_the_api_show_the_verdicts(client, plan_run, official):
    run = plan_run
    found = plan_alignment(run=run, region=Region.objects.get(code="420000"))
    client.force_login(official)
    page = client.get(f"/regions/420000/?run={run.pk}").content.decode()
    assert 'id="plans"' in page and 'id="plan-score"' in page
    assert all(i["reason"] in page for i in found["items"])
    api = APIClient()
    api.force_authenticate(official)
    data = api.get(f"/api/plan-alignment/?run={run.pk}&region=420000").data
    assert {"industry", "category", "declared", "recommended_rank", "verdict", "reason"} <= set(data["items"][0])
    assert [i["verdict"] for i in data["items"]] == [i["verdict"] for i in found["items"]]
    assert data["regions"][0]["confidence"]["items"] > 0


def test_a_region_whose_list_is_unknown_gets_no_verdicts(client, plan_run, official):
    """No verdicts, and the page says the list is unknown rather than empty."""
    DeclaredPriority.objects.filter(region__code="150000").delete()
    client.force_login(official)
    page = client.get(f"/regions/150000/?run={plan_run.pk}").content.decode()
    assert 'id="plans"' in page and 'id="plan-score"' not in page
    api = APIClient()
    api.force_authenticate(official)
    assert api.get(f"/api/plan-alignment/?run={plan_run.pk}&region=150000").data["items"] == []


def test_the_map_layers_name_what_regions_chase_without_the_base(client, plan_run, official):
    client.force_login(official)
    for colour in ("plan_alignment", "plan:sei-01"):
        response = client.get(f"/?level=province&run={plan_run.pk}&colour={colour}")
        assert response.status_code == 200 and response.context["colour"] == colour
        crowded = response.context["plan_crowded"]  # the industries most provinces chase without the base
        assert crowded and all(r["declared_not_supported"] > 0 for r in crowded)
        assert 'id="plan-crowded"' in response.content.decode()


def test_a_bad_file_names_row_field_and_reason_and_stores_nothing(admin_user_role):
    rows = [
        HEADER,
        ["湖北省", "province", "湖北十四五", "emerging", "光芯屏端网", "https://example.org/a", "high"],
        ["湖比省", "province", "x", "emerging", "新材料", "", "high"],
        ["湖北省", "province", "x", "hot", "新材料", "", "high"],
        ["湖北省", "province", "x", "future", "", "", "high"],
    ]
    with pytest.raises(ApplicationError) as caught, translation.override("en"):
        declared_upload(upload=_csv(rows), source="test", user=admin_user_role)
    text = str(caught.value.message)
    assert "row 3, field region_name: unknown region '湖比省'" in text and "湖北省" in text  # the suggestion
    assert "row 4, field category: 'hot' is not a category" in text
    assert "row 5, field industry_as_written: blank" in text
    assert DeclaredList.objects.count() == 0 and DeclaredPriority.objects.count() == 0


def test_an_upload_replaces_a_regions_items_and_a_new_alias_maps_what_was_unmapped(admin_user_role):
    first = [
        HEADER,
        ["湖北省", "", "规划A", "新兴", "光芯屏端网", "", "medium: only 3 of 10 named"],
        ["湖北省", "", "规划A", "future", "冰雪经济", "", "low-medium"],
        ["武汉市", "city", "规划B", "emerging", "新能源汽车和智能网联汽车", "", "high"],
    ]
    declared_upload(upload=_xlsx(first), source="test", user=admin_user_role)
    hubei = DeclaredPriority.objects.filter(region__code="420000")
    assert hubei.count() == 2 and DeclaredPriority.objects.get(region__code="420100").level == "prefecture"
    ict = hubei.get(text="光芯屏端网")
    assert list(ict.industries.values_list("code", flat=True)) == ["sei-01"] and ict.partial
    assert hubei.get(text="冰雪经济").confidence_level == "low"
    assert [i.text for i in unmapped_items()] == ["冰雪经济"]
    PlanAlias.objects.create(term="冰雪", industry=TargetIndustry.objects.get(code="sei-08"))
    assert declared_remap() == (3, 0)
    second = [HEADER, ["湖北省", "province", "规划C", "emerging", "生物医药", "", "high"]]
    declared_upload(upload=_csv(second), source="test", user=admin_user_role)
    assert list(DeclaredPriority.objects.filter(region__code="420000").values_list("text", flat=True)) == ["生物医药"]
    assert DeclaredPriority.objects.filter(region__code="420100").count() == 1  # another region: kept


def test_only_data_admins_upload_and_every_role_reads(client, admin_user_role, planner, official):
    rows = [HEADER, ["湖北省", "province", "x", "emerging", "新材料", "", "high"]]
    for user in (planner, official):
        client.force_login(user)
        assert client.get("/plans/").status_code == 200 and client.get("/data/plans/").status_code == 200
        assert client.post("/data/plans/", {"source": "x", "file": _csv(rows)}).status_code == 403
        assert client.post("/data/plans/", {"action": "remap"}).status_code == 403
    assert DeclaredPriority.objects.count() == 0
    client.force_login(admin_user_role)
    response = client.post("/data/plans/", {"source": "x", "file": _csv(rows)})
    assert response.status_code == 302 and DeclaredPriority.objects.count() == 1
    bad = client.post("/data/plans/", {"source": "x", "file": _csv([HEADER, ["火星", "", "", "emerging", "新材料"]])})
    assert bad.status_code == 400 and "第 2 行，“region_name”列" in bad.content.decode()
    client.logout()
    assert client.get("/plans/").status_code == 302
    assert APIClient().get("/api/plan-sameness/").status_code in (401, 403)
