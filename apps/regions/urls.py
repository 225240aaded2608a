from django.urls import path

from .apis import RegionDetailApi, RegionGeoJsonApi, RegionGroupListApi, RegionListApi

app_name = "regions"

urlpatterns = [
    path("regions/", RegionListApi.as_view(), name="list"),
    path("regions/geojson/", RegionGeoJsonApi.as_view(), name="geojson"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="detail"),
    path("region-groups/", RegionGroupListApi.as_view(), name="group-list"),
]
