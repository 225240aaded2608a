import json

import numpy as np
import shapely
from shapely.geometry import Polygon, box

from apps.regions.domain.layers import coverage_report, feature_collection, simplify_coverage


def _jagged_pair():
    """Two squares sharing a zig-zag border with many small steps."""
    steps = [(1.0 + (0.004 if i % 2 else 0.0), i / 100) for i in range(101)]
    left = Polygon([(0, 0), *steps, (0, 1)])
    right = Polygon([(2, 0), (2, 1), *reversed(steps)])
    return [left, right]


def test_simplify_keeps_the_shared_border_shared():
    source = _jagged_pair()
    simplified = simplify_coverage(source, tolerance=0.01, grid=0.001)
    report = coverage_report(source, simplified)
    assert report.invalid == 0 and report.empty == 0
    assert report.overlap_area < 1e-12
    assert report.gap_area < 1e-12
    assert report.unmatched_edges == 0
    # the zig-zag is simplified away, and both sides agree on what remains
    assert shapely.get_num_coordinates(simplified).sum() < shapely.get_num_coordinates(np.array(source)).sum()
    border_left = simplified[0].intersection(simplified[1])
    assert border_left.length > 0.9


def test_simplify_rounds_to_the_grid():
    source = [box(0.00012, 0.00049, 1.00031, 1.0), box(1.00031, 0.00049, 2.0, 1.0)]
    simplified = simplify_coverage(source, tolerance=0.001, grid=0.001)
    coords = shapely.get_coordinates(simplified)
    assert np.allclose(coords, np.round(coords, 3), atol=1e-12)


def test_an_islet_smaller_than_the_grid_survives():
    islet = box(10.0001, 10.0001, 10.0003, 10.0003)
    simplified = simplify_coverage([box(0, 0, 1, 1), islet], tolerance=0.01, grid=0.001)
    assert not simplified[1].is_empty
    assert simplified[1].area > 0


def _grid(shrink_centre: float = 0.0):
    cells = [box(x, y, x + 1, y + 1) for x in range(3) for y in range(3)]
    cells[4] = box(1 + shrink_centre, 1 + shrink_centre, 2 - shrink_centre, 2 - shrink_centre)
    return cells


def test_report_finds_an_overlap_and_gaps():
    source = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(0, 1, 2, 2)]
    overlapping = [box(0, 0, 1.1, 1), box(1, 0, 2, 1), box(0, 1, 2, 2)]
    open_gap = [box(0, 0, 0.9, 1), box(1, 0, 2, 1), box(0, 1, 2, 2)]
    assert coverage_report(source, overlapping).overlap_area > 0.09
    # a gap reaching the outline leaves edges without a partner; an enclosed one leaves area
    assert coverage_report(source, open_gap).unmatched_edges > 0
    assert coverage_report(_grid(), _grid(shrink_centre=0.1)).gap_area > 0.3
    clean = coverage_report(_grid(), _grid())
    assert clean.gap_area == 0 and clean.overlap_area == 0 and clean.unmatched_edges == 0


def test_feature_collection_orients_rings_for_d3_and_keeps_properties():
    square = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])  # counter-clockwise, as GeoJSON writes it
    collection = feature_collection([({"code": "110000", "name_zh": "北京市"}, square)], grid=0.001)
    feature = collection["features"][0]
    assert feature["id"] == "110000"
    assert feature["properties"]["name_zh"] == "北京市"
    ring = feature["geometry"]["coordinates"][0]
    assert not shapely.LinearRing(ring).is_ccw  # d3-geo wants clockwise exterior rings
    json.dumps(collection)


def test_feature_collection_prints_few_decimals():
    square = box(116.30000000000001, 39.9, 116.4, 40.0)
    text = json.dumps(feature_collection([({"code": "x"}, square)], grid=0.001))
    assert "116.30000000000001" not in text and "116.3" in text
