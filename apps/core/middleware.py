from django.contrib.auth import middleware as auth_middleware
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
