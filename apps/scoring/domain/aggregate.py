"""Aggregating normalised indicators (higher is better, in [0, 1]) into one score per region."""

import numpy as np

# Geometric means are taken over max(x, GEOMETRIC_FLOOR): a single zero would otherwise zero the whole
# score, making one indicator a veto. The floor keeps the penalty steep but finite.
GEOMETRIC_FLOOR = 0.01


def weighted_arithmetic(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Σ w_j x_ij; full compensation between indicators."""
    return np.asarray(matrix, dtype=float) @ np.asarray(weights, dtype=float)


def weighted_geometric(matrix: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Π x_ij^w_j over values floored at GEOMETRIC_FLOOR; weak spots weigh more than in the arithmetic mean."""
    x = np.maximum(np.asarray(matrix, dtype=float), GEOMETRIC_FLOOR)
    return np.exp(np.log(x) @ np.asarray(weights, dtype=float))


def topsis(matrix: np.ndarray, weights: np.ndarray, benefit: np.ndarray | None = None) -> np.ndarray:
    """TOPSIS closeness d⁻ / (d⁺ + d⁻) on min-max normalised, weighted columns (as pymcdm's TOPSIS does by
    default). `matrix` may be raw, with `benefit` marking higher-is-better columns; without `benefit` it is
    taken as already oriented. A constant column is left out of the distances (it separates no one)."""
    x = np.asarray(matrix, dtype=float)
    w = np.asarray(weights, dtype=float)
    benefit = np.ones(x.shape[1], dtype=bool) if benefit is None else np.asarray(benefit, dtype=bool)
    low, high = x.min(axis=0), x.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    normalised = np.where(benefit, (x - low) / span, (high - x) / span)
    normalised[:, high == low] = 0.0
    return topsis_many(normalised, w[None, :])[:, 0]


def topsis_many(normalised: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """TOPSIS closeness for many weight vectors at once: `normalised` is regions × indicators (oriented,
    min-max), `weights` is draws × indicators; returns regions × draws. The ideal point is the column
    maximum and the anti-ideal the minimum, so distances reduce to matrix products."""
    x = np.asarray(normalised, dtype=float)
    w2 = np.asarray(weights, dtype=float) ** 2
    ideal, anti = x.max(axis=0), x.min(axis=0)
    d_plus = np.sqrt(((x - ideal) ** 2) @ w2.T)
    d_minus = np.sqrt(((x - anti) ** 2) @ w2.T)
    total = d_plus + d_minus
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, d_minus / total, 0.5)


AGGREGATIONS = {"arithmetic": weighted_arithmetic, "geometric": weighted_geometric}


def aggregate(matrix: np.ndarray, weights: np.ndarray, aggregation: str) -> np.ndarray:
    """One composite per row of normalised, oriented `matrix` by the named aggregation."""
    if aggregation == "topsis":
        return topsis_many(matrix, np.asarray(weights, dtype=float)[None, :])[:, 0]
    return AGGREGATIONS[aggregation](matrix, weights)
