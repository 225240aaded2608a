"""The real boundaries: every unit present with its parent, and map layers that keep neighbours together."""

import gzip
import json
from collections import Counter

import pytest
import shapely
from shapely.geometry import shape

from apps.regions.constants import Level
from apps.regions.domain.layers import coverage_report
from apps.regions.sources import cnmaps_units, units_on_layer

# Payload targets for the gzipped layers (bytes).
PAYLOAD_LIMITS = {Level.PROVINCE: 80 * 1024, Level.PREFECTURE: 250 * 1024, Level.COUNTY: 800 * 1024}
LAYER_SIZES = {Level.PROVINCE: 34, Level.PREFECTURE: 370, Level.COUNTY: 2875}


@pytest.fixture(scope="module")
def units():
    return cnmaps_units()


def test_every_layer_has_all_the_package_units(units):
    for level, expected in LAYER_SIZES.items():
        assert len(units_on_layer(units, level)) == expected
    assert Counter(u.level for u in units)[Level.PROVINCE] == 34


def test_parents_exist_and_are_one_level_up_or_the_province(units):
    by_code = {u.code: u for u in units}
    for unit in units:
        if unit.level == Level.PROVINCE:
            assert unit.parent_code is None
            continue
        parent = by_code[unit.parent_code]
        assert parent.level in {Level.PROVINCE, Level.PREFECTURE}
        if unit.level == Level.PREFECTURE:
            assert parent.level == Level.PROVINCE


def test_special_cases(units):
    by_code = {u.code: u for u in units}
    # Chongqing's districts hang under the GB/T 2260 prefecture code 500100
    assert by_code["500100"].parent_code == "500000"
    assert by_code["500101"].parent_code == "500100"
    # Dongguan has no counties: it stands in the county layer itself
    assert by_code["441900"].lowest_level == Level.COUNTY
    assert "441900" in {u.code for u in units_on_layer(units, Level.COUNTY)}
    # Hong Kong's districts hang directly under it; it stands in the prefecture layer
    assert by_code["810001"].parent_code == "810000"
    assert by_code["810000"].lowest_level == Level.PREFECTURE
    # Hubei's directly administered county-level cities are prefecture-level units on the county layer too
    assert by_code["429004"].level == Level.PREFECTURE and by_code["429004"].lowest_level == Level.COUNTY


@pytest.fixture(scope="module")
def source_geometries(units):
    return {u.code: u.geometry() for u in units}


LAYERS = [(level, False) for level in LAYER_SIZES] + [(Level.PREFECTURE, True), (Level.COUNTY, True)]


def _layer(boundary_build, level, detail):
    layer = next(layer for layer in boundary_build.layers if layer.level == level and layer.detail == detail)
    features = json.loads(gzip.decompress(layer.geojson_gzip))["features"]
    return layer, [f["properties"]["code"] for f in features], features


@pytest.mark.parametrize(("level", "detail"), LAYERS)
def test_layer_keeps_neighbours_together(level, detail, units, source_geometries, boundary_build):
    _layer_, codes, features = _layer(boundary_build, level, detail)
    assert codes == [u.code for u in units_on_layer(units, level)]
    for feature in features:
        assert {"code", "name_zh", "name_en"} <= set(feature["properties"])
    simplified = [shape(f["geometry"]) for f in features]
    report = coverage_report([source_geometries[c] for c in codes], simplified)
    total_area = sum(g.area for g in simplified)
    assert report.invalid == 0
    assert report.empty == 0
    assert report.overlap_area < 1e-7 * total_area
    assert report.gap_area < 1e-7 * total_area
    assert report.unmatched_edges == 0


@pytest.mark.parametrize(("level", "detail"), LAYERS)
def test_layer_is_small(level, detail, source_geometries, boundary_build):
    layer, codes, features = _layer(boundary_build, level, detail)
    simplified = [shape(f["geometry"]) for f in features]
    # fewer vertices than the source, and the payload within its budget
    assert shapely.get_num_coordinates(simplified).sum() < 0.3 * sum(
        shapely.get_num_coordinates(source_geometries[c]) for c in codes
    )
    # national layers within their budget; detail layers (served cut to one parent's regions) finer
    if detail:
        national = next(x for x in boundary_build.layers if x.level == level and not x.detail)
        assert len(layer.geojson_gzip) > 2 * len(national.geojson_gzip)
    else:
        assert len(layer.geojson_gzip) <= PAYLOAD_LIMITS[level]
