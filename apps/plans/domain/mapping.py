"""Declared industries onto the target-industry catalogue, through an alias dictionary and without a network.

A plan names its industries in its own words ("光芯屏端网", "新能源汽车和智能网联汽车", "人形机器人等具身智能").
Every alias (a term, the catalogue industry it stands for, optionally one of its tracks) is looked for inside the
text; the longest terms are taken first and a shorter term inside a longer one already taken is skipped, so
"新能源汽车" is not also read as "新能源". A text may name several industries ("新材料与新能源"). A term listed
for industries of several categories ("人工智能": the emerging ICT category, the future information direction)
resolves to the one of the category the plan declared it under, else to the nearest category. A text in which no
term occurs maps to nothing and is listed for the admin, never dropped."""

import re
import unicodedata
from dataclasses import dataclass

NEAREST = {
    "emerging": ("emerging", "future", "traditional"),
    "future": ("future", "emerging", "traditional"),
    "traditional": ("traditional", "emerging", "future"),
}
_NOISE = re.compile(r"[\s“”\"'‘’「」《》]")


def normalise(text) -> str:
    """NFKC (full-width letters and digits to half width), no spaces or quotes, Latin letters upper case."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", str(text or ""))).upper()


@dataclass(frozen=True)
class Alias:
    term: str
    industry: str  # target-industry code
    category: str  # the industry's category
    track: str = ""


@dataclass(frozen=True)
class Match:
    industry: str
    category: str
    track: str
    term: str


class AliasIndex:
    def __init__(self, aliases):
        self.by_term: dict[str, list[Alias]] = {}
        for alias in aliases:
            term = normalise(alias.term)
            if term:
                self.by_term.setdefault(term, []).append(alias)
        self.terms = sorted(self.by_term, key=lambda t: (-len(t), t))

    def resolve(self, term: str, category: str) -> Alias:
        """The term's industry in the declared category, else in the nearest one (a future item falls back to
        an emerging industry before a traditional one, a traditional item to an emerging one)."""
        order = NEAREST.get(category, ())
        return min(self.by_term[term], key=lambda a: order.index(a.category) if a.category in order else len(order))

    def map(self, text: str, category: str = "") -> list[Match]:
        """The industries a declared text names, in the order they appear, each once."""
        text = normalise(text)
        taken: list[tuple[int, int, Alias, str]] = []
        for term in self.terms:
            if len(term) > len(text):
                continue
            start = text.find(term)
            while start >= 0:
                end = start + len(term)
                if all(end <= s or start >= e for s, e, _, _ in taken):
                    taken.append((start, end, self.resolve(term, category), term))
                start = text.find(term, start + 1)
        out: dict[str, Match] = {}
        for _, _, alias, term in sorted(taken, key=lambda t: t[0]):
            out.setdefault(alias.industry, Match(alias.industry, alias.category, alias.track, term))
        return list(out.values())
