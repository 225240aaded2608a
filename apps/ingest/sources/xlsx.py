"""XLSX workbooks, first sheet. The archive is checked before openpyxl opens it: an XLSX is a ZIP, and
openpyxl has no cap on how much it inflates (a 1 MB file can unpack to gigabytes)."""

import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import openpyxl.xml
from django.conf import settings

from .base import MAX_COLUMNS, ImportFileError, checked_row

# openpyxl parses through defusedxml when it is installed (no external entities, no entity expansion bombs).
if not openpyxl.xml.DEFUSEDXML:
    raise RuntimeError("defusedxml must be installed for safe XLSX parsing")

_CHUNK = 1 << 20


def check_archive(path: Path) -> None:
    """Rejects archives with too many entries, a too large unpacked size or a suspicious compression ratio,
    judging by the declared sizes and then by actually inflating with a byte cap (declared sizes can lie)."""
    max_total, max_entries, max_ratio = (
        settings.XLSX_MAX_UNPACKED_BYTES,
        settings.XLSX_MAX_ENTRIES,
        settings.XLSX_MAX_RATIO,
    )
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ImportFileError("the workbook is not a valid XLSX (ZIP) file") from exc
    with archive:
        entries = archive.infolist()
        if len(entries) > max_entries:
            raise ImportFileError(f"the workbook has {len(entries)} parts; at most {max_entries} are accepted")
        names = {entry.filename for entry in entries}
        if "[Content_Types].xml" not in names:
            raise ImportFileError("the file is a ZIP archive but not an Excel workbook")
        declared = sum(entry.file_size for entry in entries)
        if declared > max_total:
            raise ImportFileError(
                f"the workbook unpacks to {declared / 2**20:.0f} MB; at most {max_total / 2**20:.0f} MB"
            )
        for entry in entries:
            if entry.compress_size and entry.file_size / entry.compress_size > max_ratio and entry.file_size > _CHUNK:
                raise ImportFileError(
                    f"part '{entry.filename}' is compressed {entry.file_size / entry.compress_size:.0f}:1 "
                    f"(over {max_ratio}:1): refused as a possible zip bomb"
                )
        inflated = 0
        for entry in entries:
            with archive.open(entry) as stream:
                while chunk := stream.read(_CHUNK):
                    inflated += len(chunk)
                    if inflated > max_total:
                        raise ImportFileError("the workbook unpacks to more than its parts declare: refused")


def iter_rows(path: Path) -> Iterator[list]:
    """The first sheet's rows, streamed (openpyxl's read-only mode), each checked like a CSV row."""
    check_archive(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for malformed files; their text names server paths
        raise ImportFileError(f"the workbook cannot be read ({type(exc).__name__}): is it a valid .xlsx file?") from exc
    try:
        sheet = workbook.worksheets[0]
        if (sheet.max_column or 0) > MAX_COLUMNS:  # the declared dimension, before any cell is read
            raise ImportFileError(
                f"the sheet has {sheet.max_column:,} columns; a table may have at most {MAX_COLUMNS:,}"
            )
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield checked_row(list(row), number)
    finally:
        workbook.close()


def read(path: Path) -> list[list]:
    return list(iter_rows(path))
