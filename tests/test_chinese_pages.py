"""Every page reads as Chinese for a Chinese reader: with the shipped data loaded and scored, no page shown
in Chinese carries English prose (three or more Latin words in a row); codes, units, file names and
format names may stay as they are."""

import html
import re

import pytest
from django.test import Client

from apps.ingest.demo import demo_data_load
from apps.ingest.services import dataset_process, dataset_upload
from apps.scoring.models import ScoringRun
from apps.scoring.services import scoring_run_execute
from tests.builders import make_csv
from tests.test_demo_data import needs_raw

PROSE = re.compile(r"[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,}){2,}")


def _text(page: str) -> str:
    page = re.sub(r"(?s)<script.*?</script>|<style.*?</style>", " ", page)
    return html.unescape(re.sub(r"(?s)<[^>]+>", " ", page))


@needs_raw
@pytest.mark.usefixtures("regions", "upload_root")
def test_no_page_shown_in_chinese_carries_english_prose(admin_user_role):
    demo_data_load()
    province = ScoringRun.objects.filter(level="province").order_by("-year").first()
    city = ScoringRun.objects.get(level="prefecture")
    for run in (province, city):
        scoring_run_execute(run_id=run.id)
    rows = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["湖比", "地区生产总值", 2020, 100, "亿元"],
        ["湖北省", "研发强度", 2020, "n/a?", "%"],
        ["湖北省", "地区生产总值", 2021, 5, "美元"],
    ]
    rejected, _ = dataset_upload(upload=make_csv(rows, name="坏表.csv"), user=admin_user_role)
    dataset_process(dataset_id=rejected.id)
    client = Client()
    login = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert not PROSE.findall(_text(login))
    client.force_login(admin_user_role)
    pages = [
        "/",
        "/?level=prefecture",
        "/?colour=top_emerging",
        "/?colour=role",
        "/regions/420000/",
        "/regions/420100/",
        "/compare/?regions=420000,430000,440000",
        "/data/",
        f"/data/{rejected.pk}/",
        "/jobs/",
        "/methodology/",
        "/references/",
        "/data/entities/",
        f"/runs/{province.pk}/",
        f"/runs/{city.pk}/",
        "/plans/",
        "/plans/?category=future",
        "/plans/?level=prefecture",
        "/data/plans/",
        "/?colour=plan_alignment",
        "/?colour=plan:sei-01",
    ]
    found = {}
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        prose = PROSE.findall(_text(response.content.decode()))
        if prose:
            found[url] = prose[:5]
    assert not found, found
    methodology = client.get("/methodology/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "得分如何计算" in methodology and "计算示例" in methodology and "第 2 版起的默认模型" in methodology
