"""Units: spellings map to the catalogue's, values convert within a dimension only, dollars need a rate."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from apps.indicators.domain.units import UNITS, UnitError, conversion, normalise_unit


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("％", "%"),
        ("亿人民币", "亿元"),
        ("（万元）", "万元"),
        (" 10k yuan ", "万元"),
        ("KM²", "平方公里"),
        ("人·年", "人年"),
    ],
)
def test_spellings_map_to_the_catalogue_unit(written, unit):
    assert normalise_unit(written) == unit


def test_an_unknown_unit_says_which():
    with pytest.raises(UnitError) as caught:
        normalise_unit("斤")
    assert caught.value.message.code == "unit.unknown" and caught.value.message.params["value"] == "斤"


def test_factors_within_a_dimension():
    assert conversion("亿元", "万元") == 1e4
    assert conversion("千人", "万人") == pytest.approx(0.1)
    assert conversion("家", "个") == 1.0  # counting words for the same kind of thing


def test_counts_of_units_never_become_counts_of_items_and_percentages_stay_percentages():
    for source, target in (("个", "件"), ("%", "元"), ("人", "人年")):
        with pytest.raises(UnitError) as caught:
            conversion(source, target)
        assert caught.value.message.code == "unit.not_convertible"


def test_dollars_convert_to_yuan_only_with_a_rate():
    with pytest.raises(UnitError) as caught:
        conversion("亿美元", "亿元")
    assert caught.value.message.code == "unit.needs_rate"
    assert conversion("亿美元", "亿元", usd_cny_rate=7.1) == pytest.approx(7.1)
    assert conversion("百万美元", "万元", usd_cny_rate=7.0) == pytest.approx(700.0)
    with pytest.raises(UnitError):
        conversion("亿元", "亿美元", usd_cny_rate=7.1)  # only dollars to yuan, not back


@given(st.sampled_from(sorted(UNITS)), st.sampled_from(sorted(UNITS)))
def test_conversion_round_trips_within_a_dimension(a, b):
    if UNITS[a][0] != UNITS[b][0]:
        return
    assert conversion(a, b) * conversion(b, a) == pytest.approx(1.0)


def test_the_vocabulary_and_the_django_choices_name_the_same_terms():
    from apps.indicators.constants import Measure, Pillar
    from apps.indicators.vocabulary import MEASURE_PREFERENCE, MEASURES, PILLARS, SCORED_PILLARS

    assert list(Pillar.values) == list(PILLARS) and set(SCORED_PILLARS) < set(PILLARS)
    assert set(Measure.values) == set(MEASURES) == set(MEASURE_PREFERENCE)
    assert all(normalise_unit(m.unit) == m.unit for m in MEASURES.values())
    from django.utils import translation

    with translation.override("en"):
        assert all(str(Pillar(code).label).lower() == term.en for code, term in PILLARS.items())
    with translation.override("zh-hans"):
        assert [str(Pillar(code).label) for code in PILLARS] == [term.zh for term in PILLARS.values()]
