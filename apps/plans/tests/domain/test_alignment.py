"""Verdicts on hand-made cases: declared and top-ranked → supported; declared and bottom-ranked → weak with its
reasons; top-ranked and undeclared → opportunity; nothing in a category without a declared list."""

import pytest

from apps.plans.domain.alignment import (
    OPPORTUNITY,
    SUPPORTED,
    WEAK,
    Standing,
    align,
    alignment_score,
    herd_index,
    herfindahl,
    top_cut,
    weak_parts,
)

WEIGHTS = {"emerging": {"relatedness": 0.35, "capability": 0.35, "growth": 0.2, "specialisation": 0.1}}


def _standings():
    parts = {
        "a": {"relatedness": 0.9, "capability": 0.8, "growth": 0.7, "specialisation": 0.9},
        "b": {"relatedness": 0.7, "capability": 0.9, "growth": 0.6, "specialisation": 0.5},
        "c": {"relatedness": 0.6, "capability": 0.6, "growth": 0.5, "specialisation": 0.6},
        "d": {"relatedness": 0.5, "capability": 0.5, "growth": 0.5, "specialisation": 0.5},
        "e": {"relatedness": 0.4, "capability": 0.55, "growth": 0.45, "specialisation": 0.5},
        "f": {"relatedness": 0.1, "capability": 0.3, "growth": 0.45, "specialisation": 0.2},
    }
    out = {code: Standing(code, "emerging", rank, 6, parts[code]) for rank, code in enumerate("abcdef", start=1)}
    out["g"] = Standing("g", "emerging", 0, 6, {})  # listed, not ranked: no data of its own
    out["x"] = Standing("x", "future", 1, 6, {"capability": 0.9})
    return out


def _by_code(verdicts):
    return {v.industry: v for v in verdicts}


def test_declared_and_top_ranked_is_supported():
    v = _by_code(align({"a", "b"}, _standings(), {"emerging"}, weights=WEIGHTS))
    assert (v["a"].verdict, v["a"].rank, v["a"].declared) == (SUPPORTED, 1, True)
    assert v["b"].verdict == SUPPORTED and v["b"].weak == []


def test_declared_and_bottom_ranked_is_weak_with_its_reasons_costliest_first():
    f = _by_code(align({"f"}, _standings(), {"emerging"}, weights=WEIGHTS))["f"]
    assert (f.verdict, f.rank, f.ranked) == (WEAK, 6, 6)
    # relatedness 0.1 (weight 0.35) costs most, then capability 0.3 (0.35), specialisation 0.2 (0.1), growth 0.45
    assert [name for name, _ in f.weak] == ["low_relatedness", "capability_gap", "small_base", "low_outlook"]
    assert f.weak[0] == ("low_relatedness", 0.1)


def test_just_below_the_top_third_is_weak_even_with_no_part_below_the_median():
    d = _by_code(align({"d"}, _standings(), {"emerging"}))["d"]
    assert d.verdict == WEAK and d.rank == 4 and d.weak == []


def test_a_declared_industry_the_data_cannot_rank_is_weak_and_says_so():
    g = _by_code(align({"g"}, _standings(), {"emerging"}))["g"]
    assert g.verdict == WEAK and g.unranked and g.rank is None


def test_top_ranked_and_undeclared_is_an_opportunity_and_lower_ranked_undeclared_is_not_listed():
    v = _by_code(align({"f"}, _standings(), {"emerging"}))
    assert v["a"].verdict == OPPORTUNITY and not v["a"].declared
    assert v["b"].verdict == OPPORTUNITY
    assert "c" not in v and "d" not in v and "e" not in v


def test_a_category_without_a_declared_list_gets_no_verdicts():
    v = _by_code(align({"a"}, _standings(), {"emerging"}))
    assert "x" not in v  # the future category: nothing declared there, so no "opportunity" either
    v = _by_code(align({"a", "x"}, _standings(), {"emerging", "future"}))
    assert v["x"].verdict == SUPPORTED


def test_the_alignment_score_is_the_share_of_declared_industries_supported():
    verdicts = align({"a", "d", "f", "g"}, _standings(), {"emerging"})
    assert alignment_score(verdicts) == (1, 4, 0.25)
    assert alignment_score(align(set(), _standings(), set())) == (0, 0, None)


@pytest.mark.parametrize(("ranked", "cut"), [(9, 3), (6, 2), (10, 4), (2, 1), (1, 1), (0, 0)])
def test_the_top_third(ranked, cut):
    assert top_cut(ranked) == cut


def test_weak_parts_without_weights_go_lowest_first():
    assert weak_parts({"capability": 0.2, "relatedness": 0.4, "growth": 0.9}) == [
        ("capability_gap", 0.2),
        ("low_relatedness", 0.4),
    ]


def test_herd_index_compares_concentrations():
    assert herfindahl([1, 1, 1, 1]) == pytest.approx(0.25)
    assert herfindahl([]) is None
    herd = herd_index({"a": 28, "b": 28, "c": 2}, {"a": 10, "b": 10, "c": 10})
    assert herd["ratio"] > 1  # plans crowd into a and b; the data spread evenly
    assert herd_index({"a": 0}, {"a": 0})["ratio"] is None


def test_confidence_notes_are_read_as_levels_and_partial_lists():
    from apps.plans.domain.confidence import confidence_level, is_partial

    assert [confidence_level(t) for t in ("high: official page", "medium-high: repost", "low-medium: garbled", "")] == [
        "high",
        "medium",
        "low",
        "medium",
    ]
    assert is_partial("medium: forum repost; only 5 of 19 named") and is_partial("high for 6 domains; 4 of 20 tracks")
    assert is_partial("medium: excerpt truncated") and not is_partial("high: official list")


def test_a_declared_traditional_industry_without_a_base_is_weak_for_that_reason():
    standings = {"t": Standing("t", "traditional", 0, 3, {}, "no_base"), "u": Standing("u", "traditional", 0, 3, {})}
    v = _by_code(align({"t", "u"}, standings, {"traditional"}))
    assert v["t"].verdict == WEAK and v["t"].unranked and v["t"].no_base
    assert v["u"].unranked and not v["u"].no_base  # listed for lack of data, not for lack of a base
