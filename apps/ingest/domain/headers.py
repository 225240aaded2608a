"""Reading table headers: which column is what, and units written into headers like `地区生产总值(亿元)`."""

import re

# Header spellings (lower-cased, spaces removed) of the key columns, Chinese and English.
KEY_COLUMNS = {
    "region": {
        "地区",
        "地区名称",
        "省份",
        "省份名称",
        "省",
        "region",
        "region_name",
        "regionname",
        "province",
        "name",
        "行政区划",
        "城市",
        "city",
        "区域",
    },
    "region_code": {
        "地区代码",
        "省份编码",
        "省份代码",
        "行政区划代码",
        "region_code",
        "regioncode",
        "code",
        "adcode",
        "代码",
    },
    "indicator": {"指标", "指标名称", "indicator", "indicator_code", "variable", "指标代码"},
    "year": {"年份", "年", "时间", "year", "period"},
    "value": {"数值", "值", "value", "数据"},
    "unit": {"单位", "unit", "计量单位"},
    "source": {"来源", "数据来源", "source"},
    "industry": {"行业", "行业代码", "行业名称", "industry", "sector", "sector_code", "industry_code", "部门"},
    "measure": {"口径", "度量", "measure", "统计项"},
}

_UNIT_IN_HEADER = re.compile(r"^(?P<name>.*?)[（(](?P<unit>[^()（）]*)[)）]\s*$")
_YEAR_HEADER = re.compile(r"^\s*(?P<year>(19|20)\d{2})\s*年?\s*$")


def key_column(header: str) -> str | None:
    """The key a header names (`region`, `year`, ...), or None for a data column."""
    text = re.sub(r"\s+", "", str(header or "")).lower()
    for key, spellings in KEY_COLUMNS.items():
        if text in spellings:
            return key
    return None


def split_unit(header: str) -> tuple[str, str | None]:
    """`地区生产总值(亿元)` → ("地区生产总值", "亿元"); the last bracket holds the unit:
    `工业销售产值(现价)(亿元)` → ("工业销售产值(现价)", "亿元"). Without a bracket the unit is None."""
    text = str(header or "").strip()
    match = _UNIT_IN_HEADER.match(text)
    if not match:
        return text, None
    return match.group("name").strip(), match.group("unit").strip()


def year_of(header: str) -> int | None:
    """`2023年` or `2023` → 2023; anything else → None."""
    match = _YEAR_HEADER.match(str(header or ""))
    return int(match.group("year")) if match else None
