from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_catalogue(sender, **kwargs):
    from .services import catalogue_seed

    catalogue_seed()


class IndicatorsConfig(AppConfig):
    name = "apps.indicators"
    verbose_name = "Indicators and observations"

    def ready(self):
        post_migrate.connect(_seed_catalogue, sender=self, dispatch_uid="indicators.seed_catalogue")
