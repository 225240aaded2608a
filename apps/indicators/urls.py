from django.urls import path

from .apis import IndicatorListApi, IndustryListApi, IndustryObservationListApi, ObservationListApi

app_name = "indicators"

urlpatterns = [
    path("indicators/", IndicatorListApi.as_view(), name="list"),
    path("industries/", IndustryListApi.as_view(), name="industry-list"),
    path("observations/", ObservationListApi.as_view(), name="observation-list"),
    path("industry-observations/", IndustryObservationListApi.as_view(), name="industry-observation-list"),
]
