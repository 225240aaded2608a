"""The one percentile: ties averaged, 0.5 when nothing tells regions apart, missing stays missing unless
told otherwise; pillars fewer than two regions have are dropped."""

import numpy as np
import pandas as pd
import pytest

from apps.scoring.domain.percentiles import percentile, pillar_percentiles


def test_lowest_is_zero_highest_is_one_and_ties_share_their_average():
    got = percentile(pd.Series([10.0, 20.0, 20.0, 40.0], index=list("abcd")))
    assert got.tolist() == pytest.approx([0.0, 0.5, 0.5, 1.0])


def test_nothing_to_tell_apart_is_the_middle():
    assert percentile(pd.Series([3.0, 3.0, 3.0])).tolist() == [0.5, 0.5, 0.5]
    assert percentile(pd.Series([7.0])).tolist() == [0.5]


def test_a_missing_value_stays_missing_unless_a_fill_is_given():
    values = pd.Series([1.0, np.nan, 3.0])
    assert percentile(values).isna().tolist() == [False, True, False]
    assert percentile(values, missing=0.5).tolist() == [0.0, 0.5, 1.0]


def test_pillar_percentiles_drop_pillars_fewer_than_two_regions_have():
    frame = pd.DataFrame({"a": [1.0, 2.0, np.nan], "b": [np.nan, 5.0, np.nan]}, index=["x", "y", "z"])
    got = pillar_percentiles(frame)
    assert list(got.columns) == ["a"] and got["a"].tolist()[:2] == [0.0, 1.0] and np.isnan(got.loc["z", "a"])
