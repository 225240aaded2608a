import pytest
from rest_framework.test import APIClient

from apps.ingest.models import Dataset
from apps.ingest.services import dataset_process
from tests.builders import make_csv

pytestmark = pytest.mark.usefixtures("regions", "upload_root")
ROWS = [
    ["地区", "指标", "年份", "数值", "单位"],
    ["北京", "GDP", 2022, "41610.9", "亿元"],
    ["湖北", "GDP", 2022, "=1+1", "亿元"],
]


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_only_admins_upload(planner, official):
    for user in (planner, official):
        response = _client(user).post("/api/datasets/", {"file": make_csv(ROWS)}, format="multipart")
        assert response.status_code == 403
        assert _client(user).get("/api/datasets/").status_code == 200
    assert Dataset.objects.count() == 0


def test_upload_returns_202_then_the_same_file_returns_the_existing_dataset(
    admin_user_role, django_capture_on_commit_callbacks
):
    api = _client(admin_user_role)
    with django_capture_on_commit_callbacks() as callbacks:
        response = api.post(
            "/api/datasets/", {"file": make_csv(ROWS), "source": "年鉴表3-9", "dry_run": "true"}, format="multipart"
        )
    assert response.status_code == 202
    assert response.data["status"] == "pending" and response.data["duplicate"] is False
    assert len(callbacks) == 1  # the job is queued once the upload is committed
    again = api.post("/api/datasets/", {"file": make_csv(ROWS)}, format="multipart")
    assert again.status_code == 200 and again.data["id"] == response.data["id"] and again.data["duplicate"] is True


def test_dataset_detail_errors_and_issues_csv(admin_user_role, official):
    response = _client(admin_user_role).post("/api/datasets/", {"file": make_csv(ROWS)}, format="multipart")
    dataset_process(dataset_id=response.data["id"])
    detail = _client(official).get(f"/api/datasets/{response.data['id']}/").data
    assert detail["status"] == "failed" and detail["rows_error"] == 1
    error = {
        "row": 3,
        "column": "数值",
        "value": "=1+1",
        "reason": "not a number",
        "code": "value.not_number",
        "params": {},
    }
    assert detail["errors"] == [{**error, "message": "不是数字"}]  # in the default language
    english = _client(official).get(f"/api/datasets/{response.data['id']}/", HTTP_ACCEPT_LANGUAGE="en").data
    assert english["errors"] == [{**error, "message": "not a number"}]
    chinese = _client(official).get(f"/api/datasets/{response.data['id']}/", HTTP_ACCEPT_LANGUAGE="zh-hans").data
    assert chinese["errors"][0]["message"] == "不是数字" and chinese["errors"][0]["reason"] == "not a number"
    assert chinese["failure_text"] == "1 行有错误，未写入任何数据。"
    csv_text = _client(official).get(f"/api/datasets/{response.data['id']}/issues.csv").content.decode("utf-8-sig")
    assert "'=1+1" in csv_text  # a formula in the file never reaches a spreadsheet as a formula
    assert _client(official).post(f"/api/datasets/{response.data['id']}/commit/").status_code == 403


def test_refused_file_is_a_clear_400(admin_user_role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _client(admin_user_role).post(
        "/api/datasets/", {"file": SimpleUploadedFile("x.xlsx", b"not a zip at all")}, format="multipart"
    )
    assert response.status_code == 400
    assert "not an Excel workbook" in response.data["detail"]


def test_indicators_and_observations(admin_user_role, official):
    response = _client(admin_user_role).post(
        "/api/datasets/", {"file": make_csv(ROWS[:2]), "source": "年鉴"}, format="multipart"
    )
    dataset_process(dataset_id=response.data["id"])
    api = _client(official)
    indicators = {i["code"]: i for i in api.get("/api/indicators/").data}
    assert indicators["gdp"]["unit"] == "亿元" and indicators["gdp"]["pillar"] == "scenarios_market"
    observations = api.get("/api/observations/", {"region": "110000", "indicator": "gdp", "year": 2022}).data["results"]
    assert observations == [
        {
            "region": "110000",
            "indicator": "gdp",
            "year": 2022,
            "value": 41610.9,
            "unit": "亿元",
            "source": "年鉴",
            "vintage": observations[0]["vintage"],
            "dataset": response.data["id"],
            "is_current": True,
            "derived": False,
        }
    ]
    assert any(i["code"] == "C26" for i in api.get("/api/industries/").data)


def test_oversize_upload_is_refused_before_the_body_is_read(admin_user_role, settings, client):
    settings.UPLOAD_MAX_BYTES = 100_000
    body = make_csv([["地区", "年份"]] + [["北京", "2020"]] * 30_000)
    response = _client(admin_user_role).post("/api/datasets/", {"file": body}, format="multipart")
    assert response.status_code == 413 and "limit is 0 MB" in response.data["detail"]
    client.force_login(admin_user_role)
    body.seek(0)
    page = client.post("/data/", {"file": body})
    assert page.status_code == 413 and "limit is 0 MB" in page.content.decode()
    assert Dataset.objects.count() == 0
