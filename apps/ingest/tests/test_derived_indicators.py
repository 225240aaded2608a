"""Derived indicators are computed from their inputs when these are committed, follow newer vintages, and
give way to reported values."""

import datetime

import pytest

from apps.indicators.models import Observation
from apps.ingest.services import dataset_process, dataset_upload
from tests.builders import make_csv

pytestmark = pytest.mark.usefixtures("regions", "upload_root")
HEADER = ["region_code", "indicator", "year", "value", "unit"]


def _commit(rows, user, *, name: str, vintage: datetime.date):
    dataset, _ = dataset_upload(upload=make_csv([HEADER, *rows], name=name), user=user, vintage=vintage)
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.status == "succeeded", (dataset.failure, dataset.errors[:3])
    return dataset


def _intensity(region: str, year: int, **filters):
    return Observation.objects.filter(indicator__code="rd_intensity", region__code=region, year=year, **filters)


def test_a_newer_vintage_of_an_input_recomputes_the_derived_value_and_keeps_the_older_one(admin_user_role):
    # given R&D expenditure and a first-release GDP
    _commit(
        [["110000", "rd_expenditure", 2022, 2843.3, "亿元"], ["310000", "rd_expenditure", 2022, 1981.6, "亿元"]],
        admin_user_role,
        name="rd.csv",
        vintage=datetime.date(2023, 9, 1),
    )
    _commit(
        [["110000", "gdp", 2022, 41610.9, "亿元"], ["310000", "gdp", 2022, 44652.8, "亿元"]],
        admin_user_role,
        name="gdp-first.csv",
        vintage=datetime.date(2023, 3, 1),
    )
    first = _intensity("110000", 2022, is_current=True).select_related("dataset").get()
    assert first.value == pytest.approx(2843.3 / 41610.9 * 100)
    assert first.dataset.layout == "derived" and first.dataset.vintage == datetime.date(2023, 3, 1)

    # when a revised GDP for Beijing alone is committed as a newer vintage
    _commit(
        [["110000", "gdp", 2022, 45222.4, "亿元"]],
        admin_user_role,
        name="gdp-current.csv",
        vintage=datetime.date(2025, 9, 30),
    )

    # then Beijing's intensity follows it, the earlier value stays readable, and Shanghai's is untouched
    current = _intensity("110000", 2022, is_current=True).get()
    assert current.value == pytest.approx(2843.3 / 45222.4 * 100)
    assert list(_intensity("110000", 2022, is_current=False).values_list("value", flat=True)) == [
        pytest.approx(first.value)
    ]
    assert _intensity("310000", 2022).count() == 1


def test_the_api_marks_derived_indicators_and_values(admin_user_role, client):
    _commit(
        [["110000", "rd_expenditure", 2022, 2843.3, "亿元"], ["110000", "gdp", 2022, 41610.9, "亿元"]],
        admin_user_role,
        name="inputs.csv",
        vintage=datetime.date(2025, 9, 30),
    )
    client.force_login(admin_user_role)
    catalogue = {i["code"]: i for i in client.get("/api/indicators/").json()}
    assert catalogue["rd_intensity"]["derived"] and catalogue["rd_intensity"]["formula"]["of"] == [
        "rd_expenditure",
        "gdp",
    ]
    assert not catalogue["gdp"]["derived"]
    values = client.get("/api/observations/", {"region": "110000", "year": 2022}).json()
    items = values["results"] if isinstance(values, dict) else values
    assert {i["indicator"]: i["derived"] for i in items} == {
        "gdp": False,
        "rd_expenditure": False,
        "rd_intensity": True,
    }


def test_an_older_vintage_of_an_input_changes_nothing(admin_user_role):
    _commit(
        [["110000", "rd_expenditure", 2022, 2843.3, "亿元"], ["110000", "gdp", 2022, 45222.4, "亿元"]],
        admin_user_role,
        name="current.csv",
        vintage=datetime.date(2025, 9, 30),
    )
    _commit(
        [["110000", "gdp", 2022, 41610.9, "亿元"]], admin_user_role, name="old.csv", vintage=datetime.date(2023, 3, 1)
    )
    assert [o.value for o in _intensity("110000", 2022)] == [pytest.approx(2843.3 / 45222.4 * 100)]


def test_a_reported_value_takes_precedence_over_the_computed_one(admin_user_role):
    _commit(
        [["110000", "rd_expenditure", 2022, 2843.3, "亿元"], ["110000", "gdp", 2022, 41610.9, "亿元"]],
        admin_user_role,
        name="inputs.csv",
        vintage=datetime.date(2025, 9, 30),
    )
    # the bulletin's own figure, published earlier than the inputs' vintage, still wins
    _commit(
        [["110000", "rd_intensity", 2022, 6.83, "%"]],
        admin_user_role,
        name="bulletin.csv",
        vintage=datetime.date(2023, 9, 18),
    )
    assert _intensity("110000", 2022, is_current=True).get().value == 6.83
    # and a later revision of an input does not overwrite it
    _commit(
        [["110000", "gdp", 2022, 45222.4, "亿元"]], admin_user_role, name="rev.csv", vintage=datetime.date(2026, 1, 1)
    )
    assert _intensity("110000", 2022, is_current=True).get().value == 6.83
