import logging

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_cached

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    state = health_cached()
    response = JsonResponse(
        {"status": "ok" if state["ok"] else "degraded", **state}, status=200 if state["ok"] else 503
    )
    if not state["ok"]:
        # a degraded answer is what the endpoint is for (a worker still starting, say): a warning, not an error
        logger.warning(
            "healthz: degraded: %s", ", ".join(k for k in ("database", "broker", "worker") if not state[k]["ok"])
        )
        response._has_been_logged = True  # Django would log every 5xx as an ERROR
    return response


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
