"""Published reference rankings: uploaded all or nothing with row-and-field errors, and shown on run pages and
/methodology/ as Spearman and Kendall rank correlations with the regions they disagree on most."""

import pandas as pd
import pytest

from apps.scoring.domain.agreement import agreement
from apps.scoring.models import ReferenceRanking, RegionScore, ScoringRun
from apps.scoring.selectors import default_model, reference_agreements
from apps.scoring.services import scoring_run_create, scoring_run_execute
from tests.builders import make_csv, make_xlsx


def test_agreement_of_identical_reversed_and_swapped_rankings():
    codes = [f"{i}0000" for i in range(11, 19)]
    ranks = pd.Series(range(1, 9), index=codes, dtype=float)
    pct = pd.DataFrame(
        {"science_education": [1 - i / 7 for i in range(8)], "industrial_foundation": [i / 7 for i in range(8)]},
        index=codes,
    )
    same = agreement(ranks, ranks, pct)
    assert same["spearman"] == 1.0 and same["kendall"] == 1.0 and same["disagreements"] == []
    reversed_ = agreement(ranks, pd.Series(range(8, 0, -1), index=codes, dtype=float), pct)
    assert reversed_["spearman"] == -1.0 and reversed_["kendall"] == -1.0
    swapped = ranks.copy()
    swapped[codes[0]], swapped[codes[7]] = 8, 1  # the reference puts the run's first last and its last first
    result = agreement(ranks, swapped, pct)
    assert -1 < result["spearman"] < 1 and result["regions"] == 8
    first = {d["region"]: d for d in result["disagreements"]}
    # the run ranks 110000 far above the reference: its strong science pillar explains the gap
    assert first[codes[0]]["gap"] == 7 and first[codes[0]]["pillar"] == "science_education"
    assert first[codes[7]]["gap"] == -7 and first[codes[7]]["pillar"] == "science_education"
    assert agreement(ranks.head(3), ranks.head(3), pct)["spearman"] is None  # too few regions


@pytest.fixture
def scored_2022(province_data):
    province_data(2022)
    run = scoring_run_create(model=default_model(), level="province", year=2022)
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.SUCCEEDED
    return run


def _form(file, **extra):
    return {"name": "测试排名", "source": "某报告 2022", "year": 2022, "level": "province", "file": file, **extra}


def test_upload_by_score_and_shown_on_run_page_and_methodology(client, admin_user_role, official, scored_2022):
    run = scored_2022
    scores = RegionScore.objects.filter(run=run).select_related("region").order_by("rank")
    # a reference that agrees with the run except that the top two regions swap places, by name and score
    rows = [["地区", "得分"]]
    for position, score in enumerate(scores):
        rows.append([score.region.name_zh, 100 - position])
    rows[1][1], rows[2][1] = rows[2][1], rows[1][1]
    client.force_login(admin_user_role)
    response = client.post("/references/", _form(make_csv(rows, name="ref.csv")))
    assert response.status_code == 302
    ranking = ReferenceRanking.objects.get()
    assert ranking.ranks.count() == scores.count() and ranking.uploaded_by == admin_user_role
    assert ranking.ranks.get(region=scores[0].region).rank == 2 and ranking.ranks.get(region=scores[1].region).rank == 1
    found = reference_agreements(run)[0]
    assert 0.99 < found["spearman"] < 1 and found["kendall"] < 1
    assert {d["region"] for d in found["disagreements"]} == {scores[0].region.code, scores[1].region.code}

    client.force_login(official)
    page = client.get(f"/runs/{run.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="references"' in page and "测试排名" in page and "Spearman" in page
    assert f"{found['spearman']:.2f}" in page
    assert "测试排名" in client.get("/methodology/").content.decode()
    listing = client.get("/references/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "测试排名" in listing and 'id="reference-upload"' not in listing  # officials only read
    assert client.post("/references/", _form(make_csv(rows))).status_code == 403


def test_a_bad_row_stores_nothing_and_names_row_field_and_reason(client, admin_user_role, scored_2022):
    client.force_login(admin_user_role)
    rows = [["region", "rank"], ["110000", 1], ["湖比省", 2], ["上海市", "first"], ["北京市", 4], ["武汉市", 5]]
    response = client.post("/references/", _form(make_xlsx(rows, name="bad.xlsx")), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and not ReferenceRanking.objects.exists()
    text = response.content.decode()
    assert "row 3, field region: unknown region &#x27;湖比省&#x27;" in text and "湖北省" in text
    assert "row 4, field rank: &#x27;first&#x27; is not a rank" in text
    assert "row 5, field region: 110000 is already ranked on row 2" in text
    assert "row 6, field region" in text  # a city in a provincial ranking
    no_column = client.post(
        "/references/", _form(make_csv([["地区", "备注"], ["北京市", "x"]])), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert no_column.status_code == 400 and "No rank or score column" in no_column.content.decode()
    # in Chinese, row, field and reason read in Chinese
    chinese = client.post("/references/", _form(make_xlsx(rows, name="bad.xlsx")), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = chinese.content.decode()
    assert "第 4 行，“名次”列：“first”不是名次" in text and "第 5 行，“地区”列：110000 已在第 2 行排名" in text
    assert "第 3 行，“地区”列：未知的地区“湖比省”；是否指" in text and "row " not in text
