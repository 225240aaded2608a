from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token

urlpatterns = [
    path("auth/token/", obtain_auth_token, name="token"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include("apps.scoring.urls")),
    path("", include("apps.recommendations.urls")),
    path("", include("apps.regions.urls")),
    path("", include("apps.indicators.urls")),
    path("", include("apps.ingest.urls")),
]
