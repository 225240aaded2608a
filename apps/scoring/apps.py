from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_default_model(sender, **kwargs):
    from .services import default_model_ensure

    default_model_ensure()


class ScoringConfig(AppConfig):
    name = "apps.scoring"
    verbose_name = "Scoring"

    def ready(self):
        post_migrate.connect(_ensure_default_model, sender=self, dispatch_uid="scoring.default_model")
