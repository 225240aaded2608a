"""Uploading statistics files, validating them in the background and committing them all-or-nothing."""

import hashlib
import itertools
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.bulk import rows_insert, statistics_refresh
from apps.core.exceptions import ApplicationError
from apps.core.jobs import (
    failed_because,
    job_beat,
    job_enqueue,
    job_finish,
    job_lease_check,
    job_quota_check,
    job_run,
)
from apps.core.messages import Message, message_text
from apps.indicators.models import Indicator, Industry, IndustryObservation, Observation
from apps.indicators.services import DERIVED_LAYOUT, derived_update
from apps.regions.models import Region

from .domain.layouts import MAX_HEADER_SEARCH, LayoutError, detect_layout, header_cells, records_frame, region_cells
from .domain.regions import RegionMatcher, RegionRef
from .domain.validate import Catalogue, IndicatorRef, IndustryRef, Validated, Validator
from .models import Dataset, DatasetEvent
from .sources import ImportFileError, iter_chunks, iter_table, sniff_format
from .sources.csv import encoding_of
from .sources.xlsx import check_archive

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
CHUNK_ROWS = 50_000  # table rows validated at a time: memory is bounded by a chunk, not by the file
# a table this short, in a file this small, is read once: its first reading's rows are validated (tens of MB);
# a larger file keeps nothing from its first reading, so memory stays bounded by a chunk
KEPT_ROWS, KEPT_BYTES = 2 * CHUNK_ROWS, 8 * 2**20
MAX_STORED_ISSUES = 20000


def _event(dataset: Dataset, action: str, actor=None, **detail) -> None:
    DatasetEvent.objects.create(dataset=dataset, actor=actor, action=action, detail=detail)


def _enqueue(dataset: Dataset, undo=None) -> None:
    """Queues the dataset's processing after the transaction commits; `undo` takes the request back when the
    queue refuses it (the caller then gets a 503 and nothing is left pending)."""
    from .tasks import dataset_process as dataset_process_task

    job_enqueue(dataset, dataset_process_task, undo=undo)


def _forget_upload(dataset_id: int, stored: Path) -> None:
    """An upload whose processing could not be queued: gone, file and all, so the same file can be sent again."""
    DatasetEvent.objects.filter(dataset_id=dataset_id).delete()
    Dataset.objects.filter(pk=dataset_id, status=Dataset.Status.PENDING).delete()
    stored.unlink(missing_ok=True)


def dataset_upload(
    *,
    upload,
    user,
    source: str = "",
    source_url: str = "",
    vintage=None,
    dry_run: bool = False,
    column_map: dict | None = None,
    usd_cny_rate: float | None = None,
    enqueue: bool = True,
) -> tuple[Dataset, bool]:
    """Stores an uploaded file and queues its validation (and, unless `dry_run`, its commit); with
    `enqueue=False` the caller processes it (`dataset_process`) itself.

    The file is refused before any parsing when it is too large, of the wrong type, not UTF-8/GBK text, or an
    XLSX archive that would unpack too far. Returns (dataset, created); an identical file uploaded before
    returns its dataset and creates nothing.
    """
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ApplicationError(
            f"The file is {upload.size / 2**20:.1f} MB; the limit is {settings.UPLOAD_MAX_BYTES / 2**20:.0f} MB."
        )
    root = Path(settings.UPLOAD_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    temporary = root / f"incoming-{uuid.uuid4().hex}"
    digest = hashlib.sha256()
    head = b""
    size = 0
    with temporary.open("wb") as out:
        for chunk in upload.chunks():
            size += len(chunk)
            if size > settings.UPLOAD_MAX_BYTES:
                out.close()
                temporary.unlink(missing_ok=True)
                raise ApplicationError(f"The file is larger than {settings.UPLOAD_MAX_BYTES / 2**20:.0f} MB.")
            if len(head) < 16:
                head += chunk[:16]
            digest.update(chunk)
            out.write(chunk)
    try:
        file_format = sniff_format(upload.name, head)
        if file_format == "xlsx":
            check_archive(temporary)
        else:
            encoding_of(temporary)
    except ImportFileError as exc:
        temporary.unlink(missing_ok=True)
        raise ApplicationError(f"The file was refused: {exc}.") from exc

    sha256 = digest.hexdigest()
    existing = Dataset.objects.filter(sha256=sha256).first()
    if existing is not None:
        temporary.unlink(missing_ok=True)
        return existing, False
    try:
        job_quota_check(Dataset, owner_field="uploaded_by", user=user if enqueue else None)
    except ApplicationError:
        temporary.unlink(missing_ok=True)
        raise
    stored_name = f"{uuid.uuid4().hex}.{file_format}"
    try:
        with transaction.atomic():
            dataset = Dataset.objects.create(
                sha256=sha256,
                stored_name=stored_name,
                original_name=Path(upload.name).name[:255],
                file_format=file_format,
                size=size,
                uploaded_by=user,
                source=source,
                source_url=source_url,
                vintage=vintage or timezone.localdate(),
                vintage_given=vintage is not None,
                dry_run=dry_run,
                column_map=column_map or {},
                usd_cny_rate=usd_cny_rate,
            )
            _event(dataset, "uploaded", user, size=size, sha256=sha256, dry_run=dry_run)
            temporary.replace(root / stored_name)
            if enqueue:
                _enqueue(dataset, undo=lambda: _forget_upload(dataset.pk, root / stored_name))
    except IntegrityError:  # the same file, uploaded at the same moment by another request
        temporary.unlink(missing_ok=True)
        return Dataset.objects.get(sha256=sha256), False
    return dataset, True


def upload_too_large(content_length: str | int | None) -> str | None:
    """A message when a request announces a body larger than any acceptable upload, so it can be refused
    before the body is read (None otherwise)."""
    try:
        length = int(content_length or 0)
    except ValueError:
        return None
    # multipart adds boundaries and the form fields around the file
    if length > settings.UPLOAD_MAX_BYTES + 64 * 1024:
        return f"The upload is {length / 2**20:.1f} MB; the limit is {settings.UPLOAD_MAX_BYTES / 2**20:.0f} MB."
    return None


def dataset_commit(*, dataset: Dataset, user) -> Dataset:
    """Commits a dataset whose dry run found no errors (validated again, then written)."""
    if dataset.committed:
        raise ApplicationError("This dataset is already committed.")
    if dataset.status != Dataset.Status.SUCCEEDED or dataset.rows_error:
        raise ApplicationError("Only a dataset whose validation succeeded without errors can be committed.")
    with transaction.atomic():
        # one conditional update decides: of several simultaneous requests exactly one moves the dataset on
        claimed = Dataset.objects.filter(
            pk=dataset.pk, dry_run=True, committed_at__isnull=True, status=Dataset.Status.SUCCEEDED, rows_error=0
        ).update(dry_run=False, status=Dataset.Status.PENDING, progress=0, stage="")
        if not claimed:
            raise ApplicationError("This dataset is already being committed.")
        dataset.refresh_from_db()
        _event(dataset, "commit_requested", user)
        _enqueue(dataset, undo=lambda: _commit_withdrawn(dataset.pk))
    return dataset


@transaction.atomic
def dataset_withdraw(*, dataset: Dataset, user, reason: str = "") -> Dataset:
    """Withdraws a committed dataset: its values (and the values derived from them) stop being used, the best
    remaining value of each figure (the newest dated release, else the newest upload) becomes current again,
    and the default model is queued again for the levels and years they touch. The dataset, its values and
    its history stay readable, with who withdrew it, when and why."""
    if not dataset.committed:
        raise ApplicationError(message_text("dataset.withdraw_not_committed"))
    if dataset.withdrawn_at is not None:
        raise ApplicationError(message_text("dataset.already_withdrawn"))
    if dataset.layout == DERIVED_LAYOUT:
        raise ApplicationError(message_text("dataset.withdraw_derived"))
    companions = list(
        Dataset.objects.filter(
            layout=DERIVED_LAYOUT, sha256=hashlib.sha256(f"derived:{dataset.sha256}".encode()).hexdigest()
        )
    )
    withdrawn = [dataset, *companions]
    now = timezone.now()
    Dataset.objects.filter(pk__in=[d.pk for d in withdrawn]).update(
        withdrawn_at=now, withdrawn_by=user, withdraw_reason=reason[:500]
    )
    restored = 0
    for model, key_fields in (
        (Observation, ("region_id", "indicator_id", "year")),
        (IndustryObservation, ("region_id", "industry_id", "measure", "year")),
    ):
        gone = model.objects.filter(dataset__in=withdrawn, is_current=True)
        keys = set(gone.values_list(*key_fields))
        gone.update(is_current=False)
        restored += _current_restore(model, key_fields, keys)
    touched = Observation.objects.filter(dataset=dataset)
    levels = set(touched.values_list("region__level", flat=True).distinct())
    years = set(touched.values_list("year", flat=True).distinct())
    _event(dataset, "withdrawn", user, reason=reason[:500], restored=restored)
    from apps.scoring.services import scoring_runs_requeue

    scoring_runs_requeue(levels=levels, years=years, dataset=dataset)
    dataset.refresh_from_db()
    return dataset


def _current_restore(model, key_fields: tuple[str, ...], keys: set) -> int:
    """For each key whose current value was withdrawn: the best value left becomes current (a reported value
    before a derived one, then a dated release before an undated upload, then the newest vintage)."""
    if not keys:
        return 0
    first = {field: {k[i] for k in keys} for i, field in enumerate(key_fields)}
    candidates = model.objects.filter(
        **{f"{field}__in": values for field, values in first.items()},
        dataset__withdrawn_at__isnull=True,
        dataset__committed_at__isnull=False,
    ).values_list("id", *key_fields, "dataset__layout", "dataset__vintage_given", "dataset__vintage", "dataset_id")
    best: dict[tuple, tuple] = {}
    for row_id, *rest in candidates:
        key, (layout, given, vintage, dataset_id) = tuple(rest[: len(key_fields)]), rest[len(key_fields) :]
        if key not in keys:
            continue
        rank = (layout != DERIVED_LAYOUT, given, vintage, dataset_id)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, row_id)
    ids = [row_id for _, row_id in best.values()]
    for start in range(0, len(ids), BATCH_SIZE):
        model.objects.filter(id__in=ids[start : start + BATCH_SIZE]).update(is_current=True)
    return len(ids)


def dataset_delete(*, dataset: Dataset, user) -> None:
    """Deletes a dataset that wrote nothing (it failed, or was validated and never committed): the row, its
    history and the stored file. Committed data are withdrawn instead, never deleted."""
    if dataset.committed or dataset.status in (Dataset.Status.PENDING, Dataset.Status.RUNNING):
        raise ApplicationError(message_text("dataset.delete_refused"))
    stored = Path(settings.UPLOAD_ROOT) / dataset.stored_name
    logger.info("dataset %s (%s) deleted by %s", dataset.pk, dataset.original_name, getattr(user, "username", None))
    with transaction.atomic():
        dataset.delete()
    stored.unlink(missing_ok=True)


def _commit_withdrawn(dataset_id: int) -> None:
    """A commit that could not be queued: the dataset is back to its validated dry run, commit possible again."""
    Dataset.objects.filter(pk=dataset_id, status=Dataset.Status.PENDING).update(
        dry_run=True, status=Dataset.Status.SUCCEEDED, progress=100, stage="validated"
    )
    DatasetEvent.objects.create(
        dataset_id=dataset_id, action="commit_not_queued", detail={"reason": "queue unavailable"}
    )


def dataset_revalidate(*, dataset: Dataset, user, column_map: dict, usd_cny_rate: float | None = None) -> Dataset:
    """Validates the file again with the admin's column mapping (a dry run; commit afterwards)."""
    if dataset.committed:
        raise ApplicationError("A committed dataset cannot be changed; upload a new vintage instead.")
    if dataset.status in (Dataset.Status.PENDING, Dataset.Status.RUNNING):
        raise ApplicationError("The dataset is still being processed.")
    Dataset.objects.filter(pk=dataset.pk).update(
        column_map=column_map, usd_cny_rate=usd_cny_rate, dry_run=True, status=Dataset.Status.PENDING, progress=0
    )
    dataset.refresh_from_db()
    _event(dataset, "revalidation_requested", user, column_map=column_map)
    _enqueue(
        dataset,
        undo=lambda: Dataset.objects.filter(pk=dataset.pk, status=Dataset.Status.PENDING).update(
            status=Dataset.Status.FAILED, **failed_because(Message("dataset.queue_unavailable"))
        ),
    )
    return dataset


def _table_chunks(
    path: Path, file_format: str, header_row: int, checked: bool = True
) -> Iterator[tuple[int, list[list] | pd.DataFrame]]:
    """The rows below the header in chunks of at most CHUNK_ROWS (lists of rows, or a CSV's DataFrames of
    text cells), each with the file line of its first row."""
    line = header_row + 2
    for chunk in iter_chunks(path, file_format, header_row + 1, CHUNK_ROWS, checked=checked):
        yield line, chunk
        line += len(chunk)


def catalogue_load() -> Catalogue:
    indicators = [
        IndicatorRef(i.code, i.unit, frozenset([i.name_zh, i.name_en, *i.aliases]), i.allow_negative, i.max_value)
        for i in Indicator.objects.all()
    ]
    industries = [
        IndustryRef(i.code, frozenset([i.name_zh, i.name_en, *i.aliases]))
        for i in Industry.objects.order_by("classification_id", "code")  # GB/T 4754 names win shared names
    ]
    return Catalogue(indicators, industries)


def region_matcher_load() -> RegionMatcher:
    rows = Region.objects.values_list("code", "name_zh", "short_name_zh", "name_en", "level")
    return RegionMatcher(RegionRef(*row) for row in rows)


def _finish(dataset: Dataset, status: str, actor=None, **fields) -> Dataset:
    job_finish(dataset, status, **fields)
    _event(
        dataset,
        fields.get("stage") or status,
        actor,
        status=status,
        rows=dataset.rows_total,
        errors=dataset.rows_error,
        written=dataset.observations_written,
    )
    return dataset


def dataset_process(*, dataset_id: int, rescore: bool = True) -> Dataset | None:
    """Reads, validates and (unless a dry run) commits a dataset, then (with `rescore`) queues the default
    model for the levels and years it touched. Safe to run twice: a finished dataset is left alone, and the
    commit is one transaction, so a killed worker leaves nothing half-written."""
    return job_run(
        Dataset,
        dataset_id,
        lambda dataset: _process(dataset, rescore=rescore),
        logger=logger,
        on_crash=lambda dataset, exc: _finish(
            dataset,
            Dataset.Status.FAILED,
            stage="crashed",
            **failed_because(Message("dataset.crashed", {"detail": str(exc)})),
        ),
    )


def _process(dataset: Dataset, *, rescore: bool = True) -> Dataset:
    """Reads the file twice as a stream: once for its region cells (the level the table is at decides
    ambiguous names) and its length, once to validate chunk by chunk; memory holds one chunk and the compact
    valid values, whatever the file's size. A table of at most KEPT_ROWS rows in a file of at most
    KEPT_BYTES is read once: the first reading's chunks are kept and validated."""
    path = Path(settings.UPLOAD_ROOT) / dataset.stored_name
    try:
        head = list(itertools.islice(iter_table(path, dataset.file_format), MAX_HEADER_SEARCH))
        layout = detect_layout(head)
        cells, lines = set(), layout.header_row + 1
        kept = [] if path.stat().st_size <= KEPT_BYTES else None
        for first_line, chunk in _table_chunks(path, dataset.file_format, layout.header_row):
            cells |= region_cells(chunk, layout)
            lines = first_line + len(chunk) - 1
            kept = None if kept is None or lines - layout.header_row - 1 > KEPT_ROWS else [*kept, (first_line, chunk)]
    except (ImportFileError, LayoutError) as exc:
        return _finish(
            dataset,
            Dataset.Status.FAILED,
            stage="rejected",
            **failed_because(Message("dataset.unreadable", {"detail": str(exc)})),
        )
    dataset.layout = layout.kind
    job_beat(dataset, "validating", 5)
    regions = region_matcher_load()
    regions.prefer_level = regions.table_level(cells)
    validator = Validator(
        catalogue=catalogue_load(),
        regions=regions,
        max_year=timezone.localdate().year,
        column_map=dataset.column_map,
        usd_cny_rate=dataset.usd_cny_rate,
    )
    headers = header_cells(head[layout.header_row])
    chunks = kept if kept is not None else _table_chunks(path, dataset.file_format, layout.header_row, checked=False)
    for first_line, chunk in chunks:
        records, ended = records_frame(chunk, layout, headers, first_line)
        validator.feed(records)
        job_beat(dataset, "validating", 5 + int(70 * min((first_line + len(chunk)) / max(lines, 1), 1)))
        if ended:
            break
    result = validator.finish()
    dataset.rows_total = result.rows
    dataset.rows_error = result.error_rows
    dataset.rows_aggregate = len(result.aggregate_rows)
    dataset.values_missing = result.missing
    dataset.observations_valid = len(result.observation_frame) + len(result.industry_frame)
    dataset.errors = [issue.as_dict() for issue in result.errors[:MAX_STORED_ISSUES]]
    dataset.warnings = [issue.as_dict() for issue in result.warnings[:MAX_STORED_ISSUES]]
    dataset.unmapped_columns = result.unmapped_columns
    if result.errors:
        return _finish(
            dataset,
            Dataset.Status.FAILED,
            stage="rejected",
            **failed_because(Message("dataset.rows_have_errors", {"count": dataset.rows_error})),
        )
    if not result.rows:
        return _finish(dataset, Dataset.Status.FAILED, stage="rejected", **failed_because(Message("dataset.no_rows")))
    if dataset.dry_run:
        return _finish(dataset, Dataset.Status.SUCCEEDED, stage="validated")
    job_beat(dataset, "writing", 80)
    written = observations_write(dataset=dataset, validated=result)
    finished = _finish(
        dataset, Dataset.Status.SUCCEEDED, stage="committed", observations_written=written, committed_at=timezone.now()
    )
    tables = {Observation: result.observation_frame, IndustryObservation: result.industry_frame}
    statistics_refresh([model for model, frame in tables.items() if not frame.empty], written)  # the tables written
    if rescore:
        _rescore(result, dataset)
    return finished


def _rescore(result: Validated, dataset: Dataset) -> None:
    """New values change scores: the default model is queued again, one batch per level the values touch,
    for the years they touch that the model's data cover (see scoring_runs_requeue)."""
    from apps.scoring.services import scoring_runs_requeue

    frame = result.observation_frame
    if frame.empty:
        return
    levels = set(Region.objects.filter(code__in=set(frame["region"].unique())).values_list("level", flat=True))
    years = {int(year) for year in frame["year"].unique()}
    with transaction.atomic():
        queued = scoring_runs_requeue(levels=levels, years=years, dataset=dataset)
    if queued:
        logger.info("queued %d scoring runs after a commit", len(queued))


def _ids(codes: pd.Series, lookup: dict) -> np.ndarray:
    """Database ids for codes the validation checked against the same tables (a code missing now, deleted
    since, raises KeyError and rolls the commit back)."""
    uniques = codes.unique()
    ids = np.array([lookup[code] for code in uniques], dtype=np.int64)
    return ids[pd.Index(uniques).get_indexer(codes)]


@transaction.atomic
def observations_write(*, dataset: Dataset, validated: Validated) -> int:
    """Writes all observations of a dataset in one transaction, with COPY on PostgreSQL. For each region,
    series and year, the value from the newest vintage is current; values it supersedes stay, marked not
    current. Nothing is written by a worker that has lost the dataset's lease to another (JobLost rolls it
    back).

    Region, indicator and industry ids are looked up here, inside the writing transaction, from the codes
    validation matched, so every row's foreign keys exist when it is written (the database does not check
    them row by row; see indicators.models.Observation)."""
    job_lease_check(dataset)
    region_ids = dict(Region.objects.values_list("code", "id"))
    written = 0
    frame = validated.observation_frame
    if not frame.empty:
        indicator_ids = dict(Indicator.objects.values_list("code", "id"))
        keys = {
            "region_id": _ids(frame["region"], region_ids),
            "indicator_id": _ids(frame["indicator"], indicator_ids),
            "year": frame["year"].to_numpy(dtype=np.int64),
        }
        written += _values_write(dataset, Observation, pd.DataFrame(keys), frame["value"].to_numpy(), "indicator_id")
        _derived_write(
            dataset,
            changed_indicator_ids=set(np.unique(keys["indicator_id"]).tolist()),
            years=set(np.unique(keys["year"]).tolist()),
        )
    frame = validated.industry_frame
    if not frame.empty:
        industry_ids = dict(Industry.objects.values_list("code", "id"))
        keys = {
            "region_id": _ids(frame["region"], region_ids),
            "industry_id": _ids(frame["industry"], industry_ids),
            "measure": frame["measure"].to_numpy(dtype=object),
            "year": frame["year"].to_numpy(dtype=np.int64),
        }
        written += _values_write(
            dataset, IndustryObservation, pd.DataFrame(keys), frame["value"].to_numpy(), "industry_id"
        )
    return written


def _values_write(dataset: Dataset, model, keys: pd.DataFrame, values: np.ndarray, series: str) -> int:
    """Writes one observation table's new rows (`keys`: the model's key columns) after retiring the current
    rows they supersede; each new row is current unless a newer vintage already is."""
    existing = model.objects.filter(
        is_current=True, **{f"{series}__in": keys[series].unique().tolist()}, year__in=keys["year"].unique().tolist()
    ).values_list("id", *keys.columns, "dataset__vintage_given", "dataset__vintage", "dataset__layout")
    current = _retire_older(existing, keys=keys, vintage=(dataset.vintage_given, dataset.vintage), model=model)
    columns = {k: keys[k].to_numpy() for k in keys}
    return rows_insert(
        model, {**columns, "value": values, "dataset_id": np.full(len(keys), dataset.pk), "is_current": current}
    )


def _derived_write(dataset: Dataset, *, changed_indicator_ids: set[int], years: set[int]) -> int:
    """Recomputes the derived indicators whose inputs this dataset changed; the new values are kept in a
    companion dataset (layout `derived`) with this dataset's vintage, and the values they replace stay
    readable, not current."""
    update = derived_update(changed_indicator_ids=changed_indicator_ids, years=years)
    if not update.rows:
        return 0
    derived = Dataset.objects.create(
        sha256=hashlib.sha256(f"derived:{dataset.sha256}".encode()).hexdigest(),
        stored_name=f"derived-{dataset.stored_name}"[:64],
        original_name=dataset.original_name,
        file_format=DERIVED_LAYOUT,
        size=0,
        uploaded_by=dataset.uploaded_by,
        source=dataset.source,
        source_url=dataset.source_url,
        vintage=dataset.vintage,
        vintage_given=dataset.vintage_given,
        layout=DERIVED_LAYOUT,
        status=Dataset.Status.SUCCEEDED,
        stage="committed",
        progress=100,
        committed_at=timezone.now(),
        observations_valid=len(update.rows),
        observations_written=len(update.rows),
    )
    for start in range(0, len(update.retire), BATCH_SIZE):
        Observation.objects.filter(id__in=update.retire[start : start + BATCH_SIZE]).update(is_current=False)
    region, indicator, year, value = zip(*update.rows, strict=True)
    rows_insert(
        Observation,
        {
            "region_id": region,
            "indicator_id": indicator,
            "year": year,
            "value": value,
            "dataset_id": [derived.pk] * len(region),
            "is_current": [True] * len(region),
        },
    )
    _event(derived, "derived", None, source_dataset=dataset.pk, written=len(update.rows), replaced=len(update.retire))
    return len(update.rows)


def _retire_older(existing, *, keys: pd.DataFrame, vintage: tuple, model) -> np.ndarray:
    """Marks current rows with the same key and an older (or the same) vintage not current; returns, for each
    new row (`keys`, columns named as the model's), whether it is current: not where a newer vintage is
    already current. A vintage is (dated, date): a release with a publication date always outranks an upload
    without one, whatever the upload's date. A computed (derived) value always gives way to a reported one."""
    columns = list(keys.columns)
    rows = pd.DataFrame(list(existing), columns=["id", *columns, "given", "vintage", "layout"])
    if rows.empty:
        return np.ones(len(keys), dtype=bool)
    # matched against the new keys a chunk at a time: one merge with a million keys costs ~60 MB at once
    rows = pd.concat(
        [
            rows.merge(keys.iloc[start : start + CHUNK_ROWS], on=columns)
            for start in range(0, max(len(keys), 1), CHUNK_ROWS)
        ],
        ignore_index=True,
    )
    newer = np.array(
        [
            (given, date) > vintage and layout != DERIVED_LAYOUT
            for given, date, layout in zip(rows["given"], rows["vintage"], rows["layout"], strict=True)
        ],
        dtype=bool,
    )
    retire = rows.loc[~newer, "id"].tolist()
    for start in range(0, len(retire), BATCH_SIZE):
        model.objects.filter(id__in=retire[start : start + BATCH_SIZE]).update(is_current=False)
    if not newer.any():
        return np.ones(len(keys), dtype=bool)
    held = rows.loc[newer, columns].drop_duplicates().assign(_held=True)
    return keys.merge(held, on=columns, how="left")["_held"].isna().to_numpy()
