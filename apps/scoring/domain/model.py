"""Composite scores from indicator values under a scoring model specification. Pure: frames in, frames out.

Model specification (the `spec` JSON of a ScoringModel):
    {"pillars": [{"code": "science_education", "weight": 0.25,
                  "indicators": [{"code": "rd_expenditure", "weight": 1, "transform": "log",
                                  "direction": "higher_better"}, ...]}, ...]}

Steps, each documented on the methodology page:
1. transforms: `log` (log(1 + x)), `per_capita` (÷ population, 万人), `per_gdp` (÷ GDP, 亿元), none;
2. coverage: indicators nobody reported for the year are left out (listed); a region needs at least
   `min_coverage` of the remaining indicators of every weighted pillar, otherwise it is not scored (reported
   with the reason);
3. imputation: a missing value takes the mean of its group (macro-region) at this level, else the mean of all
   regions; every imputed value is flagged;
4. normalisation of each indicator across the scored regions (normalise.py);
5. weights within a pillar: the model's (expert), equal, entropy or CRITIC; pillar weights from the model;
   an indicator's effective weight is pillar weight × weight within the pillar;
6. aggregation within pillars and across pillars: weighted arithmetic or geometric mean, or TOPSIS over all
   indicators with their effective weights (pillar scores then arithmetic);
7. rank (1 = best) and percentile among the scored regions.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .aggregate import aggregate, weighted_arithmetic, weighted_geometric
from .normalise import NORMALISERS, min_max
from .percentiles import percentile
from .weights import WEIGHTINGS, equal_weights, expert_weights

TRANSFORMS = ("log", "per_capita", "per_gdp")


@dataclass
class ModelResult:
    """`scores`: per scored region: composite, pillar scores (columns named by pillar code), rank, percentile,
    coverage. `normalised`: region × indicator values used (after imputation and normalisation).
    `imputed`: region × indicator booleans. `contributions`: region × indicator shares of the composite
    (arithmetic aggregation; effective weight × normalised value). `weights`: effective indicator weights.
    `excluded`: regions not scored, with the reason."""

    scores: pd.DataFrame
    normalised: pd.DataFrame
    imputed: pd.DataFrame
    contributions: pd.DataFrame
    weights: pd.Series
    excluded: dict[str, str] = field(default_factory=dict)
    missing_indicators: list[str] = field(default_factory=list)


def weighted_pillars(spec: dict) -> list[str]:
    """The codes of the pillars that carry weight, in the model's order."""
    return [p["code"] for p in spec["pillars"] if p.get("weight", 0) > 0]


def indicator_codes(spec: dict) -> list[str]:
    return [i["code"] for p in spec["pillars"] for i in p["indicators"]]


def required_codes(spec: dict) -> list[str]:
    """Indicators the model reads, transforms' denominators included."""
    codes = set(indicator_codes(spec))
    for pillar in spec["pillars"]:
        for indicator in pillar["indicators"]:
            if indicator.get("transform") == "per_capita":
                codes.add("population")
            if indicator.get("transform") == "per_gdp":
                codes.add("gdp")
    return sorted(codes)


def weight_coverage(spec: dict, reported: set[str]) -> float:
    """The share (0–1) of the model's weight that rests on indicators in `reported`: each weighted pillar
    counts with its weight, each indicator with its share of the pillar's indicator weights."""
    total = covered = 0.0
    for pillar in spec["pillars"]:
        weight = float(pillar.get("weight", 0))
        within = sum(float(i.get("weight", 1)) for i in pillar["indicators"])
        if weight <= 0 or within <= 0:
            continue
        total += weight
        covered += (
            weight * sum(float(i.get("weight", 1)) for i in pillar["indicators"] if i["code"] in reported) / within
        )
    return covered / total if total else 0.0


ROLE_PILLARS = ("science_education", "industrial_foundation", "innovation_output")  # the pillars roles read


@dataclass
class Coverage:
    """How much of a model the data cover. `regions`: per region, the share of the model's weight with a
    reported value (`weight`) and per pillar the share of its indicator weight reported (columns named by
    pillar code). `indicators`: the weighted indicators reported for at least one region, of `total`."""

    regions: pd.DataFrame
    indicators: list[str]
    total: int


def coverage_by_region(values: pd.DataFrame, spec: dict) -> Coverage:
    """Coverage of each region (rows of `values`, columns indicator codes, NaN = not reported) under `spec`,
    counting every indicator of the model, also those nobody reported: a model scored on a few indicators
    says so. Transforms are ignored (a per-capita indicator counts as reported when its numerator is)."""
    weighted = [p for p in spec["pillars"] if p.get("weight", 0) > 0 and p["indicators"]]
    total = sum(float(p["weight"]) for p in weighted)
    frame = pd.DataFrame(index=values.index)
    overall = pd.Series(0.0, index=values.index)
    for pillar in weighted:
        within = sum(float(i.get("weight", 1)) for i in pillar["indicators"])
        reported = pd.Series(0.0, index=values.index)
        for indicator in pillar["indicators"]:
            if indicator["code"] in values.columns:
                reported += values[indicator["code"]].notna() * float(indicator.get("weight", 1))
        frame[pillar["code"]] = reported / within
        overall += frame[pillar["code"]] * float(pillar["weight"]) / total
    frame.insert(0, "weight", overall)
    weighted_codes = [i["code"] for p in weighted for i in p["indicators"]]
    codes = [c for c in weighted_codes if c in values.columns and values[c].notna().any()]
    return Coverage(frame, codes, len(weighted_codes))


def apply_transforms(values: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """`values`: regions × indicator codes in canonical units. Returns the model's indicator columns."""
    out = {}
    for pillar in spec["pillars"]:
        for indicator in pillar["indicators"]:
            code, transform = indicator["code"], indicator.get("transform")
            column = values[code] if code in values else pd.Series(np.nan, index=values.index)
            if transform == "log":
                column = np.log1p(column.clip(lower=0))
            elif transform == "per_capita":
                column = column / values.get("population", np.nan)
            elif transform == "per_gdp":
                column = column / values.get("gdp", np.nan)
            out[code] = column.astype(float)
    return pd.DataFrame(out, index=values.index).replace([np.inf, -np.inf], np.nan)


def impute_group_mean(frame: pd.DataFrame, groups: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fills gaps with the group mean (else the overall mean); returns (filled, was_missing)."""
    missing = frame.isna()
    group_means = frame.groupby(groups.reindex(frame.index).fillna("_")).transform("mean")
    filled = frame.fillna(group_means).fillna(frame.mean())
    return filled, missing


def _reported_pillars(transformed: pd.DataFrame, spec: dict) -> tuple[list[dict], list[str]]:
    """The weighted pillars with the indicators somebody reported, and the indicators nobody did. An
    indicator nobody reported this year is a gap in the data, not in any region: it is left out (and listed),
    and a pillar left without indicators drops out with its weight."""
    reported = set(transformed.columns[transformed.notna().any()])
    pillars = []
    for pillar in spec["pillars"]:
        indicators = [i for i in pillar["indicators"] if i["code"] in reported]
        if pillar.get("weight", 0) > 0 and indicators:
            pillars.append({**pillar, "indicators": indicators})
    return pillars, [c for c in indicator_codes(spec) if c not in reported]


def _excluded(transformed: pd.DataFrame, pillars: list[dict], min_coverage: float) -> dict[str, str]:
    """Regions reporting under `min_coverage` of a pillar's indicators, with the first such pillar."""
    excluded = {}
    for pillar in pillars:
        codes = [i["code"] for i in pillar["indicators"]]
        coverage = transformed[codes].notna().mean(axis=1)
        for region in coverage.index[coverage < min_coverage]:
            excluded.setdefault(region, f"{pillar['code']}: {coverage[region]:.0%} of its indicators reported")
    return excluded


def _normalised(filled: pd.DataFrame, pillars: list[dict], normalisation: str) -> pd.DataFrame:
    direction = {i["code"]: i.get("direction", "higher_better") for p in pillars for i in p["indicators"]}
    benefit = np.array([direction[c] == "higher_better" for c in filled.columns])
    normalised = NORMALISERS[normalisation](filled.to_numpy(), benefit)
    if normalisation == "z_score":  # bring to [0, 1] so means and TOPSIS work on the same footing
        normalised = min_max(normalised, np.ones(len(benefit), dtype=bool))
    return pd.DataFrame(normalised, index=filled.index, columns=filled.columns)


def _within_weights(block: np.ndarray, members: list[dict], weighting: str) -> np.ndarray:
    if weighting == "expert":
        return expert_weights([i.get("weight", 1) for i in members])
    if weighting == "equal":
        return equal_weights(len(members))
    return WEIGHTINGS[weighting](block)


def _pillar_scores(norm: pd.DataFrame, pillars: list[dict], weighting: str, aggregation: str):
    """Each pillar's score, and each indicator's effective weight (its pillar's weight × its weight within)."""
    effective, scores = {}, {}
    for pillar, pillar_weight in zip(pillars, expert_weights([p["weight"] for p in pillars]), strict=True):
        members = [i for i in pillar["indicators"] if i["code"] in norm.columns]
        if not members:
            continue
        block = norm[[i["code"] for i in members]].to_numpy()
        within = _within_weights(block, members, weighting)
        for member, w in zip(members, within, strict=True):
            effective[member["code"]] = pillar_weight * w
        scores[pillar["code"]] = (
            weighted_geometric(block, within) if aggregation == "geometric" else weighted_arithmetic(block, within)
        )
    return effective, scores


def compute_scores(
    values: pd.DataFrame,
    spec: dict,
    *,
    groups: pd.Series,
    normalisation: str = "min_max",
    weighting: str = "expert",
    aggregation: str = "arithmetic",
    min_coverage: float = 0.6,
) -> ModelResult:
    """Scores regions (rows of `values`) under `spec`; see the module docstring for the method."""
    transformed = apply_transforms(values, spec)
    pillars, missing_indicators = _reported_pillars(transformed, spec)
    excluded = _excluded(transformed, pillars, min_coverage)
    codes = [i["code"] for p in pillars for i in p["indicators"]]
    kept = transformed.drop(index=list(excluded))[codes]
    if len(kept) < 2 or not codes:
        raise ValueError("fewer than two regions have enough data to be compared")
    filled, imputed = impute_group_mean(kept, groups)
    norm = _normalised(filled, pillars, normalisation)
    effective, pillar_scores = _pillar_scores(norm, pillars, weighting, aggregation)
    weights = pd.Series(effective)
    weights = weights / weights.sum()
    composite = aggregate(norm[weights.index].to_numpy(), weights.to_numpy(), aggregation)
    scores = pd.DataFrame(pillar_scores, index=norm.index)
    scores.insert(0, "composite", composite)
    scores["rank"] = scores["composite"].rank(ascending=False, method="min").astype(int)
    scores["percentile"] = percentile(scores["composite"])
    scores["coverage"] = 1 - imputed.mean(axis=1)
    contributions = norm[weights.index] * weights
    return ModelResult(scores, norm, imputed, contributions, weights, excluded, missing_indicators)
