"""Map layers: simplify a level's boundaries so neighbours keep sharing their borders, and serialise them.

Coordinates are longitude/latitude degrees (EPSG:4326, GCJ-02-based in the source data). The boundaries are a
valid polygon coverage; `shapely.coverage_simplify` simplifies each shared edge once for both neighbours, so no
gaps or overlaps open between them (the `topojson` package's toposimplify left many polygons invalid).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

# Per level: simplification tolerance (degrees; 0.01 deg is about 1 km) and grid (1e-4 deg is about 10 m).
# Each tolerance is near the coarsest that keeps every feature of the level valid and non-empty with every
# shared border matched (apps/regions/tests/test_sources_and_layers.py checks the built layers): a
# county map of the whole country is drawn at screen resolution, where 2 km is under a pixel. A coarser grid
# (1e-3) leaves edges unmatched after rounding, so the grid stays fine.
LAYER_PARAMETERS = {
    "province": {"tolerance": 0.06, "grid": 0.0001},  # 77 KB gzipped (was 156 KB at 0.02)
    "prefecture": {"tolerance": 0.03, "grid": 0.0001},  # 231 KB (was 612 KB at 0.01)
    "county": {"tolerance": 0.02, "grid": 0.0001},  # 716 KB (was 2.3 MB at 0.005)
}
# Finer layers for a drill-down (one province's cities, one city's counties), served cut to the parent's
# regions: a few dozen features, so a few KB, where the national tolerance would show districts as polygons
# of a handful of points.
DETAIL_PARAMETERS = {
    "prefecture": {"tolerance": 0.01, "grid": 0.0001},
    "county": {"tolerance": 0.005, "grid": 0.0001},
}
_FALLBACK_GRID = 1e-5


def simplify_coverage(geometries: Sequence[BaseGeometry], *, tolerance: float, grid: float) -> np.ndarray:
    """Simplifies a coverage of polygons with `tolerance`, keeping shared edges shared, then rounds every
    vertex to `grid`.

    Rounding is pointwise, so a vertex two neighbours share lands on the same grid point for both. Where
    rounding collapses a ring or folds a spike, that one feature is repaired; an islet that the grid would
    erase keeps a finer grid instead. Returns an array of (Multi)Polygons in input order.
    """
    simplified = shapely.coverage_simplify(np.asarray(geometries, dtype=object), tolerance)
    rounded = shapely.set_precision(simplified, grid, mode="pointwise")
    broken = ~shapely.is_valid(rounded)
    if broken.any():
        rounded[broken] = shapely.make_valid(rounded[broken], method="structure", keep_collapsed=False)
    lost = shapely.is_empty(rounded) | (shapely.area(rounded) == 0)
    if lost.any():
        rounded[lost] = shapely.make_valid(
            shapely.set_precision(simplified[lost], _FALLBACK_GRID, mode="pointwise"),
            method="structure",
            keep_collapsed=False,
        )
    return rounded


@dataclass(frozen=True)
class CoverageReport:
    """Defects of a simplified layer against its source; areas in square degrees."""

    features: int
    invalid: int
    empty: int
    overlap_area: float
    gap_area: float
    unmatched_edges: int


def _hole_area(geometry: BaseGeometry) -> float:
    polygons = getattr(geometry, "geoms", [geometry])
    return float(sum(shapely.Polygon(ring).area for polygon in polygons for ring in polygon.interiors))


def coverage_report(source: Sequence[BaseGeometry], simplified: Sequence[BaseGeometry]) -> CoverageReport:
    """Overlap is area counted twice among the simplified features; gap is area enclosed by the layer that no
    simplified feature covers but the source did (slivers opened between neighbours). A gap that reaches the
    layer's outline encloses nothing; it shows as edges that have no matching neighbour edge."""
    source_array = np.asarray(source, dtype=object)
    array = np.asarray(simplified, dtype=object)
    union = shapely.union_all(array)
    overlap = float(shapely.area(array).sum() - union.area)
    gap = _hole_area(union) - _hole_area(shapely.coverage_union_all(source_array))
    edges = shapely.coverage_invalid_edges(array)
    return CoverageReport(
        features=len(array),
        invalid=int((~shapely.is_valid(array)).sum()),
        empty=int(shapely.is_empty(array).sum()),
        overlap_area=max(overlap, 0.0),
        gap_area=max(gap, 0.0),
        unmatched_edges=int((~shapely.is_empty(edges)).sum()),
    )


def _round(value, digits: int):
    if isinstance(value, float):
        return round(value, digits)
    return [_round(item, digits) for item in value]


def feature_collection(features: Sequence[tuple[dict, BaseGeometry]], *, grid: float) -> dict:
    """GeoJSON FeatureCollection; coordinates printed with no more decimals than the grid needs.

    Exterior rings run clockwise: d3-geo (inside plotly.js) reads rings on the sphere and takes a
    counter-clockwise ring for "everything but this polygon".
    """
    digits = max(0, int(round(-np.log10(_FALLBACK_GRID))))
    layer_digits = max(0, int(round(-np.log10(grid))))
    out = []
    for properties, geometry in features:
        geometry = shapely.orient_polygons(geometry, exterior_cw=True)
        geo = mapping(geometry)
        # Coordinates on the layer grid print with its digits; islets kept on the finer grid keep theirs.
        coords = shapely.get_coordinates(geometry)
        on_grid = bool(np.allclose(coords, np.round(coords, layer_digits), atol=1e-9, rtol=0))
        out.append(
            {
                "type": "Feature",
                "id": properties.get("code"),
                "properties": properties,
                "geometry": {
                    "type": geo["type"],
                    "coordinates": _round(geo["coordinates"], layer_digits if on_grid else digits),
                },
            }
        )
    return {"type": "FeatureCollection", "features": out}
