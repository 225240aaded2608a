from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.env import env

from ...services import demo_users_ensure


class Command(BaseCommand):
    help = "Creates the demo users admin, planner and official (local use only)."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("Demo users are never created under production settings.")
        for username, password, created in demo_users_ensure(password=env("DEMO_PASSWORD", default=None)):
            state = "created" if created else "exists"
            self.stdout.write(f"  {username:9s} {password:16s} ({state})")
