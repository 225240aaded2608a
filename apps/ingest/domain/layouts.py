"""Table layouts: recognise how a table is laid out and read it as one record per value cell.

Layouts:
- `long`: one row per value with region, indicator, year, value and unit columns (+ source);
- `long_industry`: one row per value with region, industry, measure, year, value, unit columns;
- `wide`: one row per region and year, one column per indicator, unit in the header (`地区生产总值(亿元)`);
- `portal`: the national data portal's export: header lines (数据库 / 指标 / 时间), regions as rows and years
  (`2023年`) as columns, footnote lines (注 / 数据来源); one indicator per file.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .headers import key_column, split_unit, year_of

MAX_HEADER_SEARCH = 15
_FOOTNOTE_PREFIXES = ("注", "数据来源", "资料来源", "说明", "source", "note")


class LayoutError(ValueError):
    """The table's layout is not one we can read; the message says what was expected."""


@dataclass
class RawRecord:
    """One value cell with everything the table says about it, as text. `row` counts file lines from 1."""

    row: int
    column: str
    region: str
    region_code: str
    year: str
    value: object
    indicator: str = ""
    unit: str | None = None
    industry: str = ""
    measure: str = ""
    source: str = ""
    from_header: bool = False  # the indicator comes from a column header (wide and portal layouts)


@dataclass
class Layout:
    kind: str
    header_row: int  # 0-based index into the table
    columns: dict[str, int]  # key → column index
    data_columns: list[int]  # wide: indicator columns; portal: year columns
    indicator: str = ""  # portal: the indicator named in the header lines
    unit: str | None = None  # portal: its unit
    notes: list[str] | None = None


def _cell(row: Sequence, index: int) -> str:
    if index >= len(row) or row[index] is None:
        return ""
    value = row[index]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _portal_header_lines(table: Sequence[Sequence]) -> dict[str, str]:
    lines = {}
    for row in table[:MAX_HEADER_SEARCH]:
        first = _cell(row, 0)
        for label in ("数据库", "指标", "时间"):
            for sep in ("：", ":"):
                if first.startswith(label + sep):
                    lines[label] = first.split(sep, 1)[1].strip()
    return lines


def detect_layout(table: Sequence[Sequence]) -> Layout:
    """Finds the header row and decides the layout; raises LayoutError with a readable reason."""
    portal = _portal_header_lines(table)
    for index, row in enumerate(table[:MAX_HEADER_SEARCH]):
        headers = [_cell(row, i) for i in range(len(row))]
        keys = {}
        for i, header in enumerate(headers):
            key = key_column(header)
            if key and key not in keys:
                keys[key] = i
        if "region" not in keys and "region_code" not in keys:
            continue
        year_columns = [i for i, h in enumerate(headers) if year_of(h) is not None and i not in keys.values()]
        if year_columns and "year" not in keys and "value" not in keys:
            name, unit = split_unit(portal.get("指标", ""))
            if not name:
                raise LayoutError(
                    "regions as rows and years as columns, but no '指标：' line names the indicator "
                    "(as in the national data portal's export)"
                )
            return Layout("portal", index, keys, year_columns, indicator=name, unit=unit,
                          notes=[f"{k}：{v}" for k, v in portal.items()])  # fmt: skip
        if "value" in keys and "year" in keys:
            if "industry" in keys:
                return Layout("long_industry", index, keys, [])
            if "indicator" in keys:
                return Layout("long", index, keys, [])
            raise LayoutError("a value column but no indicator (or industry) column")
        if "year" in keys:
            data = [i for i, h in enumerate(headers) if h and i not in keys.values()]
            if not data:
                raise LayoutError("region and year columns but no indicator columns")
            return Layout("wide", index, keys, data)
    raise LayoutError(
        "no header row found in the first 15 rows: expected a region column (地区/省份/region) with either "
        "indicator, year, value columns (long), a year column and one column per indicator (wide), or years as "
        "columns with an '指标：' line above (national data portal export)"
    )


def _is_footnote(row: Sequence) -> bool:
    first = _cell(row, 0).lower()
    return first.startswith(_FOOTNOTE_PREFIXES)


def iter_records(table: Sequence[Sequence], layout: Layout) -> Iterator[RawRecord]:
    """Every value cell below the header as a RawRecord (blank rows and footnotes skipped)."""
    headers = [_cell(table[layout.header_row], i) for i in range(len(table[layout.header_row]))]
    cols = layout.columns
    for index in range(layout.header_row + 1, len(table)):
        row = table[index]
        if not any(_cell(row, i) for i in range(len(row))):
            continue
        if layout.kind == "portal" and _is_footnote(row):
            break
        if _is_footnote(row) and not any(_cell(row, i) for i in range(1, len(row))):
            continue
        line = index + 1
        region = _cell(row, cols["region"]) if "region" in cols else ""
        code = _cell(row, cols["region_code"]) if "region_code" in cols else ""
        source = _cell(row, cols["source"]) if "source" in cols else ""
        if layout.kind == "portal":
            for i in layout.data_columns:
                yield RawRecord(line, headers[i], region, code, str(year_of(headers[i])), row[i] if i < len(row) else None,
                                indicator=layout.indicator, unit=layout.unit, from_header=True)  # fmt: skip
        elif layout.kind == "wide":
            year = _cell(row, cols["year"])
            for i in layout.data_columns:
                name, unit = split_unit(headers[i])
                yield RawRecord(line, headers[i], region, code, year, row[i] if i < len(row) else None,
                                indicator=name, unit=unit, source=source, from_header=True)  # fmt: skip
        else:
            value_index = cols["value"]
            unit = _cell(row, cols["unit"]) if "unit" in cols else None
            record = RawRecord(
                line, headers[value_index], region, code, _cell(row, cols["year"]),
                row[value_index] if value_index < len(row) else None, unit=unit or None, source=source,
            )  # fmt: skip
            if layout.kind == "long":
                record.indicator = _cell(row, cols["indicator"])
                if record.unit is None:
                    record.indicator, record.unit = split_unit(record.indicator)
            else:
                record.industry = _cell(row, cols["industry"])
                record.measure = _cell(row, cols["measure"]) if "measure" in cols else ""
            yield record


def region_cells(table: Sequence[Sequence], layout: Layout) -> set[tuple[str, str]]:
    """The distinct (region name, region code) pairs below the header."""
    cols = layout.columns
    cells = set()
    for row in table[layout.header_row + 1 :]:
        name = _cell(row, cols["region"]) if "region" in cols else ""
        code = _cell(row, cols["region_code"]) if "region_code" in cols else ""
        if name or code:
            cells.add((name, code))
    return cells
