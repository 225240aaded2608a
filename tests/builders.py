"""Test data built in code: upload files from rows, and synthetic but plausible province tables for the
default model's indicators and for a 42-sector value-added table. Shared by the tests of every app."""

import io

import numpy as np
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


def province_table(year: int, seed: int = 0, boost: dict | None = None) -> list[list]:
    """Synthetic but plausible values for every indicator of the default model, for the 31 mainland provinces.
    `boost` multiplies a region's values (code → factor)."""
    from apps.indicators.models import Indicator
    from apps.regions.models import Region
    from apps.scoring.domain.model import required_codes
    from apps.scoring.services import default_model_ensure

    rng = np.random.default_rng(seed)
    model = default_model_ensure()
    codes = list(
        Region.objects.filter(level="province")
        .exclude(code__in=["710000", "810000", "820000"])
        .order_by("code")
        .values_list("code", flat=True)
    )
    units = dict(Indicator.objects.values_list("code", "unit"))
    rows = [["region_code", "indicator", "year", "value", "unit"]]
    for indicator in required_codes(model.spec):
        base = rng.lognormal(3, 1, size=len(codes))
        for code, value in zip(codes, base, strict=True):
            value *= (boost or {}).get(code, 1.0)
            if units[indicator] == "%":
                value = min(99.0, value % 100)
            rows.append([code, indicator, year, round(float(value), 4), units[indicator]])
    return rows


def province_industry_table(year: int, seed: int = 0) -> list[list]:
    """A synthetic 42-sector value-added table (万元) for the 31 mainland provinces."""
    from apps.regions.models import Region

    rng = np.random.default_rng(seed)
    codes = Region.objects.filter(level="province").exclude(code__in=["710000", "810000", "820000"])
    rows = [["region_code", "sector_code", "measure", "year", "value", "unit"]]
    for code in codes.values_list("code", flat=True):
        for s in range(1, 43):
            rows.append([code, f"S{s:02d}", "value_added", year, round(float(rng.lognormal(12, 1.3)), 2), "万元"])
    return rows
