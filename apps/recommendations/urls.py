from django.urls import path

from .apis import RecommendationListApi, RecommendationSummaryApi, TargetIndustryListApi

app_name = "recommendations"

urlpatterns = [
    path("recommendations/", RecommendationListApi.as_view(), name="list"),
    path("recommendations/summary/", RecommendationSummaryApi.as_view(), name="summary"),
    path("target-industries/", TargetIndustryListApi.as_view(), name="targets"),
]
