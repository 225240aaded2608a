from django.urls import path

from . import views

app_name = "entities"

urlpatterns = [
    path("data/entities/", views.entity_lists_view, name="lists"),
]
