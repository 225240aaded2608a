"""Indicator weights. Every function returns non-negative weights summing to 1.

Inputs are normalised matrices (regions × indicators, higher is better, no missing values).
"""

import numpy as np


def equal_weights(n: int) -> np.ndarray:
    return np.full(n, 1.0 / n)


def expert_weights(values) -> np.ndarray:
    """The model's stated weights, rescaled to sum to 1."""
    w = np.asarray(values, dtype=float)
    if (w < 0).any() or w.sum() <= 0:
        raise ValueError("expert weights must be non-negative and not all zero")
    return w / w.sum()


def entropy_weights(matrix: np.ndarray) -> np.ndarray:
    """Shannon-entropy weights: an indicator on which regions differ more gets more weight.

    p_ij = x_ij / sum_i x_ij; e_j = -sum_i p_ij ln p_ij / ln m; w_j ∝ 1 - e_j, with 0 ln 0 = 0 (the limit).
    A common shortcut sets the entropy of any column containing a zero to 0, which hands that column the
    largest weight because one region scored zero (pymcdm refuses zeros instead); here a zero just
    contributes nothing to the sum, as the limit says. Without zeros the result equals pymcdm's. A constant column has entropy 1 and weight 0. When every
    column is constant the weights fall back to equal.
    """
    x = np.asarray(matrix, dtype=float)
    if (x < 0).any():
        raise ValueError("entropy weights need non-negative (normalised) values")
    m = x.shape[0]
    totals = x.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = np.where(totals > 0, x / totals, 1.0 / m)
        plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    entropy = -plogp.sum(axis=0) / np.log(m)
    divergence = np.clip(1.0 - entropy, 0.0, None)
    divergence[np.ptp(x, axis=0) == 0] = 0.0  # exactly: rounding leaves ~1e-7 beside a nearly constant column
    if divergence.sum() <= 1e-15:
        return equal_weights(x.shape[1])
    return divergence / divergence.sum()


def critic_weights(matrix: np.ndarray) -> np.ndarray:
    """CRITIC (Diakoulaki et al. 1995): w_j ∝ σ_j Σ_k (1 - r_jk): contrast times conflict with the other
    indicators. Constant columns have σ = 0 and weight 0 (their correlations are taken as 0)."""
    x = np.asarray(matrix, dtype=float)
    std = x.std(axis=0, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = np.corrcoef(x, rowvar=False)
    corr = np.nan_to_num(np.atleast_2d(corr), nan=0.0)
    information = std * (1.0 - corr).sum(axis=0)
    if information.sum() <= 0:
        return equal_weights(x.shape[1])
    return information / information.sum()


def pca_weights(matrix: np.ndarray) -> np.ndarray:
    """PCA-based weights (after Nicoletti et al., OECD 2000): principal components of the standardised
    indicators with eigenvalue above 1 are kept (at least the first); an indicator's weight is the sum over
    kept components of its squared loading times the component's share of the kept variance. Indicators that
    move together share their weight instead of counting twice. Constant columns get 0."""
    x = np.asarray(matrix, dtype=float)
    std = x.std(axis=0)
    varying = std > 0
    if varying.sum() == 0:
        return equal_weights(x.shape[1])
    z = (x[:, varying] - x[:, varying].mean(axis=0)) / std[varying]
    if z.shape[1] == 1:
        weights = np.zeros(x.shape[1])
        weights[varying] = 1.0
        return weights
    eigenvalues, vectors = np.linalg.eigh(np.corrcoef(z, rowvar=False))
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, vectors = np.clip(eigenvalues[order], 0, None), vectors[:, order]
    keep = max(1, int((eigenvalues > 1).sum()))
    share = eigenvalues[:keep] / eigenvalues[:keep].sum()
    contribution = (vectors[:, :keep] ** 2) @ share
    weights = np.zeros(x.shape[1])
    weights[varying] = contribution / contribution.sum()
    return weights


WEIGHTINGS = {"entropy": entropy_weights, "critic": critic_weights, "pca": pca_weights}
