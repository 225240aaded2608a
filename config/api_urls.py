from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.accounts.apis import TokenObtainApi

urlpatterns = [
    path("auth/token/", TokenObtainApi.as_view(), name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("apps.scoring.urls")),
    path("", include("apps.recommendations.urls")),
    path("", include("apps.regions.urls")),
    path("", include("apps.indicators.urls")),
    path("", include("apps.ingest.urls")),
    path("", include("apps.plans.urls")),
]
