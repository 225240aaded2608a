"""Units of statistical tables and conversion between them.

Units are grouped by dimension; a value converts only within its dimension, by a factor to the dimension's
base unit. Counting words that mean the same kind of thing share a dimension (个/家/所 for units such as
enterprises or schools, 件/项 for items such as patents), but a count of units never converts to a count of
items. US dollars need an explicit exchange rate.
"""

from apps.core.messages import Message

# unit → (dimension, factor to the dimension's base unit)
UNITS: dict[str, tuple[str, float]] = {
    "元": ("cny", 1.0),
    "千元": ("cny", 1e3),
    "万元": ("cny", 1e4),
    "百万元": ("cny", 1e6),
    "亿元": ("cny", 1e8),
    "美元": ("usd", 1.0),
    "千美元": ("usd", 1e3),
    "万美元": ("usd", 1e4),
    "百万美元": ("usd", 1e6),
    "亿美元": ("usd", 1e8),
    "人": ("persons", 1.0),
    "千人": ("persons", 1e3),
    "万人": ("persons", 1e4),
    "人年": ("fte", 1.0),
    "万人年": ("fte", 1e4),
    "个": ("units", 1.0),
    "家": ("units", 1.0),
    "所": ("units", 1.0),
    "万个": ("units", 1e4),
    "件": ("items", 1.0),
    "项": ("items", 1.0),
    "万件": ("items", 1e4),
    "万项": ("items", 1e4),
    "篇": ("papers", 1.0),
    "%": ("percent", 1.0),
    "元/人": ("cny_per_person", 1.0),
    "万元/人": ("cny_per_person", 1e4),
    "平方公里": ("area", 1.0),
    "万平方公里": ("area", 1e4),
    "万吨标准煤": ("energy_tce", 1.0),
    "亿千瓦时": ("electricity", 1.0),
}

ALIASES = {
    "yuan": "元",
    "cny": "元",
    "10k yuan": "万元",
    "10000 yuan": "万元",
    "100 million yuan": "亿元",
    "亿人民币": "亿元",
    "万元人民币": "万元",
    "人民币元": "元",
    "persons": "人",
    "person": "人",
    "10k persons": "万人",
    "万名": "万人",
    "名": "人",
    "person-years": "人年",
    "人·年": "人年",
    "人/年": "人年",
    "percent": "%",
    "％": "%",
    "百分比": "%",
    "pct": "%",
    "items": "件",
    "pieces": "件",
    "units": "个",
    "unit": "个",
    "usd": "美元",
    "million usd": "百万美元",
    "usd million": "百万美元",
    "km2": "平方公里",
    "km²": "平方公里",
}


class UnitError(ValueError):
    """A unit is unknown, or cannot be converted to the one asked for; `message` says which."""

    def __init__(self, message: Message):
        super().__init__(str(message))
        self.message = message


def normalise_unit(text: str) -> str:
    """The table's spelling of a unit mapped to the catalogue's (`％` → `%`, `亿人民币` → `亿元`)."""
    unit = (text or "").strip().strip("()（）[]").strip()
    unit = ALIASES.get(unit.lower(), ALIASES.get(unit, unit))
    if unit not in UNITS:
        raise UnitError(Message("unit.unknown", {"value": text}))
    return unit


def conversion(source: str, target: str, *, usd_cny_rate: float | None = None) -> float:
    """The factor that turns a value in `source` into `target`. US dollars convert to yuan only with a rate."""
    src, dst = normalise_unit(source), normalise_unit(target)
    (src_dim, src_factor), (dst_dim, dst_factor) = UNITS[src], UNITS[dst]
    if src_dim == dst_dim:
        return src_factor / dst_factor
    if src_dim == "usd" and dst_dim == "cny":
        if not usd_cny_rate or usd_cny_rate <= 0:
            raise UnitError(Message("unit.needs_rate", {"value": source, "unit": target}))
        return src_factor * usd_cny_rate / dst_factor
    raise UnitError(Message("unit.not_convertible", {"value": source, "unit": target}))
