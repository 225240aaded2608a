"""Every layout, as CSV in UTF-8 and in GBK and as XLSX, gives the same observations in canonical units."""

import pytest

from apps.indicators.models import IndustryObservation, Observation
from apps.ingest.services import dataset_process, dataset_upload
from tests.builders import make_csv, make_xlsx

pytestmark = pytest.mark.usefixtures("regions", "upload_root")

LAYOUTS = {
    "long": [
        ["地区", "指标", "年份", "数值", "单位"],
        ["湖北省", "地区生产总值", "2022", "536349000", "万元"],
        ["内蒙古", "年末常住人口", "2022", "24010000", "人"],
    ],
    "wide": [
        ["省份", "年份", "地区生产总值(万元)", "年末常住人口(人)"],
        ["湖北省", "2022", "536349000", ""],
        ["内蒙古", "2022", "", "24010000"],
    ],
    "portal": [
        ["数据库：分省年度数据"],
        ["指标：地区生产总值(万元)"],
        ["时间：2022"],
        ["地区", "2022年"],
        ["湖北省", "536349000"],
        ["数据来源：国家统计局"],
    ],
    "industry_long": [
        ["地区", "行业", "口径", "年份", "数值", "单位"],
        ["湖北", "计算机、通信和其他电子设备制造业", "法人单位数", "2022", "3100", "家"],
    ],
    "industry_wide": [
        ["地区", "年份", "制造业法人单位数(个)", "教育法人单位数(个)"],
        ["湖北", "2022", "90000", "15000"],
    ],
}
EXPECTED = {
    "long": {("420000", "gdp"): 53634.9, ("150000", "population"): 2401.0},
    "wide": {("420000", "gdp"): 53634.9, ("150000", "population"): 2401.0},
    "portal": {("420000", "gdp"): 53634.9},
    "industry_long": {("420000", "C39", "legal_entities"): 3100.0},
    "industry_wide": {("420000", "C", "legal_entities"): 90000.0, ("420000", "P", "legal_entities"): 15000.0},
}
CONTAINERS = {
    "csv-utf8": lambda rows: make_csv(rows),
    "csv-utf8-bom": lambda rows: make_csv(rows, encoding="utf-8-sig"),
    "csv-gbk": lambda rows: make_csv(rows, encoding="gbk"),
    "xlsx": lambda rows: make_xlsx([[_number(c) for c in row] for row in rows]),
}


def _number(cell: str):
    try:
        return float(cell) if "." in cell else int(cell)
    except ValueError:
        return cell


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_and_container(layout, container, admin_user_role):
    dataset, _ = dataset_upload(upload=CONTAINERS[container](LAYOUTS[layout]), user=admin_user_role)
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.status == "succeeded", (dataset.failure, dataset.errors)
    assert dataset.layout == {"industry_long": "long_industry", "industry_wide": "wide"}.get(layout, layout)
    found = {(o.region.code, o.indicator.code): o.value for o in Observation.objects.filter(dataset=dataset)}
    found |= {
        (o.region.code, o.industry.code, o.measure): o.value
        for o in IndustryObservation.objects.filter(dataset=dataset)
    }
    assert found == pytest.approx(EXPECTED[layout])


def test_a_table_with_absurdly_many_columns_or_an_overlong_cell_fails_fast(tmp_path):
    import time

    from apps.ingest.sources import ImportFileError, read_table

    wide = tmp_path / "wide.csv"
    wide.write_text("region," + ",".join(f"c{i}" for i in range(200_000)) + "\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ImportFileError, match="row 1 has 200,001 columns"):
        read_table(wide, "csv")
    assert time.perf_counter() - started < 5
    long_cell = tmp_path / "cell.csv"
    long_cell.write_text("地区,年份,地区生产总值(亿元)\n湖北," + "9" * 10_000 + ",1\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="row 2, column 2 holds 10,000 characters"):
        read_table(long_cell, "csv")


def test_an_unreadable_workbook_names_no_server_path(tmp_path):
    import zipfile

    from apps.ingest.sources import ImportFileError, read_table

    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(ImportFileError) as failure:
        read_table(broken, "xlsx")
    assert str(tmp_path) not in str(failure.value)
