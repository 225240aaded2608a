"""An uploaded table file read whole into rows, whatever its format (CSV in UTF-8 or GBK, XLSX, legacy .xls as
government sites publish it): for the small lists uploaded beside the statistics (entity lists, declared
priorities). Errors name the file."""

import tempfile
from pathlib import Path

from apps.core.exceptions import ApplicationError

from .base import ImportFileError, checked_row, read_table, sniff_format

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls


def _read_xls(raw: bytes) -> list[list]:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=raw, on_demand=True)
    except Exception as exc:  # xlrd raises several types for damaged files
        raise ImportFileError(f"the .xls workbook cannot be read ({type(exc).__name__})") from exc
    sheet = book.sheet_by_index(0)
    return [checked_row(sheet.row_values(r), r + 1) for r in range(sheet.nrows)]


def upload_rows(upload) -> list[list]:
    raw = upload.read()
    upload.seek(0)
    try:
        if Path(upload.name or "").suffix.lower() == ".xls":
            if not raw.startswith(OLE2_MAGIC):
                raise ImportFileError("the file is named .xls but is not an Excel 97–2003 workbook")
            return _read_xls(raw)
        file_format = sniff_format(upload.name, raw[:8])
        with tempfile.NamedTemporaryFile(suffix=f".{file_format}") as handle:
            handle.write(raw)
            handle.flush()
            return read_table(Path(handle.name), file_format)
    except ImportFileError as exc:
        raise ApplicationError(f"{upload.name}: {exc}") from exc
