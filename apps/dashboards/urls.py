from django.urls import path

from apps.scoring.views import methodology_view, references_view

from .pages import compare, plans, region, runs
from .pages import map as map_page

app_name = "dashboards"

urlpatterns = [
    path("", map_page.map_view, name="map"),
    path("regions/<str:code>/", region.region_detail_view, name="region-detail"),
    path("compare/", compare.compare_view, name="compare"),
    path("runs/<int:pk>/", runs.run_detail_view, name="run-detail"),
    path("methodology/", methodology_view, name="methodology"),
    path("references/", references_view, name="references"),
    path("plans/", plans.plans_view, name="plans"),
    path("data/plans/", plans.plan_data_view, name="plan-data"),
]
