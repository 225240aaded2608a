import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.exceptions import ApplicationError
from apps.indicators.models import IndustryObservation, Observation
from apps.ingest.models import Dataset
from apps.ingest.services import dataset_commit, dataset_process, dataset_revalidate, dataset_upload
from apps.regions.models import Region
from tests.builders import make_csv, make_xlsx

pytestmark = pytest.mark.usefixtures("regions", "upload_root")


def _run(upload, user, **kwargs) -> Dataset:
    dataset, created = dataset_upload(upload=upload, user=user, **kwargs)
    assert created
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    return dataset


def _value(region: str, indicator: str, year: int) -> float:
    return Observation.objects.get(region__code=region, indicator__code=indicator, year=year, is_current=True).value


def test_long_csv_is_converted_to_canonical_units_and_audited(admin_user_role):
    rows = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["北京", "地区生产总值", 2022, "41610.9", "亿元"],
        ["湖北省", "GDP", 2022, 536349000, "万元"],
        ["全国", "GDP", 2022, 1210207, "亿元"],
        ["湖北", "R&D经费", 2022, 10050000, "万元"],
    ]
    dataset = _run(make_csv(rows), admin_user_role, source="《中国统计年鉴2023》表3-9")
    assert dataset.status == "succeeded", (dataset.failure, dataset.errors[:3])
    assert dataset.committed and dataset.layout == "long"
    assert (dataset.rows_total, dataset.rows_aggregate, dataset.observations_written) == (4, 1, 3)
    assert _value("420000", "gdp", 2022) == pytest.approx(53634.9)
    assert _value("420000", "rd_expenditure", 2022) == pytest.approx(1005.0)
    assert list(dataset.events.values_list("action", flat=True)) == ["uploaded", "committed"]
    assert dataset.events.last().detail["written"] == 3


def test_gbk_wide_csv(admin_user_role):
    rows = [
        ["省份", "年份", "地区生产总值(亿元)", "年末常住人口(万人)"],
        ["湖北省", 2021, "50012.9", "5830"],
        ["内蒙古自治区", 2021, "21166", "2400"],
    ]
    dataset = _run(make_csv(rows, encoding="gbk"), admin_user_role)
    assert dataset.status == "succeeded", dataset.errors
    assert _value("150000", "population", 2021) == 2400


def test_portal_export_xlsx(admin_user_role):
    rows = [
        ["数据库：分省年度数据"],
        ["指标：技术市场成交额(万元)"],
        ["时间：最近2年"],
        ["地区", "2022年", "2021年"],
        ["北京市", 79475600, 70056500],
        ["湖北省", 30330000, None],
        ["注：技术市场成交额为输出地域口径。"],
        ["数据来源：国家统计局"],
    ]
    dataset = _run(make_xlsx(rows), admin_user_role)
    assert dataset.status == "succeeded", dataset.errors
    assert dataset.layout == "portal" and dataset.values_missing == 1
    assert _value("110000", "tech_contract_turnover", 2022) == pytest.approx(7947.56)


def test_industry_table(admin_user_role):
    rows = [
        ["省份", "年份", "制造业城镇单位就业人员(万人)", "教育业城镇单位就业人员(万人)"],
        ["湖北", 2019, "150.2", "60.1"],
    ]
    dataset = _run(make_csv(rows), admin_user_role)
    assert dataset.status == "succeeded", dataset.errors
    assert (
        IndustryObservation.objects.get(region__code="420000", industry__code="P", measure="employment").value == 60.1
    )


def test_identical_reupload_creates_nothing(admin_user_role):
    rows = [["地区", "指标", "年份", "数值", "单位"], ["北京", "GDP", 2022, 1, "亿元"]]
    first = _run(make_csv(rows), admin_user_role)
    again, created = dataset_upload(upload=make_csv(rows), user=admin_user_role)
    assert not created and again.pk == first.pk
    assert Dataset.objects.count() == 1 and Observation.objects.count() == 1


def _ten_thousand_rows() -> list[list]:
    """10,000 distinct rows: 5 indicators x 31 provinces x 70 years (less the tail)."""
    codes = list(Region.objects.filter(level="province").order_by("code").values_list("code", flat=True))[:31]
    series = [
        ("gdp", "亿元"),
        ("population", "万人"),
        ("patents_granted", "件"),
        ("hei_count", "所"),
        ("industry_value_added", "亿元"),
    ]
    rows = [["region_code", "indicator", "year", "value", "unit"]]
    for i in range(10_000):
        indicator, unit = series[i // 2170]
        rows.append([codes[(i % 2170) // 70], indicator, 1950 + i % 70, 100 + i % 97, unit])
    return rows


def test_one_bad_row_among_ten_thousand_writes_nothing(admin_user_role):
    rows = _ten_thousand_rows()
    rows[9998][3] = "12x"  # file row 9,999 (the header is row 1)
    dataset = _run(make_csv(rows), admin_user_role)
    assert dataset.status == "failed"
    assert Observation.objects.count() == 0
    assert dataset.errors == [
        {
            "row": 9999,
            "column": "value",
            "value": "12x",
            "reason": "not a number",
            "code": "value.not_number",
            "params": {},
        }
    ]
    assert dataset.rows_total == 10_000
    rows[9998][3] = "12"
    fixed = _run(make_csv(rows), admin_user_role)
    assert fixed.status == "succeeded" and Observation.objects.filter(dataset=fixed).count() == 10_000
    # GDP and population of the same regions and years also give GDP per capita, computed beside the file
    assert Observation.objects.exclude(dataset=fixed).filter(indicator__code="gdp_per_capita").count() == 2170


@pytest.mark.parametrize(
    "kept_rows, kept_bytes, readings",
    [(20_000, 2**20, 2), (5_000, 2**20, 3), (20_000, 100_000, 3)],
    ids=["read-once", "streamed-long", "streamed-large"],
)
def test_a_file_read_in_small_chunks_is_still_all_or_nothing(
    admin_user_role, monkeypatch, kept_rows, kept_bytes, readings
):
    """A file larger than one chunk: a repeat of a chunk's row in a later chunk and a bad value in the last
    chunk are both reported by row, nothing is written; fixed, every row is written once. A file within
    KEPT_ROWS rows and KEPT_BYTES is read once after its header (its first reading's chunks are validated), a
    longer or larger one twice."""
    from apps.ingest import services

    monkeypatch.setattr(services, "CHUNK_ROWS", 700)
    monkeypatch.setattr(services, "KEPT_ROWS", kept_rows)
    monkeypatch.setattr(services, "KEPT_BYTES", kept_bytes)
    opened = []
    for name in ("iter_table", "iter_chunks"):
        read = getattr(services, name)
        monkeypatch.setattr(services, name, lambda *a, read=read, **k: opened.append(1) or read(*a, **k))
    rows = _ten_thousand_rows()
    rows.append(list(rows[5]))  # file row 10,002 repeats row 6, read thirteen chunks earlier
    rows[9998][3] = "12x"
    dataset = _run(make_csv(rows), admin_user_role)
    assert dataset.status == "failed" and Observation.objects.count() == 0
    assert [(e["row"], e["code"], e["params"]) for e in dataset.errors] == [
        (9999, "value.not_number", {}),
        (10002, "value.duplicate", {"row": 6}),
    ]
    assert dataset.rows_total == 10_001
    assert len(opened) == readings  # the header search, then one or two readings of the rows
    rows[9998][3] = "12"
    rows.pop()
    fixed = _run(make_csv(rows), admin_user_role, vintage=datetime.date(2024, 1, 1))
    assert fixed.status == "succeeded" and Observation.objects.filter(dataset=fixed).count() == 10_000
    # a newer release of the same values supersedes every one of them, matched over many chunks
    for row in rows[1:]:
        row[3] = str(float(row[3]) + 1)
    newer = _run(make_csv(rows), admin_user_role, vintage=datetime.date(2025, 1, 1))
    current = Observation.objects.filter(is_current=True, dataset__in=[fixed, newer])
    assert newer.status == "succeeded" and current.filter(dataset=newer).count() == current.count() == 10_000


def test_ten_thousand_bad_rows_are_all_reported(admin_user_role):
    rows = [["地区", "指标", "年份", "数值", "单位"]] + [
        ["湖北", "GDP", 2000 + i % 20, "n/a?", "亿元"] for i in range(10_000)
    ]
    dataset = _run(make_csv(rows), admin_user_role)
    assert dataset.status == "failed"
    assert dataset.rows_error == 10_000 and len(dataset.errors) == 10_000
    assert dataset.errors[0] == {
        "row": 2,
        "column": "数值",
        "value": "n/a?",
        "reason": "not a number",
        "code": "value.not_number",
        "params": {},
    }


def test_newer_vintage_supersedes_and_older_stays_readable(admin_user_role):
    header = ["地区", "指标", "年份", "数值", "单位"]
    _run(
        make_csv([header, ["北京", "GDP", 2017, "28014.9", "亿元"]]), admin_user_role, vintage=datetime.date(2018, 9, 1)
    )
    _run(
        make_csv([header, ["北京", "GDP", 2017, "29883.0", "亿元"]]), admin_user_role, vintage=datetime.date(2020, 9, 1)
    )
    assert _value("110000", "gdp", 2017) == 29883.0
    # an older vintage arriving late does not displace the newer one
    _run(
        make_csv([header, ["北京", "GDP", 2017, "28000.0", "亿元"]]), admin_user_role, vintage=datetime.date(2019, 1, 1)
    )
    assert _value("110000", "gdp", 2017) == 29883.0
    all_values = Observation.objects.filter(region__code="110000", indicator__code="gdp", year=2017)
    assert sorted(all_values.values_list("value", flat=True)) == [28000.0, 28014.9, 29883.0]


def test_an_upload_without_a_publication_date_never_replaces_a_dated_release(admin_user_role, client):
    header = ["地区", "指标", "年份", "数值", "单位"]
    dated = _run(
        make_csv([header, ["北京", "GDP", 2017, "29883.0", "亿元"]]), admin_user_role, vintage=datetime.date(2020, 9, 1)
    )
    undated = _run(
        make_csv([header, ["北京", "GDP", 2017, "1.0", "亿元"], ["北京", "GDP", 2018, "2.0", "亿元"]]), admin_user_role
    )
    assert dated.vintage_given and not undated.vintage_given and undated.vintage > dated.vintage
    assert _value("110000", "gdp", 2017) == 29883.0  # the dated release stays current
    assert _value("110000", "gdp", 2018) == 2.0  # where there is no dated release the upload is used
    # a dated release arriving later replaces the undated values, though its date is older than the upload's
    _run(
        make_csv([header, ["北京", "GDP", 2018, "33106.0", "亿元"]]), admin_user_role, vintage=datetime.date(2021, 9, 1)
    )
    assert _value("110000", "gdp", 2018) == 33106.0
    # and the dataset page says the date is missing before anything is committed
    client.force_login(admin_user_role)
    page = client.get(f"/data/{undated.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "never replace a dated release" in page


def test_dry_run_writes_nothing_until_committed(admin_user_role):
    rows = [["地区", "指标", "年份", "数值", "单位"], ["北京", "GDP", 2022, "41610.9", "亿元"]]
    dataset = _run(make_csv(rows), admin_user_role, dry_run=True)
    assert dataset.status == "succeeded" and not dataset.committed and Observation.objects.count() == 0
    dataset_commit(dataset=dataset, user=admin_user_role)
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.committed and Observation.objects.count() == 1
    with pytest.raises(ApplicationError, match="already committed"):
        dataset_commit(dataset=dataset, user=admin_user_role)


def test_admin_maps_an_unknown_column(admin_user_role):
    rows = [["省份", "年份", "高企数量(家)"], ["湖北", 2022, "25000"]]
    dataset = _run(make_csv(rows), admin_user_role, dry_run=True)
    assert dataset.status == "failed" and dataset.unmapped_columns == {"高企数量(家)": 1}
    dataset_revalidate(dataset=dataset, user=admin_user_role, column_map={"高企数量(家)": "hightech_enterprises"})
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.status == "succeeded" and dataset.observations_valid == 1


def test_a_finished_dataset_is_not_processed_twice(admin_user_role):
    rows = [["地区", "指标", "年份", "数值", "单位"], ["北京", "GDP", 2022, "1", "亿元"]]
    dataset = _run(make_csv(rows), admin_user_role)
    assert dataset_process(dataset_id=dataset.id) is None
    assert Observation.objects.count() == 1


def test_oversize_and_wrong_files_are_refused_before_parsing(admin_user_role, settings, upload_root):
    settings.UPLOAD_MAX_BYTES = 1000
    big = SimpleUploadedFile("big.csv", b"a,b\n" * 500)
    with pytest.raises(ApplicationError, match="limit is 0 MB|larger than"):
        dataset_upload(upload=big, user=admin_user_role)
    settings.UPLOAD_MAX_BYTES = 10**7
    cases = {
        "fake.xlsx": b"\x89PNG\r\n\x1a\n" + b"0" * 100,
        "nul.csv": b"a,b\n1,\x002\n",
        "utf16.csv": "地区,年份\n".encode("utf-16"),
        "macro.xlsm": b"PK\x03\x04" + b"0" * 100,
        "zip.csv": b"PK\x03\x04" + b"0" * 100,
        "latin.csv": "région,année\n".encode("latin-1") + b"\xff\xfe\xfd",
    }
    for name, content in cases.items():
        with pytest.raises(ApplicationError, match="refused"):
            dataset_upload(upload=SimpleUploadedFile(name, content), user=admin_user_role)
    assert Dataset.objects.count() == 0
    assert [p.name for p in upload_root.iterdir()] == []


def _zip_bomb(unpacked_mb: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"<row>" + b"0" * (1 << 20)
            for _ in range(unpacked_mb):
                sheet.write(block)
    return buffer.getvalue()


def test_xlsx_zip_bomb_is_refused_before_opening(admin_user_role, settings):
    bomb = _zip_bomb(60)
    assert len(bomb) < 200_000  # a small file...
    settings.XLSX_MAX_UNPACKED_BYTES = 50 * 2**20  # ...that unpacks past the limit
    with pytest.raises(ApplicationError, match="unpacks to|zip bomb"):
        dataset_upload(upload=SimpleUploadedFile("bomb.xlsx", bomb), user=admin_user_role)
    settings.XLSX_MAX_UNPACKED_BYTES = 200 * 2**20
    with pytest.raises(ApplicationError, match="zip bomb"):
        dataset_upload(upload=SimpleUploadedFile("ratio.xlsx", bomb), user=admin_user_role)
    assert Dataset.objects.count() == 0


def test_a_header_without_rows_is_refused_not_committed_empty(admin_user_role):
    dataset = _run(make_csv([["region_code", "indicator", "year", "value", "unit"]]), admin_user_role)
    assert dataset.status == "failed" and "no data rows" in dataset.failure and not dataset.committed


def test_two_simultaneous_commits_move_the_dataset_on_once(admin_user_role):
    rows = [["地区", "指标", "年份", "数值", "单位"], ["北京", "GDP", 2022, "41610.9", "亿元"]]
    dataset = _run(make_csv(rows), admin_user_role, dry_run=True)
    first, second = Dataset.objects.get(pk=dataset.pk), Dataset.objects.get(pk=dataset.pk)  # both read "validated"
    dataset_commit(dataset=first, user=admin_user_role)
    with pytest.raises(ApplicationError, match="already being committed"):
        dataset_commit(dataset=second, user=admin_user_role)
    assert dataset.events.filter(action="commit_requested").count() == 1
