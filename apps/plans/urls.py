from django.urls import path

from .apis import PlanAlignmentApi, PlanSamenessApi

app_name = "plans"

urlpatterns = [
    path("plan-alignment/", PlanAlignmentApi.as_view(), name="alignment"),
    path("plan-sameness/", PlanSamenessApi.as_view(), name="sameness"),
]
