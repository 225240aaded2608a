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


CSV_SHAPES = {
    "plain": "地区,年份,数值\n湖北,2022,1\n湖南,2022,2\n",
    "quoted": '地区,备注,数值\n"湖北","含,逗号",1\n"湖南","两\n行",2\n" 空格 ",""" 引号""",3\n',
    "blank_and_short": "地区,年份,数值\n\n湖北,2022\n , ,\n湖南,2022,2\n",
    "semicolon": "地区;年份;数值\n湖北;2022;1,5\n湖南;2022;2\n",
    "tab": "地区\t年份\t数值\n湖北\t2022\t1\n",
    "wider_later": "地区,年份,数值\n" + "湖北,2022,1\n" * 7 + "湖南,2022,2,多一格\n湖南,2023,3\n",
    "portal": "数据库：分省年度数据\n指标：地区生产总值(亿元)\n\n地区,2023年,2022年\n湖北,1,2\n注：测试\n",
    "crlf_trailing_comma_no_last_newline": '地区,年份,数值,\r\n湖北,2022,1,\r\n"湖\r\n南",2022,"2",\r\n湖南,2023,3,',
}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
@pytest.mark.parametrize("shape", CSV_SHAPES)
@pytest.mark.parametrize("skip", [0, 1, 4])
def test_csv_chunks_hold_the_cells_the_csv_module_reads(tmp_path, shape, encoding, skip):
    """Read in chunks (pandas' C reader for rectangular stretches, the csv module from the first row it
    cannot take), a CSV gives the rows the csv module gives, cell for cell (a short row's missing cells
    are ""), in order, whatever the chunk size."""
    from apps.ingest.sources import iter_chunks, read_table

    path = tmp_path / "t.csv"
    path.write_bytes(CSV_SHAPES[shape].encode(encoding))
    expected = read_table(path, "csv")[skip:]
    width = max(map(len, expected), default=0)
    for size in (3, 50_000):
        rows = []
        for chunk in iter_chunks(path, "csv", skip, size):
            rows += chunk.to_numpy(dtype=object).tolist() if hasattr(chunk, "to_numpy") else chunk
            assert 0 < len(chunk) <= size
        padded = lambda table: [[*row, *[""] * (width - len(row))] for row in table]  # noqa: E731
        assert padded(rows) == padded(expected)


def test_a_rectangular_csv_is_read_by_the_c_reader_and_a_late_bad_cell_still_named(tmp_path):
    from apps.ingest.sources import ImportFileError, iter_chunks

    path = tmp_path / "t.csv"
    path.write_text("地区,年份,数值\n" + "湖北,2022,1\n" * 10, encoding="utf-8")
    assert all(hasattr(chunk, "columns") for chunk in iter_chunks(path, "csv", 1, 4))
    path.write_text("地区,年份,数值\n" + "湖北,2022,1\n" * 10 + "湖北,2023," + "9" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFileError, match="row 12, column 3 holds 5,000 characters"):
        list(iter_chunks(path, "csv", 1, 4))
