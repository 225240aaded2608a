"""Scoring runs: created from the UI or API, executed by a worker, written all at once."""

import hashlib
import json
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import transaction

from apps.core.bulk import collector_paused, rows_insert
from apps.core.exceptions import ApplicationError
from apps.core.jobs import (
    failed_because,
    job_beat,
    job_enqueue,
    job_finish,
    job_quota_check,
    job_run,
)
from apps.core.messages import Message, message_text, row_errors_text
from apps.indicators.vocabulary import SCORED_PILLARS
from apps.recommendations.services import recommendations_plan, recommendations_write, target_indicator_codes
from apps.regions.constants import Level
from apps.regions.models import Region

from .constants import SCORING_CODE_VERSION, snapshot_window
from .domain.model import (
    ROLE_PILLARS,
    apply_transforms,
    compute_scores,
    coverage_by_region,
    impute_group_mean,
    indicator_codes,
    required_codes,
    weight_coverage,
)
from .domain.roles import assign_roles, innovation_modes
from .domain.uncertainty import rank_uncertainty
from .models import RegionScore, ScoringBatch, ScoringModel, ScoringRun
from .selectors import (
    default_model,
    macro_region_of,
    observation_frame,
    reported_indicators_by_year,
    run_inputs,
    run_regions,
)

logger = logging.getLogger(__name__)
MODEL_FILES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("scoring_model_*.json"))
PILLARS = SCORED_PILLARS


def default_model_ensure() -> ScoringModel:
    """Creates the shipped model versions that are missing (after every migrate; edits are kept) and returns
    the default one. A newly shipped default version ("因地制宜 v2") takes over from the one before, which
    stays runnable."""
    for path in MODEL_FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        is_default = data.pop("is_default", False)
        model, created = ScoringModel.objects.get_or_create(
            slug=data.pop("slug"), version=data.pop("version"), defaults=data
        )
        # names and descriptions a newer release adds in another language fill blanks; an admin's edits stay
        wording = {k: data[k] for k in ("name_en", "description_zh") if data.get(k) and not getattr(model, k)}
        if not created and wording:
            ScoringModel.objects.filter(pk=model.pk).update(**wording)
        if created and is_default:
            ScoringModel.objects.filter(is_default=True, owner=None).update(is_default=False)
            ScoringModel.objects.filter(pk=model.pk).update(is_default=True)
    return default_model()


def _enqueue(run: ScoringRun) -> None:
    """Queues the run after the transaction commits. A run someone asked for is withdrawn when the queue
    refuses it (they get a 503, nothing pending); a run the system queued (after a commit, on first start)
    stays pending for the next worker start."""
    from .tasks import scoring_run_execute as scoring_run_execute_task

    undo = None
    if run.created_by_id is not None:
        undo = lambda: ScoringRun.objects.filter(pk=run.pk, status=ScoringRun.Status.PENDING).delete()  # noqa: E731
    job_enqueue(run, scoring_run_execute_task, undo=undo)


def scoring_run_create(
    *,
    model: ScoringModel,
    level: str,
    year: int,
    user=None,
    group=None,
    region_codes: list[str] | None = None,
    batch: ScoringBatch | None = None,
) -> ScoringRun:
    """Queues a scoring run; the model version is locked from now on."""
    if level not in Level.values:
        raise ApplicationError(f"Unknown level '{level}'.")
    if user is not None:  # one waiting run per question; and a quota per user
        same = (
            ScoringRun.objects.filter(
                model=model,
                level=level,
                year=year,
                group=group,
                region_codes=sorted(region_codes or []),
                status__in=[ScoringRun.Status.PENDING, ScoringRun.Status.RUNNING],
            )
            .order_by("pk")
            .first()
        )
        if same is not None:
            return same
        job_quota_check(ScoringRun, owner_field="created_by", user=user)
    with transaction.atomic():
        if not model.locked:
            ScoringModel.objects.filter(pk=model.pk).update(locked=True)
        run = ScoringRun.objects.create(
            model=model,
            level=level,
            year=year,
            created_by=user,
            group=group,
            region_codes=sorted(region_codes or []),
            batch=batch,
        )
        _enqueue(run)
    return run


def scoring_runs_requeue(*, levels: set[str], years: set[int], dataset=None) -> list[ScoringRun]:
    """Re-scores the default model after new values: one batch per level, holding a run for each affected
    year whose data cover at least the model's floor (or that the model has already been run for, to bring
    that run up to date), unless such a run is already waiting. Years below the floor are recorded on the
    batch as skipped. Below the province a year's run reads values from the years before it (the snapshot
    window), so the years a window reaches are affected too; and a level below the province that has never
    been run gets one provisional run of its best-covered newest year, as on first start."""
    model = default_model()
    if model is None:
        return []
    queued = []
    for level in sorted(levels):
        window = snapshot_window(level)
        coverage = model_coverage_by_year(model, level)
        affected = {y + k for y in years for k in range(window + 1)} & (set(coverage) | set(years))
        run_before = set(
            ScoringRun.objects.filter(model=model, level=level, group=None, region_codes=[]).values_list(
                "year", flat=True
            )
        )
        wanted = years_to_score(model, level, coverage, candidates=affected, run_before=run_before)
        skipped = {str(y): round(coverage.get(y, 0), 3) for y in sorted(affected) if y not in wanted}
        waiting = set(
            ScoringRun.objects.filter(
                model=model, level=level, group=None, region_codes=[], status=ScoringRun.Status.PENDING
            ).values_list("year", flat=True)
        )
        todo = [y for y in wanted if y not in waiting]
        if not todo:
            continue
        batch = ScoringBatch.objects.create(
            origin=ScoringBatch.Origin.UPLOAD if dataset else ScoringBatch.Origin.SETUP,
            dataset=dataset,
            level=level,
            skipped=skipped,
        )
        queued += [scoring_run_create(model=model, level=level, year=year, batch=batch) for year in todo]
    return queued


def years_to_score(
    model: ScoringModel, level: str, coverage: dict[int, float], *, candidates, run_before: set[int]
) -> list[int]:
    """Of the candidate years, newest first, those whose data cover at least the model's floor or that the
    model was run for before. A level below the province that was never run and has no such year gets the
    newest of its best-covered years, to be shown as provisional (cities: census and university lists)."""
    wanted = sorted(
        (y for y in candidates if coverage.get(y, 0) >= model.min_coverage or y in run_before), reverse=True
    )
    if not wanted and not run_before and coverage and snapshot_window(level):
        best = max(coverage.values())
        wanted = [max(year for year, share in coverage.items() if share == best)]
    return wanted


def model_coverage_by_year(model: ScoringModel, level: str) -> dict[int, float]:
    """Year → share of the model's weight whose indicators the level's regions report (within the snapshot
    window below the province)."""
    reported = reported_indicators_by_year(
        level=level, indicator_codes=indicator_codes(model.spec), window=snapshot_window(level)
    )
    return {year: weight_coverage(model.spec, codes) for year, codes in reported.items()}


def _fingerprint(inputs: dict) -> str:
    return hashlib.sha256(json.dumps(inputs, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def scoring_run_execute(*, run_id: int) -> ScoringRun | None:
    """Scores the run's regions; safe to call twice (a finished run is left alone; results are written in
    one transaction, replacing any earlier partial attempt)."""
    return job_run(
        ScoringRun,
        run_id,
        _execute,
        logger=logger,
        on_crash=lambda run, exc: job_finish(
            run, ScoringRun.Status.FAILED, **failed_because(Message("run.crashed", {"detail": str(exc)}))
        ),
    )


def _inputs(run: ScoringRun, codes: list[str], datasets, window, carried) -> dict:
    """What the run reads, recorded with it and fingerprinted: the model, level, year, regions, datasets."""
    model = run.model
    inputs = {
        "model": {
            "slug": model.slug,
            "version": model.version,
            "spec": model.spec,
            "normalisation": model.normalisation,
            "weighting": model.weighting,
            "aggregation": model.aggregation,
            "min_coverage": model.min_coverage,
            "draws": model.draws,
        },
        "level": run.level,
        "year": run.year,
        "regions": codes,
        "datasets": datasets,
        "code": SCORING_CODE_VERSION,
    }
    if window:
        inputs |= {"window": window, "carried": carried}
    return inputs


def _not_enough_data(run: ScoringRun, values, codes: list[str], exc: ValueError) -> ScoringRun:
    cover = coverage_by_region(values, run.model.spec)
    reporting = int((cover.regions["weight"] > 0).sum())
    return job_finish(
        run,
        ScoringRun.Status.FAILED,
        inputs=run.inputs,
        fingerprint=run.fingerprint,
        failure=f"Not enough data for {run.year}: {exc}; the data cover {len(cover.indicators)} of {cover.total} "
        f"indicators, and {reporting} of {len(codes)} regions report any of them.",
        failure_message=Message(
            "run.not_enough_data",
            {
                "year": run.year,
                "reported": len(cover.indicators),
                "total": cover.total,
                "regions": reporting,
                "of": len(codes),
            },
        ).as_dict(),
    )


def _uncertainty(model: ScoringModel, fingerprint: str, values, scored: list[str], weights, groups):
    """Rank intervals: the scores again under other imputations and weights (Monte Carlo, seeded by the run's
    fingerprint). It runs in a thread beside the recommendations: no database access, and its frames are its
    own copies (pandas objects are not safe to share between threads)."""
    transformed = apply_transforms(values, model.spec).loc[scored, list(weights.index)]
    mean_filled, _ = impute_group_mean(transformed, groups)
    median_filled = transformed.fillna(transformed.median())
    benefit = np.array([_direction(model.spec, code) for code in weights.index])
    return rank_uncertainty(
        {"group_mean": mean_filled.to_numpy(), "median": median_filled.to_numpy()},
        benefit,
        weights.to_numpy(),
        aggregation=model.aggregation,
        draws=model.draws,
        seed=int(fingerprint[:8], 16),
    )


@dataclass
class _Coverage:
    cover: object  # coverage_by_region's result over the scored regions
    withheld: object  # region code → whether its role is withheld
    pillars: dict  # pillar → mean coverage over the run
    run: float
    provisional: bool


def _coverage(values, scored: list[str], min_coverage: float, spec: dict) -> _Coverage:
    cover = coverage_by_region(values.loc[scored], spec)
    region_cover = cover.regions
    # a role read off a pillar with no data, or off a region the data barely cover, would be a guess
    role_cover = region_cover.reindex(columns=list(ROLE_PILLARS)).fillna(0)
    withheld = (role_cover <= 0).any(axis=1) | (region_cover["weight"] < min_coverage)
    run_pillars = {p: round(float(v), 6) for p, v in region_cover.drop(columns="weight").mean().items()}
    run_coverage = round(float(region_cover["weight"].mean()), 6)
    provisional = run_coverage < min_coverage or any(run_pillars.get(p, 0) <= 0 for p in ROLE_PILLARS)
    return _Coverage(cover, withheld, run_pillars, run_coverage, provisional)


def _score_rows(run, result, uncertainty, roles, modes, coverage: _Coverage, region_ids: dict) -> list[dict]:
    """One RegionScore row per scored region, as columns for the bulk insert."""
    pillar_codes = pillar_codes_of(result.scores)
    region_cover = coverage.cover.regions
    # whole frames to plain dicts once: per-region .loc lookups cost seconds on 2,875 counties
    score_rows = result.scores.to_dict("index")
    normalised_rows = result.normalised.round(12).to_dict("index")
    contribution_rows = result.contributions.round(12).to_dict("index")
    mode_rows = modes.round(6).to_dict("index")
    imputed_rows = result.imputed.to_dict("index")
    cover_rows = region_cover.to_dict("index")
    rows = []
    for i, code in enumerate(result.scores.index):
        score, withheld = score_rows[code], coverage.withheld[code]
        rows.append(
            dict(
                run_id=run.pk,
                region_id=region_ids[code],
                composite=round(float(score["composite"]), 12),
                pillars={p: round(float(score[p]), 12) for p in pillar_codes},
                rank=int(score["rank"]),
                percentile=round(float(score["percentile"]), 12),
                rank_median=float(uncertainty.median[i]),
                rank_p05=float(uncertainty.p05[i]),
                rank_p95=float(uncertainty.p95[i]),
                role=None if withheld else roles[code],
                modes={} if withheld else mode_rows[code],
                coverage=round(float(cover_rows[code]["weight"]), 6),
                pillar_coverage={p: round(float(cover_rows[code][p]), 6) for p in coverage.pillars},
                normalised=normalised_rows[code],
                contributions=contribution_rows[code],
                imputed=[k for k, flag in imputed_rows[code].items() if flag],
            )
        )
    return rows


def _results_sha(scored: list[str], rows: list[dict]) -> str:
    return hashlib.sha256(
        json.dumps(
            [
                (codes_, r["composite"], r["pillars"], r["rank"], r["rank_p05"], r["rank_p95"], r["role"])
                for codes_, r in zip(scored, rows, strict=True)
            ],
            sort_keys=True,
        ).encode()
    ).hexdigest()


def _execute(run: ScoringRun) -> ScoringRun:
    model = run.model
    regions = list(run_regions(run=run).values_list("id", "code", "province_code"))
    if len(regions) < 2:
        return job_finish(run, ScoringRun.Status.FAILED, **failed_because(Message("run.too_few_regions")))
    codes = [code for _, code, _ in regions]
    window = snapshot_window(run.level)
    model_codes = required_codes(model.spec)
    read = run_inputs(
        region_ids=[rid for rid, _, _ in regions],
        codes=sorted(set(model_codes) | set(target_indicator_codes())),
        year=run.year,
        window=window,
    )
    values, datasets, carried = observation_frame(read[read["indicator"].isin(model_codes)], year=run.year)
    values = values.reindex(codes)
    inputs = _inputs(run, codes, datasets, window, carried)
    fingerprint = _fingerprint(inputs)
    ScoringRun.objects.filter(pk=run.pk).update(inputs=inputs, fingerprint=fingerprint)
    run.inputs, run.fingerprint = inputs, fingerprint
    job_beat(run, "scoring", 20)
    groups = macro_region_of(codes, {code: province for _, code, province in regions})
    try:
        result = compute_scores(
            values,
            model.spec,
            groups=groups,
            normalisation=model.normalisation,
            weighting=model.weighting,
            aggregation=model.aggregation,
            min_coverage=model.min_coverage,
        )
    except ValueError as exc:
        return _not_enough_data(run, values, codes, exc)
    scored = list(result.scores.index)
    job_beat(run, "recommending", 50)
    # the picks' ~10^6 dicts and lists live from the plan to its write: no collection walks them meanwhile
    with collector_paused():
        # the Monte Carlo is numpy throughout and releases the GIL while it sorts and multiplies: on a second core
        # it runs beside the recommendations, which are Python, read the database and stream their picks to it
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"uncertainty-{run.pk}") as pool:
            copies = (values.copy(), list(scored), result.weights.copy(), groups.copy())
            pending = pool.submit(_uncertainty, model, run.fingerprint, *copies)
            pillars = result.scores.reindex(columns=list(PILLARS)).fillna(0.5)
            roles = assign_roles(pillars, result.scores["composite"])
            coverage = _coverage(values, scored, model.min_coverage, model.spec)
            modes = innovation_modes(pillars)
            plan = recommendations_plan(
                run=run,
                pillars=result.scores.loc[scored, pillar_codes_of(result.scores)],
                modes=modes,
                macro=groups,
                inputs=read,
            )
            job_beat(run, "writing", 75)
            region_ids = {code: rid for rid, code, _ in regions}
            with transaction.atomic():
                # the presets' picks are worked out as they are written: the server stores one preset's while
                # the next is computed, and the rank intervals are done by the time the scores are written
                recommendations_write(run=run, plan=plan)
                plan = None  # freed while the collector is paused (see collector_paused)
                uncertainty = pending.result()
                rows = _score_rows(run, result, uncertainty, roles, modes, coverage, region_ids)
                RegionScore.objects.filter(run=run).delete()
                rows_insert(RegionScore, {column: [row[column] for row in rows] for column in rows[0]} if rows else {})
                return job_finish(
                    run,
                    ScoringRun.Status.SUCCEEDED,
                    stage="done",
                    inputs=inputs,
                    fingerprint=fingerprint,
                    results_sha256=_results_sha(scored, rows),
                    scored=len(rows),
                    excluded=result.excluded,
                    missing_indicators=result.missing_indicators,
                    coverage=coverage.run,
                    pillar_coverage=coverage.pillars,
                    indicators_reported=len(coverage.cover.indicators),
                    indicators_total=coverage.cover.total,
                    provisional=coverage.provisional,
                    weights={k: round(float(v), 12) for k, v in result.weights.items()},
                    sensitivity={k: round(v, 6) for k, v in uncertainty.sensitivity.items()},
                )


def pillar_codes_of(scores) -> list[str]:
    return [c for c in scores.columns if c not in {"composite", "rank", "percentile", "coverage"}]


def _direction(spec: dict, code: str) -> bool:
    for pillar in spec["pillars"]:
        for indicator in pillar["indicators"]:
            if indicator["code"] == code:
                return indicator.get("direction", "higher_better") == "higher_better"
    return True


def whatif_preview(*, run: ScoringRun, pillar_weights: dict[str, float]) -> list[dict]:
    """Scores of a finished run under other pillar weights (nothing stored)."""
    import pandas as pd

    from .domain.whatif import reweight

    if run.status != ScoringRun.Status.SUCCEEDED:
        raise ApplicationError("The run has not finished.")
    if run.level == Level.COUNTY:
        raise ApplicationError("What-if previews are for province and prefecture runs.")
    scores = list(RegionScore.objects.filter(run=run).select_related("region"))
    normalised = pd.DataFrame({s.region.code: s.normalised for s in scores}).T
    pillar_of = {i["code"]: p["code"] for p in run.model.spec["pillars"] for i in p["indicators"]}
    try:
        result = reweight(normalised, run.weights, pillar_of, pillar_weights, run.model.aggregation)
    except ValueError as exc:
        raise ApplicationError(str(exc)) from exc
    base = {s.region.code: s for s in scores}
    return [
        {
            "region": {"code": code, "name_zh": base[code].region.name_zh, "name_en": base[code].region.name_en},
            "composite": float(row["composite"]),
            "rank": int(row["rank"]),
            "base_rank": base[code].rank,
            "rank_change": base[code].rank - int(row["rank"]),
        }
        for code, row in result.iterrows()
    ]


def scenario_save(*, run: ScoringRun, pillar_weights: dict[str, float], name: str, user) -> ScoringRun:
    """Saves new pillar weights as the user's private model and queues a run of it for the same level and year."""
    import copy

    spec = copy.deepcopy(run.model.spec)
    for pillar in spec["pillars"]:
        pillar["weight"] = max(float(pillar_weights.get(pillar["code"], pillar["weight"])), 0.0)
    if sum(p["weight"] for p in spec["pillars"]) <= 0:
        raise ApplicationError("At least one pillar needs a positive weight.")
    base = run.model
    model = ScoringModel.objects.create(
        # a random suffix: a count + 1 collided when one planner saved two scenarios at once
        slug=f"scenario-{user.pk}-{uuid.uuid4().hex[:12]}",
        version=1,
        name=name[:128],
        description=f"Scenario based on {base} (run {run.pk}).",
        spec=spec,
        normalisation=base.normalisation,
        weighting=base.weighting,
        aggregation=base.aggregation,
        min_coverage=base.min_coverage,
        draws=base.draws,
        owner=user,
    )
    return scoring_run_create(
        model=model, level=run.level, year=run.year, user=user, group=run.group, region_codes=run.region_codes
    )


REFERENCE_REGION_COLUMNS = ("region", "region_code", "code", "地区", "省份", "地区名称", "城市", "名称", "name")
REFERENCE_RANK_COLUMNS = ("rank", "排名", "名次", "位次")
REFERENCE_SCORE_COLUMNS = ("score", "得分", "指数", "综合得分", "value")
REFERENCE_MAX_ERRORS = 20


def _reference_columns(header: list[str]) -> tuple[int, int | None, int | None]:
    """Where the region, rank and score columns are; an error when there is no region, or neither a rank nor a
    score."""

    def column(names):
        return next((header.index(n) for n in names if n in header), None)

    region_col, rank_col, score_col = (
        column(REFERENCE_REGION_COLUMNS),
        column(REFERENCE_RANK_COLUMNS),
        column(REFERENCE_SCORE_COLUMNS),
    )
    if region_col is None:
        raise ApplicationError(message_text("ranking.no_region_column", {"choices": list(REFERENCE_REGION_COLUMNS)}))
    if rank_col is None and score_col is None:
        choices = list(REFERENCE_RANK_COLUMNS + REFERENCE_SCORE_COLUMNS)
        raise ApplicationError(message_text("ranking.no_rank_column", {"choices": choices}))
    return region_col, rank_col, score_col


def _reference_rank(cells, col, header):
    """(rank, None), or (None, (field, reason)) when the cell is not a whole number from 1."""
    from apps.ingest.domain.validate import parse_number

    value, why = parse_number(cells[col])
    if why or value is None or value < 1 or value != int(value):
        return None, (header[col], Message("ranking.not_a_rank", {"value": cells[col]}))
    return int(value), None


def _reference_score(cells, col, header, *, ranked: bool):
    """(score, None), or (None, (field, reason)) when the cell is not a number, or is blank on a row without
    a rank."""
    from apps.ingest.domain.validate import parse_number

    value, why = parse_number(cells[col])
    if why or (value is None and not ranked):
        return None, (header[col], why or Message("ranking.missing", {"value": cells[col]}))
    return value, None


def _reference_row(cells, header, cols, matcher, level, seen, number):
    """One row: (code, rank, score), or the (field, reason) of what is wrong with it."""
    region_col, rank_col, score_col = cols
    match = matcher.match(name=cells[region_col])
    if match.code is None or matcher.by_code[match.code].level != level:
        return None, (
            "region",
            match.error or Message("ranking.not_a_region", {"value": cells[region_col], "level": level}),
        )
    if match.code in seen:
        return None, ("region", Message("ranking.repeated", {"value": match.code, "row": seen[match.code]}))
    seen[match.code] = number
    rank = score = None
    if rank_col is not None:
        rank, problem = _reference_rank(cells, rank_col, header)
        if problem:
            return None, problem
    if score_col is not None:
        score, problem = _reference_score(cells, score_col, header, ranked=rank is not None)
        if problem:
            return None, problem
    return (match.code, rank, score), None


def _ranked_by_score(found: list[tuple]) -> list[tuple]:
    """Ranks from scores, highest first; equal scores share a rank."""
    order = sorted(found, key=lambda item: -item[2])
    ranks = {}
    for position, (code, _, score) in enumerate(order, start=1):
        previous = order[position - 2] if position > 1 else None
        ranks[code] = ranks[previous[0]] if previous and previous[2] == score else position
    return [(code, ranks[code], score) for code, _, score in found]


def reference_upload(*, upload, name: str, source: str, year: int, level: str, user):
    """Stores a published ranking of regions from a CSV or XLSX file: a region column (code or name) and a
    rank or a score column (a score is ranked highest first). All or nothing: any row that names no region of
    the level, repeats one, or has no valid rank or score makes it an error naming the row, field and reason."""
    from apps.ingest.services import region_matcher_load
    from apps.ingest.sources.upload import upload_rows

    from .models import ReferenceRank, ReferenceRanking

    rows = upload_rows(upload)
    if len(rows) < 2:
        raise ApplicationError(message_text("upload.no_data_rows", {"file": upload.name}))
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    cols = _reference_columns(header)
    matcher = region_matcher_load()
    matcher = type(matcher)(matcher.by_code.values(), levels={level}, prefer_level=level)
    errors, found, seen = [], [], {}
    for number, row in enumerate(rows[1:], start=2):
        cells = list(row) + [None] * (len(header) - len(row))
        if all(c in (None, "") for c in cells):
            continue
        item, problem = _reference_row(cells, header, cols, matcher, level, seen, number)
        if problem:
            errors.append(Message("upload.row", {"row": number, "field": problem[0], "reason": problem[1]}))
        else:
            found.append(item)
    if errors:
        raise ApplicationError(
            row_errors_text(errors, REFERENCE_MAX_ERRORS),
            extra={"errors": [message_text(e.code, e.params, e) for e in errors]},
        )
    if len(found) < 2:
        raise ApplicationError(message_text("ranking.too_few"))
    if all(rank is None for _, rank, _ in found):
        found = _ranked_by_score(found)
    regions = {r.code: r for r in Region.objects.filter(code__in=[code for code, _, _ in found])}
    with transaction.atomic():
        ranking = ReferenceRanking.objects.create(
            name=name, source=source, year=year, level=level, uploaded_by=user, original_name=upload.name[:255]
        )
        ReferenceRank.objects.bulk_create(
            ReferenceRank(ranking=ranking, region=regions[code], rank=rank, score=score) for code, rank, score in found
        )
    return ranking
