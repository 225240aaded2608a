"""Normalisation of indicator matrices: regions in rows, indicators in columns, raw values in, [0, 1] out
(z-scores excepted), oriented so that higher always means better.

`benefit` is a boolean per column: True where higher raw values are better. Missing values (NaN) stay missing.
A column with one distinct value carries no information: it normalises to 0.5 for every region, so it neither
helps nor hurts anyone (and cannot divide by zero).
"""

import numpy as np

NEUTRAL = 0.5


def _orient(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    return np.where(np.asarray(benefit, dtype=bool)[None, :], matrix, -matrix)


def min_max(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """(x - min) / (max - min) per column, after flipping cost columns."""
    x = _orient(np.asarray(matrix, dtype=float), benefit)
    low, high = np.nanmin(x, axis=0), np.nanmax(x, axis=0)
    span = high - low
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (x - low) / span
    return np.where(span > 0, out, np.where(np.isnan(x), np.nan, NEUTRAL))


def z_score(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """(x - mean) / std per column (population std), cost columns flipped; constant columns give 0."""
    x = _orient(np.asarray(matrix, dtype=float), benefit)
    mean, std = np.nanmean(x, axis=0), np.nanstd(x, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (x - mean) / std
    return np.where(std > 0, out, np.where(np.isnan(x), np.nan, 0.0))


def percentile_rank(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """Rank within the column scaled to [0, 1] (ties share their average rank): robust to outliers."""
    x = _orient(np.asarray(matrix, dtype=float), benefit)
    out = np.full_like(x, np.nan)
    for j in range(x.shape[1]):
        column = x[:, j]
        present = ~np.isnan(column)
        values = column[present]
        n = len(values)
        if n <= 1 or values.min() == values.max():
            out[present, j] = NEUTRAL
            continue
        ranks = np.empty(n)
        ranks[values.argsort(kind="stable")] = np.arange(n)
        _, inverse = np.unique(values, return_inverse=True)
        average = np.bincount(inverse, weights=ranks) / np.bincount(inverse)
        out[present, j] = average[inverse] / (n - 1)
    return out


def distance_to_frontier(matrix: np.ndarray, benefit: np.ndarray) -> np.ndarray:
    """x / max for benefit columns, min / x for cost columns: the share of the best region's level reached.
    Needs non-negative data; a column whose best value is 0 gives 0.5 throughout."""
    x = np.asarray(matrix, dtype=float)
    if np.nanmin(x, initial=0) < 0:
        raise ValueError("distance to frontier needs non-negative values")
    benefit = np.asarray(benefit, dtype=bool)
    high, low = np.nanmax(x, axis=0), np.nanmin(x, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        gain = x / high
        cost = np.where(x > 0, low / x, 1.0)
    out = np.where(benefit[None, :], gain, cost)
    constant = (high == low) | (benefit & (high == 0))
    return np.where(constant[None, :] & ~np.isnan(x), NEUTRAL, out)


NORMALISERS = {
    "min_max": min_max,
    "z_score": z_score,
    "percentile": percentile_rank,
    "frontier": distance_to_frontier,
}
