import pytest

from apps.ingest.models import Dataset
from apps.ingest.services import dataset_process
from tests.builders import make_csv

pytestmark = pytest.mark.usefixtures("regions", "upload_root")
ROWS = [
    ["地区", "指标", "年份", "数值", "单位"],
    ["北京", "GDP", 2022, "41610.9", "亿元"],
    ["湖兆", "GDP", 2022, "1", "亿元"],
]


def test_only_admins_see_and_use_the_upload_form(client, planner, official, admin_user_role):
    for user in (planner, official):
        client.force_login(user)
        page = client.get("/data/")
        assert page.status_code == 200 and b'id="upload"' not in page.content
        assert client.post("/data/", {"file": make_csv(ROWS)}).status_code == 403
    client.force_login(admin_user_role)
    assert b'id="upload"' in client.get("/data/").content
    assert Dataset.objects.count() == 0


def test_admin_uploads_sees_every_error_and_nothing_is_written(client, admin_user_role):
    client.force_login(admin_user_role)
    response = client.post(
        "/data/", {"file": make_csv(ROWS), "source": "年鉴", "vintage": "2023-09-30", "dry_run": "on"}
    )
    dataset = Dataset.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/data/{dataset.pk}/"
    dataset_process(dataset_id=dataset.pk)
    page = client.get(f"/data/{dataset.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "unknown region &#x27;湖兆&#x27;" in page and "湖北省" in page  # the reason and the suggestion
    assert 'id="commit"' not in page
    assert f"/api/datasets/{dataset.pk}/issues.csv" in page


def test_clean_dry_run_offers_commit_and_commits(client, admin_user_role, django_capture_on_commit_callbacks):
    client.force_login(admin_user_role)
    client.post("/data/", {"file": make_csv(ROWS[:2]), "vintage": "2023-09-30", "dry_run": "on"})
    dataset = Dataset.objects.get()
    dataset_process(dataset_id=dataset.pk)
    assert 'id="commit"' in client.get(f"/data/{dataset.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/data/{dataset.pk}/commit/")
    assert len(callbacks) == 1
    dataset_process(dataset_id=dataset.pk)
    dataset.refresh_from_db()
    assert dataset.committed and dataset.observations_written == 1


def test_refused_file_shows_the_reason_on_the_form(client, admin_user_role):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(admin_user_role)
    page = client.post("/data/", {"file": SimpleUploadedFile("x.xlsx", b"plain text"), "vintage": "2023-09-30"})
    assert page.status_code == 200 and "not an Excel workbook" in page.content.decode()


def test_jobs_page_lists_uploads_with_progress(client, official, admin_user_role):
    client.force_login(admin_user_role)
    client.post("/data/", {"file": make_csv(ROWS[:2]), "vintage": "2023-09-30"})
    client.force_login(official)
    page = client.get("/jobs/").content.decode()
    assert "table.csv" in page and "<progress" in page and admin_user_role.username in page
