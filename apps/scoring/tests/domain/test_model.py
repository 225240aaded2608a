import numpy as np
import pandas as pd
import pytest

from apps.scoring.domain.model import apply_transforms, compute_scores, required_codes, weight_coverage

SPEC = {
    "pillars": [
        {
            "code": "science_education",
            "weight": 0.5,
            "indicators": [{"code": "rd", "weight": 2, "transform": "per_gdp"}, {"code": "heis", "weight": 1}],
        },
        {
            "code": "industrial_foundation",
            "weight": 0.5,
            "indicators": [
                {"code": "industry", "weight": 1, "transform": "log"},
                {"code": "pollution", "weight": 1, "direction": "lower_better"},
            ],
        },
        {"code": "factor_support", "weight": 0, "indicators": [{"code": "land", "weight": 1}]},
    ]
}
VALUES = pd.DataFrame(
    {
        "rd": [30.0, 10.0, 5.0, np.nan],
        "gdp": [1000.0, 1000.0, 500.0, 800.0],
        "heis": [90.0, 40.0, 10.0, 20.0],
        "industry": [np.e - 1, np.e**2 - 1, 0.0, 1.0],
        "pollution": [1.0, 3.0, 2.0, 2.0],
    },
    index=["A", "B", "C", "D"],
)
GROUPS = pd.Series({"A": "east", "B": "east", "C": "west", "D": "west"})


def test_transforms_and_required_inputs():
    out = apply_transforms(VALUES, SPEC)
    assert out.loc["A", "rd"] == pytest.approx(0.03) and out.loc["C", "rd"] == pytest.approx(0.01)
    assert out.loc["B", "industry"] == pytest.approx(2.0)
    assert required_codes(SPEC) == ["gdp", "heis", "industry", "land", "pollution", "rd"]


def test_scores_by_hand_with_imputation_flagged():
    result = compute_scores(VALUES, SPEC, groups=GROUPS, min_coverage=0.5)
    # D's missing R&D is imputed from its group (west: C only) and flagged
    assert result.imputed.loc["D", "rd"] and not result.imputed.loc["A", "rd"]
    assert result.normalised.loc["D", "rd"] == result.normalised.loc["C", "rd"]
    # science: rd/gdp min-max (A 1, B 1/3... ) weighted 2:1 with heis
    rd = np.array([0.03, 0.01, 0.01, 0.01])
    rd_n = (rd - rd.min()) / (rd.max() - rd.min())
    heis_n = (VALUES["heis"] - 10) / 80
    science = (2 * rd_n + heis_n.to_numpy()) / 3
    np.testing.assert_allclose(result.scores["science_education"], science)
    assert list(result.weights.index) == ["rd", "heis", "industry", "pollution"]
    np.testing.assert_allclose(result.weights.to_numpy(), [1 / 3, 1 / 6, 1 / 4, 1 / 4])
    np.testing.assert_allclose(result.scores["composite"], result.contributions.sum(axis=1))
    assert result.scores.loc["A", "rank"] == 1
    assert set(result.scores.columns) >= {
        "composite",
        "science_education",
        "industrial_foundation",
        "rank",
        "percentile",
    }


def test_region_below_coverage_is_excluded_with_a_reason():
    sparse = VALUES.copy()
    sparse.loc["D", ["rd", "heis"]] = np.nan
    result = compute_scores(sparse, SPEC, groups=GROUPS)
    assert "D" not in result.scores.index
    assert result.excluded["D"].startswith("science_education")


@pytest.mark.parametrize("weighting", ["expert", "equal", "entropy", "critic", "pca"])
@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric", "topsis"])
@pytest.mark.parametrize("normalisation", ["min_max", "percentile", "z_score", "frontier"])
def test_every_combination_gives_valid_scores(weighting, aggregation, normalisation):
    result = compute_scores(
        VALUES,
        SPEC,
        groups=GROUPS,
        weighting=weighting,
        aggregation=aggregation,
        normalisation=normalisation,
        min_coverage=0.5,
    )
    assert result.scores["composite"].between(0, 1).all()
    assert abs(result.weights.sum() - 1) < 1e-12
    assert sorted(result.scores["rank"]) == sorted(result.scores["composite"].rank(ascending=False, method="min"))


def test_same_inputs_same_bytes():
    a = compute_scores(VALUES, SPEC, groups=GROUPS, min_coverage=0.5).scores.to_json()
    b = compute_scores(VALUES.copy(), SPEC, groups=GROUPS, min_coverage=0.5).scores.to_json()
    assert a == b


def test_an_indicator_nobody_reported_is_left_out_not_held_against_regions():
    values = VALUES.drop(columns=["heis"])
    result = compute_scores(values, SPEC, groups=GROUPS, min_coverage=0.6)
    assert result.missing_indicators == ["heis", "land"]
    assert "heis" not in result.weights.index
    assert set(result.scores.index) == {"A", "B", "C"}  # D still lacks R&D: 0 % of science


def test_whatif_with_the_run_weights_reproduces_the_run():
    from apps.scoring.domain.whatif import reweight

    result = compute_scores(VALUES, SPEC, groups=GROUPS, min_coverage=0.5)
    pillar_of = {
        "rd": "science_education",
        "heis": "science_education",
        "industry": "industrial_foundation",
        "pollution": "industrial_foundation",
    }
    same = reweight(
        result.normalised,
        result.weights.to_dict(),
        pillar_of,
        {"science_education": 1, "industrial_foundation": 1},
        "arithmetic",
    )
    np.testing.assert_allclose(same.loc[result.scores.index, "composite"], result.scores["composite"])
    science_only = reweight(
        result.normalised, result.weights.to_dict(), pillar_of, {"science_education": 1}, "arithmetic"
    )
    np.testing.assert_allclose(science_only.loc[result.scores.index, "composite"], result.scores["science_education"])


def test_weight_coverage_counts_pillar_weights_and_shares_within_pillars():
    spec = {
        "pillars": [
            {"code": "a", "weight": 0.5, "indicators": [{"code": "x", "weight": 1}, {"code": "y", "weight": 3}]},
            {"code": "b", "weight": 0.5, "indicators": [{"code": "z"}]},
            {"code": "c", "weight": 0, "indicators": [{"code": "w"}]},  # unweighted: not counted
        ]
    }
    assert weight_coverage(spec, {"x", "y", "z"}) == pytest.approx(1.0)
    assert weight_coverage(spec, {"y", "w"}) == pytest.approx(0.375)
    assert weight_coverage(spec, {"x"}) == pytest.approx(0.125)
    assert weight_coverage(spec, set()) == 0.0


def test_coverage_counts_every_weighted_indicator_even_those_nobody_reported():
    from apps.scoring.domain.model import coverage_by_region

    spec = {
        "pillars": [
            {
                "code": "science_education",
                "weight": 0.5,
                "indicators": [{"code": "x", "weight": 1}, {"code": "y", "weight": 1}],
            },
            {"code": "scenarios_market", "weight": 0.5, "indicators": [{"code": "z", "weight": 1}]},
            {"code": "factor_support", "weight": 0, "indicators": [{"code": "w"}]},
        ]
    }
    values = pd.DataFrame({"x": [1.0, np.nan], "z": [2.0, 3.0], "w": [1.0, 1.0]}, index=["A", "B"])  # y: nobody
    cover = coverage_by_region(values, spec)
    assert cover.regions.loc["A"].to_dict() == pytest.approx(
        {"weight": 0.75, "science_education": 0.5, "scenarios_market": 1.0}
    )
    assert cover.regions.loc["B", "science_education"] == 0 and cover.regions.loc["B", "weight"] == 0.5
    assert cover.indicators == ["x", "z"] and cover.total == 3
