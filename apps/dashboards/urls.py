"""Every page of the app: the views live in pages/, one module per page or group of pages."""

from django.urls import path

from .pages import compare, data, entities, jobs, methodology, plans, region, runs
from .pages import map as map_page

app_name = "dashboards"

urlpatterns = [
    path("", map_page.map_view, name="map"),
    path("regions/<str:code>/", region.region_detail_view, name="region-detail"),
    path("compare/", compare.compare_view, name="compare"),
    path("runs/<int:pk>/", runs.run_detail_view, name="run-detail"),
    path("methodology/", methodology.methodology_view, name="methodology"),
    path("references/", methodology.references_view, name="references"),
    path("plans/", plans.plans_view, name="plans"),
    path("data/", data.data_view, name="data"),
    path("data/<int:pk>/", data.dataset_view, name="dataset"),
    path("data/<int:pk>/commit/", data.dataset_commit_view, name="commit"),
    path("data/<int:pk>/revalidate/", data.dataset_revalidate_view, name="revalidate"),
    path("data/<int:pk>/withdraw/", data.dataset_withdraw_view, name="withdraw"),
    path("data/<int:pk>/delete/", data.dataset_delete_view, name="delete"),
    path("data/entities/", entities.entity_lists_view, name="entity-lists"),
    path("data/plans/", plans.plan_data_view, name="plan-data"),
    path("jobs/", jobs.jobs_view, name="jobs"),
]
