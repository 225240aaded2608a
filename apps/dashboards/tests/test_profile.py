"""A region against its peers: the most similar regions, the peers' medians, strengths and gaps."""

from apps.dashboards.domain.profile import peer_medians, similar_regions, strengths_and_gaps

PERCENTILES = {
    "A": {"s": 0.9, "i": 0.2},
    "B": {"s": 0.85, "i": 0.25},
    "C": {"s": 0.1, "i": 0.9},
    "D": {"s": 0.8},
}


def test_the_most_similar_regions_come_first_and_a_missing_pillar_counts_as_the_middle():
    others = {c: v for c, v in PERCENTILES.items() if c != "A"}
    assert similar_regions(PERCENTILES["A"], others, ["s", "i"], n=2) == ["B", "D"]


def test_peer_medians_skip_missing_values_and_stay_missing_when_none_has_one():
    assert peer_medians(PERCENTILES, ["B", "C", "D"], ["s", "i"]) == [0.8, 0.575]
    assert peer_medians(PERCENTILES, ["D"], ["i"]) == [None]


def test_strengths_and_gaps_use_the_cut_offs_and_ignore_missing_pillars():
    strengths, gaps = strengths_and_gaps(PERCENTILES["A"], ["s", "i"], ["Science", "Industry"])
    assert strengths == [("Science", 0.9)] and gaps == [("Industry", 0.2)]
    assert strengths_and_gaps(PERCENTILES["D"], ["s", "i"], ["S", "I"]) == ([("S", 0.8)], [])
