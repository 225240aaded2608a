"""The facts behind a pick, stored compactly and expanded when a page is read.

A run writes tens of thousands of picks (three presets × top three per category for 2,875 counties); most of
what a reason cites is the same for every pick of the run: the table's measure, year and source, the sectors
of each target industry and their names, the indicators' names, units and sources. A pick therefore stores
only its own numbers (`compact`, version 3), the set of picks stores the run's constants once (`context`),
and `expand` joins them into the full facts (version 2: codes and numbers with unit, year and source) that
apps/recommendations/reasons.py words in the reader's language. Facts stored whole by earlier versions are
read as they are.
"""

import math

from apps.indicators.vocabulary import PILLARS

PILLAR_LABELS = {code: (term.zh, term.en) for code, term in PILLARS.items()}


def num(value) -> float | None:
    """A figure as stored in facts: rounded to 4 decimals, None when missing or not finite."""
    if value is None:
        return None
    value = float(value)
    return round(value, 4) if math.isfinite(value) else None


def known(value) -> bool:
    """A number, not missing (None, NaN or infinite). math's test: numpy's costs a microsecond a call."""
    return value is not None and math.isfinite(value)


def pillar(code: str, pct) -> dict:
    zh, en = PILLAR_LABELS.get(code, (code, code))
    return {"pillar": code, "name_zh": zh, "name_en": en, "percentile": num(pct) if known(pct) else None}


def _drivers(facts: dict, context: dict, components: dict, sector: dict, target: dict) -> list[dict]:
    """The parts of the score that drive the pick, each with its raw figure, unit, year and source; and the
    indicator that stands out, if any."""
    matrix = context.get("matrix")
    raw = facts.get("raw", {})
    raw_of = {
        "specialisation": lambda: (sector["lq"], ""),
        "size": lambda: (sector["share"], "%"),
        "complexity": lambda: (target.get("pci"), ""),
    }
    drivers = []
    for part in facts.get("drivers", []):
        driver = {"part": part, "value": components[part]}
        if part != "capability":
            value, unit = raw_of[part]() if part in raw_of else (raw.get(part), "")
            driver.update(year=matrix["year"], source=matrix["source"], measure=list(matrix["measure"]))
            driver.update(raw=value, unit=unit)
        drivers.append(driver)
    if "indicator" in facts:
        code, rank, value = facts["indicator"]
        meta = context.get("indicators", {}).get(code, {})
        drivers.append(
            {
                "part": "indicator",
                "indicator": code,
                "name_zh": meta.get("name_zh", code),
                "name_en": meta.get("name_en", code),
                "raw": value,
                "unit": meta.get("unit", ""),
                "year": meta.get("year"),
                "source": meta.get("source", ""),
                "rank": rank,
                "of": meta.get("of"),
            }
        )
    return drivers


def _strengths(facts: dict, context: dict) -> list[dict]:
    links = context.get("links") or {}
    sectors = context.get("sectors", {})
    return [
        {
            "sector": sector,
            "name_zh": sectors.get(sector, (sector, sector))[0],
            "name_en": sectors.get(sector, (sector, sector))[1],
            "lq": lq,
            "link": kind,
            "strength": strength,
            "year": links.get("year"),
            "source": links.get("source"),
        }
        for sector, lq, kind, strength in facts.get("strengths", [])
    ]


def _unranked(unranked: list) -> dict:
    reason, same_as, missing = unranked
    pillars = [pillar(p, None) for p in missing] if reason == "no_pillar_data" else []
    return {"reason": reason, "same_as": same_as, "pillars": pillars}


def expand(facts: dict, context: dict | None, components: dict) -> dict:
    """The full facts of a pick from its compact facts, its set's context and its score's parts."""
    if facts.get("v") != 3:
        return facts
    context = context or {}
    out: dict = {"v": 2, "basis": context.get("basis", ""), "category": facts["category"], "mode": facts["mode"]}
    if context.get("matrix") is not None:
        out["matrix"] = dict(context["matrix"])
    target = context.get("targets", {}).get(facts.get("target", ""), {})
    unranked = facts.get("unranked")
    if unranked and unranked[0] != "no_base":
        out["unranked"] = _unranked(unranked)
        return out
    if unranked:
        out["unranked"] = {"reason": "no_base", "same_as": ""}
    if "sector" in facts:
        lq, share, present = facts["sector"]
        out["sector"] = {
            "codes": list(target.get("codes", [])),
            "names": [list(n) for n in target.get("names", [])],
            "lq": lq,
            "share": share,
            "average_share": context.get("average_share"),
            "present": present,
        }
    if "pillar" in facts:
        out["pillar"] = pillar(*facts["pillar"])
    value, rank = facts["fit"]
    out["fit"] = {"value": value, "rank": rank, "of": context.get("of")}
    if "science" in facts:
        out["science"] = facts["science"]
    drivers = _drivers(facts, context, components, out.get("sector", {}), target)
    if drivers or "drivers" in facts:
        out["drivers"] = drivers
    out["strengths"] = _strengths(facts, context)
    out["gaps"] = [pillar(code, pct) for code, pct in facts.get("gaps", [])]
    if facts.get("upgrade"):
        out["upgrade_paths"] = list(target.get("upgrade_paths", []))
    if "partners" in facts:
        names = context.get("names", {})
        out["partners"] = [
            {"code": code, "name_zh": names.get(code, (code, code))[0], "name_en": names.get(code, (code, code))[1]}
            for code in facts["partners"]
        ]
    if "penalty" in facts:
        out["penalty"] = facts["penalty"]
    return out
