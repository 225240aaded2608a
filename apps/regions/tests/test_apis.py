import gzip
import json

import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api(official, regions):
    client = APIClient()
    client.force_authenticate(official)
    return client


@pytest.mark.parametrize(("level", "count"), [("province", 34), ("prefecture", 370), ("county", 2875)])
def test_list_by_map_level(api, level, count):
    response = api.get("/api/regions/", {"level": level, "limit": 5})
    assert response.status_code == 200
    assert response.data["count"] == count
    item = response.data["results"][0]
    assert {"code", "name_zh", "name_en", "level", "parent"} <= set(item)


def test_list_filters(api):
    hubei = api.get("/api/regions/", {"parent": "420000", "limit": 100}).data
    assert hubei["count"] == 17
    assert {r["parent"] for r in hubei["results"]} == {"420000"}
    yrd = api.get("/api/regions/", {"level": "prefecture", "group": "yrd", "limit": 100}).data
    assert yrd["count"] == 41  # Shanghai 1 + Jiangsu 13 + Zhejiang 11 + Anhui 16
    found = api.get("/api/regions/", {"q": "武汉"}).data["results"]
    assert [r["code"] for r in found] == ["420100"]
    assert api.get("/api/regions/", {"q": "wuhan"}).data["results"][0]["code"] == "420100"
    assert api.get("/api/regions/", {"group": "no-such-group"}).data["count"] == 0


def test_invalid_level_is_a_clear_400(api):
    response = api.get("/api/regions/", {"level": "township"})
    assert response.status_code == 400
    assert "level" in response.data


def test_list_query_count_does_not_grow_with_page_size(api, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        api.get("/api/regions/", {"level": "county", "limit": 25})
    with django_assert_max_num_queries(4):
        api.get("/api/regions/", {"level": "county", "limit": 1000})


def test_detail(api):
    data = api.get("/api/regions/420100/").data
    assert data["code"] == "420100" and data["parent"] == "420000" and data["level"] == "prefecture"
    assert "420102" in data["children"]
    assert "central" in data["groups"]
    assert api.get("/api/regions/999999/").status_code == 404


def test_geojson_is_gzipped_cached_and_carries_names(api):
    response = api.get("/api/regions/geojson/", {"level": "province"}, HTTP_ACCEPT_ENCODING="gzip, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"] == "application/geo+json"
    collection = json.loads(gzip.decompress(response.content))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 34
    assert {"code", "name_zh", "name_en"} <= set(collection["features"][0]["properties"])
    again = api.get("/api/regions/geojson/", {"level": "province"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_geojson_without_gzip_and_subsets(api):
    plain = api.get("/api/regions/geojson/", {"level": "prefecture", "parent": "420000"})
    assert "Content-Encoding" not in plain
    codes = {f["properties"]["code"] for f in json.loads(plain.content)["features"]}
    assert len(codes) == 17 and "420100" in codes
    gba = json.loads(api.get("/api/regions/geojson/", {"level": "prefecture", "group": "gba"}).content)
    assert {f["properties"]["code"] for f in gba["features"]} >= {"440300", "810000", "820000"}
    assert api.get("/api/regions/geojson/", {"level": "nope"}).status_code == 400


def test_a_drill_down_gets_the_finer_layer(api):
    """A city's counties come from the county detail layer: the same regions, drawn with more points, in a
    few KB; the national layer stays coarse."""
    import shapely
    from shapely.geometry import shape

    def points(params):
        features = json.loads(api.get("/api/regions/geojson/", params).content)["features"]
        return {f["properties"]["code"]: shapely.get_num_coordinates(shape(f["geometry"])) for f in features}

    drill = api.get("/api/regions/geojson/", {"level": "county", "parent": "420100"}, HTTP_ACCEPT_ENCODING="gzip")
    assert len(drill.content) < 40 * 1024
    detailed = points({"level": "county", "parent": "420100"})
    national = points({"level": "county"})
    assert len(detailed) == 13 and sum(detailed.values()) > 1.5 * sum(national[code] for code in detailed)


def test_region_groups(api):
    groups = {g["code"]: g for g in api.get("/api/region-groups/").data}
    assert groups["jjj"]["members"] == ["110000", "120000", "130000"]
    assert groups["east"]["kind"] == "macro_region"


def test_english_names_follow_the_language(api):
    assert api.get("/api/regions/420100/", HTTP_ACCEPT_LANGUAGE="en").data["name"] == "Wuhan"
    assert api.get("/api/regions/420100/", HTTP_ACCEPT_LANGUAGE="zh-hans").data["name"] == "武汉市"
