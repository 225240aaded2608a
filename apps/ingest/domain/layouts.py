"""Table layouts: recognise how a table is laid out and read it as one record per value cell.

Layouts:
- `long`: one row per value with region, indicator, year, value and unit columns (+ source);
- `long_industry`: one row per value with region, industry, measure, year, value, unit columns;
- `wide`: one row per region and year, one column per indicator, unit in the header (`地区生产总值(亿元)`);
- `portal`: the national data portal's export: header lines (数据库 / 指标 / 时间), regions as rows and years
  (`2023年`) as columns, footnote lines (注 / 数据来源); one indicator per file.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .headers import key_column, split_unit, year_of

MAX_HEADER_SEARCH = 15
_FOOTNOTE_PREFIXES = ("注", "数据来源", "资料来源", "说明", "source", "note")


class LayoutError(ValueError):
    """The table's layout is not one we can read; the message says what was expected."""


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


def _keys(headers: list[str]) -> dict[str, int]:
    """The key columns a header row names (region, year, value, indicator …), each at its first column."""
    keys = {}
    for i, header in enumerate(headers):
        key = key_column(header)
        if key and key not in keys:
            keys[key] = i
    return keys


def _layout_of(index: int, headers: list[str], keys: dict, portal: dict) -> Layout | None:
    """The layout a header row with a region column describes, or None when it describes none."""
    year_columns = [i for i, h in enumerate(headers) if year_of(h) is not None and i not in keys.values()]
    if year_columns and "year" not in keys and "value" not in keys:
        name, unit = split_unit(portal.get("指标", ""))
        if not name:
            raise LayoutError(
                "regions as rows and years as columns, but no '指标：' line names the indicator "
                "(as in the national data portal's export)"
            )
        notes = [f"{k}：{v}" for k, v in portal.items()]
        return Layout("portal", index, keys, year_columns, indicator=name, unit=unit, notes=notes)
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
    return None


def detect_layout(table: Sequence[Sequence]) -> Layout:
    """Finds the header row and decides the layout; raises LayoutError with a readable reason."""
    portal = _portal_header_lines(table)
    for index, row in enumerate(table[:MAX_HEADER_SEARCH]):
        headers = [_cell(row, i) for i in range(len(row))]
        keys = _keys(headers)
        if "region" not in keys and "region_code" not in keys:
            continue
        layout = _layout_of(index, headers, keys, portal)
        if layout is not None:
            return layout
    raise LayoutError(
        "no header row found in the first 15 rows: expected a region column (地区/省份/region) with either "
        "indicator, year, value columns (long), a year column and one column per indicator (wide), or years as "
        "columns with an '指标：' line above (national data portal export)"
    )


RECORD_COLUMNS = (
    "row",
    "column",
    "region",
    "region_code",
    "year",
    "value",
    "indicator",
    "unit",
    "industry",
    "measure",
    "from_header",
)


def _text(column: pd.Series) -> pd.Series:
    """Cells as stripped text, as `_cell` reads them: None is "", a whole float is written without ".0"."""
    kind = pd.api.types.infer_dtype(column, skipna=False)
    if kind == "string":  # text only, none missing (a CSV's cells): stripped in one pass, half the time
        return pd.Series([value.strip() for value in column.tolist()], index=column.index, dtype=object)
    if kind == "empty" or pd.api.types.infer_dtype(column, skipna=True) in {"string", "empty"}:
        return column.fillna("").astype(object).str.strip()
    return column.map(lambda value: _cell([value], 0)).astype(object)


def _joined(cells: Sequence) -> str:
    """A row's cells as one text, as `_cell` reads each: empty exactly when every cell is."""
    try:
        return "".join(cells)
    except TypeError:  # numbers or None among the cells (a workbook)
        return "".join(_cell(cells, i) for i in range(len(cells)))


def _column(frame: pd.DataFrame, index: int) -> pd.Series:
    return frame[index] if index in frame.columns else pd.Series(None, index=frame.index, dtype=object)


def _padded(rows: Sequence[Sequence]) -> list:
    """Short rows (trailing empty cells left out) padded to the widest."""
    rows = list(rows)
    widths = set(map(len, rows))
    if len(widths) > 1:
        width = max(widths)
        rows = [row if len(row) == width else [*row, *[None] * (width - len(row))] for row in rows]
    return rows


def _kept_rows(frame: pd.DataFrame, text: dict, kind: str) -> tuple[np.ndarray, bool]:
    """Which rows hold records: not blank, not a footnote on its own; in a portal export the first footnote
    line ends the table (the second item says whether it did). `text`: some columns' cells as stripped
    text, the first among them; other cells are read only in the rows these leave in doubt."""
    blank = np.logical_and.reduce([(column == "").to_numpy() for column in text.values()])
    others = [index for index in frame.columns if index not in text]
    if others and blank.any():
        doubt = np.flatnonzero(blank)
        cells = frame[others].to_numpy(dtype=object)[doubt]
        blank[doubt] = [not _joined(list(row)).strip() for row in cells]
    footnote = text[0].str.lower().str.startswith(_FOOTNOTE_PREFIXES).to_numpy()
    ended = False
    keep = ~blank
    if kind == "portal":
        stops = np.flatnonzero(footnote & keep)
        if len(stops):
            keep[stops[0] :] = False
            ended = True
    if footnote.any():  # a footnote line with nothing after its first cell is skipped
        notes = np.flatnonzero(footnote)
        rest = frame.iloc[notes, 1:].to_numpy(dtype=object)
        keep[notes[[not _joined(list(row)).strip() for row in rest]]] = False
    return keep, ended


def _header_records(frame, layout: Layout, headers, cell, lines) -> pd.DataFrame:
    """Portal and wide tables: one record per data column of each row; the header names the year (portal) or
    the indicator and unit (wide)."""
    data = layout.data_columns
    keep = cell.keep
    values = np.stack([_column(frame, i).to_numpy(dtype=object)[keep] for i in data], axis=1).ravel()
    count = len(data)
    if layout.kind == "portal":
        years = np.tile([str(year_of(headers[i])) for i in data], len(lines))
        indicator, unit = layout.indicator, layout.unit
    else:
        named = [split_unit(headers[i]) for i in data]
        years = np.repeat(cell("year"), count)
        indicator = np.tile([name for name, _ in named], len(lines))
        unit = np.tile(np.array([unit for _, unit in named], dtype=object), len(lines))
    return pd.DataFrame(
        {
            "row": np.repeat(lines, count),
            "column": np.tile([headers[i] for i in data], len(lines)),
            "region": np.repeat(cell("region"), count),
            "region_code": np.repeat(cell("region_code"), count),
            "year": years,
            "value": values,
            "indicator": indicator,
            "unit": unit,
            "industry": "",
            "measure": "",
            "from_header": True,
        }
    )


def _column_records(frame, layout: Layout, headers, cell, lines) -> pd.DataFrame:
    """Long and region × industry tables: one record per row, from its value column; a long table's
    indicator may carry its unit in brackets."""
    value_index = layout.columns["value"]
    unit = cell("unit")
    records = pd.DataFrame(
        {
            "row": lines,
            "column": headers[value_index],
            "region": cell("region"),
            "region_code": cell("region_code"),
            "year": cell("year"),
            "value": _column(frame, value_index).to_numpy(dtype=object)[cell.keep],
            "indicator": "",
            "unit": np.where(unit == "", None, unit),
            "industry": "",
            "measure": "",
            "from_header": False,
        }
    )
    if layout.kind != "long":
        records["industry"] = cell("industry")
        records["measure"] = cell("measure")
        return records
    names = pd.Series(cell("indicator"))
    records["indicator"] = names.to_numpy()
    no_unit = records["unit"].isna().to_numpy()
    if no_unit.any():
        split = {name: split_unit(name) for name in names[no_unit].unique()}
        records.loc[no_unit, "indicator"] = [split[name][0] for name in names[no_unit]]
        records.loc[no_unit, "unit"] = [split[name][1] for name in names[no_unit]]
    return records


class _Cells:
    """The text of a layout's column over the kept rows: cells("region")."""

    def __init__(self, text: dict, columns: dict, keep: np.ndarray):
        self.text, self.columns, self.keep = text, columns, keep

    def __call__(self, key: str) -> np.ndarray:
        if key not in self.columns or self.columns[key] not in self.text:
            return np.full(self.keep.sum(), "", dtype=object)
        return self.text[self.columns[key]].to_numpy(dtype=object)[self.keep]


def records_frame(
    rows: Sequence[Sequence] | pd.DataFrame, layout: Layout, headers: Sequence[str], first_line: int
) -> tuple[pd.DataFrame, bool]:
    """The value cells of consecutive table rows below the header (lists of cells, or a DataFrame of them
    with columns 0, 1, …) as one record per cell, in `RECORD_COLUMNS`
    (the row as its file line, the header it came from, what the table says of it, the value as read), in
    row order and, within a row, column order. Blank rows and footnotes are skipped; in a portal export the
    first footnote line ends the table, and the second item says whether it was reached."""
    if isinstance(rows, pd.DataFrame):
        frame = rows
    else:
        rows = _padded(rows)
        frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame()
    if frame.empty:
        return pd.DataFrame(columns=list(RECORD_COLUMNS)), False
    wanted = {0, *layout.columns.values()}  # the cells records are made of, and the first (footnotes)
    text = {index: _text(frame[index]) for index in frame.columns if index in wanted}
    keep, ended = _kept_rows(frame, text, layout.kind)
    cell = _Cells(text, layout.columns, keep)
    lines = np.arange(first_line, first_line + len(frame))[keep]
    build = _header_records if layout.kind in {"portal", "wide"} else _column_records
    return build(frame, layout, headers, cell, lines), ended


def header_cells(row: Sequence) -> list[str]:
    return [_cell(row, i) for i in range(len(row))]


def table_records(table: Sequence[Sequence], layout: Layout) -> pd.DataFrame:
    """All records of a table held in memory (the streamed path reads the same way, chunk by chunk)."""
    records, _ = records_frame(
        table[layout.header_row + 1 :], layout, header_cells(table[layout.header_row]), layout.header_row + 2
    )
    return records


def region_cells(rows: Iterable[Sequence] | pd.DataFrame, layout: Layout) -> set[tuple[str, str]]:
    """The distinct (region name, region code) pairs of the rows below the header (raw cells collected
    first, each distinct pair read once)."""
    name_at, code_at = layout.columns.get("region"), layout.columns.get("region_code")
    raw = set()
    if isinstance(rows, pd.DataFrame):
        frame, rows = rows, ()
        columns = [frame[at].tolist() if at in frame.columns else [None] * len(frame) for at in (name_at, code_at)]
        raw = set(zip(*columns, strict=True))
    for row in rows:
        width = len(row)
        name = row[name_at] if name_at is not None and name_at < width else None
        code = row[code_at] if code_at is not None and code_at < width else None
        raw.add((name, code))
    cells = set()
    for name, code in raw:
        pair = (_cell([name], 0), _cell([code], 0))
        if pair[0] or pair[1]:
            cells.add(pair)
    return cells
