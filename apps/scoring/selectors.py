"""Reads for scoring: the regions of a run, their indicator values, and results."""

import pandas as pd
from django.db.models import Count, Q, QuerySet

from apps.indicators.models import Observation
from apps.indicators.selectors import latest_in_window_frame, values_wide
from apps.regions.models import Region
from apps.regions.selectors import province_macro_regions, region_group_q, region_layer_q

from .models import RegionScore, ScoringModel, ScoringRun


def run_regions(*, run: ScoringRun) -> QuerySet[Region]:
    regions = Region.objects.filter(region_layer_q(run.level))
    if run.group_id:
        regions = regions.filter(region_group_q(run.group))
    if run.region_codes:
        regions = regions.filter(code__in=run.region_codes)
    return regions.order_by("code")


INPUT_FIELDS = {
    "dataset": "dataset_id",
    "sha256": "dataset__sha256",
    "vintage": "dataset__vintage",
    "source": "dataset__source",
}


def run_inputs(*, region_ids: list[int], codes: list[str], year: int, window: int = 0) -> pd.DataFrame:
    """A run's inputs, read once for its scores and its recommendations: each region's latest current value
    of each indicator in the window, with the dataset it came from (id, sha256, vintage, citation)."""
    return latest_in_window_frame(region_ids=region_ids, codes=codes, year=year, window=window, extra=INPUT_FIELDS)


def observation_frame(frame: pd.DataFrame, *, year: int) -> tuple[pd.DataFrame, list, dict]:
    """From a run's inputs (`run_inputs`, the indicators to score): the values as a region-code ×
    indicator-code frame, the datasets they came from (id, sha256, vintage) for the run's fingerprint, and
    the values carried from earlier years (indicator → {year: regions})."""
    values = values_wide(frame)
    used = frame[["dataset", "sha256", "vintage"]].drop_duplicates("dataset")
    datasets = sorted((d, s, str(v)) for d, s, v in used.itertuples(index=False))
    carried: dict[str, dict[str, int]] = {}
    for (indicator, found), n in frame[frame["year"] < year].groupby(["indicator", "year"]).size().items():
        carried.setdefault(indicator, {})[str(found)] = int(n)
    return values, datasets, carried


def latest_in_window(rows, *, key=lambda row: row[:2], year_of=lambda row: row[-1]) -> list:
    """The latest row per key (region, indicator) from rows spanning a run's window of years."""
    latest: dict = {}
    for row in rows:
        k = key(row)
        if k not in latest or year_of(row) > year_of(latest[k]):
            latest[k] = row
    return list(latest.values())


def reported_indicators_by_year(*, level: str, indicator_codes: list[str], window: int = 0) -> dict[int, set[str]]:
    """For each year, the indicators reported for at least half of the regions of the level that report
    anything that year; with a `window`, a value from up to `window` years before counts for the year.
    Counted in the database: a handful of grouped queries per year, whatever the number of values."""
    current = Observation.objects.filter(is_current=True, region__in=Region.objects.filter(region_layer_q(level)))
    years = sorted(set(current.values_list("year", flat=True).distinct()))
    if not years:
        return {}
    found: dict[int, set[str]] = {}
    # a window never reaches past the newest data
    for year in sorted({y + k for y in years for k in range(window + 1) if y + k <= years[-1]}):
        span = current.filter(year__gte=year - window, year__lte=year)
        regions = span.values("region").distinct().count()
        counts = (
            span.filter(indicator__code__in=indicator_codes)
            .values_list("indicator__code")
            .annotate(n=Count("region", distinct=True))
        )
        reported = {code for code, n in counts if n >= regions / 2}
        if reported:
            found[year] = reported
    return found


def macro_region_of(codes: list[str], province_codes: dict[str, str]) -> pd.Series:
    macro = province_macro_regions()
    return pd.Series(
        {code: macro[province_codes[code]].code if province_codes[code] in macro else "other" for code in codes}
    )


def runs_visible_to(user) -> QuerySet[ScoringRun]:
    """Runs a user may read: those of shared models and of the user's own scenarios (a planner's scenario is
    private to its owner)."""
    return ScoringRun.objects.filter(Q(model__owner=None) | Q(model__owner_id=getattr(user, "pk", None)))


def default_model() -> ScoringModel | None:
    return ScoringModel.objects.filter(is_default=True, owner=None).order_by("-version").first()


def latest_run(*, level: str, year: int | None = None, model: ScoringModel | None = None) -> ScoringRun | None:
    runs = ScoringRun.objects.filter(level=level, status=ScoringRun.Status.SUCCEEDED, model=model or default_model())
    if year is not None:
        runs = runs.filter(year=year)
    # the most recent well-covered run: a provisional one only where nothing better exists
    return runs.order_by("provisional", "-year", "-finished_at").first()


def run_pillar_codes(run: ScoringRun) -> list[str]:
    """The pillars a run weighs, in its model's order (the pages' radar axes, colour choices and columns)."""
    from apps.indicators.constants import Pillar

    from .domain.model import weighted_pillars

    return [code for code in weighted_pillars(run.model.spec) if code in Pillar.values]


def run_scores(*, run: ScoringRun) -> QuerySet[RegionScore]:
    return RegionScore.objects.filter(run=run).select_related("region").order_by("rank", "region__code")


def run_score_map(*, run: ScoringRun, codes=None) -> dict[str, RegionScore]:
    """Region code → its score in the run (of the regions `codes` when given)."""
    scores = RegionScore.objects.filter(run=run).select_related("region")
    if codes is not None:
        scores = scores.filter(region__code__in=list(codes))
    return {s.region.code: s for s in scores}


def run_ranks(*, run: ScoringRun) -> dict[str, int]:
    return dict(RegionScore.objects.filter(run=run).values_list("region__code", "rank"))


def default_run_years(*, level: str) -> list[int]:
    """The years the shared default model has finished runs for at a level, newest first."""
    years = ScoringRun.objects.filter(level=level, status="succeeded", model__owner=None, model__is_default=True)
    return sorted(set(years.values_list("year", flat=True)), reverse=True)


def shared_models() -> QuerySet[ScoringModel]:
    """The models everybody may run (not a planner's own scenarios), by name and newest version first."""
    return ScoringModel.objects.filter(owner=None).order_by("slug", "-version")


def reference_rankings() -> QuerySet:
    from django.db.models import Count

    from .models import ReferenceRanking

    return ReferenceRanking.objects.annotate(count=Count("ranks")).order_by("level", "-year", "name")


def reference_agreements(run: ScoringRun) -> list[dict]:
    """Each reference ranking at the run's level, with how far the run agrees with it (Spearman, Kendall,
    the regions they disagree on most and the pillar that explains each gap); the reference of the run's
    year first, then by closeness of year."""
    from apps.indicators.constants import Pillar

    from .domain.agreement import agreement
    from .domain.percentiles import pillar_percentiles
    from .models import ReferenceRank, ReferenceRanking

    references = list(ReferenceRanking.objects.filter(level=run.level))
    if not references:
        return []
    scores = list(RegionScore.objects.filter(run=run).values_list("region__code", "rank", "pillars"))
    run_rank = pd.Series({code: rank for code, rank, _ in scores}, dtype=float)
    pillars = pd.DataFrame({code: p for code, _, p in scores}).T.astype(float)
    pct = pillar_percentiles(pillars) if len(pillars) else pillars
    names = dict(Region.objects.filter(code__in=list(run_rank.index)).values_list("code", "name_zh"))
    out = []
    for reference in sorted(references, key=lambda r: (abs(r.year - run.year), -r.year, r.name)):
        ranks = pd.Series(
            dict(ReferenceRank.objects.filter(ranking=reference).values_list("region__code", "rank")), dtype=float
        )
        result = agreement(run_rank, ranks, pct)
        for entry in result["disagreements"]:
            entry["name"] = names.get(entry["region"], entry["region"])
            entry["pillar_label"] = (
                Pillar(entry["pillar"]).label if entry["pillar"] in Pillar.values else entry["pillar"]
            )
        out.append({"reference": reference, "run": run, **result})
    return out
