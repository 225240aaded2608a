import socket

from .models import WorkerCanary


def worker_canary_record(*, token: str) -> WorkerCanary:
    """Writes the canary row; re-delivery of the same token is harmless."""
    canary, _ = WorkerCanary.objects.get_or_create(token=token, defaults={"hostname": socket.gethostname()})
    return canary
