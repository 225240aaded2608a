from django.contrib.auth import middleware as auth_middleware
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
