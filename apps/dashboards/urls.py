from django.urls import path

from apps.scoring.views import methodology_view, references_view

from . import views
from .pages import plans

app_name = "dashboards"

urlpatterns = [
    path("", views.map_view, name="map"),
    path("regions/<str:code>/", views.region_detail_view, name="region-detail"),
    path("compare/", views.compare_view, name="compare"),
    path("runs/<int:pk>/", views.run_detail_view, name="run-detail"),
    path("methodology/", methodology_view, name="methodology"),
    path("references/", references_view, name="references"),
    path("plans/", plans.plans_view, name="plans"),
    path("data/plans/", plans.plan_data_view, name="plan-data"),
]
