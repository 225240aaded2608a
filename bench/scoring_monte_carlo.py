"""Scoring core on synthetic county-scale input (2,875 regions x 60 indicators): one scoring pass, and
1,000 Monte Carlo TOPSIS draws vectorised vs the same draws one by one with pymcdm.

    .venv/bin/python bench/scoring_monte_carlo.py [draws]
"""

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.scoring.domain.aggregate import topsis, topsis_many  # noqa: E402
from apps.scoring.domain.normalise import min_max  # noqa: E402
from apps.scoring.domain.uncertainty import perturbed_weights, rank_uncertainty  # noqa: E402
from apps.scoring.domain.weights import entropy_weights  # noqa: E402

REGIONS, INDICATORS = 2875, 60


def main(draws: int) -> None:
    rng = np.random.default_rng(2026)
    x = rng.lognormal(mean=3, sigma=1, size=(REGIONS, INDICATORS))
    benefit = rng.random(INDICATORS) > 0.15

    started = time.perf_counter()
    normalised = min_max(x, benefit)
    weights = entropy_weights(normalised)
    scores = topsis(x, weights, benefit)
    one = time.perf_counter() - started
    print(f"one scoring pass (min-max, entropy weights, TOPSIS), {REGIONS} x {INDICATORS}: {one * 1000:.1f} ms")

    w = perturbed_weights(weights, draws, rng, 200.0)
    started = time.perf_counter()
    vectorised = topsis_many(normalised, w)
    fast = time.perf_counter() - started
    started = time.perf_counter()
    full = rank_uncertainty({"nominal": x}, benefit, weights, aggregation="topsis", draws=draws, seed=1)
    full_time = time.perf_counter() - started
    print(
        f"{draws} TOPSIS draws vectorised: {fast:.2f} s; full rank-uncertainty run (3 normalisations, "
        f"one-at-a-time sensitivity, ranks and intervals): {full_time:.2f} s"
    )

    from pymcdm.methods import TOPSIS

    method = TOPSIS()
    types = np.where(benefit, 1, -1)
    started = time.perf_counter()
    reference = np.column_stack([method(x, w[d], types, validation=False) for d in range(draws)])
    slow = time.perf_counter() - started
    started = time.perf_counter()
    for d in range(min(draws, 100)):
        method(x, w[d], types)  # as called by default, with pymcdm's input validation
    checked = (time.perf_counter() - started) * draws / min(draws, 100)
    print(
        f"{draws} TOPSIS draws one by one with pymcdm: {slow:.2f} s without its input validation "
        f"({slow / fast:.0f}x slower than vectorised), about {checked:.1f} s with it ({checked / fast:.0f}x)"
    )
    print(f"largest difference from pymcdm: {np.abs(reference - vectorised).max():.2e}")
    assert np.allclose(scores, topsis_many(normalised, weights[None, :])[:, 0])
    assert full.median.shape == (REGIONS,)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
