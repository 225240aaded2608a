"""Data housekeeping: a committed dataset is withdrawn (its values stop being used, the release before it
takes over, scores are re-queued, the history keeps it); a dataset that wrote nothing can be deleted."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from apps.core.exceptions import ApplicationError
from apps.indicators.models import Observation
from apps.ingest.models import Dataset, DatasetEvent
from apps.ingest.services import dataset_delete, dataset_process, dataset_upload, dataset_withdraw
from apps.scoring.models import ScoringBatch, ScoringRun
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute
from tests.builders import make_csv, province_table


def _commit(rows, user, name, **kwargs):
    dataset, _ = dataset_upload(upload=make_csv(rows, name=name), user=user, **kwargs)
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.committed, (dataset.failure, dataset.errors[:3])
    return dataset


def _current(region: str, indicator: str, year: int) -> float:
    return Observation.objects.get(region__code=region, indicator__code=indicator, year=year, is_current=True).value


@pytest.mark.usefixtures("regions", "upload_root")
def test_a_withdrawn_dataset_is_no_longer_used_and_stays_in_the_history(admin_user_role, client):
    table = province_table(2022)
    first = _commit(table, admin_user_role, "p2022.csv", vintage=datetime.date(2023, 3, 1))
    run = scoring_run_create(model=default_model(), level="province", year=2022)
    scoring_run_execute(run_id=run.id)
    hubei_gdp = _current("420000", "gdp", 2022)
    header = table[0]
    # 2023: GDP and population only, so GDP per head is derived
    _commit(
        [header, ["420000", "gdp", 2023, 100, "亿元"], ["420000", "population", 2023, 50, "万人"]],
        admin_user_role,
        "hubei-2023.csv",
        vintage=datetime.date(2024, 3, 1),
    )
    assert _current("420000", "gdp_per_capita", 2023) == pytest.approx(20000)
    # a revision of Hubei's GDP, which turns out to be wrong
    wrong = _commit(
        [header, ["420000", "gdp", 2022, hubei_gdp * 10, "亿元"], ["420000", "gdp", 2023, 1000, "亿元"]],
        admin_user_role,
        "wrong.csv",
        vintage=datetime.date(2025, 1, 31),
    )
    assert _current("420000", "gdp", 2022) == pytest.approx(hubei_gdp * 10)
    assert _current("420000", "gdp_per_capita", 2023) == pytest.approx(200000)

    ScoringRun.objects.all().delete()
    dataset_withdraw(dataset=wrong, user=admin_user_role, reason="typo in the bulletin")
    wrong.refresh_from_db()
    assert wrong.withdrawn_at and wrong.withdraw_reason == "typo in the bulletin"
    # the release before it is used again, derived values with it
    assert _current("420000", "gdp", 2022) == pytest.approx(hubei_gdp)
    assert _current("420000", "gdp_per_capita", 2023) == pytest.approx(20000)
    assert Observation.objects.filter(dataset=wrong).exists()  # kept, readable, not current
    assert DatasetEvent.objects.filter(dataset=wrong, action="withdrawn").exists()
    # scores are computed again, and a new run does not use it
    batch = ScoringBatch.objects.get(dataset=wrong)
    rerun = batch.runs.get(year=2022)
    scoring_run_execute(run_id=rerun.id)
    rerun.refresh_from_db()
    assert rerun.status == "succeeded"
    assert wrong.pk not in [entry[0] for entry in rerun.inputs["datasets"]]
    assert first.pk in [entry[0] for entry in rerun.inputs["datasets"]]
    with pytest.raises(ApplicationError):
        dataset_withdraw(dataset=wrong, user=admin_user_role)

    client.force_login(admin_user_role)
    page = client.get(f"/data/{wrong.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="withdrawn"' in page and "typo in the bulletin" in page


@pytest.mark.usefixtures("regions", "upload_root")
def test_only_a_dataset_that_wrote_nothing_can_be_deleted(admin_user_role, planner, client):
    rows = [["地区", "指标", "年份", "数值", "单位"], ["湖比", "地区生产总值", 2020, 1, "亿元"]]
    failed, _ = dataset_upload(upload=make_csv(rows, name="bad.csv"), user=admin_user_role)
    dataset_process(dataset_id=failed.id)
    stored = Path(settings.UPLOAD_ROOT) / failed.stored_name
    assert stored.exists()
    client.force_login(planner)
    assert client.post(f"/data/{failed.pk}/delete/").status_code == 403  # planners only read
    client.force_login(admin_user_role)
    response = client.post(f"/data/{failed.pk}/delete/")
    assert response.status_code == 302 and not Dataset.objects.filter(pk=failed.pk).exists() and not stored.exists()

    good = _commit(
        [["地区", "指标", "年份", "数值", "单位"], ["湖北", "地区生产总值", 2020, 1, "亿元"]],
        admin_user_role,
        "good.csv",
    )
    with pytest.raises(ApplicationError, match="撤回"), translation.override("zh-hans"):
        dataset_delete(dataset=good, user=admin_user_role)
    assert client.post(f"/data/{good.pk}/delete/").status_code == 302 and Dataset.objects.filter(pk=good.pk).exists()
    # the page offers withdrawal for it, deletion for nothing
    page = client.get(f"/data/{good.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="withdraw-form"' in page and 'id="delete-form"' not in page
    client.post(f"/data/{good.pk}/withdraw/", {"reason": "test upload"})
    good.refresh_from_db()
    assert good.withdrawn_at is not None and not Observation.objects.filter(dataset=good, is_current=True).exists()
