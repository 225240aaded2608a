from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "What `make run` does before serving, in one process: migrate, load the regions and map layers, load the "
        "shipped statistics (unless --no-demo-data) and create the demo users. Each step checks before it acts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-demo-data", action="store_true", help="start without the shipped statistics")

    def handle(self, *args, no_demo_data: bool = False, **options):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("setup_local is for a local machine; production runs migrate and load_regions.")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_regions")
        if not no_demo_data:
            call_command("load_demo_data")
        self.stdout.write("Demo logins (password: name-demo unless DEMO_PASSWORD is set):")
        call_command("demo_users")
