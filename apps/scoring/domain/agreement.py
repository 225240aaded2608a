"""How far a run's ranking agrees with a published reference ranking: Spearman's ρ and Kendall's τ-b over the
regions both rank, and the regions on which they disagree most, each with the pillar that explains the gap
(the pillar whose percentile in the run lies furthest from the region's place in the reference, in the
direction of the gap). A reference is a yardstick: nothing here feeds back into weights."""

import numpy as np
import pandas as pd
from scipy import stats

MIN_REGIONS = 5  # fewer regions in common and no correlation is reported


def agreement(run_rank: pd.Series, reference_rank: pd.Series, pillar_pct: pd.DataFrame, top: int = 5) -> dict:
    """`run_rank`, `reference_rank`: region code → rank (1 = best); `pillar_pct`: region × pillar percentile
    (0–1, 1 = best) in the run."""
    both = pd.concat({"run": run_rank, "reference": reference_rank}, axis=1).dropna()
    out: dict = {"regions": int(len(both)), "spearman": None, "kendall": None, "disagreements": []}
    if len(both) < MIN_REGIONS:
        return out
    run = both["run"].rank(method="average")
    reference = both["reference"].rank(method="average")
    out["spearman"] = round(float(stats.spearmanr(run, reference).statistic), 4)
    out["kendall"] = round(float(stats.kendalltau(run, reference).statistic), 4)
    n = len(both)
    gap = (reference - run).sort_values(key=np.abs, ascending=False, kind="mergesort")  # > 0: the run ranks it higher
    reference_pct = 1 - (reference - 1) / (n - 1)
    for code, value in gap.head(top).items():
        if value == 0:
            break
        entry = {
            "region": code,
            "run_rank": int(both.loc[code, "run"]),
            "reference_rank": int(both.loc[code, "reference"]),
            "gap": round(float(value), 1),
            "pillar": None,
            "pillar_percentile": None,
        }
        if code in pillar_pct.index:
            row = pillar_pct.loc[code].dropna()
            if not row.empty:
                delta = row - reference_pct[code]
                pillar = delta.idxmax() if value > 0 else delta.idxmin()
                entry.update(pillar=str(pillar), pillar_percentile=round(float(row[pillar]), 2))
        out["disagreements"].append(entry)
    return out
