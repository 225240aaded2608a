"""Loading the shipped statistics (fixtures/demo/, built by `manage.py build_demo_data`) through the upload
pipeline, then queueing the default model for every year the data cover well enough."""

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.services import system_user_ensure
from apps.core.exceptions import ApplicationError

from .models import Dataset
from .services import dataset_process, dataset_upload

logger = logging.getLogger(__name__)
DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
RUN_LEVELS = ("province", "prefecture")


@dataclass
class DemoLoad:
    """What a load did: datasets created and committed, those already there, scoring runs queued."""

    created: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    entity_lists: list[str] = field(default_factory=list)
    plans: bool = False
    runs: list[tuple[str, int, float]] = field(default_factory=list)


def _entity_list_load(directory: Path, entry: dict, user) -> bool:
    """Uploads a shipped entity list (placed, counted, its counts committed) unless it is there already."""
    from apps.entities.models import EntityList
    from apps.entities.services import entity_list_upload

    name = Path(entry["file"]).name
    snapshot = date.fromisoformat(entry["snapshot"])
    if EntityList.objects.filter(kind=entry["kind"], snapshot=snapshot, original_name=name).exists():
        return False
    made = entity_list_upload(
        upload=SimpleUploadedFile(name, (directory / entry["file"]).read_bytes()),
        kind=entry["kind"],
        snapshot=snapshot,
        source=entry["citation"],
        user=user,
        enqueue=False,
    )
    dataset_process(dataset_id=made.dataset_id, rescore=False)
    made.dataset.refresh_from_db()
    if not made.dataset.committed:
        raise ApplicationError(f"{entry['file']}: its counts were not written: {made.dataset.failure}")
    return True


def demo_manifest(directory: Path = DEMO_DIR) -> dict:
    return json.loads((directory / "manifest.json").read_text(encoding="utf-8"))


def shipped_data_list(*, english: bool = False, directory: Path = DEMO_DIR) -> list[dict]:
    """The shipped files for the methodology page: title, publication, vintage, where from, licence, what, in
    the reader's language (the manifest's English wording is the translation catalogue's key; indicator codes
    become indicator names)."""
    from django.utils.translation import gettext

    from apps.entities.constants import KINDS
    from apps.indicators.models import Indicator

    if not (directory / "manifest.json").is_file():
        return []
    manifest = demo_manifest(directory)
    names = {i.code: i.name for i in Indicator.objects.all()}

    def licence(text: str) -> str:
        return "; ".join(gettext(part) for part in text.split("; "))

    files = [
        {
            "title": e["title_en"] if english else e["title_zh"],
            "publication": gettext(e["publication"]),
            "vintage": e["vintage"],
            "repository": e["repository"],
            "licence": licence(e["licence"]),
            "notes": gettext(e["notes"]) if e["notes"] else "",
            "contents": [(names.get(code, code), info["years"]) for code, info in e["contents"].items()],
        }
        for e in manifest["files"]
    ]
    lists = [
        {
            "title": e["title_en"] if english else e["title_zh"],
            "publication": e["citation"],
            "vintage": e["snapshot"],
            "repository": e["repository"],
            "licence": licence(e["licence"]),
            "notes": gettext(e["notes"]) if e["notes"] else "",
            "contents": [(str(KINDS[e["kind"]]["name"]) if e["kind"] in KINDS else e["kind"], f"{e['rows']}")],
        }
        for e in manifest.get("entity_lists", [])
    ]
    return files + lists


def demo_data_load(*, directory: Path = DEMO_DIR, queue_runs: bool = True) -> DemoLoad:
    """Uploads every shipped file as a dataset owned by the system user, with its citation and vintage, and
    commits it (validated and written like any upload; nothing is queued per file). Files already loaded
    (same checksum) are left alone, so a second load adds nothing. Then queues the default model, newest year
    first, for each level and year whose data cover at least the model's coverage floor and that has no run
    of that model yet."""
    manifest = demo_manifest(directory)
    result = DemoLoad()
    loaded = set(
        Dataset.objects.filter(
            sha256__in=[f["sha256"] for f in manifest["files"]], committed_at__isnull=False
        ).values_list("sha256", flat=True)
    )
    user = None
    for entry in manifest["files"]:
        if entry["sha256"] in loaded:
            result.present.append(entry["file"])
            continue
        user = user or system_user_ensure()
        path = directory / entry["file"]
        dataset, _ = dataset_upload(
            upload=SimpleUploadedFile(entry["file"], path.read_bytes()),
            user=user,
            source=entry["citation"],
            vintage=date.fromisoformat(entry["vintage"]),
            enqueue=False,
        )
        dataset_process(dataset_id=dataset.id, rescore=False)
        dataset.refresh_from_db()
        if dataset.status != Dataset.Status.SUCCEEDED or not dataset.committed:
            raise ApplicationError(f"{entry['file']} was not loaded: {dataset.failure or dataset.status}")
        result.created.append(entry["file"])
    for entry in manifest.get("entity_lists", []):  # universities before laboratories: hosts place labs
        user = user or system_user_ensure()
        if _entity_list_load(directory, entry, user):
            result.entity_lists.append(entry["file"])
    from apps.plans.services import shipped_plans_load

    result.plans = shipped_plans_load(user=user or system_user_ensure())
    if queue_runs:
        result.runs = default_runs_queue()
    return result


def default_runs_queue(*, levels: tuple[str, ...] = RUN_LEVELS) -> list[tuple[str, int, float]]:
    """Queues the default model for every level and year covered well enough and not yet run by it, one batch
    per level ("first start"); returns (level, year, coverage) of each queued run, newest year first. A level
    below the province where no year reaches the model's coverage floor (prefectures: census and university
    lists only) gets one run, of the newest year with the most data, which the run pages mark provisional
    with its coverage."""
    from apps.scoring.models import ScoringBatch, ScoringRun
    from apps.scoring.selectors import default_model
    from apps.scoring.services import model_coverage_by_year, scoring_run_create, years_to_score

    model = default_model()
    if model is None:
        return []
    queued = []
    for level in levels:
        done = set(ScoringRun.objects.filter(model=model, level=level).values_list("year", flat=True))
        coverage = model_coverage_by_year(model, level)
        years = years_to_score(model, level, coverage, candidates=coverage, run_before=done)
        todo = [year for year in years if year not in done]
        if not todo:
            continue
        skipped = {str(y): round(c, 3) for y, c in sorted(coverage.items()) if y not in years and y not in done}
        batch = ScoringBatch.objects.create(origin=ScoringBatch.Origin.SETUP, level=level, skipped=skipped)
        for year in todo:
            scoring_run_create(model=model, level=level, year=year, batch=batch)
            queued.append((level, year, round(coverage[year], 3)))
    return queued
