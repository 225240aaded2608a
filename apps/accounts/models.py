from django.db import models


class Capability(models.Model):
    """Holds the app's own permissions; no table. Roles (groups) are granted these."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("upload_data", "Upload statistics"),
            ("run_jobs", "Start scoring and other batch jobs"),
            ("save_scenarios", "Save what-if scenarios"),
            ("manage_region_groups", "Define custom region groups"),
        ]

    def __str__(self) -> str:
        return "capabilities"
