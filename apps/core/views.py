from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_check


@login_not_required
@never_cache
@require_GET
def healthz(request):
    state = health_check()
    return JsonResponse({"status": "ok" if state["ok"] else "degraded", **state}, status=200 if state["ok"] else 503)
