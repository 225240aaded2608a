from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute


def test_region_page_and_map_show_recommendations(client, official, province_data, province_industry_data):
    province_data(2020)
    province_industry_data(2020)
    run = scoring_run_create(model=default_model(), level="province", year=2020)
    scoring_run_execute(run_id=run.id)
    client.force_login(official)
    page = client.get("/regions/420000/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="recommendations"' in page
    for category in ("traditional", "emerging", "future"):
        assert f'data-category="{category}"' in page
    assert 'class="reason"' in page and "LQ" in page and 'href="/methodology/#term-' in page
    zh = client.get("/regions/420000/?preset=long_jump", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "区位商" in zh and 'value="long_jump" selected' in zh
    assert client.get("/regions/420000/?preset=nonsense").status_code == 200  # falls back to the default preset
    map_page = client.get("/?level=province", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="sameness"' in map_page and "Top emerging pick" in map_page
    methodology = client.get("/methodology/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="recommendations"' in methodology and "Long jump (strategic bets)" in methodology
    assert (
        "sei-01" in methodology
        and "42-sector classification of the input-output tables (2002 version): S19, S29" in methodology
    )
    assert "Worked example" in methodology and "How a score is computed" in methodology
    assert 'id="term-link"' in methodology and 'id="term-lq"' in methodology
