"""Places an entity (a university, a laboratory, a firm) in the region hierarchy from the location a list
gives, without a network: a code, a region name at any level, or a free address read from the left
("湖北省武汉市洪山区", "武汉市洪山区", "昆山市"). Each step takes the longest region name (full or short) that
starts the remaining text among the children of the region found so far; a county-level city sits under its
prefecture (昆山市 → 苏州市 → 江苏省). A name shared by regions in different places is ambiguous unless an
earlier part of the address (or the row's province) tells them apart; an unknown location gets the closest
names as suggestions. A location that only names a province is placed at province level and reported."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from apps.core.messages import Message

LEVELS = ("province", "prefecture", "county")


@dataclass(frozen=True)
class Place:
    code: str
    name_zh: str
    short_name_zh: str
    level: str
    province_code: str
    prefecture_code: str  # the prefecture a county is under (its own code for a prefecture; "" for a province)


@dataclass
class Placement:
    code: str | None = None
    level: str | None = None
    error: Message | None = None  # str(error) is its English wording
    suggestions: list[str] = field(default_factory=list)

    @property
    def province_only(self) -> bool:
        return self.level == "province"


def normalise(text) -> str:
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"\s+", "", text)


class Geocoder:
    def __init__(self, places):
        self.by_code = {p.code: p for p in places}
        self.names: dict[str, list[Place]] = {}
        for place in self.by_code.values():
            for name in {place.name_zh, place.short_name_zh}:
                if len(name) >= 2:
                    self.names.setdefault(name, []).append(place)
        self.longest = max((len(n) for n in self.names), default=0)

    def _within(self, place: Place, scope: Place | None) -> bool:
        if scope is None:
            return True
        if scope.level == "province":
            return place.province_code == scope.province_code and place.level != "province"
        if scope.level == "prefecture":
            return place.prefecture_code == scope.code and place.level == "county"
        return False

    def _step(self, text: str, scope: Place | None) -> tuple[list[Place], int]:
        """The regions under `scope` whose name is the longest one starting `text`, and that name's length."""
        for size in range(min(self.longest, len(text)), 1, -1):
            found = [p for p in self.names.get(text[:size], []) if self._within(p, scope)]
            if found:
                return found, size
        return [], 0

    def place(self, location, province: str | None = None) -> Placement:
        """Where `location` is; `province` (a province name or code from another column, or the section the
        row is listed under) narrows it. A location outside that province that is unique elsewhere wins (a
        university listed under Hebei but sited in Tianjin); a location that names nothing known leaves the
        row at its province."""
        text = normalise(location)
        scope = None
        if province:
            hint = self._resolve(normalise(province), None)
            if hint.code:
                scope = self.by_code[self.by_code[hint.code].province_code]
        if not text:
            if scope is not None:  # the province alone (a municipality's city)
                return self._resolve(scope.name_zh, None)
            return Placement(error=Message("location.blank"))
        found = self._resolve(text, scope)
        if found.error and scope is not None:
            anywhere = self._resolve(text, None)
            return anywhere if anywhere.code else Placement(code=scope.code, level="province")
        return found

    def _resolve(self, text: str, scope: Place | None) -> Placement:
        if re.fullmatch(r"\d{6}", text):
            found = self.by_code.get(text)
            return (
                Placement(code=found.code, level=found.level)
                if found
                else Placement(error=Message("location.unknown_code", {"value": text}))
            )
        current = scope
        rest = text
        while rest:
            found, size = self._step(rest, current)
            if not found:
                break
            if len(found) > 1:
                # the same name at two levels of one place (北京市 the province and its city): take the higher
                top = min(LEVELS.index(p.level) for p in found)
                at_top = [p for p in found if LEVELS.index(p.level) == top]
                if len(at_top) > 1:
                    labels = [self._label(p) for p in at_top]
                    return Placement(
                        error=Message("location.ambiguous", {"value": text, "suggestions": labels}), suggestions=labels
                    )
                found = at_top
            current = found[0]
            rest = rest[size:]
        if current is None or (current is scope and rest):
            close = self._suggest(text)
            if not close:
                return Placement(error=Message("location.unknown", {"value": text}))
            return Placement(
                error=Message("location.unknown_suggest", {"value": text, "suggestions": close}), suggestions=close
            )
        # a province with a single city of the same name (the municipalities): the city
        if current.level == "province":
            twins = [
                p
                for p in self.names.get(current.name_zh, [])
                if p.level == "prefecture" and p.province_code == current.province_code
            ]
            if len(twins) == 1:
                current = twins[0]
        return Placement(code=current.code, level=current.level)

    def _label(self, place: Place) -> str:
        province = self.by_code.get(place.province_code)
        prefix = province.name_zh if province and province is not place else ""
        return f"{prefix}{place.name_zh}（{place.code}）"

    def _suggest(self, text: str) -> list[str]:
        close = difflib.get_close_matches(text[: self.longest], list(self.names), n=3, cutoff=0.5)
        return list(dict.fromkeys(self._label(self.names[name][0]) for name in close))
