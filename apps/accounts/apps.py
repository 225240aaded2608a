from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_save


def _ensure_roles(sender, **kwargs):
    from .services import roles_ensure

    roles_ensure()


def _tokens_die_with_the_password(sender, instance, **kwargs):
    """A changed password (or a deactivated user) ends every API token of the user, as it ends sessions."""
    if instance.pk is None:
        return
    from rest_framework.authtoken.models import Token

    before = sender.objects.filter(pk=instance.pk).values_list("password", "is_active").first()
    if before is not None and (before[0] != instance.password or (before[1] and not instance.is_active)):
        Token.objects.filter(user_id=instance.pk).delete()


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        # Roles are part of the schema's meaning: every migrated database has them.
        post_migrate.connect(_ensure_roles, sender=self, dispatch_uid="accounts.ensure_roles")
        from django.contrib.auth import get_user_model

        pre_save.connect(_tokens_die_with_the_password, sender=get_user_model(), dispatch_uid="accounts.tokens")
