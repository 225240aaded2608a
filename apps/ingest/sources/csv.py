"""CSV in UTF-8 (with or without BOM) or GBK/GB18030, detected; comma, tab or semicolon separated.

Files are read as a stream of rows, so memory is bounded by what the caller keeps, not by the file."""

import codecs
import csv
import itertools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from .base import MAX_CELL_CHARS, MAX_COLUMNS, ImportFileError, checked_row

ENCODINGS = ("utf-8-sig", "gb18030")  # GB18030 is a superset of GBK and GB2312
_CHUNK = 1 << 20


def encoding_of(path: Path) -> str:
    """The encoding the whole file decodes in, checked in chunks (a NUL byte means it is not a text CSV)."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    if b"\x00" in chunk:
                        raise ImportFileError("the file contains NUL bytes: it is not a text CSV (UTF-16 or binary?)")
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportFileError("the file is neither UTF-8 nor GBK/GB18030 text")


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding it was in."""
    if b"\x00" in raw:
        raise ImportFileError("the file contains NUL bytes: it is not a text CSV (UTF-16 or binary?)")
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError("the file is neither UTF-8 nor GBK/GB18030 text")


def _dialect(path: Path, encoding: str):
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(8192)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        return csv.excel


def iter_rows(path: Path, checked: bool = True, encoding: str | None = None, dialect=None) -> Iterator[list]:
    """The file's rows, one list of strings each, checked for too many columns or an overlong cell (a
    second reading of a file read whole once already may skip the check)."""
    encoding = encoding or encoding_of(path)
    dialect = dialect or _dialect(path, encoding)
    with path.open(encoding=encoding, newline="") as handle:
        try:
            for number, row in enumerate(csv.reader(handle, dialect), start=1):
                # the cheap test first: a row's widest cell, measured in C; the full check only names the culprit
                if checked and (len(row) > MAX_COLUMNS or (row and max(map(len, row)) > MAX_CELL_CHARS)):
                    checked_row(row, number)
                yield row
        except csv.Error as exc:
            raise ImportFileError(f"the CSV cannot be parsed: {exc}") from exc


def iter_chunks(path: Path, skip: int, size: int, checked: bool = True) -> Iterator[list | pd.DataFrame]:
    """The rows after the first `skip`, `size` at a time, as iter_rows reads them. A rectangular stretch of
    the file comes as a DataFrame of text cells from pandas' C reader (a short row's missing cells are "",
    as the csv module leaves them out), ten times faster than rows of lists; from the first record the C
    reader cannot take (a row wider than the first, a size check failing) on, the rows come as lists from
    the csv module, which names the culprit."""
    encoding = encoding_of(path)
    dialect = _dialect(path, encoding)
    done = 0  # records taken from the C reader, the skipped ones included
    try:
        reader = pd.read_csv(
            path,
            header=None,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            encoding=encoding,
            sep=dialect.delimiter,
            quotechar=dialect.quotechar or '"',
            doublequote=dialect.doublequote,
            escapechar=dialect.escapechar,
            skipinitialspace=dialect.skipinitialspace,
            engine="c",
            chunksize=size,
        )
        with reader:
            for frame in reader:
                if checked and (frame.shape[1] > MAX_COLUMNS or _widest(frame) > MAX_CELL_CHARS):
                    break
                start, done = max(skip - done, 0), done + len(frame)
                if start < len(frame):
                    yield frame.iloc[start:].reset_index(drop=True)
            else:
                return
    except (pd.errors.ParserError, ValueError):
        pass  # from here on, the csv module (ValueError: pandas' reader refusing the sniffed dialect)
    rows = itertools.islice(iter_rows(path, checked, encoding, dialect), max(done, skip), None)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def _widest(frame: pd.DataFrame) -> int:
    return max((int(frame[column].str.len().max()) for column in frame.columns), default=0) if len(frame) else 0


def read(path: Path) -> list[list]:
    return list(iter_rows(path))
