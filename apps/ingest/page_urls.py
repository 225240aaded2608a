from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("data/", views.data_view, name="data"),
    path("data/<int:pk>/", views.dataset_view, name="dataset"),
    path("data/<int:pk>/commit/", views.dataset_commit_view, name="commit"),
    path("data/<int:pk>/revalidate/", views.dataset_revalidate_view, name="revalidate"),
    path("data/<int:pk>/withdraw/", views.dataset_withdraw_view, name="withdraw"),
    path("data/<int:pk>/delete/", views.dataset_delete_view, name="delete"),
    path("jobs/", views.jobs_view, name="jobs"),
]
