from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "apps.entities"
    verbose_name = "Entity lists"
    default_auto_field = "django.db.models.BigAutoField"
