"""Entity lists: placed in the region hierarchy from their locations, all or nothing, counted at every level
through the statistics pipeline; the Ministry of Education's list reproduces its own section totals."""

import datetime
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwt
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from apps.core.exceptions import ApplicationError
from apps.entities.models import Entity
from apps.entities.services import entity_list_upload, geocoder_load
from apps.indicators.models import Observation
from apps.ingest.services import dataset_process

RAW = Path(__file__).resolve().parents[4] / "shared" / "data" / "raw" / "moe_hei_lists"
pytestmark = pytest.mark.usefixtures("regions", "upload_root")


def test_addresses_codes_and_county_level_cities_are_placed(db):
    geo = geocoder_load()
    assert (geo.place("湖北省武汉市洪山区珞喻路1037号").code, geo.place("武汉市洪山区").level) == ("420111", "county")
    kunshan = geo.place("昆山市")
    assert kunshan.code == "320583" and geo.by_code[kunshan.code].prefecture_code == "320500"
    assert geo.place("北京").code == "110100"  # a municipality: its city, not just the province
    assert geo.place("湖北省").province_only and geo.place("420000").province_only
    ambiguous = geo.place("朝阳区")
    assert ambiguous.error and len(ambiguous.suggestions) == 2
    assert geo.place("朝阳区", province="吉林省").code == "220104"
    typo = geo.place("湖比省武汉市")
    assert typo.error and any("湖北省" in s for s in typo.suggestions)


def _csv(rows, encoding="utf-8", name="list.csv"):
    text = "\n".join(",".join(str(c) for c in row) for row in rows) + "\n"
    return SimpleUploadedFile(name, text.encode(encoding))


def _xlsx(rows, name="list.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def _xls(rows, name="list.xls"):
    book = xlwt.Workbook()
    sheet = book.add_sheet("名单")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


PUBLISHED = [  # the layout of the Ministry's workbook: a title, a header, section lines, then the schools
    ["全国普通高等学校名单"],
    ["序号", "学校名称", "学校标识码", "主管部门", "所在地", "办学层次", "备注"],
    ["湖北省（3所）"],
    [1, "武汉大学", "4142010486", "教育部", "武汉市", "本科", ""],
    [2, "华中科技大学", "4142010487", "教育部", "武汉市", "本科", ""],
    [3, "武汉职业技术学院", "4142010834", "湖北省", "武汉市", "专科", ""],
    ["江苏省（2所）"],
    [4, "昆山杜克大学", "4132014605", "江苏省教育厅", "昆山市", "本科", "中外合作办学"],
    [5, "南京大学", "4132010284", "教育部", "南京市", "本科", ""],
]


def test_csv_gbk_xlsx_and_xls_of_one_list_give_the_same_counts(admin_user_role):
    day = datetime.date(2025, 6, 20)
    results = []
    for upload in (_csv(PUBLISHED, "gbk"), _xlsx(PUBLISHED), _xls(PUBLISHED)):
        made = entity_list_upload(
            upload=upload, kind="regular_heis", snapshot=day, source="教育部名单", user=admin_user_role
        )
        results.append(sorted(Entity.objects.filter(list=made).values_list("name", "region__code")))
        assert made.sections == {"湖北省": {"stated": 3, "rows": 3}, "江苏省": {"stated": 2, "rows": 2}}
        assert made.placed == {"prefecture": 4, "county": 1} and made.province_only == []
    assert results[0] == results[1] == results[2]
    assert ("昆山杜克大学", "320583") in results[0]


def test_counts_become_observations_at_every_level(admin_user_role):
    made = entity_list_upload(
        upload=_csv(PUBLISHED),
        kind="regular_heis",
        snapshot=datetime.date(2025, 6, 20),
        source="教育部名单",
        user=admin_user_role,
    )
    dataset_process(dataset_id=made.dataset.id, rescore=False)
    made.dataset.refresh_from_db()
    assert made.dataset.status == "succeeded", made.dataset.errors[:3]

    def value(code, indicator="hei_count"):
        return Observation.objects.get(region__code=code, indicator__code=indicator, year=2025, is_current=True).value

    assert value("420000") == 3 and value("420100") == 3 and value("420100", "hei_undergraduate_count") == 2
    assert value("320000") == 2 and value("320500") == 1 and value("320100") == 1
    assert value("420500") == 0  # Yichang: the list places every Hubei school in a city, so none there
    assert not Observation.objects.filter(
        region__code="320583", indicator__code="hei_count"
    ).exists()  # counties: not all placed there


def test_a_firm_list_is_placed_by_address_and_counted(admin_user_role):
    rows = [
        ["企业名称", "注册地址"],
        ["甲精密", "湖北省武汉市东湖新技术开发区高新大道1号"],
        ["乙材料", "江苏省昆山市开发区"],
        ["丙电子", "武汉市洪山区"],
    ]
    made = entity_list_upload(
        upload=_csv(rows),
        kind="little_giants",
        snapshot=datetime.date(2024, 8, 1),
        source="工信部第六批",
        user=admin_user_role,
    )
    assert made.placed == {"prefecture": 1, "county": 2}
    dataset_process(dataset_id=made.dataset.id, rescore=False)
    made.dataset.refresh_from_db()
    assert made.dataset.status == "succeeded", made.dataset.errors[:3]

    def value(code):
        return Observation.objects.get(region__code=code, indicator__code="little_giants", year=2024).value

    # a development zone counts for its city, Kunshan for itself and for Suzhou; every Hubei firm has a city,
    # so Hubei's other cities count zero
    assert value("420000") == 2 and value("420100") == 2 and value("320500") == 1 and value("320583") == 1
    assert value("420500") == 0 and value("320000") == 1


def test_a_bad_row_stores_nothing_and_names_row_field_and_suggestions(admin_user_role):
    rows = [
        ["学校名称", "所在地", "省份"],
        ["甲大学", "武汉市", "湖北省"],
        ["乙学院", "湖比省荆州市", ""],
        ["丙学院", "朝阳区", ""],
        ["丁学院", "", "湖北省"],
    ]
    with pytest.raises(ApplicationError) as failure, translation.override("en"):
        entity_list_upload(
            upload=_csv(rows), kind="regular_heis", snapshot=datetime.date(2025, 1, 1), source="x", user=admin_user_role
        )
    message = failure.value.message
    assert "row 3, field location: unknown location '湖比省荆州市'" in message and "湖北省" in message
    assert "row 4, field location: '朝阳区' is ambiguous" in message
    with pytest.raises(ApplicationError) as failure, translation.override("zh-hans"):  # in the reader's language
        entity_list_upload(
            upload=_csv(rows), kind="regular_heis", snapshot=datetime.date(2025, 1, 1), source="x", user=admin_user_role
        )
    message = failure.value.message
    assert message.startswith("未存储任何数据。第 3 行，“所在地”列：未知的所在地“湖比省荆州市”（是否指")
    assert "第 4 行，“所在地”列：“朝阳区”有歧义" in message and "row" not in message
    assert not Entity.objects.exists()
    # a province-only location is placed at province level and reported
    ok = entity_list_upload(
        upload=_csv([rows[0], rows[1], rows[4]]),
        kind="regular_heis",
        snapshot=datetime.date(2025, 1, 1),
        source="x",
        user=admin_user_role,
    )
    assert ok.province_only == [[3, "丁学院", "湖北省"]] and ok.placed == {"prefecture": 1, "province": 1}


def test_a_laboratory_with_only_a_host_is_placed_through_the_university_list(admin_user_role):
    entity_list_upload(
        upload=_csv(PUBLISHED),
        kind="regular_heis",
        snapshot=datetime.date(2025, 6, 20),
        source="教育部名单",
        user=admin_user_role,
    )
    labs = [
        ["name", "institution", "province"],
        ["某国家重点实验室", "华中科技大学", "湖北"],
        ["另一国家重点实验室", "武汉大学", ""],
        ["第三实验室", "某研究院", "江苏"],
    ]
    made = entity_list_upload(
        upload=_csv(labs),
        kind="state_key_labs",
        snapshot=datetime.date(2020, 12, 31),
        source="科技部",
        user=admin_user_role,
    )
    placed = dict(Entity.objects.filter(list=made).values_list("name", "region__code"))
    assert placed == {"某国家重点实验室": "420100", "另一国家重点实验室": "420100", "第三实验室": "320000"}
    assert made.province_only == [[4, "第三实验室", "江苏"]]


@pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data/raw is not present")
def test_the_ministry_list_places_every_school_and_matches_its_published_counts(admin_user_role):
    raw = pd.read_csv(RAW / "moe_hei_list_2025-06-20.csv", dtype=str).fillna("")
    columns = ["school", "province", "city", "level", "note"]
    rows = [columns, *raw[columns].to_numpy().tolist()]
    made = entity_list_upload(
        upload=_csv(rows),
        kind="regular_heis",
        snapshot=datetime.date(2025, 6, 20),
        source="教育部 全国普通高等学校名单（2025年6月20日）",
        user=admin_user_role,
    )
    entities = pd.DataFrame(
        Entity.objects.filter(list=made).order_by("row").values("name", "province_code", "prefecture_code")
    )
    assert len(entities) == len(raw) == 2919
    # every school placed in the city the Ministry gives (counted there); one Xinjiang school sits in a
    # county-level city newer than the boundaries (新星市, 2021): placed at province level and reported
    assert made.province_only == [[2916, "新疆理工职业大学", "新星市"]] or [r[2] for r in made.province_only] == [
        "新星市"
    ]
    placed = entities["prefecture_code"].where(entities["prefecture_code"] != "", entities["province_code"])
    differ = raw.assign(placed=placed.to_numpy())
    differ = differ[differ["placed"] != differ["city_code"]]
    assert list(differ["city"]) == ["新星市"], differ[["school", "city", "city_code", "placed"]].head()
    # a university listed under one province but sited in another is counted where it is (西藏民族大学 in 咸阳)
    assert entities.set_index("name").loc["西藏民族大学", "prefecture_code"] == "610400"
    # the list's own section totals, and city counts as compiled from it
    published = pd.read_csv(RAW / "hei_counts_province_2025-06-20_long.csv", dtype={"region_code": str})
    published = published[published["indicator"] == "regular_heis"].set_index("region_code")["value"]
    assert published["110000"] == 92 and raw["province_code"].value_counts().to_dict() == published.to_dict()
    cities = pd.read_csv(RAW / "hei_counts_city_2025-06-20_long.csv", dtype={"region_code": str})
    cities = cities[cities["indicator"] == "regular_heis"].set_index("region_code")["value"]
    counted = entities["prefecture_code"].value_counts()
    for code, name in (("420100", "Wuhan"), ("610100", "Xi'an"), ("320100", "Nanjing"), ("440100", "Guangzhou")):
        assert counted[code] == cities[code], name


def test_pages_list_the_entities_and_only_admins_upload(client, admin_user_role, official):
    client.force_login(admin_user_role)
    response = client.post(
        "/data/entities/",
        {"kind": "regular_heis", "snapshot": "2025-06-20", "source": "教育部名单", "file": _xls(PUBLISHED)},
    )
    assert response.status_code == 302
    client.force_login(official)
    listing = client.get("/data/entities/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "教育部名单" in listing and 'id="entity-upload"' not in listing
    page = client.get("/regions/420100/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="entities"' in page and "3 所" in page and "华中科技大学" in page
    assert client.post("/data/entities/", {"kind": "regular_heis"}).status_code == 403
