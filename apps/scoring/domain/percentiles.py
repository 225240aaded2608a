"""One percentile for the whole app: where a value stands among the regions of a run, 0 for the lowest and
1 for the highest, ties averaged. Scores, roles, recommendations and pages all read it from here."""

import pandas as pd


def percentile(values: pd.Series, *, missing: float | None = None) -> pd.Series:
    """Percentile ranks of `values` (ties averaged); 0.5 for every region when all values are equal or there
    is only one. A missing value stays missing unless `missing` gives what to put there."""
    valid = values.dropna()
    if len(valid) <= 1 or (valid == valid.iloc[0]).all():
        out = pd.Series(0.5, index=values.index)
    else:
        out = (values.rank(method="average") - 1) / (valid.count() - 1)
    return out if missing is None else out.fillna(missing)


def pillar_percentiles(pillars: pd.DataFrame) -> pd.DataFrame:
    """Percentile of each pillar score among the regions (rows); a region without the pillar stays missing
    and a pillar fewer than two regions have is dropped."""
    out = {}
    for pillar in pillars.columns:
        column = pillars[pillar]
        if column.notna().sum() >= 2:
            out[pillar] = percentile(column).where(column.notna())
    return pd.DataFrame(out, index=pillars.index)
