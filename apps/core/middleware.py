import re
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import patch_cache_control
from rest_framework.views import APIView


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Every page needs login unless marked `login_not_required`.

    API views are left to DRF, which authenticates tokens as well as sessions and answers 401/403
    instead of redirecting; its default permission is IsAuthenticated.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class PrivatePagesMiddleware:
    """Pages shown after login are not stored by the browser, so Back after logout asks the server again
    (and lands on the login page) instead of showing a cached copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "user", None) is not None
            and request.user.is_authenticated
            and response.get("Content-Type", "").startswith("text/html")
            and not response.has_header("Cache-Control")
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response


class ContentSecurityPolicyMiddleware:
    """`Content-Security-Policy` (settings.CONTENT_SECURITY_POLICY) on every response that has none: scripts,
    styles sheets, images and requests from this site only, no frames of it elsewhere. Pages carry no inline
    scripts or handlers (static/js/page.js wires them); Plotly needs inline styles, which are allowed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response


class ServerTimingMiddleware:
    """`Server-Timing: app;dur=…` (milliseconds) on every response: the time spent in Django, for the
    browser's developer tools and for bench/page_load.py."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        import time

        started = time.perf_counter()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
        return response


# NUL and the other C0 control characters except tab, newline and carriage return
_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_JSON_ESCAPED_CONTROL = re.compile(rb"\\u00(?:0[0-8bBcCeEfF]|1[0-9a-fA-F])|\\u007[fF]")
MAX_CHECKED_BODY = 1024 * 1024


class RejectControlCharactersMiddleware:
    """Control characters (NUL above all) have no place in a path, a query or a JSON body: they are refused
    at the edge with a 400, before any view or database sees them (PostgreSQL rejects NUL in text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw_path = request.META.get("RAW_URI") or request.META.get("PATH_INFO", "")
        candidates = [
            unquote_to_bytes(raw_path),
            unquote_to_bytes(request.META.get("QUERY_STRING", "").replace("+", " ")),
        ]
        if request.content_type == "application/json":
            length = int(request.META.get("CONTENT_LENGTH") or 0)
            if 0 < length <= MAX_CHECKED_BODY and _JSON_ESCAPED_CONTROL.search(request.body):
                return self._refuse(request)
            if 0 < length <= MAX_CHECKED_BODY:
                candidates.append(request.body)
        if any(_CONTROL.search(part) for part in candidates):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _refuse(request):
        message = "The request contains a control character (such as NUL); it was refused."
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
