from .constants import PERM_MANAGE_GROUPS, PERM_RUN_JOBS, PERM_SAVE_SCENARIOS, PERM_UPLOAD, ROLE_LABELS
from .services import user_roles


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    names = user_roles(user)
    return {
        "user_roles": [ROLE_LABELS[name] for name in names],
        "can_upload": user.has_perm(PERM_UPLOAD),
        "can_run_jobs": user.has_perm(PERM_RUN_JOBS),
        "can_save_scenarios": user.has_perm(PERM_SAVE_SCENARIOS),
        "can_manage_groups": user.has_perm(PERM_MANAGE_GROUPS),
    }
