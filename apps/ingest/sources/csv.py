"""CSV in UTF-8 (with or without BOM) or GBK/GB18030, detected; comma, tab or semicolon separated."""

import csv
import io
from pathlib import Path

from .base import ImportFileError, checked_row


def decode(raw: bytes) -> tuple[str, str]:
    """The text and the encoding it was in. GB18030 is a superset of GBK and GB2312."""
    if b"\x00" in raw:
        raise ImportFileError("the file contains NUL bytes: it is not a text CSV (UTF-16 or binary?)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError("the file is neither UTF-8 nor GBK/GB18030 text")


def read(path: Path) -> list[list]:
    text, _ = decode(path.read_bytes())
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        return [checked_row(row, number) for number, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1)]
    except csv.Error as exc:
        raise ImportFileError(f"the CSV cannot be parsed: {exc}") from exc
