import hashlib
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder


def _inputs_fingerprint(no_demo_data: bool) -> str:
    """What the setup steps depend on: the database they write to, every migration and shipped fixture (by
    name, size and modification time), the boundary build, the demo options. Equal fingerprints mean an
    earlier setup of this database already did everything."""
    from apps.regions.services import _build_key

    database = settings.DATABASES["default"]
    parts = [
        json.dumps({k: str(database.get(k, "")) for k in ("ENGINE", "NAME", "HOST", "PORT")}, sort_keys=True),
        _build_key(),
        f"demo={not no_demo_data}",
        os.environ.get("DEMO_PASSWORD", ""),
    ]
    base = Path(settings.BASE_DIR)
    files = sorted(base.glob("apps/*/migrations/*.py")) + sorted(
        p for p in (base / "fixtures").rglob("*") if p.is_file()
    )
    for path in files:
        stat = path.stat()
        parts.append(f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class Command(BaseCommand):
    requires_system_checks = []  # the server runs them when it starts; here they would load every view
    help = (
        "What `make run` does before serving, in one process: migrate, load the regions and map layers, load the "
        "shipped statistics (unless --no-demo-data) and create the demo users. When nothing they depend on "
        "changed since the last setup of this database, it checks that in one query and does nothing else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-demo-data", action="store_true", help="start without the shipped statistics")
        parser.add_argument("--force", action="store_true", help="run every step's own check even when unchanged")

    def _stamp(self, fingerprint: str) -> Path:
        return Path(settings.VAR_DIR) / f"setup-{fingerprint[:16]}.done"

    def _already_done(self, fingerprint: str) -> bool:
        stamp = self._stamp(fingerprint)
        if not stamp.exists():
            return False
        try:  # the database may have been dropped or rebuilt since: its migrations must still all be recorded
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT COUNT(*) FROM {MigrationRecorder.Migration._meta.db_table}")
                recorded = cursor.fetchone()[0]
        except Exception:  # noqa: BLE001 - no table, no database: set up from scratch
            return False
        return str(recorded) == stamp.read_text().strip()

    def handle(self, *args, no_demo_data: bool = False, force: bool = False, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production"):
            raise CommandError("setup_local is for a local machine; production runs migrate and load_regions.")
        fingerprint = _inputs_fingerprint(no_demo_data)
        if not force and self._already_done(fingerprint):
            self.stdout.write("Set up already (nothing changed since); `manage.py demo_users` lists the demo logins.")
            return
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_regions")
        if not no_demo_data:
            call_command("load_demo_data")
        self.stdout.write("Demo logins (password: name-demo unless DEMO_PASSWORD is set):")
        call_command("demo_users")
        for old in Path(settings.VAR_DIR).glob("setup-*.done"):
            old.unlink(missing_ok=True)
        stamp = self._stamp(fingerprint)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        stamp.write_text(str(MigrationRecorder.Migration.objects.count()))
