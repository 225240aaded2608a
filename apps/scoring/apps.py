from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_default_model(sender, **kwargs):
    from .services import default_model_ensure

    default_model_ensure()


def _resume_runs(sender=None, **kwargs):
    from .services import scoring_runs_resume

    scoring_runs_resume()


class ScoringConfig(AppConfig):
    name = "apps.scoring"
    verbose_name = "Scoring"

    def ready(self):
        from celery.signals import worker_ready

        post_migrate.connect(_ensure_default_model, sender=self, dispatch_uid="scoring.default_model")
        # as for uploads: unfinished runs are queued again whenever a worker starts
        worker_ready.connect(_resume_runs, dispatch_uid="scoring.resume_runs")
