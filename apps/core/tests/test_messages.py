"""Messages made in the background are stored as codes and worded for the reader: every code, stage, audit
action and layout reads as Chinese in Chinese (no English word left), names indicators and regions rather
than their codes, and keeps its English wording for the API and logs."""

import re

import pytest
from django.utils import translation

from apps.core.messages import (
    ACTIONS,
    LAYOUTS,
    MESSAGES,
    STAGES,
    Message,
    action_label,
    excluded_text,
    issue_text,
    issue_texts,
    layout_label,
    message_text,
    stage_label,
)
from apps.ingest.services import dataset_process, dataset_upload
from tests.builders import make_csv

# words that may stay in Latin letters inside Chinese text: currency codes
ALLOWED = {"USD", "CNY"}
SAMPLES = {
    "value": "湖比",
    "suggestions": ["湖北省", "湖南省"],
    "code": "420000",
    "name": "湖北省",
    "others": "430000 湖南省",
    "max": "100",
    "unit": "%",
    "row": 7,
    "factor": "2.50",
    "year_a": 2019,
    "year_b": 2020,
    "region_code": "420000",
    "indicator": "gdp",
    "first": 1949,
    "last": 2026,
    "choices": ["增加值", "营业收入"],
    "count": 3,
    "indicators": ["gdp", "population"],
    "detail": "磁盘已满",
    "year": 2023,
    "reported": 3,
    "total": 17,
    "regions": 12,
    "of": 31,
    "pillar": "科教资源",
    "share": 40,
    "level": "province",
    "file": "名单",
    "field": "location",
    "reason": "不是数字",
    "errors": "第 2 行有误",
}


def _english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in ALLOWED}


def _params(template: str) -> dict:
    return {key: SAMPLES[key] for key in re.findall(r"%\((\w+)\)s", template)}


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_code_reads_as_chinese_with_names_not_codes(code, regions):
    params = _params(MESSAGES[code])
    english = str(Message(code, params))
    with translation.override("zh-hans"):
        chinese = message_text(code, params)
    assert chinese != english and not _english_words(chinese), chinese
    if "indicator" in params:
        assert "国内生产总值" in chinese or "地区生产总值" in chinese, chinese
    if "region_code" in params:
        assert "湖北" in chinese and "420000" not in chinese
    with translation.override("en"):
        worded = message_text(code, params)
    if {"region_code", "indicator", "indicators"} & set(params):  # names, in English too
        assert "420000" not in worded and "gdp" not in worded and worded != english
    else:
        assert worded == english


@pytest.mark.parametrize(
    ("catalogue", "label"), [(STAGES, stage_label), (ACTIONS, action_label), (LAYOUTS, layout_label)]
)
def test_every_stage_action_and_layout_reads_as_chinese(catalogue, label):
    with translation.override("zh-hans"):
        for key in catalogue:
            text = label(key)
            assert text != key and not _english_words(text), (key, text)
    with translation.override("en"):
        assert label("validated") == catalogue.get("validated", label("validated"))
    assert label("unheard_of") == "unheard_of"  # unknown keys pass through


def test_a_message_is_its_english_wording_and_keeps_its_code():
    message = Message("region.unknown_suggest", {"value": "湖比", "suggestions": ["湖北省", "湖南省"]})
    assert message == "unknown region '湖比'; did you mean 湖北省, 湖南省?"
    assert message.as_dict() == {
        "code": "region.unknown_suggest",
        "params": {"value": "湖比", "suggestions": ["湖北省", "湖南省"]},
    }
    import pickle

    assert pickle.loads(pickle.dumps(message)).code == "region.unknown_suggest"
    # issues stored before codes existed are shown as stored
    assert issue_text({"reason": "something old"}) == "something old"
    with translation.override("zh-hans"):
        assert excluded_text("science_education: 40% of its indicators reported") == "科教资源：仅报告了其 40% 的指标"
        assert excluded_text("anything else") == "anything else"


@pytest.mark.django_db
def test_a_rejected_upload_reads_in_chinese_on_its_page_and_in_english_in_the_api(
    regions, upload_root, admin_user_role, client
):
    rows = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["湖比", "地区生产总值", 2020, 100, "亿元"],
        ["湖北省", "地区生产总值", "二〇二〇", 100, "亿元"],
        ["湖北省", "地区生产总值", 2021, "n/a?", "亿元"],
    ]
    dataset, _ = dataset_upload(upload=make_csv(rows, name="bad.csv"), user=admin_user_role)
    dataset_process(dataset_id=dataset.id)
    client.force_login(admin_user_role)
    page = client.get(f"/data/{dataset.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "未知的地区“湖比”；是否指 湖南省、湖北省？" in page and "不是年份" in page and "不是数字" in page
    assert "3 行有错误，未写入任何数据。" in page and "已拒绝" in page and "已上传" in page
    assert "unknown region" not in page and "not a number" not in page and "rejected" not in page
    assert "<td>地区</td>" in page and "<td>年份</td>" in page  # the columns the problems are in
    api = client.get(f"/api/datasets/{dataset.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert api["failure"] == "3 rows have errors; nothing was written." and api["stage_label"] == "rejected"
    assert {e["code"] for e in api["errors"]} == {"region.unknown_suggest", "year.invalid", "value.not_number"}


@pytest.mark.django_db
def test_a_long_list_of_issues_looks_names_up_once(regions, django_assert_max_num_queries):
    jump = Message(
        "value.jump", {"factor": "2.50", "year_a": 2019, "year_b": 2020, "region_code": "420000", "indicator": "gdp"}
    )
    issues = [{"row": n, "column": "gdp", "value": "1", "reason": str(jump), **jump.as_dict()} for n in range(500)]
    with translation.override("zh-hans"), django_assert_max_num_queries(2):
        texts = issue_texts(issues)
    assert len(texts) == 500 and all("湖北" in t and "420000" not in t for t in texts)
