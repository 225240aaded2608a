from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from .authentication import token_expired


class TokenObtainApi(ObtainAuthToken):
    """POST username and password → {"token": ...}; an expired token is replaced, not handed out again.
    Throttled per address (API_THROTTLE_TOKEN) besides the lockout after repeated wrong passwords."""

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token = Token.objects.filter(user=user).first()
        if token is not None and token_expired(token):
            token.delete()
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
