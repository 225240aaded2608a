"""Declared wording onto the catalogue: the longest term wins, several industries in one text, the declared
category decides between industries sharing a term, and the shipped dictionary maps the shipped compilation."""

import csv
import json
from pathlib import Path

from apps.plans.domain.mapping import Alias, AliasIndex, normalise

ROOT = Path(__file__).resolve().parents[4]
INDEX = AliasIndex(
    [
        Alias("新能源", "sei-06", "emerging"),
        Alias("新能源", "fut-energy", "future"),
        Alias("新能源汽车", "sei-05", "emerging"),
        Alias("汽车", "trad-auto", "traditional"),
        Alias("新材料", "sei-03", "emerging"),
        Alias("人工智能", "sei-01", "emerging", "人工智能"),
        Alias("人工智能", "fut-information", "future"),
        Alias("深海", "fut-space", "future"),
        Alias("装备", "trad-machinery", "traditional"),
        Alias("装备", "sei-02", "emerging"),
    ]
)


def _codes(text, category):
    return [m.industry for m in INDEX.map(text, category)]


def test_the_longest_term_wins_and_a_shorter_one_inside_it_is_not_read_again():
    assert _codes("新能源汽车", "emerging") == ["sei-05"]
    assert _codes("汽车及新能源汽车", "emerging") == ["trad-auto", "sei-05"]


def test_one_text_can_name_several_industries_each_once_in_order():
    assert _codes("新材料与新能源", "emerging") == ["sei-03", "sei-06"]
    assert _codes("新能源、新能源", "emerging") == ["sei-06"]


def test_the_declared_category_decides_between_industries_sharing_a_term():
    assert _codes("人工智能", "emerging") == ["sei-01"]
    assert _codes("人工智能", "future") == ["fut-information"]
    assert INDEX.map("人工智能", "emerging")[0].track == "人工智能"
    # no term of the declared category: the nearest category (future → emerging before traditional)
    assert _codes("航空航天装备", "future") == ["sei-02"]
    assert _codes("深海", "emerging") == ["fut-space"]


def test_wording_with_no_term_maps_to_nothing():
    assert _codes("17条重点产业链", "emerging") == []
    assert _codes("", "emerging") == []


def test_normalising_drops_spaces_and_quotes_and_widens_nothing_else():
    assert normalise(" “光芯屏端网” ") == "光芯屏端网"
    assert normalise("６Ｇ") == "6G"


def _shipped_index() -> AliasIndex:
    catalogue = json.loads((ROOT / "fixtures" / "target_industries.json").read_text(encoding="utf-8"))["industries"]
    category = {t["code"]: t["category"] for t in catalogue}
    tracks = {t["code"]: [x["name_zh"] for x in t["tracks"]] for t in catalogue}
    aliases = json.loads((ROOT / "fixtures" / "plan_aliases.json").read_text(encoding="utf-8"))["aliases"]
    for entry in aliases:  # every alias names a catalogue industry and, where given, one of its tracks
        assert entry["industry"] in category, entry
        assert not entry["track"] or entry["track"] in tracks[entry["industry"]], entry
    return AliasIndex(Alias(t, e["industry"], category[e["industry"]], e["track"]) for e in aliases for t in e["terms"])


def test_the_shipped_dictionary_maps_at_least_nine_in_ten_shipped_emerging_and_future_items():
    index = _shipped_index()
    path = ROOT / "fixtures" / "demo" / "plans" / "declared_priorities.csv"
    rows = [r for r in csv.DictReader(path.open(encoding="utf-8")) if r["category"] in ("emerging", "future")]
    mapped = [r for r in rows if index.map(r["industry_as_written"], r["category"])]
    assert len(rows) > 1000
    assert len(mapped) / len(rows) >= 0.9, len(mapped) / len(rows)
    # the national ICT category as provinces declare it, under its many names
    ict = {
        r["region_name"]
        for r in rows
        if r["level"] == "province"
        and "sei-01" in [m.industry for m in index.map(r["industry_as_written"], r["category"])]
    }
    assert {"广东省", "湖北省", "北京市"} <= ict
