"""CSV in UTF-8 (with or without BOM) or GBK/GB18030, detected; comma, tab or semicolon separated.

Files are read as a stream of rows, so memory is bounded by what the caller keeps, not by the file."""

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

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


def iter_rows(path: Path, checked: bool = True) -> Iterator[list]:
    """The file's rows, one list of strings each, checked for too many columns or an overlong cell (a
    second reading of a file read whole once already may skip the check)."""
    encoding = encoding_of(path)
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(8192)
        handle.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        try:
            for number, row in enumerate(csv.reader(handle, dialect), start=1):
                # the cheap test first: a row's widest cell, measured in C; the full check only names the culprit
                if checked and (len(row) > MAX_COLUMNS or (row and max(map(len, row)) > MAX_CELL_CHARS)):
                    checked_row(row, number)
                yield row
        except csv.Error as exc:
            raise ImportFileError(f"the CSV cannot be parsed: {exc}") from exc


def read(path: Path) -> list[list]:
    return list(iter_rows(path))
