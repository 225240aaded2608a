from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler


class ApplicationError(Exception):
    """A use-case failure to be shown to the user as is (400)."""

    def __init__(self, message: str, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


def api_exception_handler(exc, context):
    """Maps Django validation errors and ApplicationError onto DRF responses."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, ApplicationError):
        code = getattr(exc, "status_code", 400)
        if code in (429, 503):  # too many jobs of one user; the queue is down
            response = exception_handler(exceptions.APIException(exc.message), context)
            response.status_code = code
            response["Retry-After"] = "60"
            return response
        response = exception_handler(exceptions.ValidationError({"detail": exc.message, **exc.extra}), context)
        return response
    return exception_handler(exc, context)
