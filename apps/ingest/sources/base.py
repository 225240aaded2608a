from collections.abc import Callable
from pathlib import Path


class ImportFileError(ValueError):
    """The file itself cannot be read (wrong type, encoding, size, a zip bomb); the message says why."""


XLSX_MAGIC = b"PK\x03\x04"


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


def read_table(path: Path, file_format: str) -> list[list]:
    from . import csv as csv_reader
    from . import xlsx as xlsx_reader

    readers: dict[str, Callable[[Path], list[list]]] = {"csv": csv_reader.read, "xlsx": xlsx_reader.read}
    return readers[file_format](path)
