import numpy as np
import pandas as pd

from apps.indicators.vocabulary import SCORED_PILLARS
from apps.scoring.domain.roles import CHARACTERISTIC, MAIN_FORCE, PIONEER, assign_roles, innovation_modes
from apps.scoring.domain.uncertainty import nominal_ranks, rank_uncertainty

PILLARS = list(SCORED_PILLARS)


def test_a_clear_leader_stays_first_and_intervals_contain_the_median():
    rng = np.random.default_rng(1)
    x = rng.random((30, 5))
    x[0] = 10.0  # best on everything
    result = rank_uncertainty({"mean": x}, np.ones(5, dtype=bool), np.full(5, 0.2), draws=300, seed=3)
    assert result.median[0] == 1 and result.p95[0] == 1
    assert (result.p05 <= result.median).all() and (result.median <= result.p95).all()
    assert set(result.sensitivity) == {"weights", "normalisation", "imputation"}
    assert result.sensitivity["imputation"] == 0  # only one imputation offered


def test_same_seed_same_result_and_imputation_matters_when_it_differs():
    rng = np.random.default_rng(2)
    x = rng.random((20, 4))
    other = x.copy()
    other[:10, 0] = 1 - other[:10, 0]  # a very different imputation for half the regions
    a = rank_uncertainty({"mean": x, "median": other}, np.ones(4, dtype=bool), np.full(4, 0.25), draws=200, seed=9)
    b = rank_uncertainty({"mean": x, "median": other}, np.ones(4, dtype=bool), np.full(4, 0.25), draws=200, seed=9)
    np.testing.assert_array_equal(a.median, b.median)
    assert a.sensitivity == b.sensitivity
    assert a.sensitivity["imputation"] > 0


def test_topsis_aggregation_is_supported():
    x = np.array([[1.0, 1.0], [0.5, 0.2], [0.1, 0.9]])
    result = rank_uncertainty({"mean": x}, np.array([True, True]), np.array([0.5, 0.5]), aggregation="topsis", draws=50)
    assert result.median[0] == 1
    assert list(nominal_ranks(x, np.array([True, True]), np.array([0.5, 0.5]))) == [1, 3, 2]


def _pillars():
    rng = np.random.default_rng(5)
    frame = pd.DataFrame(rng.random((20, 5)) * 0.5, columns=PILLARS, index=[f"r{i}" for i in range(20)])
    frame.loc["r0", ["science_education", "innovation_output"]] = [0.95, 0.9]  # a science leader
    frame.loc["r1", ["industrial_foundation", "scenarios_market", "enterprise_ecosystem"]] = [0.95, 0.9, 0.9]
    return frame


def test_roles_follow_the_data():
    pillars = _pillars()
    composite = pillars.mean(axis=1)
    roles = assign_roles(pillars, composite)
    assert roles["r0"] == PIONEER and roles["r1"] == MAIN_FORCE
    assert (roles == CHARACTERISTIC).sum() >= 10
    # swap two regions' data: their roles swap, whatever they are called
    swapped = pillars.copy()
    swapped.loc[["r0", "r5"]] = pillars.loc[["r5", "r0"]].to_numpy()
    swapped_roles = assign_roles(swapped, swapped.mean(axis=1))
    assert swapped_roles["r5"] == roles["r0"] and swapped_roles["r0"] == roles["r5"]


def test_innovation_modes_sum_to_one_and_lean_with_the_profile():
    modes = innovation_modes(_pillars())
    np.testing.assert_allclose(modes.sum(axis=1), 1)
    assert modes.loc["r0", "original"] > modes.loc["r1", "original"]
    assert modes.loc["r1", "application"] > modes.loc["r0", "application"]
