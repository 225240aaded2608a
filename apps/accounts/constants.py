from django.utils.translation import gettext_lazy as _

ROLE_ADMIN = "admin"
ROLE_PLANNER = "planner"
ROLE_OFFICIAL = "official"
ROLES = (ROLE_ADMIN, ROLE_PLANNER, ROLE_OFFICIAL)
ROLE_LABELS = {ROLE_ADMIN: _("Data admin"), ROLE_PLANNER: _("Planner / analyst"), ROLE_OFFICIAL: _("Official")}

# Capabilities as "app_label.codename"; roles are Django groups holding them.
PERM_UPLOAD = "accounts.upload_data"
PERM_RUN_JOBS = "accounts.run_jobs"
PERM_SAVE_SCENARIOS = "accounts.save_scenarios"
PERM_MANAGE_GROUPS = "accounts.manage_region_groups"

ROLE_PERMISSIONS = {
    ROLE_ADMIN: [
        PERM_UPLOAD,
        PERM_RUN_JOBS,
        PERM_SAVE_SCENARIOS,
        PERM_MANAGE_GROUPS,
        "regions.view_regiongroup",
        "regions.add_regiongroup",
        "regions.change_regiongroup",
        "regions.delete_regiongroup",
        "indicators.view_indicator",
        "indicators.add_indicator",
        "indicators.change_indicator",
        "indicators.view_industry",
        "indicators.add_industry",
        "indicators.change_industry",
        "ingest.view_dataset",
        # the target industries recommendations rank (README: editable in the admin), and reference rankings
        "recommendations.view_targetindustry",
        "recommendations.add_targetindustry",
        "recommendations.change_targetindustry",
        "scoring.view_referenceranking",
        "scoring.change_referenceranking",
        "scoring.delete_referenceranking",
        "scoring.view_referencerank",
        "scoring.change_referencerank",
        "scoring.delete_referencerank",
        # the alias dictionary that maps declared priorities onto the catalogue
        "plans.view_planalias",
        "plans.add_planalias",
        "plans.change_planalias",
        "plans.delete_planalias",
        "plans.view_declaredpriority",
    ],
    ROLE_PLANNER: [PERM_RUN_JOBS, PERM_SAVE_SCENARIOS],
    ROLE_OFFICIAL: [],
}
