from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_targets(sender, **kwargs):
    from .services import targets_seed

    targets_seed()


class RecommendationsConfig(AppConfig):
    name = "apps.recommendations"
    verbose_name = "Recommendations"

    def ready(self):
        post_migrate.connect(_seed_targets, sender=self, dispatch_uid="recommendations.seed_targets")
