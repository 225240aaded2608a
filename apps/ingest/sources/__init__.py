"""Readers that turn an uploaded file into a table (a list of rows of cells), one per format."""

from .base import ImportFileError, read_table, sniff_format

__all__ = ["ImportFileError", "read_table", "sniff_format"]
