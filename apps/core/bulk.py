"""Writing many rows from columns: PostgreSQL's COPY where the database is PostgreSQL, batched INSERTs else;
reading many rows without Django's per-row conversion.

Callers pass columns (arrays or lists of equal length), not model objects: building a model object per row
costs more than the write itself at the sizes imports and scoring runs reach (10^5–10^6 rows)."""

import contextlib
import gc
import io
import json
import math
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import orjson
from django.db import connection
from psycopg.copy import QueuedLibpqWriter


@contextlib.contextmanager
def collector_paused():
    """Pauses Python's cyclic garbage collector while a step builds ~10^6 small objects it keeps to its end
    (a county run's picks and their facts): each collection would walk all of them again. Free them before
    leaving (drop the references): the collector then resumes with nothing left to count, instead of walking
    them all at its next collection. Reference counting frees what falls out of use meanwhile; the
    collector is restored as found, also after an error."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_JSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def json_text(value) -> str:
    """A dict or list as compact JSON text, UTF-8 as is. orjson: a county run encodes ~2 × 10^5 facts and
    parts, 8 µs each with json's encoder and under 1 µs with orjson. A float that is not finite becomes
    null (PostgreSQL's JSON has no NaN); an integer beyond 64 bits, which orjson refuses, goes through json."""
    if not value:
        return "[]" if isinstance(value, list) else "{}"
    try:
        return orjson.dumps(value, option=_JSON_OPTIONS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


COPY_BUFFER_ROWS = 5_000  # rows formatted per write: the server parses one write while the next is formatted
INSERT_BATCH_ROWS = 2_000


def _text(value) -> str:
    """One field in COPY's text format: NULL is \\N; tabs, newlines and backslashes are escaped."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "\\N"
    if isinstance(value, bool | np.bool_):
        return "t" if value else "f"
    if isinstance(value, dict | list):
        value = json_text(value)
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def _numeric(values) -> np.ndarray | None:
    """The column as a 1-D numeric or boolean array, or None (text, JSON, NULLs): a list of lists must not
    become a 2-D array."""
    if isinstance(values, np.ndarray):
        return values if values.ndim == 1 and values.dtype.kind in "iufb" else None
    if len(values) and all(isinstance(v, int | float | np.number) for v in values):
        return np.asarray(values)
    return None


def _json_column_text(values) -> list[str]:
    """A column of dicts and lists (JSON): encoded with no per-value type checks. JSON text holds no raw tab
    or newline (the encoder escapes them), so only its backslashes need doubling for COPY."""
    out = []
    for value in values:
        if value is None:
            out.append("\\N")
            continue
        text = json_text(value)
        out.append(text.replace("\\", "\\\\") if "\\" in text else text)
    return out


_COPY_SPECIAL = ("\\", "\t", "\n", "\r")


def _column_text(values) -> list[str]:
    array = _numeric(values)
    if array is None:
        if all(type(v) is str for v in values) and not any(c in "".join(values) for c in _COPY_SPECIAL):
            return list(values)  # plain text (codes, labels): as it is, with no per-value test
        first = next((v for v in values if v is not None), None)
        if isinstance(first, dict | list) and all(v is None or isinstance(v, dict | list) for v in values):
            return _json_column_text(values)
        return [_text(v) for v in values]
    if array.dtype.kind in "iu":
        return array.astype(str).tolist()
    if array.dtype.kind == "f":
        # repr() of a float round-trips exactly; NaN is NULL
        return ["\\N" if math.isnan(v) else repr(v) for v in array.tolist()]
    return np.where(array, "t", "f").tolist()


# PostgreSQL types written in COPY's binary format straight from numpy arrays (big-endian, fixed width)
BINARY_TYPES = {"bigint": ">i8", "integer": ">i4", "smallint": ">i2", "double precision": ">f8", "boolean": "?"}
_BINARY_HEADER = b"PGCOPY\n\xff\r\n\x00" + bytes(8)  # signature, flags, header extension length
_BINARY_TRAILER = b"\xff\xff"


def _binary_layout(model, names: list[str], columns: Mapping[str, Sequence]) -> list[str] | None:
    """The numpy type of each column when every column is a fixed-width type without NULLs, else None."""
    fields = {field.column: field for field in model._meta.concrete_fields}
    types = []
    for name in names:
        kind = BINARY_TYPES.get(fields[name].db_type(connection))
        array = _numeric(columns[name]) if kind is not None else None
        if array is None or (array.dtype.kind == "f" and np.isnan(array).any()):
            return None
        types.append(kind)
    return types


def _binary_rows(names: list[str], types: list[str], columns: Mapping[str, Sequence], start: int, stop: int) -> bytes:
    layout = [("count", ">i2")]
    for k, kind in enumerate(types):
        layout += [(f"length{k}", ">i4"), (f"value{k}", kind)]
    rows = np.empty(stop - start, dtype=layout)
    rows["count"] = len(names)
    for k, (name, kind) in enumerate(zip(names, types, strict=True)):
        rows[f"length{k}"] = np.dtype(kind).itemsize
        rows[f"value{k}"] = np.asarray(columns[name])[start:stop]
    return rows.tobytes()


def rows_insert(model, columns: Mapping[str, Sequence]) -> int:
    """Inserts len(columns' values) rows of `model`; `columns` maps database column names (e.g. `region_id`)
    to equal-length sequences. Runs inside the caller's transaction. On PostgreSQL, columns that are all
    numbers go in with binary COPY built by numpy (no text per value), others with text COPY."""
    names = list(columns)
    count = len(columns[names[0]]) if names else 0
    if count == 0:
        return 0
    if connection.vendor == "postgresql":
        types = _binary_layout(model, names, columns)
        if types:
            with connection.cursor() as cursor, cursor.cursor.copy(_copy_sql(model, names, binary=True)) as copy:
                copy.write(_BINARY_HEADER)
                for start in range(0, count, COPY_BUFFER_ROWS):
                    copy.write(_binary_rows(names, types, columns, start, min(start + COPY_BUFFER_ROWS, count)))
                copy.write(_BINARY_TRAILER)
            return count
    return rows_stream(model, names, [columns])


def rows_stream(model, names: list[str], chunks: Iterable[Mapping[str, Sequence]]) -> int:
    """Inserts rows of `model` from `chunks` (each maps every name in `names` to equal-length sequences),
    pulling each chunk only once the earlier ones are on their way: on PostgreSQL one text COPY whose data a
    psycopg thread sends while this one formats, or computes, the next chunk (the server parses the rows
    meanwhile, on another core). Runs inside the caller's transaction; on other databases, batched INSERTs."""
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(_copy_sql(model, names), writer=QueuedLibpqWriter(cursor.cursor)) as copy:
                for columns in chunks:
                    count = len(columns[names[0]]) if names else 0
                    for start in range(0, count, COPY_BUFFER_ROWS):
                        stop = min(start + COPY_BUFFER_ROWS, count)
                        fields = [_column_text(columns[name][start:stop]) for name in names]
                        buffer = io.StringIO()
                        buffer.writelines("\t".join(row) + "\n" for row in zip(*fields, strict=True))
                        copy.write(buffer.getvalue())
                    written += count
            return written
        table = connection.ops.quote_name(model._meta.db_table)
        quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        sql = f"INSERT INTO {table} ({quoted}) VALUES ({', '.join(['%s'] * len(names))})"
        for columns in chunks:
            lists = [_python(columns[name]) for name in names]
            count = len(lists[0]) if lists else 0
            for start in range(0, count, INSERT_BATCH_ROWS):
                batch = zip(*(values[start : start + INSERT_BATCH_ROWS] for values in lists), strict=True)
                cursor.executemany(sql, list(batch))
            written += count
    return written


def _copy_sql(model, names: list[str], *, binary: bool = False) -> str:
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    return f"COPY {table} ({quoted}) FROM STDIN{' (FORMAT BINARY)' if binary else ''}"


def _python(values) -> list:
    array = _numeric(values)
    if array is not None:
        return array.tolist()
    return [json_text(v) if isinstance(v, dict | list) else v for v in values]


def raw_rows(query) -> list[tuple]:
    """The rows of a `values_list` queryset fetched as the driver gives them, without Django's per-row
    conversion (a run reads ~10^5 values: the conversion costs more than the query). Dates come back as the
    driver gives them (date objects on PostgreSQL, ISO text on SQLite): compare them as text."""
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


ANALYZE_AFTER_ROWS = 10_000  # a write this large can change the best plan for the queries that read the table


def statistics_refresh(models, rows: int) -> bool:
    """After a large write is committed, refreshes PostgreSQL's planner statistics of the models' tables
    (ANALYZE samples ~30,000 rows: a fraction of a second). Without it the next scoring run's read is planned
    for the table as it was (an index scan per indicator for ~10^5 rows), until autovacuum gets to it."""
    if connection.vendor != "postgresql" or rows < ANALYZE_AFTER_ROWS:
        return False
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return True
