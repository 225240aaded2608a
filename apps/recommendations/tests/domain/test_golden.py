"""The recommendation method gives, on a fixed input, exactly what it gave before its picks were chosen
column-wise and their facts stored compactly: the same items in the same order, the same scores, parts,
modes and partners, facts that expand to the same full facts, the same sameness figures."""

import dataclasses
import hashlib
import json
from pathlib import Path

import pytest

from apps.recommendations.domain.facts import expand
from apps.recommendations.domain.recommend import PRESETS, recommend, structure

from .world import world

GOLDEN = json.loads((Path(__file__).parent / "golden_recommend.json").read_text())


@pytest.mark.parametrize("top", [None, 3])
def test_picks_and_their_facts_are_as_before(top):
    data = world()
    st = structure(data["matrix"], data["targets"], list(data["pillars"].index))
    for preset in PRESETS:
        items, summary = recommend(**data, preset=preset, top=top, st=st)
        context = summary.pop("context")
        rows = []
        for item in items:
            row = dataclasses.asdict(item)
            row["explanation"] = expand(item.explanation, json.loads(json.dumps(context)), item.components)
            rows.append(row)
        text = json.dumps(
            {"items": rows, "summary": summary}, ensure_ascii=False, sort_keys=True, separators=(",", ":")
        )
        golden = GOLDEN[f"{preset}/{top}"]
        assert len(items) == golden["items"]
        assert hashlib.sha256(text.encode()).hexdigest() == golden["sha256"], preset


@pytest.mark.parametrize(("with_matrix", "top", "computed"), [(True, 3, 7), (True, None, 7), (False, None, 3)])
def test_presets_sharing_a_memo_give_what_each_gives_alone(with_matrix, top, computed):
    """The service runs the three presets with one structure and one memo: each preset's picks, facts and
    figures are then the same as computed on their own, though a category is worked out only once for the
    presets that weigh it alike (with a matrix: the traditional industries; without one, every category
    rests on the capability fit alone)."""
    data = world() if with_matrix else {**world(), "matrix": None}
    st = structure(data["matrix"], data["targets"], list(data["pillars"].index)) if with_matrix else None
    memo: dict = {}
    for preset in PRESETS:
        shared, shared_summary = recommend(**data, preset=preset, top=top, st=st, memo=memo)
        alone, alone_summary = recommend(**data, preset=preset, top=top)
        assert [dataclasses.asdict(i) for i in shared] == [dataclasses.asdict(i) for i in alone]
        assert shared_summary == alone_summary
    assert sum(1 for key in memo if key[0] == "category") == computed


def _rendered() -> tuple[str, set]:
    """Every pick's sentence and numbers, in both languages, under every preset, as one digest; and the
    (category, mode) pairs they cover."""
    from apps.recommendations.reasons import render

    data = world()
    st = structure(data["matrix"], data["targets"], list(data["pillars"].index))
    out, kinds = [], set()
    for preset in PRESETS:
        items, summary = recommend(**data, preset=preset, top=None, st=st)
        context = json.loads(json.dumps(summary["context"]))
        for item in items:
            facts = expand(item.explanation, context, item.components)
            kinds.add((item.category, item.mode))
            for lang in ("zh", "en"):
                words = render(facts, region=item.region, industry=item.target, lang=lang, other="other")
                out.append([words["lead"], words["details"], words["text"]])
    text = json.dumps(out, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest(), kinds


def test_reasons_read_as_before():
    """The words rendered from the facts: the same sentences and numbers in both languages."""
    digest, kinds = _rendered()
    assert len(kinds) >= 8, kinds  # the fixed input reaches most category × mode sentences
    assert digest == GOLDEN["rendered"]
