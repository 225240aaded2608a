"""The map's colour choices and classes, the scorecard's profile, compare and the what-if panel."""

import json
import re

import pytest

from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute


def _figure(response, name="map-figure"):
    match = re.search(rf'<script id="{name}" type="application/json">(.*?)</script>'.encode(), response.content, re.S)
    return json.loads(match.group(1))


@pytest.fixture
def scored(province_data):  # noqa: F811
    province_data(2021, seed=1)
    province_data(2022)
    run = scoring_run_create(model=default_model(), level="province", year=2022)
    scoring_run_execute(run_id=run.id)
    return run


def test_map_by_pillar_indicator_and_top_pick_with_class_schemes(client, official, scored):
    client.force_login(official)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert 'value="pillar:science_education"' in text and 'value="indicator:gdp"' in text
    assert 'value="top_emerging"' in text and 'id="scheme"' in text
    gdp = _figure(client.get("/", {"colour": "indicator:gdp", "scheme": "natural_breaks"}, HTTP_ACCEPT_LANGUAGE="en"))
    trace = gdp["data"][0]
    assert "亿元" in trace["colorbar"]["title"]["text"] and "2022" in trace["colorbar"]["title"]["text"]
    assert all("亿元" in row[3] for row in trace["customdata"])  # value with its unit in the hover
    assert any(row[4].startswith("Rank 1 of 31") for row in trace["customdata"])
    quantiles = _figure(client.get("/", {"colour": "indicator:gdp"}))["data"][0]["colorbar"]["ticktext"]
    equal = _figure(client.get("/", {"colour": "indicator:gdp", "scheme": "equal_interval"}))["data"][0]
    assert quantiles != equal["colorbar"]["ticktext"]
    source = client.get("/", {"colour": "indicator:gdp"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="variable-source"' in source and "p2022-0.csv" in source  # the dataset it came from
    pillar = _figure(client.get("/", {"colour": "pillar:science_education"}))["data"][0]
    assert len(pillar["locations"]) == 31
    picks = _figure(client.get("/", {"colour": "top_emerging"}, HTTP_ACCEPT_LANGUAGE="en"))["data"][0]
    assert "New-generation information technology" in picks["colorbar"]["ticktext"]
    # an unknown colour falls back to the macro-regions
    assert (
        _figure(client.get("/", {"colour": "indicator:nonsense"}, HTTP_ACCEPT_LANGUAGE="en"))["data"][0]["colorbar"][
            "ticktext"
        ][0]
        == "East"
    )


def test_scorecard_profile_radar_indicators_and_trend(client, official, scored):
    client.force_login(official)
    response = client.get("/regions/420000/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    radar = _figure(response, "radar-figure")
    assert [t["name"] for t in radar["data"]][0] == "Hubei" and len(radar["data"]) == 2
    assert radar["data"][1]["name"].startswith("∅")
    assert 'id="indicators"' in page and "亿元" in page and "2021–2022" in page  # trend over the two years
    for peers in ("group", "level"):
        assert client.get("/regions/420000/", {"peers": peers}).status_code == 200
    assert "Compare with other regions" in page


def test_compare_three_regions(client, official, scored):
    client.force_login(official)
    response = client.get("/compare/", {"regions": "420000,430000", "add": "Guangdong"}, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="remove"') == 3 and "Guangdong" in page
    assert len(_figure(response, "radar-figure")["data"]) == 3 and len(_figure(response, "bars-figure")["data"]) == 3
    assert set(_figure(response)["data"][0]["locations"]) >= {"420000", "430000", "440000"}
    best = re.findall(r'<td class="best"', page)
    assert len(best) >= 10  # the best of the three marked in each indicator row
    assert "Top emerging industry" in page
    one = client.get("/compare/", {"regions": "420000"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Add two to six regions" in one
    bad = client.get("/compare/", {"regions": "420000,999999", "add": "Atlantis"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Unknown region codes: 999999" in bad.content.decode() and "Atlantis" in bad.content.decode()
    many = client.get(
        "/compare/", {"regions": "110000,120000,130000,140000,150000,210000,220000"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "At most six regions" in many and many.count('class="remove"') == 6


def test_whatif_panel_for_planners_and_officials(client, official, planner, scored):
    client.force_login(official)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="whatif"' in page and 'data-pillar="science_education"' in page
    assert 'id="whatif-save"' not in page  # officials do not save scenarios
    client.force_login(planner)
    assert 'id="whatif-save"' in client.get("/").content.decode()
    region = client.get("/regions/420000/").content.decode()
    assert 'data-region="420000"' in region and f"/api/scoring-runs/{scored.pk}/what-if/" in region


def test_exports_as_csv_and_xlsx_with_formulas_neutralised(client, official, scored):
    import io

    from openpyxl import load_workbook

    from apps.indicators.models import Indicator

    Indicator.objects.filter(code="gdp").update(name_zh="=HYPERLINK(1)", name_en="=HYPERLINK(1)")
    client.force_login(official)
    csv_response = client.get("/regions/420000/", {"format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert csv_response["Content-Type"].startswith("text/csv")
    assert 'filename="420000-2022.csv"' in csv_response["Content-Disposition"]
    text = csv_response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Indicator,Value,Unit,Year,Rank")
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text
    xlsx = client.get("/compare/", {"regions": "420000,430000,440000", "format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Indicator", "Unit", "Year") and len(rows[0]) == 6
    assert any(row[0] == "'=HYPERLINK(1)" for row in rows)
    assert all(isinstance(v, float) or v is None for row in rows[1:] for v in row[3:])


def test_map_shows_lisa_clusters_of_the_composite(client, official, scored):
    client.force_login(official)
    figure = _figure(client.get("/", {"colour": "clusters"}, HTTP_ACCEPT_LANGUAGE="en"))["data"][0]
    assert figure["colorbar"]["ticktext"][:2] == ["Hot spot (high among high)", "Cold spot (low among low)"]
    assert len(figure["locations"]) == 34
    assert any("local Moran's I" in row[4] for row in figure["customdata"])


def test_a_planners_scenario_on_the_map_against_the_default(client, planner, official, scored):
    from apps.scoring.services import scenario_save

    weights = {
        "science_education": 1,
        "industrial_foundation": 0,
        "scenarios_market": 0,
        "enterprise_ecosystem": 0,
        "innovation_output": 0,
    }
    scenario = scenario_save(run=scored, pillar_weights=weights, name="science only", user=planner)
    scoring_run_execute(run_id=scenario.id)
    client.force_login(planner)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<option value="{scenario.pk}"' in page and "(scenario)" in page
    shown = client.get("/", {"run": scenario.pk}, HTTP_ACCEPT_LANGUAGE="en")
    text = shown.content.decode()
    assert 'id="scenario-changes"' in text and "This scenario against the default model" in text
    assert any("Default model: rank" in row[4] for row in _figure(shown)["data"][0]["customdata"])
    assert 'id="modes"' in client.get("/regions/420000/").content.decode()
    # another user's scenario is not offered, and asking for it shows the default run
    client.force_login(official)
    assert f'<option value="{scenario.pk}"' not in client.get("/").content.decode()
    assert 'id="scenario-changes"' not in client.get("/", {"run": scenario.pk}).content.decode()


def test_outline_of_a_region_group_over_the_map(client, official, scored):
    client.force_login(official)
    figure = _figure(client.get("/", {"outline": "yrd"}, HTTP_ACCEPT_LANGUAGE="en"))
    outline = figure["data"][-1]
    assert set(outline["locations"]) == {"310000", "320000", "330000", "340000"}
    assert outline["hoverinfo"] == "skip" and outline["marker"]["line"]["width"] > 1
    assert len(figure["data"][0]["locations"]) == 31  # the map itself is unchanged
