"""Derived indicators: values defined by a formula over other indicators of the same region and year.

A formula is a small JSON object:
- `{"op": "ratio", "of": [numerator, denominator], "scale": 100}`: numerator ÷ denominator × scale, where
  the denominator is positive (a share in %, a per-capita amount: `scale` turns the inputs' units into the
  derived indicator's unit, e.g. 亿元 ÷ 万人 × 10⁴ = 元/人);
- `{"op": "sum", "of": [a, b, ...], "scale": 1}`: the sum, only where every input is present.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported where values are computed: reading a formula needs none of it
    import pandas as pd

OPS = ("ratio", "sum")


class FormulaError(ValueError):
    """A formula is malformed: unknown operation, wrong number of inputs or a bad scale."""


def formula_inputs(formula: Mapping) -> list[str]:
    """The indicator codes a formula reads; raises FormulaError when the formula is malformed."""
    op, inputs, scale = formula.get("op"), formula.get("of"), formula.get("scale", 1)
    if op not in OPS:
        raise FormulaError(f"unknown operation {op!r} (one of {', '.join(OPS)})")
    if not isinstance(inputs, list) or not all(isinstance(c, str) and c for c in inputs):
        raise FormulaError("'of' must be a list of indicator codes")
    if (op == "ratio" and len(inputs) != 2) or (op == "sum" and len(inputs) < 2):
        raise FormulaError(f"'{op}' takes {'two' if op == 'ratio' else 'two or more'} inputs")
    if not isinstance(scale, int | float) or scale <= 0:
        raise FormulaError("'scale' must be a positive number")
    return list(inputs)


def formula_text(formula: Mapping, names: Mapping[str, str]) -> str:
    """The formula in words with the given indicator names: `R&D经费 ÷ 地区生产总值 × 100`."""
    inputs = [names.get(code, code) for code in formula_inputs(formula)]
    scale = formula.get("scale", 1)
    text = " ÷ ".join(inputs) if formula["op"] == "ratio" else " + ".join(inputs)
    return text if scale == 1 else f"{text} × {scale:g}"


def compute_derived(values: "pd.DataFrame", formula: Mapping) -> "pd.Series":
    """The derived values wherever the inputs allow.

    `values`: columns `region`, `year`, `indicator`, `value` (the current values of the inputs; other
    indicators are ignored). Returns a float Series indexed by (`region`, `year`), sorted, without NaN.
    """
    import numpy as np
    import pandas as pd

    inputs = formula_inputs(formula)
    scale = float(formula.get("scale", 1))
    empty = pd.Series(dtype=float, index=pd.MultiIndex.from_arrays([[], []], names=["region", "year"]))
    subset = values[values["indicator"].isin(inputs)]
    if subset.empty:
        return empty
    wide = subset.pivot_table(index=["region", "year"], columns="indicator", values="value", aggfunc="first")
    if not set(inputs) <= set(wide.columns):
        return empty
    if formula["op"] == "ratio":
        numerator, denominator = wide[inputs[0]], wide[inputs[1]]
        result = (numerator / denominator.where(denominator > 0)) * scale
    else:
        result = wide[inputs].sum(axis=1, min_count=len(inputs)) * scale
    result = result.replace([np.inf, -np.inf], np.nan).dropna().astype(float)
    return result.sort_index()
