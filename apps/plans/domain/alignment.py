"""Plans against the data, region by region and industry by industry (docs/plans.md).

For one region and one run, every catalogue industry of a category the region declared anything in gets a
verdict:
- *supported*: declared, and the data rank it in the top third of the category's ranked industries;
- *weak*: declared, but ranked lower (the parts of its score under 0.5 say why: little relatedness to what the
  region already has, a small base, a capability gap), or not rankable for lack of data;
- *opportunity*: ranked in the top third, not declared.
A category with no declared item gets no verdicts: a list not found is unknown, not "declared nothing".
The alignment score is the share of the declared industries the data support.

Across regions: how many declared an industry against how many the data support for it, and per category a
herd index, the Herfindahl concentration of declarations over industries divided by that of the
data-supported picks (above 1: plans crowd into fewer industries than the data point to)."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SUPPORTED = "supported"
WEAK = "weak"
OPPORTUNITY = "opportunity"
# the parts of a pick's score, grouped into what a planner calls them when they are low
WEAK_PARTS = {
    "relatedness": "low_relatedness",
    "specialisation": "small_base",
    "size": "small_base",
    "capability": "capability_gap",
    "growth": "low_outlook",
}
LOW = 0.5  # a part below the median region


@dataclass(frozen=True)
class Standing:
    """Where the data put one industry for one region in a run."""

    industry: str
    category: str
    rank: int  # 1 … ranked; 0: listed, not ranked (no data of its own, no base, …)
    ranked: int  # how many industries of the category the region's picks rank
    components: Mapping[str, float] = field(default_factory=dict)
    mode: str = ""  # the pick's mode; an unranked one says why: "insufficient" (no data) or "no_base"


@dataclass
class Verdict:
    industry: str
    category: str
    declared: bool
    rank: int | None
    ranked: int
    verdict: str
    weak: list[tuple[str, float]] = field(default_factory=list)  # why a declared industry is weak: (name, value)
    unranked: bool = False
    no_base: bool = False  # unranked because the region has no base in it (traditional), not for lack of data


def top_cut(ranked: int, share: float = 1 / 3) -> int:
    """The lowest rank still in the top share: 3 of 9, 2 of 6, 4 of 10; at least 1 when anything is ranked."""
    return max(1, math.ceil(ranked * share - 1e-9)) if ranked else 0


def supported(standing: Standing | None, share: float = 1 / 3) -> bool:
    return standing is not None and 1 <= standing.rank <= top_cut(standing.ranked, share)


def weak_parts(components: Mapping[str, float], weights: Mapping[str, float] | None = None) -> list[tuple[str, float]]:
    """What holds a pick back: its parts below the median region as (name, value), the one costing the most
    score first (weight × shortfall below 0.5, when the weights are known), each name once."""
    weights = weights or {}
    low = [
        (part, value)
        for part, value in components.items()
        if part in WEAK_PARTS and value is not None and value < LOW and weights.get(part, 1) > 0
    ]
    low.sort(key=lambda pv: -weights.get(pv[0], 1) * (LOW - pv[1]))
    out: list[tuple[str, float]] = []
    for part, value in low:
        if WEAK_PARTS[part] not in [name for name, _ in out]:
            out.append((WEAK_PARTS[part], round(float(value), 2)))
    return out


def align(
    declared: Iterable[str],
    standings: Mapping[str, Standing],
    categories: Iterable[str],
    share: float = 1 / 3,
    weights: Mapping[str, Mapping[str, float]] | None = None,
) -> list[Verdict]:
    """Verdicts for one region: declared industries (codes) against where the data put every industry
    (`standings`, by code), within the categories the region declared anything in (`categories`); `weights`
    (category → part → weight, the preset's) order the reasons of a weak one."""
    weights = weights or {}
    declared = set(declared)
    categories = set(categories)
    out = []
    for code in sorted(declared | set(standings), key=lambda c: (c not in declared, c)):
        standing = standings.get(code)
        if standing is not None and standing.category not in categories:
            continue
        top = supported(standing, share)
        if code in declared:
            if standing is None:  # the run has no pick for it at all
                out.append(Verdict(code, "", True, None, 0, WEAK, unranked=True))
                continue
            rank = standing.rank or None
            out.append(
                Verdict(
                    code,
                    standing.category,
                    True,
                    rank,
                    standing.ranked,
                    SUPPORTED if top else WEAK,
                    weak=[] if top or not rank else weak_parts(standing.components, weights.get(standing.category)),
                    unranked=not rank,
                    no_base=not rank and standing.mode == "no_base",
                )
            )
        elif top:
            out.append(Verdict(code, standing.category, False, standing.rank, standing.ranked, OPPORTUNITY))
    return out


def alignment_score(verdicts: Iterable[Verdict]) -> tuple[int, int, float | None]:
    """(supported, declared, share): the share of declared industries the data support; None when nothing
    is declared."""
    declared = [v for v in verdicts if v.declared]
    hits = sum(v.verdict == SUPPORTED for v in declared)
    return hits, len(declared), (hits / len(declared) if declared else None)


def herfindahl(counts: Iterable[int]) -> float | None:
    counts = [c for c in counts if c > 0]
    total = sum(counts)
    return sum((c / total) ** 2 for c in counts) if total else None


def herd_index(declared: Mapping[str, int], supported_counts: Mapping[str, int]) -> dict:
    """Concentration of declarations over a category's industries against that of the data-supported picks."""
    hd, hs = herfindahl(declared.values()), herfindahl(supported_counts.values())
    return {
        "declared_hhi": hd,
        "supported_hhi": hs,
        "ratio": (hd / hs) if hd is not None and hs else None,
    }
