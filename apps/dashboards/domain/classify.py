"""Class breaks for choropleths, from mapclassify: quantiles, natural breaks (Fisher-Jenks, the optimal and
deterministic form) and equal intervals."""

import warnings

import numpy as np

SCHEMES = ("quantiles", "natural_breaks", "equal_interval")
DEFAULT_SCHEME = "quantiles"
FISHER_JENKS_EXACT = 500


def class_breaks(values, scheme: str = DEFAULT_SCHEME, k: int = 5) -> list[float]:
    """Upper bounds of the classes (the last is the maximum); fewer than `k` when there are few distinct
    values."""
    import mapclassify

    data = np.asarray([v for v in values if v is not None and np.isfinite(v)], dtype=float)
    if data.size == 0:
        return []
    k = max(1, min(k, len(np.unique(data))))
    if k == 1:
        return [float(data.max())]
    if scheme == "natural_breaks":
        # exact Fisher-Jenks is quadratic in pure Python; past 500 values a 10 % sample (with the
        # extremes) gives the same breaks to within the data's own noise in a fraction of the time
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Numba not installed": the pure-Python path is meant
            if len(data) <= FISHER_JENKS_EXACT:
                bins = mapclassify.FisherJenks(data, k=k).bins
            else:
                bins = mapclassify.FisherJenksSampled(data, k=k, pct=0.1, truncate=False).bins
    else:
        classifier = {"quantiles": mapclassify.Quantiles, "equal_interval": mapclassify.EqualInterval}[scheme]
        bins = classifier(data, k=k).bins
    return [float(b) for b in np.unique(bins)]


def class_of(value, breaks: list[float]) -> int | None:
    """Index of the class a value falls in (upper bounds inclusive)."""
    if value is None or not np.isfinite(value) or not breaks:
        return None
    return int(min(np.searchsorted(breaks, value, side="left"), len(breaks) - 1))


def class_labels(breaks: list[float], lowest: float, fmt=lambda v: f"{v:,.3g}") -> list[str]:
    """`a – b` for each class, from the lowest value up."""
    edges = [lowest, *breaks]
    return [f"{fmt(edges[i])} – {fmt(edges[i + 1])}" for i in range(len(breaks))]
