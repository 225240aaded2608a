from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

from .constants import ROLE_ADMIN, ROLE_PERMISSIONS, ROLES

DEMO_USERS = {ROLE_ADMIN: ROLE_ADMIN, "planner": "planner", "official": "official"}


def roles_ensure() -> dict[str, Group]:
    """Creates the role groups and gives each exactly its permissions. Safe to run any number of times."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in ROLE_PERMISSIONS[role]:
            app_label, codename = dotted.split(".")
            wanted.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        if set(group.permissions.all()) != set(wanted):
            group.permissions.set(wanted)
        groups[role] = group
    return groups


def demo_users_ensure(*, password: str | None = None) -> list[tuple[str, str, bool]]:
    """Creates the demo users that are missing; existing ones are left as they are.

    Returns (username, password, created) per user; the password of an existing user is not known.
    """
    groups = roles_ensure()
    user_model = get_user_model()
    result = []
    for username, role in DEMO_USERS.items():
        user_password = password or f"{username}-demo"
        user = user_model.objects.filter(username=username).first()
        created = user is None
        if created:
            user = user_model.objects.create_user(username=username, password=user_password)
            user.is_staff = role == ROLE_ADMIN
            user.save(update_fields=["is_staff"])
            user.groups.add(groups[role])
        result.append((username, user_password if created else "(unchanged)", created))
    return result


def user_roles(user) -> list[str]:
    if not user.is_authenticated:
        return []
    return sorted(g.name for g in user.groups.all() if g.name in ROLES)


SYSTEM_USERNAME = "yindi"


def system_user_ensure():
    """The account that owns what the app loads by itself (the shipped statistics): it cannot log in."""
    user, created = get_user_model().objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "Yindi (system)"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
