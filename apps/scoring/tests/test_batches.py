"""An upload re-scores as one job: a batch per level, a run for each year its data cover well enough (and each
year already scored), never a second waiting run for the same year; /jobs/ shows the batch as one row with
its years underneath, filters by kind and status, and pages."""

import pytest

from apps.ingest.services import dataset_process, dataset_upload
from apps.scoring.models import ScoringBatch, ScoringRun
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create
from tests.builders import make_csv, province_table

YEARS = range(2000, 2020)


def _commit(rows, user, name):
    dataset, _ = dataset_upload(upload=make_csv(rows, name=name), user=user)
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.committed, (dataset.failure, dataset.errors[:3])
    return dataset


@pytest.fixture
def twenty_years(regions, upload_root, admin_user_role):
    """Every indicator of the model for 2000–2019 in one file; then a GDP-only file for 2020–2021."""
    rows = province_table(2000)[:1]
    for year in YEARS:
        rows += province_table(year, seed=year)[1:]
    full = _commit(rows, admin_user_role, "twenty-years.csv")
    thin = _commit(
        [r for r in province_table(2020) if r[0] == "region_code" or r[1] == "gdp"]
        + [r for r in province_table(2021)[1:] if r[1] == "gdp"],
        admin_user_role,
        "gdp-only.csv",
    )
    return full, thin


def test_one_upload_touching_twenty_years_is_one_rescoring_job(twenty_years, client, admin_user_role):
    full, thin = twenty_years
    batch = ScoringBatch.objects.get(dataset=full)
    assert batch.origin == "upload" and batch.level == "province"
    assert sorted(batch.runs.values_list("year", flat=True)) == list(YEARS)
    # years the data cover too thinly are skipped, and said so: the GDP-only file queues nothing
    assert not ScoringBatch.objects.filter(dataset=thin).exists()
    assert not ScoringRun.objects.filter(year__in=[2020, 2021]).exists()
    assert ScoringBatch.objects.count() == 1 and ScoringRun.objects.count() == 20

    client.force_login(admin_user_role)
    page = client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('class="batch"') == 1 and "Score Province 2000–2019 (20 years)" in page
    assert "after dataset" in page and "twenty-years.csv" in page and "0 of 20 done" in page
    chinese = client.get("/jobs/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "评分 省级 2000–2019（20 年）" in chinese and "数据集" in chinese
    # filters: uploads only, failed only
    uploads = client.get("/jobs/?kind=uploads", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="scoring-jobs"' not in uploads and "twenty-years.csv" in uploads
    failed = client.get("/jobs/?status=failed", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="batch"' not in failed and "No runs yet." in failed


def test_a_revised_year_already_scored_is_rescored_even_when_thin_and_never_twice(twenty_years, admin_user_role):
    model = default_model()
    # a run someone made for 2021 (GDP only: provisional)
    scoring_run_create(model=model, level="province", year=2021)
    before = ScoringRun.objects.count()
    revised = _commit(
        [r for r in province_table(2021, seed=5) if r[0] == "region_code" or r[1] == "gdp"],
        admin_user_role,
        "gdp-2021-revised.csv",
    )
    # a run for 2021 is already waiting, so nothing new is queued for it
    assert ScoringRun.objects.count() == before and not ScoringBatch.objects.filter(dataset=revised).exists()
    ScoringRun.objects.filter(year=2021).update(status="succeeded")
    again = _commit(
        [r for r in province_table(2021, seed=6) if r[0] == "region_code" or r[1] == "gdp"],
        admin_user_role,
        "gdp-2021-revised-again.csv",
    )
    batch = ScoringBatch.objects.get(dataset=again)
    assert list(batch.runs.values_list("year", flat=True)) == [2021]
