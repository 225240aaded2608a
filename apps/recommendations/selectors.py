"""Reads for recommendations: the target catalogue, the region × industry matrix of a run, and results."""

import pandas as pd
from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet

from apps.core.bulk import raw_rows
from apps.indicators.models import Indicator, Industry, IndustryObservation
from apps.indicators.selectors import latest_in_window_frame, values_wide
from apps.indicators.vocabulary import MEASURE_PREFERENCE
from apps.ingest.models import Dataset
from apps.regions.models import Region

from .models import Recommendation, RecommendationSet, TargetIndustry

# the measure a matrix is built from, most telling first
MATRIX_MAX_AGE = 6  # input-output tables are benchmarks of years ending in 2 and 7, published 2-3 years later
MATRIX_MIN_COVERAGE = 0.5  # share of the run's regions it must cover


def target_list(*, active_only: bool = True) -> QuerySet[TargetIndustry]:
    targets = TargetIndustry.objects.all()
    return targets.filter(active=True) if active_only else targets


def target_get(*, code: str) -> TargetIndustry | None:
    return TargetIndustry.objects.filter(code=code).first()


def default_set(*, run) -> RecommendationSet | None:
    """The run's picks under the default weighting."""
    from .constants import DEFAULT_PRESET

    return RecommendationSet.objects.filter(run=run, preset=DEFAULT_PRESET).first() if run else None


def top_emerging_example(*, model) -> Recommendation | None:
    """The top emerging pick of the first province in the model's latest province run (default weighting)."""
    from .constants import DEFAULT_PRESET

    return (
        Recommendation.objects.filter(
            set__run__model=model,
            set__run__level="province",
            set__preset=DEFAULT_PRESET,
            set__run__status="succeeded",
            category="emerging",
            rank=1,
        )
        .select_related("region", "industry", "set__run")
        .order_by("-set__run__year", "region__code")
        .first()
    )


def matrix_candidates(*, region_ids: list[int], year: int) -> list[dict]:
    """The (classification, measure, year) combinations of current region × industry data for these regions,
    best first: enough coverage and recent enough, then finer sectors, then the later year, then the measure."""
    rows = (
        IndustryObservation.objects.filter(
            region_id__in=region_ids, is_current=True, year__lte=year, year__gte=year - MATRIX_MAX_AGE
        )
        .values("industry__classification__code", "measure", "year")
        .annotate(regions=Count("region_id", distinct=True), sectors=Count("industry_id", distinct=True))
        .order_by()
    )  # counted by the database: a county table has 10^5 rows
    candidates = [
        {
            "classification": row["industry__classification__code"],
            "measure": row["measure"],
            "year": row["year"],
            "regions": row["regions"],
            "sectors": row["sectors"],
        }
        for row in rows
        if row["regions"] >= max(3, MATRIX_MIN_COVERAGE * len(region_ids))
    ]
    rank = {m: i for i, m in enumerate(MEASURE_PREFERENCE)}
    return sorted(candidates, key=lambda c: (-c["sectors"], -c["year"], rank.get(c["measure"], 99)))


def industry_matrix(*, region_ids: list[int], classification: str, measure: str, year: int):
    """Region code × sector code amounts (leaf sectors only: a section is dropped when its divisions are
    there), sector names, parent codes, and the sources of the datasets used."""
    rows = raw_rows(  # a county table has ~10^5 rows: read without Django's per-row conversion
        IndustryObservation.objects.filter(
            region_id__in=region_ids,
            is_current=True,
            year=year,
            measure=measure,
            industry__classification__code=classification,
        ).values_list("region_id", "industry_id", "value", "dataset_id")
    )
    frame = pd.DataFrame(rows, columns=["region", "sector", "value", "dataset"])
    by_id = {
        pk: (code, zh, en, parent)
        for pk, code, zh, en, parent in Industry.objects.filter(classification__code=classification).values_list(
            "id", "code", "name_zh", "name_en", "parent__code"
        )
    }
    industries = {code: (zh, en, parent) for code, zh, en, parent in by_id.values()}
    region_codes = dict(Region.objects.filter(id__in=frame["region"].unique().tolist()).values_list("id", "code"))
    frame["region"] = frame["region"].map(region_codes)
    frame["sector"] = frame["sector"].map({pk: code for pk, (code, *_) in by_id.items()})
    amounts = frame.pivot_table(index="region", columns="sector", values="value", aggfunc="sum").clip(lower=0)
    parents = {industries[c][2] for c in amounts.columns if c in industries and industries[c][2]}
    amounts = amounts.drop(columns=[c for c in amounts.columns if c in parents])
    datasets = Dataset.objects.filter(id__in=frame["dataset"].unique().tolist()).values_list("source", "original_name")
    sources = sorted({source or name for source, name in datasets})
    names = {code: (zh, en) for code, (zh, en, _) in industries.items()}
    parent_of = {code: parent for code, (_, _, parent) in industries.items() if parent}
    return amounts, names, parent_of, sources


def indicator_values(
    *, region_ids: list[int], codes: list[str], year: int, window: int = 0, frame: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, dict]:
    """Raw current values (region code × indicator) and each indicator's labels, unit, direction, source
    (the citation of the dataset it came from, else the catalogue's default source) and the latest year
    used; with a `window`, a region's latest value from `year - window` to `year`. `frame`: the run's inputs
    already read (scoring.selectors.run_inputs, for these regions and at least these indicators)."""
    if frame is None:
        frame = latest_in_window_frame(
            region_ids=region_ids, codes=codes, year=year, window=window, extra={"source": "dataset__source"}
        )
    else:
        frame = frame[frame["indicator"].isin(codes)]
    values = values_wide(frame)
    sources = frame.dropna(subset=["source"]).groupby("indicator")["source"].first().to_dict()
    years = frame.groupby("indicator")["year"].max().to_dict()
    meta = {
        i.code: {
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "unit": i.unit,
            "direction": i.direction,
            "source": sources.get(i.code) or i.default_source,
            "year": int(years.get(i.code, year)),
        }
        for i in Indicator.objects.filter(code__in=codes)
    }
    return values, meta


def recommendation_sets(*, run_id: int) -> QuerySet[RecommendationSet]:
    return RecommendationSet.objects.filter(run_id=run_id)


def recommendation_list(*, set_: RecommendationSet, region_code: str | None = None, category: str | None = None):
    items = Recommendation.objects.filter(set=set_).select_related("region", "industry", "set")
    if region_code:
        items = items.filter(region__code=region_code)
    if category:
        items = items.filter(category=category)
    unranked = ExpressionWrapper(Q(rank=0), output_field=BooleanField())  # listed after the ranked picks
    return items.order_by("region__code", "category", unranked, "rank", "industry__sort_order")


def region_recommendations(
    *, run_id: int, region_id: int, preset: str = "balanced", top: int = 5, lang: str = "zh"
) -> dict:
    """A region's top picks per category in a run, for its scorecard, each with its reason in words (`lang`),
    and per category the industries it could not rank (insufficient data, or no base to upgrade)."""
    from .reasons import render

    rec_set = RecommendationSet.objects.filter(run_id=run_id, preset=preset).first()
    if rec_set is None:
        return {}
    out: dict = {
        "preset": preset,
        "basis": rec_set.basis,
        "matrix": rec_set.matrix,
        "categories": {},
        "unranked": {},
        "links": (rec_set.sameness or {}).get("links"),
    }
    items = list(
        Recommendation.objects.filter(set=rec_set, region_id=region_id, rank__lte=top)
        .select_related("industry", "region", "set")
        .order_by("category", "rank", "industry__sort_order")
    )
    english = lang.startswith("en")
    names = {t.code: (t.name_zh, t.name_en) for t in TargetIndustry.objects.all()}
    for item in items:
        facts = item.facts
        other = names.get((facts.get("unranked") or {}).get("same_as", ""), ("", ""))
        both = {
            code: render(facts, region=region, industry=industry, lang=code, other=o)
            for code, region, industry, o in (
                ("zh", item.region.name_zh, item.industry.name_zh, other[0]),
                ("en", item.region.name_en, item.industry.name_en, other[1]),
            )
        }
        words = both["en" if english else "zh"]
        industry = item.industry.name_en if english else item.industry.name_zh
        entry = {
            "industry": {
                "code": item.industry.code,
                "name_zh": item.industry.name_zh,
                "name_en": item.industry.name_en,
                "tracks": item.industry.tracks,
            },
            "name": industry,
            "category": item.category,
            "rank": item.rank,
            "score": item.score,
            "mode": item.mode,
            "mode_display": item.get_mode_display(),
            "innovation_mode": item.innovation_mode,
            "lead": words["lead"],
            "details": words["details"],
            "text": words["text"],
            "explanation": words["text"],
            "explanation_zh": both["zh"]["text"],
            "explanation_en": both["en"]["text"],
            "facts": facts,
            "partners": item.partners,
            "components": item.components,
        }
        (out["unranked"] if item.rank == 0 else out["categories"]).setdefault(item.category, []).append(entry)
    return out


def top_picks(*, run, category: str, preset: str = "balanced") -> dict:
    """Region code → the target industry ranked first in a category, for the map."""
    items = Recommendation.objects.filter(set__run=run, set__preset=preset, category=category, rank=1)
    return {
        code: industry
        for code, industry in ((i.region.code, i.industry) for i in items.select_related("region", "industry"))
    }
