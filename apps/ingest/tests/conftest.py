import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile


def make_csv(rows, *, encoding="utf-8", name="table.csv") -> SimpleUploadedFile:
    text = "\n".join(",".join(str(cell) for cell in row) for row in rows) + "\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def make_xlsx(rows, *, name="table.xlsx") -> SimpleUploadedFile:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
