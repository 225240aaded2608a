"""What-if: new pillar weights applied to a finished run's normalised values, without touching the database."""

from collections.abc import Mapping

import pandas as pd

from .aggregate import aggregate


def reweight(
    normalised: pd.DataFrame,
    effective_weights: Mapping[str, float],
    pillar_of: Mapping[str, str],
    pillar_weights: Mapping[str, float],
    aggregation: str,
) -> pd.DataFrame:
    """Composite and rank under new pillar weights; the weights inside each pillar stay as the run had them.

    `normalised`: regions × indicators as the run normalised them; `effective_weights`: the run's indicator
    weights; `pillar_of`: indicator → pillar; `pillar_weights`: the new weights (any non-negative numbers,
    rescaled to sum to 1 over the pillars the run used). Returns composite, rank and the change in rank
    against `base_rank` when the frame has that column.
    """
    used = {pillar_of[c] for c in effective_weights}
    totals = {p: sum(w for c, w in effective_weights.items() if pillar_of[c] == p) for p in used}
    new = {p: max(float(pillar_weights.get(p, 0.0)), 0.0) for p in used}
    if sum(new.values()) <= 0:
        raise ValueError("at least one pillar needs a positive weight")
    scale = sum(new.values())
    weights = pd.Series({c: new[pillar_of[c]] / scale * w / totals[pillar_of[c]] for c, w in effective_weights.items()})
    composite = aggregate(normalised[weights.index].to_numpy(), weights.to_numpy(), aggregation)
    out = pd.DataFrame({"composite": composite}, index=normalised.index)
    out["rank"] = out["composite"].rank(ascending=False, method="min").astype(int)
    return out.sort_values(["rank"], kind="stable")
