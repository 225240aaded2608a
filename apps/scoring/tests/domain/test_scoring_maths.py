import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from pymcdm import weights as pw
from pymcdm.methods import TOPSIS

from apps.scoring.domain.aggregate import topsis, topsis_many, weighted_arithmetic, weighted_geometric
from apps.scoring.domain.normalise import distance_to_frontier, min_max, percentile_rank, z_score
from apps.scoring.domain.weights import critic_weights, entropy_weights, equal_weights, expert_weights, pca_weights

X = np.array([[1.0, 10.0, 5.0], [2.0, 20.0, 5.0], [3.0, 40.0, 5.0]])
BENEFIT = np.array([True, False, True])


def test_min_max_orients_cost_columns_and_neutralises_constant_ones():
    np.testing.assert_allclose(min_max(X, BENEFIT), [[0, 1, 0.5], [0.5, 2 / 3, 0.5], [1, 0, 0.5]])


def test_z_score_by_hand():
    out = z_score(X, BENEFIT)
    np.testing.assert_allclose(out[:, 0], [-1.224744871391589, 0, 1.224744871391589])
    np.testing.assert_allclose(out[:, 2], 0)
    assert out[0, 1] > out[2, 1]  # lower cost ranks higher


def test_percentile_shares_ranks_between_ties():
    out = percentile_rank(np.array([[1.0], [2.0], [2.0], [5.0]]), np.array([True]))
    np.testing.assert_allclose(out[:, 0], [0, 0.5, 0.5, 1])


def test_distance_to_frontier_by_hand():
    out = distance_to_frontier(X, BENEFIT)
    np.testing.assert_allclose(out, [[1 / 3, 1, 0.5], [2 / 3, 0.5, 0.5], [1, 0.25, 0.5]])
    with pytest.raises(ValueError):
        distance_to_frontier(-X, BENEFIT)


def test_missing_values_stay_missing():
    x = np.array([[1.0], [np.nan], [3.0]])
    for function in (min_max, z_score, percentile_rank, distance_to_frontier):
        out = function(x, np.array([True]))
        assert np.isnan(out[1, 0]) and not np.isnan(out[0, 0]), function.__name__


def test_expert_and_equal_weights():
    np.testing.assert_allclose(expert_weights([2, 1, 1]), [0.5, 0.25, 0.25])
    np.testing.assert_allclose(equal_weights(4), 0.25)
    with pytest.raises(ValueError):
        expert_weights([0, 0])


def test_entropy_by_hand_and_a_zero_does_not_win_the_weight():
    x = np.array([[0.2, 0.5], [0.3, 0.5], [0.5, 0.5]])
    p = x[:, 0] / x[:, 0].sum()
    e = -(p * np.log(p)).sum() / np.log(3)
    np.testing.assert_allclose(entropy_weights(x), [1.0, 0.0], atol=1e-12)  # the constant column gets nothing
    assert 0 < 1 - e < 1
    # one region with a zero in an otherwise flat column: a small weight, not the largest one
    y = np.array([[0.0, 0.1, 0.9], [1.0, 0.5, 0.2], [1.0, 0.9, 0.6], [1.0, 0.3, 0.4]])
    w = entropy_weights(y)
    divergence = []
    for column in y.T:
        p = column / column.sum()
        divergence.append(1 + sum(v * np.log(v) for v in p if v > 0) / np.log(4))
    np.testing.assert_allclose(w, np.array(divergence) / sum(divergence))  # 0 ln 0 = 0, by hand
    shortcut = np.array([1.0, *divergence[1:]]) / (1.0 + sum(divergence[1:]))  # "entropy 0 if any zero"
    assert shortcut[0] > 0.7 and w[0] < 0.5
    # the usual shortcut (entropy 0 for a column with a zero) would give that column all but everything
    with pytest.raises(ValueError):
        pw.entropy_weights(y)  # pymcdm refuses zeros outright


def test_critic_ignores_constant_columns():
    w = critic_weights(np.array([[0.1, 1, 0.3], [0.5, 1, 0.9], [0.9, 1, 0.2]]))
    assert w[1] == 0 and abs(w.sum() - 1) < 1e-12


def test_aggregations_by_hand():
    x = np.array([[1.0, 0.0], [0.5, 0.5]])
    w = np.array([0.5, 0.5])
    np.testing.assert_allclose(weighted_arithmetic(x, w), [0.5, 0.5])
    geometric = weighted_geometric(x, w)
    assert geometric[0] == pytest.approx(np.sqrt(0.01)) and geometric[1] == pytest.approx(0.5)


def _matrices(allow_zero: bool):
    return st.tuples(st.integers(3, 25), st.integers(2, 7)).flatmap(
        lambda shape: arrays(
            float, shape, elements=st.floats(0.0 if allow_zero else 0.01, 1000, allow_nan=False, allow_infinity=False)
        )
    )


@settings(max_examples=200, deadline=None)
@given(_matrices(allow_zero=False))
def test_entropy_matches_pymcdm_without_zeros(matrix):
    if (np.ptp(matrix, axis=0) <= 1e-9 * matrix.max(axis=0)).all():
        return  # all columns (nearly) constant: pymcdm's weights are rounding noise; ours fall back to equal
    ours, theirs = entropy_weights(matrix), pw.entropy_weights(matrix)
    constant = np.ptp(matrix, axis=0) == 0
    # a constant column weighs exactly 0 here; pymcdm leaves up to ~1e-7 of rounding noise on it when the
    # other columns barely vary (883.625 beside 883.5), so its weights are compared up to that noise
    assert (ours[constant] == 0).all() and (theirs[constant] < 1e-6).all()
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6 if constant.any() else 1e-7)


@settings(max_examples=200, deadline=None)
@given(_matrices(allow_zero=True), st.data())
def test_topsis_matches_pymcdm(matrix, data):
    if (matrix.max(axis=0) == matrix.min(axis=0)).any():
        return  # pymcdm divides by zero on a constant column; ours leaves it out (tested below)
    m = matrix.shape[1]
    raw = np.array(data.draw(st.lists(st.floats(0.05, 1), min_size=m, max_size=m)))
    weights = raw / raw.sum()
    types = np.array(data.draw(st.lists(st.sampled_from([1, -1]), min_size=m, max_size=m)))
    expected = TOPSIS()(matrix, weights, types, validation=False)
    np.testing.assert_allclose(topsis(matrix, weights, types > 0), expected, rtol=0, atol=1e-9)


def test_topsis_with_a_constant_column_equals_topsis_without_it():
    x = np.array([[1.0, 7.0, 3.0], [2.0, 7.0, 1.0], [4.0, 7.0, 2.0]])
    w = np.array([0.4, 0.2, 0.4])
    with_constant = topsis(x, w)
    without = topsis(x[:, [0, 2]], w[[0, 2]])
    np.testing.assert_allclose(with_constant, without)


def test_topsis_many_equals_one_at_a_time():
    rng = np.random.default_rng(7)
    x = rng.random((40, 6))
    draws = rng.dirichlet(np.ones(6), size=25)
    normalised = (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
    many = topsis_many(normalised, draws)
    for d in range(25):
        np.testing.assert_allclose(many[:, d], topsis(x, draws[d]), atol=1e-12)


def test_pca_weights_share_weight_between_indicators_that_move_together():
    rng = np.random.default_rng(11)
    a, b, c = rng.random(200), rng.random(200), rng.random(200)
    twins = np.column_stack([a, a + rng.normal(0, 0.01, 200), b, c, np.full(200, 3.0)])
    w = pca_weights(twins)
    assert abs(w.sum() - 1) < 1e-12 and (w >= 0).all() and w[4] == 0
    assert w[0] + w[1] < 0.7  # the twins carry one signal between them, not two shares each
    single = pca_weights(np.column_stack([a, np.full(200, 1.0)]))
    np.testing.assert_allclose(single, [1.0, 0.0])
