from django.urls import path

from .apis import (
    RegionScorecardApi,
    ScoringModelListApi,
    ScoringRunDetailApi,
    ScoringRunListCreateApi,
    ScoringRunScoresApi,
    ScoringRunWhatIfApi,
)

app_name = "scoring"

urlpatterns = [
    path("scoring-models/", ScoringModelListApi.as_view(), name="model-list"),
    path("scoring-runs/", ScoringRunListCreateApi.as_view(), name="run-list"),
    path("scoring-runs/<int:pk>/", ScoringRunDetailApi.as_view(), name="run-detail"),
    path("scoring-runs/<int:pk>/scores/", ScoringRunScoresApi.as_view(), name="run-scores"),
    path("scoring-runs/<int:pk>/what-if/", ScoringRunWhatIfApi.as_view(), name="run-whatif"),
    path("regions/<str:code>/scorecard/", RegionScorecardApi.as_view(), name="scorecard"),
]
