"""Matching the region names and codes found in tables to regions."""

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from apps.core.messages import Message

# Rows that are totals or groupings, not regions: set aside, not errors.
AGGREGATES = {
    "全国",
    "全国合计",
    "合计",
    "总计",
    "中国",
    "national",
    "china",
    "total",
    "all",
    "东部地区",
    "中部地区",
    "西部地区",
    "东北地区",
    "东部",
    "中部",
    "西部",
    "东北",
    "东部地区合计",
    "中部地区合计",
    "西部地区合计",
    "东北地区合计",
    "其他",
    "不分地区",
}
AGGREGATE_CODES = {"000000", "100000"}
LEVEL_RANK = {"province": 1, "prefecture": 2, "county": 3}


@dataclass(frozen=True)
class RegionRef:
    code: str
    name_zh: str
    short_name_zh: str
    name_en: str
    level: str


@dataclass
class RegionMatch:
    code: str | None = None
    aggregate: bool = False
    error: Message | None = None  # str(error) is its English wording
    suggestions: list[str] = field(default_factory=list)
    warning: Message | None = None


def _key(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", str(text or "")).lower()


class RegionMatcher:
    """Finds a region by GB/T 2260 code, full or short Chinese name, or English name.

    A name shared by several regions (a county and a prefecture both called 朝阳区/朝阳市 ...) is ambiguous
    unless `levels` narrows it; ambiguous and unknown names are errors with the closest names as suggestions.
    """

    def __init__(
        self, regions: Iterable[RegionRef], levels: Iterable[str] | None = None, prefer_level: str | None = None
    ):
        self.levels = set(levels) if levels else None
        self.prefer_level = prefer_level
        self.by_code: dict[str, RegionRef] = {}
        self.by_name: dict[str, set[str]] = {}
        for region in regions:
            self.by_code[region.code] = region
            if self.levels and region.level not in self.levels:
                continue
            for name in {region.name_zh, region.short_name_zh, region.name_en}:
                if name:
                    self.by_name.setdefault(_key(name), set()).add(region.code)

    def match(self, name: str | None = None, code: str | None = None) -> RegionMatch:
        code_text = str(code or "").strip()
        if code_text.endswith(".0"):
            code_text = code_text[:-2]
        name_text = str(name or "").strip()
        if code_text:
            if code_text in AGGREGATE_CODES:
                return RegionMatch(aggregate=True)
            if code_text in self.by_code:
                return self._check_name(code_text, name_text)
            if not name_text:
                return RegionMatch(error=Message("region.unknown_code", {"value": code_text}))
        if re.fullmatch(r"\d{6}", name_text):
            return self.match(code=name_text)
        key = _key(name_text)
        if not key:
            return RegionMatch(error=Message("region.blank"))
        if key in AGGREGATES:
            return RegionMatch(aggregate=True)
        codes = self.by_name.get(key, set())
        if len(codes) == 1:
            return RegionMatch(code=next(iter(codes)))
        if len(codes) > 1:
            chosen = self._disambiguate(codes)
            if chosen:
                return RegionMatch(code=chosen)
            names = [f"{c} {self.by_code[c].name_zh}" for c in sorted(codes)]
            return RegionMatch(
                error=Message("region.ambiguous", {"value": name_text, "suggestions": names}), suggestions=names
            )
        return self._unknown(key, name_text)

    def _unknown(self, key: str, name_text: str) -> RegionMatch:
        """No region has the name: the closest names (at the table's own level first) as suggestions."""
        names = list(self.by_name)
        if self.prefer_level:
            names = [n for n in names if any(self.by_code[c].level == self.prefer_level for c in self.by_name[n])]
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.5)
        suggestions = list(dict.fromkeys(self.by_code[sorted(self.by_name[c])[0]].name_zh for c in close))
        if not suggestions:
            return RegionMatch(error=Message("region.unknown", {"value": name_text}))
        return RegionMatch(
            error=Message("region.unknown_suggest", {"value": name_text, "suggestions": suggestions}),
            suggestions=suggestions,
        )

    def _check_name(self, code: str, name: str) -> RegionMatch:
        """A code with a name beside it: the name must be the region's. A name that is another region's at
        the same level is an error (which one is meant?); a name that is nobody's, or a region's at another
        level (a city named beside its province's code), is a warning naming both, and the code is used."""
        region = self.by_code[code]
        key = _key(name)
        if not key or key in {_key(n) for n in (region.name_zh, region.short_name_zh, region.name_en) if n}:
            return RegionMatch(code=code)
        if key in AGGREGATES:
            return RegionMatch(
                error=Message("region.total_beside_code", {"code": code, "name": region.name_zh, "value": name})
            )
        others = [self.by_code[c] for c in self.by_name.get(key, set()) if c != code]
        same_level = [r for r in others if r.level == region.level]
        if same_level:
            named = ", ".join(f"{r.code} {r.name_zh}" for r in same_level)
            return RegionMatch(
                error=Message(
                    "region.code_name_conflict", {"code": code, "name": region.name_zh, "value": name, "others": named}
                )
            )
        return RegionMatch(
            code=code, warning=Message("region.name_mismatch", {"value": name, "code": code, "name": region.name_zh})
        )

    def _disambiguate(self, codes: set[str]) -> str | None:
        """One of several regions sharing a name: the one at the table's level, or else the highest-level one
        when it is the only one at its level (北京市 the province rather than 北京市 its municipal area)."""
        candidates = [self.by_code[c] for c in codes]
        if self.prefer_level:
            at_level = [r for r in candidates if r.level == self.prefer_level]
            if len(at_level) == 1:
                return at_level[0].code
            if at_level:
                return None
        top = min(LEVEL_RANK.get(r.level, 9) for r in candidates)
        at_top = [r for r in candidates if LEVEL_RANK.get(r.level, 9) == top]
        return at_top[0].code if len(at_top) == 1 else None

    def table_level(self, cells: Iterable[tuple[str, str]]) -> str | None:
        """The level most of a table's region cells are at (name, code pairs); a shared name counts at the
        higher level, which the majority then overrules where the table is of lower-level units."""
        counts: dict[str, int] = {}
        for name, code in cells:
            match = RegionMatcher.match(self, name=name, code=code)
            if match.code:
                level = self.by_code[match.code].level
                counts[level] = counts.get(level, 0) + 1
        return max(counts, key=counts.get) if counts else None
