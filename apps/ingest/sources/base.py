import itertools
from collections.abc import Iterator
from pathlib import Path


class ImportFileError(ValueError):
    """The file itself cannot be read (wrong type, encoding, size, a zip bomb); the message says why."""


XLSX_MAGIC = b"PK\x03\x04"
# Far above any statistical table (a wide table has a few hundred columns), far below what ties up a worker
MAX_COLUMNS = 1000
MAX_CELL_CHARS = 4000


def checked_row(row: list, number: int) -> list:
    """The row, or an ImportFileError naming it when it has too many columns or an overlong cell."""
    if len(row) > MAX_COLUMNS:
        raise ImportFileError(f"row {number} has {len(row):,} columns; a table may have at most {MAX_COLUMNS:,}")
    for column, cell in enumerate(row, start=1):
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            raise ImportFileError(
                f"row {number}, column {column} holds {len(cell):,} characters; a cell may hold at most "
                f"{MAX_CELL_CHARS:,}"
            )
    return row


def sniff_format(name: str, head: bytes) -> str:
    """`csv` or `xlsx` from the file name and its first bytes; anything else is an ImportFileError."""
    suffix = Path(name or "").suffix.lower()
    if suffix == ".xlsx":
        if not head.startswith(XLSX_MAGIC):
            raise ImportFileError("the file is named .xlsx but is not an Excel workbook (no ZIP signature)")
        return "xlsx"
    if suffix in {".csv", ".txt"}:
        if head.startswith(XLSX_MAGIC):
            raise ImportFileError("the file is named .csv but is a ZIP archive (an Excel workbook?)")
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportFileError("UTF-16 text is not supported: save the CSV as UTF-8 or GBK")
        return "csv"
    raise ImportFileError(f"unsupported file type '{suffix or name}': upload .csv or .xlsx")


def iter_table(path: Path, file_format: str, checked: bool = True) -> Iterator[list]:
    """The table's rows as a stream (a generator: errors surface as rows are read). `checked=False` skips
    the CSV's size checks on a file that passed them in an earlier reading."""
    from . import csv as csv_reader
    from . import xlsx as xlsx_reader

    if file_format == "csv":
        return csv_reader.iter_rows(path, checked=checked)
    return xlsx_reader.iter_rows(path)


def iter_chunks(path: Path, file_format: str, skip: int, size: int, checked: bool = True) -> Iterator:
    """The table's rows after the first `skip`, `size` at a time: lists of rows, or (a CSV's rectangular
    stretches) DataFrames of text cells, the same cells as the rows would hold (csv.iter_chunks)."""
    from . import csv as csv_reader
    from . import xlsx as xlsx_reader

    if file_format == "csv":
        yield from csv_reader.iter_chunks(path, skip, size, checked=checked)
        return
    rows = itertools.islice(xlsx_reader.iter_rows(path), skip, None)
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def read_table(path: Path, file_format: str) -> list[list]:
    return list(iter_table(path, file_format))
