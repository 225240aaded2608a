import numpy as np
import pandas as pd
import pytest

from apps.indicators.vocabulary import SCORED_PILLARS
from apps.recommendations.domain.facts import expand
from apps.recommendations.domain.recommend import (
    LINK_MIN,
    UNRANKED,
    Indicators,
    Links,
    Matrix,
    Target,
    capability_fit,
    penalise_sameness,
    pillar_percentiles,
    sameness,
)
from apps.recommendations.domain.recommend import recommend as recommend_compact
from apps.recommendations.reasons import render


def recommend(**kwargs):
    """The method with each pick's facts expanded as a page reads them (its set's context joined in)."""
    items, summary = recommend_compact(**kwargs)
    for item in items:
        item.explanation = expand(item.explanation, summary["context"], item.components)
    return items, summary


PILLARS = list(SCORED_PILLARS)
TARGETS = [
    Target("trad-a", "traditional", "甲", "A", ("s1",), {"industrial_foundation": 1.0}, upgrade_paths=("green",)),
    Target("trad-b", "traditional", "乙", "B", ("s2",), {"industrial_foundation": 1.0}),
    Target(
        "sei-a",
        "emerging",
        "丙",
        "C",
        ("s3",),
        {"industrial_foundation": 0.5, "science_education": 0.5},
        indicators=("rd",),
    ),
    Target("sei-b", "emerging", "丁", "D", ("s4",), {"scenarios_market": 1.0}),
    Target("sei-c", "emerging", "戊", "E", ("s2", "s3"), {"enterprise_ecosystem": 1.0}),
    Target("fut-a", "future", "己", "F", ("s3",), {"science_education": 0.7, "innovation_output": 0.3}),
    Target("fut-b", "future", "庚", "G", ("s4",), {"science_education": 0.5, "industrial_foundation": 0.5}),
]


def _world(n=12, seed=3):
    rng = np.random.default_rng(seed)
    regions = [f"{i:02d}0000" for i in range(11, 11 + n)]
    pillars = pd.DataFrame(rng.random((n, len(PILLARS))), index=regions, columns=PILLARS)
    pillars.loc[regions[-1], "science_education"] = 0.0  # no science base at all
    modes = pd.DataFrame({"original": 0.3, "engineering": 0.4, "application": 0.3}, index=regions)
    amounts = pd.DataFrame(
        rng.lognormal(sigma=1.2, size=(n, 6)), index=regions, columns=["s1", "s2", "s3", "s4", "s5", "s6"]
    )
    matrix = Matrix(
        amounts=amounts,
        sector_names={c: (f"部门{c}", f"sector {c}") for c in amounts.columns},
        measure=("增加值", "value added"),
        unit="万元",
        year=2017,
        source="test table",
    )
    half = {
        r: set(regions[: n // 2]) - {r} if i < n // 2 else set(regions[n // 2 :]) - {r} for i, r in enumerate(regions)
    }
    indicators = Indicators(
        frame=pd.DataFrame({"rd": rng.random(n) * 1e5}, index=regions),
        meta={
            "rd": {
                "name_zh": "R&D人员",
                "name_en": "R&D personnel",
                "unit": "人年",
                "direction": "higher_better",
                "source": "yearbook",
            }
        },
        year=2017,
    )
    return regions, pillars, modes, matrix, half, indicators


@pytest.fixture(scope="module")
def picks():
    regions, pillars, modes, matrix, half, indicators = _world()
    items, summary = recommend(
        targets=TARGETS, pillars=pillars, modes=modes, neighbours=half, indicators=indicators, matrix=matrix
    )
    return regions, items, summary


def test_every_region_gets_every_target_ranked_or_listed_with_facts(picks):
    regions, items, summary = picks
    assert len(items) == len(regions) * len(TARGETS)
    assert summary["basis"] == "relatedness"
    assert sorted(v["rank"] for v in summary["eci"].values()) == list(range(1, len(regions) + 1))
    for region in regions:
        for category in ("traditional", "emerging", "future"):
            mine = [i for i in items if i.region == region and i.category == category]
            ranked = sorted(i.rank for i in mine if i.rank)
            assert ranked == list(range(1, len(ranked) + 1))
            assert all(i.mode in UNRANKED for i in mine if i.rank == 0)
    weak = [i for i in items if i.mode == "no_base"]
    assert weak, "the random world has small, unspecialised traditional sectors"


def test_every_pick_has_facts_and_words_and_a_score_between_0_and_1(picks):
    _regions, items, _summary = picks
    for item in items:
        facts = item.explanation
        assert facts["v"] == 2 and facts["mode"] == item.mode
        if item.category == "traditional" and item.rank:  # never a sector the region is small and weak in
            sector = facts["sector"]
            assert sector["lq"] >= 1 or sector["share"] >= sector["average_share"]
        for lang in ("zh", "en"):
            words = render(facts, region=item.region, industry=item.target, lang=lang)
            assert words["lead"] and words["lead"] != words["text"] or not words["details"]
        assert 0 <= item.score <= 1


def test_drivers_cite_unit_year_and_source_and_never_a_low_rank(picks):
    _regions, items, _summary = picks
    lq_driver = [d for i in items for d in i.explanation.get("drivers", []) if d["part"] == "specialisation"]
    assert lq_driver and all(d["year"] == 2017 and d["source"] == "test table" for d in lq_driver)
    rd = [d for i in items for d in i.explanation.get("drivers", []) if d["part"] == "indicator"]
    assert rd and all(d["unit"] == "人年" and d["year"] == 2017 and d["source"] == "yearbook" for d in rd)
    assert all(d["rank"] <= d["of"] / 2 for d in rd)  # a low rank is never cited as a reason
    rendered = [render(i.explanation, region="甲地", industry="乙业", lang="zh")["text"] for i in items]
    assert any("人年（2017年" in text for text in rendered)


def test_related_strengths_are_supply_chain_links_only():
    regions, pillars, modes, matrix, half, _ = _world()
    sectors = list(matrix.amounts.columns)
    inputs = np.zeros((6, 6))
    inputs[0, 2] = 0.30  # s1 supplies 30 % of s3's inputs
    inputs[5, 2] = 0.02  # s6 supplies 2 %: below the threshold
    outputs = np.zeros((6, 6))
    outputs[2, 3] = 0.10  # s3 sells 10 % of its intermediate output to s4
    matrix.links = Links(sectors=sectors, input_share=inputs, output_share=outputs, year=2017, source="IO 2017")
    matrix.amounts.loc[:, ["s1", "s4", "s6"]] *= 1.0  # every region has some of each
    items, summary = recommend(targets=TARGETS, pillars=pillars, modes=modes, neighbours=half, matrix=matrix)
    assert summary["links"]["min_share"] == LINK_MIN
    cited = [s for i in items if i.target == "sei-a" for s in i.explanation.get("strengths", [])]
    assert cited and {s["sector"] for s in cited} <= {"s1", "s4"}
    assert all((s["sector"], s["link"]) in {("s1", "supplier"), ("s4", "customer")} for s in cited)
    assert all(s["strength"] >= LINK_MIN and s["lq"] >= 1 for s in cited)
    # no links at all to s5: nobody's pick of an industry made of s5 cites anything
    assert not [s for i in items for s in i.explanation.get("strengths", []) if s["sector"] in ("s5", "s6")]


def test_two_industries_on_the_same_sectors_are_one_pick():
    regions, pillars, modes, matrix, half, _ = _world()
    twins = [*TARGETS, Target("sei-z", "emerging", "己", "Z", ("s4",), {"science_education": 1.0})]
    items, _ = recommend(targets=twins, pillars=pillars, modes=modes, neighbours=half, matrix=matrix)
    for region in regions:
        pair = [i for i in items if i.region == region and i.target in ("sei-b", "sei-z")]
        assert sorted(bool(i.rank) for i in pair) == [False, True]
        second = next(i for i in pair if not i.rank)
        assert second.explanation["unranked"]["reason"] == "same_sectors"
        assert second.explanation["unranked"]["same_as"] in ("sei-b", "sei-z")


def test_a_pick_without_data_for_its_profile_is_not_ranked():
    regions, pillars, modes, matrix, half, _ = _world()
    pillars.loc[regions[0], ["science_education", "innovation_output"]] = np.nan
    items, _ = recommend(targets=TARGETS, pillars=pillars, modes=modes, neighbours=half, matrix=matrix)
    fut_a = next(i for i in items if i.region == regions[0] and i.target == "fut-a")
    assert fut_a.rank == 0 and fut_a.mode == "insufficient"
    assert fut_a.explanation["unranked"]["reason"] == "no_pillar_data"
    assert "科教资源" in render(fut_a.explanation, region="甲", industry="己", lang="zh")["lead"]


def test_no_science_base_never_leads_a_future_industry():
    regions, pillars, modes, matrix, half, indicators = _world()
    pillars.loc[regions[-1], ["industrial_foundation", "innovation_output"]] = 1.0  # strong, but no science
    items, _ = recommend(targets=TARGETS, pillars=pillars, modes=modes, neighbours=half, matrix=matrix)
    future = [i for i in items if i.region == regions[-1] and i.category == "future"]
    assert future and all(i.mode != "lead" for i in future)
    leaders = {i.region for i in items if i.mode == "lead"}
    science_pct = pillar_percentiles(pillars)["science_education"]
    assert all(science_pct[r] >= 0.8 for r in leaders)
    assert all(i.innovation_mode == "0-1" for i in items if i.mode == "lead")


def test_without_matrix_only_future_industries_are_ranked_and_the_rest_say_why():
    regions, pillars, modes, _, half, _ = _world()
    items, summary = recommend(targets=TARGETS, pillars=pillars, modes=modes, neighbours=half, matrix=None)
    assert summary["basis"] == "capability"
    for item in items:
        if item.category == "future":
            assert item.rank >= 1 and set(item.components) == {"capability", "penalty"}
        else:
            assert item.rank == 0 and item.mode == "insufficient"
            assert item.explanation["unranked"]["reason"] == "no_sector_data"
            lead = render(item.explanation, region="Somewhere", industry="Thing", lang="en")["lead"]
            assert "No data by industry" in lead
    assert summary["unranked"] == {"traditional": 2 * len(regions), "emerging": 3 * len(regions), "future": 0}


def test_presets_change_the_emerging_order():
    regions, pillars, modes, matrix, half, _ = _world(n=20)
    orders = {}
    for preset in ("low_hanging", "long_jump"):
        items, _ = recommend(
            targets=TARGETS, pillars=pillars, modes=modes, neighbours=half, matrix=matrix, preset=preset
        )
        orders[preset] = {(i.region, i.target): i.rank for i in items if i.category == "emerging"}
    assert orders["low_hanging"] != orders["long_jump"]


def test_penalty_spreads_neighbours_top_picks():
    regions = [f"r{i}" for i in range(6)]
    scores = pd.DataFrame(
        {"x": [0.90, 0.85, 0.80, 0.75, 0.7, 0.65], "y": [0.88, 0.80, 0.76, 0.7, 0.1, 0.1]}, index=regions
    )
    everyone = {r: set(regions) - {r} for r in regions}
    before = sameness(scores, everyone)
    assert before["top_share"] == 1.0 and before["neighbour_same"] == 1.0 and before["distinct_top"] == 1
    after = penalise_sameness(scores, everyone, penalty=0.3)
    assert after.loc["r0", "x"] == 0.90  # the strongest claim keeps its pick
    assert sameness(after, everyone)["top_share"] < 1.0
    assert (after <= scores + 1e-12).all().all()
    assert penalise_sameness(scores, everyone, penalty=0).equals(scores)


def _sameness_by_region(scores: pd.DataFrame, neighbours: dict) -> dict:
    """sameness() as it was first written, region by region: the reference for the vectorised one."""
    scores = scores[scores.max(axis=1) >= 0]
    if scores.empty:
        return {"regions": 0}
    regions = list(scores.index)
    position = {r: i for i, r in enumerate(regions)}
    top = scores.to_numpy(dtype=float).argmax(axis=1)
    counts = np.bincount(top, minlength=scores.shape[1])
    shares = counts / len(top)
    pairs = same = 0
    for i, r in enumerate(regions):
        later = [position[n] for n in neighbours.get(r, ()) if n in position and position[n] > i]
        pairs += len(later)
        same += sum(int(top[j] == top[i]) for j in later)
    best = int(np.argmax(counts))
    return {
        "regions": len(regions),
        "top_share": round(float(shares[best]), 4),
        "top_industry": str(scores.columns[best]),
        "distinct_top": int((counts > 0).sum()),
        "hhi": round(float((shares**2).sum()), 4),
        "neighbour_pairs": int(pairs),
        "neighbour_same": round(same / pairs, 4) if pairs else 0.0,
    }


@pytest.mark.parametrize("seed", range(40))
def test_sameness_counts_as_region_by_region(seed):
    """Top picks, shares and neighbour pairs over random scores with unranked regions (-1), missing values,
    ties, no columns, and neighbour lists that are not symmetric or name regions not scored."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 30)), int(rng.integers(0, 5))
    values = rng.integers(0, 4, (n, m)) / 4 if seed % 3 == 0 else rng.random((n, m))
    values[rng.random((n, m)) < 0.2] = -1.0
    if seed % 4 == 0:
        values[rng.random((n, m)) < 0.1] = np.nan
    regions = [f"r{i}" for i in range(n)]
    scores = pd.DataFrame(values, index=regions, columns=[f"t{j}" for j in range(m)])
    neighbours = {
        r: {f"r{j}" for j in rng.integers(0, n + 3, int(rng.integers(0, 6)))} - {r}
        for r in regions
        if rng.random() < 0.9
    }
    assert sameness(scores, neighbours) == _sameness_by_region(scores, neighbours)


def _penalise_by_arrays(scores: np.ndarray, near: list, penalty: float) -> np.ndarray:
    """The sameness penalty as it was first written, on numpy rows: the reference for the list version."""
    adjusted = scores.copy()
    if penalty <= 0 or scores.size == 0:
        return adjusted
    top = np.full(len(scores), -1)
    for i in np.argsort(-scores.max(axis=1), kind="stable"):
        picked = top[near[i]]
        picked = picked[picked >= 0]
        if len(picked):
            adjusted[i] = scores[i] - penalty * np.bincount(picked, minlength=scores.shape[1]) / len(near[i])
        if adjusted[i].max() >= 0:
            top[i] = int(np.argmax(adjusted[i]))
    return adjusted


@pytest.mark.parametrize("seed", range(40))
def test_sameness_penalty_equals_the_array_version_bit_for_bit(seed):
    """Random scores with unranked picks (-1), ties and regions without neighbours; penalties 0 to 1."""
    from apps.recommendations.domain.recommend import _penalise

    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(1, 30)), int(rng.integers(0, 6))
    scores = rng.integers(0, 4, (n, m)) / 4 if seed % 2 else rng.random((n, m))
    scores[rng.random((n, m)) < 0.25] = -1.0
    near = [np.array(sorted(set(rng.integers(0, n, int(rng.integers(0, 6)))) - {i}), dtype=int) for i in range(n)]
    penalty = [0.15, 0.0, 0.5, 1.0][seed % 4]
    assert np.array_equal(_penalise(scores, near, penalty), _penalise_by_arrays(scores, near, penalty))


def test_capability_fit_spreads_weights_over_known_pillars():
    pct = pd.DataFrame(
        {"science_education": [1.0, 0.0, np.nan], "industrial_foundation": [0.0, 1.0, 0.5]}, index=["a", "b", "c"]
    )
    target = Target("t", "future", "t", "t", (), {"science_education": 0.75, "industrial_foundation": 0.25})
    fit = capability_fit(pct, [target])["t"]
    assert fit.tolist() == pytest.approx([0.75, 0.25, 0.5])


def test_the_domain_vocabulary_and_the_django_choices_name_the_same_categories_and_modes():
    from django.utils import translation

    from apps.recommendations.constants import Category, Mode
    from apps.recommendations.domain.recommend import CATEGORIES, MODE_LABELS

    assert tuple(Category.values) == CATEGORIES
    assert set(Mode.values) == set(MODE_LABELS)
    with translation.override("en"):
        assert all(str(Mode(code).label).lower() == en.lower() for code, (_zh, en) in MODE_LABELS.items())
    with translation.override("zh-hans"):
        assert all(str(Mode(code).label) == zh for code, (zh, _en) in MODE_LABELS.items())
