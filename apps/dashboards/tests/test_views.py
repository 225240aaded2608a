import json
import re

import pytest


@pytest.fixture
def logged_in(client, official, regions):
    client.force_login(official)
    return client


def _figure(response) -> dict:
    match = re.search(rb'<script id="map-figure" type="application/json">(.*?)</script>', response.content, re.S)
    return json.loads(match.group(1))


@pytest.mark.parametrize(("level", "count"), [("province", 34), ("prefecture", 370), ("county", 2875)])
def test_map_page_per_level(logged_in, level, count):
    response = logged_in.get("/", {"level": level})
    assert response.status_code == 200
    trace = _figure(response)["data"][0]
    assert len(trace["locations"]) == count
    assert trace["geojson"] == f"/api/regions/geojson/?level={level}"
    assert b"vendor/plotly.min.js" in response.content
    assert b"cdn.plot.ly" not in response.content


def test_map_drill_down_into_a_province(logged_in):
    response = logged_in.get("/", {"level": "prefecture", "parent": "420000"})
    trace = _figure(response)["data"][0]
    assert len(trace["locations"]) == 17
    assert "parent=420000" in trace["geojson"]
    assert 'id="parent-page"' in response.content.decode()


def test_map_group_filter_and_bad_level(logged_in):
    trace = _figure(logged_in.get("/", {"level": "prefecture", "group": "gba"}))["data"][0]
    assert set(trace["locations"]) >= {"440300", "810000"} and len(trace["locations"]) == 11
    trace = _figure(logged_in.get("/", {"level": "nonsense"}))["data"][0]
    assert len(trace["locations"]) == 34


def test_region_page(logged_in):
    response = logged_in.get("/regions/420000/", HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert response.status_code == 200
    assert "湖北省" in text and "Hubei" in text
    assert "/regions/420100/" in text  # children link to their pages
    assert "Central" in text  # its macro-region
    trace = _figure(response)["data"][0]
    assert len(trace["locations"]) == 17


def test_county_page_shows_its_siblings(logged_in):
    response = logged_in.get("/regions/420102/")
    trace = _figure(response)["data"][0]
    assert "420102" in trace["locations"] and "420103" in trace["locations"]
    assert logged_in.get("/regions/999999/").status_code == 404


def test_pages_follow_the_language(logged_in):
    english = logged_in.get("/", HTTP_ACCEPT_LANGUAGE="en")
    chinese = logged_in.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "Level" in english.content.decode() and "层级" in chinese.content.decode()
    assert "Hubei" in _figure(english)["data"][0]["customdata"][16]
    assert "湖北省" in _figure(chinese)["data"][0]["customdata"][16]
    assert _figure(chinese)["data"][0]["colorbar"]["ticktext"] == [
        "东部地区",
        "中部地区",
        "西部地区",
        "东北地区",
        "港澳台",
    ]
