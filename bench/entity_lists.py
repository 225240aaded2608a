"""Entity lists: time to place and count each shipped list (upload: read, geocode, store the entities, write
the counts CSV; then the counts' validation and commit), and where its entities were placed.

Runs inside a transaction that is rolled back, so the database is left as it was; the regions must be loaded
(`make setup`). Uses the database in DATABASE_URL.

    .venv/bin/python bench/entity_lists.py
"""

import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")


class Rollback(Exception):
    pass


def main() -> None:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.db.models import Count

    from apps.entities.models import Entity, EntityList
    from apps.indicators.models import Observation
    from apps.ingest.demo import DEMO_DIR, demo_manifest, system_user_ensure
    from apps.ingest.models import Dataset
    from apps.ingest.services import dataset_process

    try:
        with transaction.atomic():
            # the shipped lists again, from scratch (rolled back): a stored checksum would skip the commit
            datasets = list(EntityList.objects.values_list("dataset_id", flat=True))
            EntityList.objects.all().delete()
            Observation.objects.filter(dataset_id__in=datasets).delete()
            Dataset.objects.filter(pk__in=datasets).delete()
            for entry in demo_manifest().get("entity_lists", []):
                path = DEMO_DIR / entry["file"]
                started = time.perf_counter()
                made = _upload(entry, path, SimpleUploadedFile, date, system_user_ensure())
                placed = time.perf_counter() - started
                dataset_process(dataset_id=made.dataset_id, rescore=False)
                total = time.perf_counter() - started
                made.dataset.refresh_from_db()
                assert made.dataset.committed, made.dataset.failure
                levels = dict(Entity.objects.filter(list=made).values_list("level").annotate(n=Count("id")))
                n = sum(levels.values())
                shares = ", ".join(
                    f"{lvl} {levels.get(lvl, 0):,} ({levels.get(lvl, 0) / n:.1%})"
                    for lvl in ("county", "prefecture", "province")
                )
                print(
                    f"{path.name}: {n:,} entities; placed at {shares}; "
                    f"placed and stored {placed:.2f} s, counts committed {total:.2f} s"
                )
            raise Rollback
    except Rollback:
        pass


def _upload(entry, path, uploaded_file, date_type, user):
    from apps.entities.services import entity_list_upload

    return entity_list_upload(
        upload=uploaded_file(path.name, path.read_bytes()),
        kind=entry["kind"],
        snapshot=date_type.fromisoformat(entry["snapshot"]),
        source=entry["citation"],
        user=user,
        enqueue=False,
    )


if __name__ == "__main__":
    main()
