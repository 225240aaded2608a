"""Below the province level statistics are snapshots (a census, a list of universities): a prefecture run takes
each indicator's latest value within its window of years and says which year it used; a province run uses its
own year only. A level whose data never reach the coverage floor still gets one provisional run."""

import pytest

from apps.indicators.models import Indicator
from apps.ingest.demo import default_runs_queue
from apps.regions.models import Region
from apps.scoring.constants import snapshot_window
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import default_model
from apps.scoring.services import default_model_ensure, scoring_run_create, scoring_run_execute

from .test_coverage import _upload

HUBEI = ["420100", "420200", "420300", "420500", "420600", "420700", "420800", "420900", "421000", "421100"]


@pytest.fixture
def city_snapshots(regions, upload_root, admin_user_role):
    """Hubei's cities: population from the 2020 census (Wuhan also 2025, Shiyan only 2019), universities
    from a 2025 list; Hubei province's population for 2024 only."""
    default_model_ensure()
    unit = dict(Indicator.objects.values_list("code", "unit"))
    rows = [["region_code", "indicator", "year", "value", "unit"]]
    for i, code in enumerate(HUBEI):
        if code != "420300":
            rows.append([code, "population", 2020, 100 + 10 * i, unit["population"]])
        rows.append([code, "hei_count", 2025, 1 + 3 * i, unit["hei_count"]])
    rows += [
        ["420100", "population", 2025, 1380, unit["population"]],
        ["420300", "population", 2019, 320, unit["population"]],
        ["420000", "population", 2024, 5800, unit["population"]],
    ]
    _upload(rows, admin_user_role, "hubei-cities.csv")


def _run(level: str, year: int, codes: list[str]) -> ScoringRun:
    run = scoring_run_create(model=default_model(), level=level, year=year, region_codes=codes)
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    return run


def test_a_prefecture_run_takes_each_value_from_the_latest_year_in_its_window(city_snapshots, client, planner):
    assert snapshot_window("prefecture") == 5 and snapshot_window("province") == 0
    run = _run("prefecture", 2025, HUBEI)
    assert run.status == "succeeded", run.failure
    assert run.window == 5
    # Wuhan's own 2025 figure wins; eight cities carry the 2020 census; Shiyan's 2019 is outside the window
    assert run.carried == {"population": {"2020": 8}}
    assert "420300" in run.excluded and run.scored == len(HUBEI) - 1
    assert "2020 (8)" in run.carried_text

    client.force_login(planner)
    card = client.get(f"/api/regions/420100/scorecard/?run={run.pk}").json()
    rows = {row["code"]: row for row in card["indicators"]}
    assert (rows["population"]["value"], rows["population"]["year"]) == (1380, 2025)
    assert (rows["hei_count"]["value"], rows["hei_count"]["year"]) == (1, 2025)
    card = client.get(f"/api/regions/420200/scorecard/?run={run.pk}").json()
    rows = {row["code"]: row for row in card["indicators"]}
    assert (rows["population"]["value"], rows["population"]["year"]) == (110, 2020)
    assert card["window"] == 5

    page = client.get(f"/regions/420200/?run={run.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "census and list snapshots" in page and "(2020)" in page
    hubei = Region.objects.get(code="420200").name_en
    compare = client.get(f"/compare/?regions=420100,420200&run={run.pk}", HTTP_ACCEPT_LANGUAGE="en")
    assert compare.status_code == 200 and hubei in compare.content.decode()
    # the map of a provisional city run opens on science and education, with the years it used
    page = client.get(f"/?level=prefecture&run={run.pk}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="pillar:science_education" selected' in page
    page = client.get(
        f"/?level=prefecture&run={run.pk}&colour=indicator:population", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "2020–2025" in page


def test_a_province_run_uses_its_own_year_only(city_snapshots):
    run = _run("province", 2025, ["420000", "430000"])
    assert run.status == "failed"  # Hubei's 2024 population is not a 2025 figure
    assert run.window == 0 and run.carried == {}


def test_a_level_that_never_reaches_the_floor_gets_one_provisional_run_of_its_best_newest_year(city_snapshots):
    ScoringRun.objects.all().delete()  # the runs the upload queued for every year it touched
    queued = default_runs_queue(levels=("province", "prefecture"))
    assert [(level, year) for level, year, _ in queued] == [("prefecture", 2025)]
    assert queued[0][2] < default_model().min_coverage
    assert default_runs_queue(levels=("province", "prefecture")) == []  # nothing twice


def test_the_first_city_data_an_admin_commits_queue_one_provisional_city_run(city_snapshots):
    from apps.scoring.models import ScoringBatch

    batch = ScoringBatch.objects.get(level="prefecture")
    assert batch.origin == "upload" and list(batch.runs.values_list("year", flat=True)) == [2025]
    assert not ScoringBatch.objects.filter(level="province").exists()  # Hubei's one figure: below the floor
