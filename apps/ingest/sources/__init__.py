"""Readers that turn an uploaded file into a table (a list of rows of cells), one per format."""

from .base import ImportFileError, iter_chunks, iter_table, read_table, sniff_format

__all__ = ["ImportFileError", "iter_chunks", "iter_table", "read_table", "sniff_format"]
