from django.urls import path

from .apis import DatasetCommitApi, DatasetDetailApi, DatasetErrorsCsvApi, DatasetListCreateApi, DatasetRevalidateApi

app_name = "ingest"

urlpatterns = [
    path("datasets/", DatasetListCreateApi.as_view(), name="list"),
    path("datasets/<int:pk>/", DatasetDetailApi.as_view(), name="detail"),
    path("datasets/<int:pk>/commit/", DatasetCommitApi.as_view(), name="commit"),
    path("datasets/<int:pk>/revalidate/", DatasetRevalidateApi.as_view(), name="revalidate"),
    path("datasets/<int:pk>/issues.csv", DatasetErrorsCsvApi.as_view(), name="issues-csv"),
]
