from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _seed_aliases(sender, **kwargs):
    from .services import aliases_seed

    aliases_seed()


class PlansConfig(AppConfig):
    name = "apps.plans"
    verbose_name = "Plans against the data"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        post_migrate.connect(_seed_aliases, sender=self, dispatch_uid="plans.seed_aliases")
