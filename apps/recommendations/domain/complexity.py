"""Specialisation, relatedness and complexity of a regions × industries matrix.

The product-space method of Hidalgo and Hausmann with the definitions of the Growth Lab's `ecomplexity`
package (v0.5.3), vectorised so that 2,875 counties × 600 industries take a fraction of a second:

- RCA (location quotient) = (x_cp / x_c) / (x_p / x); presence M_cp = 1 where RCA ≥ 1;
- diversity k_c = Σ_p M_cp, ubiquity k_p = Σ_c M_cp;
- proximity φ_pq = Σ_c M_cp M_cq / max(k_p, k_q) (minimum conditional probability of co-location);
- density ω_cp = Σ_q M_cq φ_pq / Σ_q φ_pq;
- ECI / PCI from the eigenvector of the second largest eigenvalue of M̃ = D_p⁻¹ Mᵀ D_c⁻¹ M (computed from its
  symmetric form with `eigh`), signed so that ECI correlates positively with diversity, and both
  standardised with the mean and standard deviation of the ECI (so ECI = mean PCI of a region's industries);
- COI = standardised Σ_p ω_cp (1 − M_cp) PCI_p; COG_cp = (1 − M_cp) Σ_q (1 − M_cq) φ_qp PCI_q / Σ_r φ_qr,
  divided by the ECI's standard deviation.

One deliberate addition, off by default so the figures equal `ecomplexity`'s: a size guard. With
`min_size` > 0 a region counts as present in an industry only if it also holds at least `min_size` times the
average region's amount of that industry, so a tiny region with a sliver of a rare industry does not get a
huge quotient counted as a strength. RCA itself is reported unchanged.

Regions or industries whose total is zero are left out of the computation (their results are NaN), as in
`ecomplexity`. ECI values of different years are not on one scale; compare them by rank (`eci_ranks`).
"""

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Complexity:
    rca: np.ndarray  # regions × industries
    mcp: np.ndarray  # regions × industries, 0/1
    diversity: np.ndarray  # regions
    ubiquity: np.ndarray  # industries
    proximity: np.ndarray  # industries × industries
    density: np.ndarray  # regions × industries
    eci: np.ndarray  # regions
    pci: np.ndarray  # industries
    coi: np.ndarray  # regions
    cog: np.ndarray  # regions × industries


def rca(values: np.ndarray) -> np.ndarray:
    """Balassa's revealed comparative advantage (location quotient); NaN where a total is zero."""
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        region_share = values / values.sum(axis=1, keepdims=True)
        industry_totals = values.sum(axis=0, keepdims=True)
        return region_share / (industry_totals / industry_totals.sum())


def presence(values: np.ndarray, rca_values: np.ndarray, *, threshold: float = 1.0, min_size: float = 0.0):
    """M_cp: RCA at or above `threshold`, and (size guard) at least `min_size` × the mean region's amount."""
    mcp = np.nan_to_num(rca_values) >= threshold
    if min_size > 0:
        mean_amount = values.sum(axis=0, keepdims=True) / values.shape[0]
        mcp &= values >= min_size * mean_amount
    return mcp.astype(float)


def _proximity(mcp: np.ndarray, ubiquity: np.ndarray) -> np.ndarray:
    co = mcp.T @ mcp
    with np.errstate(divide="ignore", invalid="ignore"):
        conditional = np.where(ubiquity[np.newaxis, :] > 0, co / ubiquity[np.newaxis, :], 0.0)
    return np.minimum(conditional, conditional.T)


def _eigen(mcp: np.ndarray, diversity: np.ndarray, ubiquity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Raw (unstandardised, signed) ECI and PCI of the regions and industries with positive diversity and
    ubiquity."""
    scaled = mcp / diversity[:, np.newaxis]
    inv_sqrt_u = 1.0 / np.sqrt(ubiquity)
    symmetric = (scaled.T @ mcp) * inv_sqrt_u[:, np.newaxis] * inv_sqrt_u[np.newaxis, :]
    symmetric = (symmetric + symmetric.T) / 2
    _, vectors = np.linalg.eigh(symmetric)
    kp = vectors[:, -2] * inv_sqrt_u  # eigenvector of D_p⁻¹ Mᵀ D_c⁻¹ M, second largest eigenvalue
    kc = scaled @ kp
    sign = np.sign(np.corrcoef(diversity, kc)[0, 1]) if np.std(kc) > 0 else 1.0
    return sign * kc, sign * kp


def complexity(values: np.ndarray, *, threshold: float = 1.0, min_size: float = 0.0) -> Complexity:
    """Everything above for one year's matrix (regions × industries, non-negative amounts)."""
    values = np.nan_to_num(np.asarray(values, dtype=float))
    n_regions, n_industries = values.shape
    rows = values.sum(axis=1) > 0
    cols = values.sum(axis=0) > 0
    sub = values[np.ix_(rows, cols)]
    rca_sub = rca(sub)
    mcp_sub = presence(sub, rca_sub, threshold=threshold, min_size=min_size)
    diversity = mcp_sub.sum(axis=1)
    ubiquity = mcp_sub.sum(axis=0)
    phi = _proximity(mcp_sub, ubiquity)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = mcp_sub @ (phi.T / phi.sum(axis=1)[np.newaxis, :])

    eci_raw = np.full(len(diversity), np.nan)
    pci_raw = np.full(len(ubiquity), np.nan)
    valid_r, valid_p = diversity > 0, ubiquity > 0
    if valid_r.sum() >= 2 and valid_p.sum() >= 2:
        kc, kp = _eigen(mcp_sub[np.ix_(valid_r, valid_p)], diversity[valid_r], ubiquity[valid_p])
        eci_raw[valid_r], pci_raw[valid_p] = kc, kp

    absent = 1.0 - mcp_sub
    pci_filled = np.nan_to_num(pci_raw)
    coi_raw = (density * absent * pci_filled).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        weighted = np.nan_to_num(phi * (pci_filled / phi.sum(axis=1))[:, np.newaxis])
    cog_raw = absent * (absent @ weighted)

    mean, std = np.nanmean(eci_raw), np.nanstd(eci_raw)
    std = std if std > 0 else 1.0
    coi_std = coi_raw.std() if coi_raw.std() > 0 else 1.0

    def region_vector(sub_values):
        out = np.full(n_regions, np.nan)
        out[rows] = sub_values
        return out

    def industry_vector(sub_values):
        out = np.full(n_industries, np.nan)
        out[cols] = sub_values
        return out

    def matrix(sub_values):
        out = np.full((n_regions, n_industries), np.nan)
        out[np.ix_(rows, cols)] = sub_values
        return out

    proximity = np.full((n_industries, n_industries), np.nan)
    proximity[np.ix_(cols, cols)] = phi
    return Complexity(
        rca=matrix(rca_sub),
        mcp=np.nan_to_num(matrix(mcp_sub)),
        diversity=region_vector(diversity),
        ubiquity=industry_vector(ubiquity),
        proximity=proximity,
        density=matrix(density),
        eci=region_vector((eci_raw - mean) / std),
        pci=industry_vector((pci_raw - mean) / std),
        coi=region_vector((coi_raw - coi_raw.mean()) / coi_std),
        cog=matrix(cog_raw / std),
    )


def eci_ranks(eci: np.ndarray) -> np.ndarray:
    """1 = most complex; NaN stays NaN. ECIs of different years are compared through these ranks."""
    order = np.full(len(eci), np.nan)
    valid = ~np.isnan(eci)
    order[valid] = (-eci[valid]).argsort().argsort() + 1
    return order
