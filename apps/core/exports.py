"""Safe values for CSV and XLSX exports."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise_formula(value):
    """Prefixes text that a spreadsheet would run as a formula with an apostrophe (OWASP ASVS 1.2.10),
    also when spaces come first. Numbers, including negative ones, are returned unchanged."""
    if not isinstance(value, str):
        return value
    if value.lstrip(" ").startswith(FORMULA_TRIGGERS) or value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def table_response(filename: str, header: list[str], rows: list[list], fmt: str):
    """The table as a CSV (UTF-8 with BOM, so spreadsheet programs read the Chinese) or XLSX download, every
    text cell neutralised."""
    import csv
    import io

    from django.http import HttpResponse

    safe = [[neutralise_formula(cell) for cell in row] for row in [header, *rows]]
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("data")
        for row in safe:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(safe)
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.{"xlsx" if fmt == "xlsx" else "csv"}"'
    return response
