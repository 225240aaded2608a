from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_cached


@login_not_required
@never_cache
@require_GET
def healthz(request):
    state = health_cached()
    return JsonResponse({"status": "ok" if state["ok"] else "degraded", **state}, status=200 if state["ok"] else 503)


@login_not_required
def not_found(request, exception=None):
    """404: JSON for API clients, the page otherwise."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


@login_not_required
def server_error(request):
    """500: JSON for API clients, the page otherwise; never details."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error. The request was not completed; please try again."}, status=500)
    return defaults.server_error(request)
