from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Core"

    def ready(self):
        from celery.signals import worker_ready

        from .tasks import jobs_resume_all

        worker_ready.connect(jobs_resume_all, dispatch_uid="core.resume_jobs")
