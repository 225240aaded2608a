import pandas as pd
import pytest

from apps.indicators.domain.derived import FormulaError, compute_derived, formula_inputs, formula_text


def _values(rows):
    return pd.DataFrame(rows, columns=["region", "year", "indicator", "value"])


def test_ratio_with_scale_only_where_both_inputs_exist_and_the_denominator_is_positive():
    values = _values(
        [
            ("A", 2020, "rd", 50.0),
            ("A", 2020, "gdp", 2000.0),
            ("B", 2020, "rd", 10.0),  # no GDP: nothing derived
            ("C", 2020, "rd", 5.0),
            ("C", 2020, "gdp", 0.0),  # zero denominator: nothing derived
            ("A", 2021, "rd", 60.0),
            ("A", 2021, "gdp", 2400.0),
            ("A", 2021, "other", 1.0),
        ]
    )
    result = compute_derived(values, {"op": "ratio", "of": ["rd", "gdp"], "scale": 100})
    assert result.to_dict() == {("A", 2020): pytest.approx(2.5), ("A", 2021): pytest.approx(2.5)}


def test_sum_needs_every_input():
    values = _values([("A", 2020, "x", 1.0), ("A", 2020, "y", 2.0), ("B", 2020, "x", 3.0)])
    result = compute_derived(values, {"op": "sum", "of": ["x", "y"]})
    assert result.to_dict() == {("A", 2020): 3.0}


def test_no_input_values_give_an_empty_result():
    result = compute_derived(_values([("A", 2020, "x", 1.0)]), {"op": "ratio", "of": ["gdp", "population"]})
    assert result.empty


@pytest.mark.parametrize(
    "formula",
    [
        {"op": "product", "of": ["a", "b"]},
        {"op": "ratio", "of": ["a"]},
        {"op": "ratio", "of": ["a", "b", "c"]},
        {"op": "sum", "of": ["a"]},
        {"op": "ratio", "of": "a,b"},
        {"op": "ratio", "of": ["a", "b"], "scale": 0},
    ],
)
def test_malformed_formulas_are_refused(formula):
    with pytest.raises(FormulaError):
        formula_inputs(formula)


def test_formula_in_words_uses_the_names_given():
    text = formula_text({"op": "ratio", "of": ["gdp", "population"], "scale": 10000}, {"gdp": "地区生产总值"})
    assert text == "地区生产总值 ÷ population × 10000"
