import pandas as pd

from apps.dashboards.figures.maps import region_category_map, region_highlight_map

LABELS = {"code": "Code", "parent": "Part of", "legend": "Macro-region", "this": "This region", "other": ""}


def _frame():
    return pd.DataFrame(
        {
            "code": ["420000", "430000", "810000"],
            "name": ["湖北省", "湖南省", "香港特别行政区"],
            "name_alt": ["Hubei", "Hunan", "Hong Kong"],
            "category": ["Central", "Central", "Other"],
            "parent_name": ["—", "—", "—"],
        }
    )


def test_category_map_has_one_choropleth_from_the_geojson_url():
    figure = region_category_map(
        _frame(), geojson_url="/api/regions/geojson/?level=province", categories=["Central", "Other"], labels=LABELS
    )
    assert len(figure.data) == 1
    trace = figure.data[0]
    assert trace.type == "choropleth"
    assert trace.geojson == "/api/regions/geojson/?level=province"
    assert trace.featureidkey == "properties.code"
    assert list(trace.locations) == ["420000", "430000", "810000"]
    assert list(trace.z) == [0, 0, 1]
    assert list(trace.colorbar.ticktext) == ["Central", "Other"]
    assert trace.colorbar.title.text == "Macro-region"
    assert "Code: %{customdata[2]}" in trace.hovertemplate
    assert "%{customdata[1]}" in trace.hovertemplate  # the name in the other language


def test_map_needs_no_base_map_and_fits_the_regions():
    geo = region_category_map(_frame(), geojson_url="/x", categories=["Central", "Other"], labels=LABELS).layout.geo
    assert geo.fitbounds == "locations"
    assert geo.projection.rotation.lon is None  # an explicit rotation would switch fitbounds off
    for layer in (
        "showland",
        "showlakes",
        "showocean",
        "showrivers",
        "showcoastlines",
        "showcountries",
        "showsubunits",
    ):
        assert getattr(geo, layer) is False, layer


def test_highlight_map_picks_out_the_region():
    figure = region_highlight_map(_frame(), geojson_url="/x", highlight={"430000"}, labels=LABELS)
    assert list(figure.data[0].z) == [0, 1, 0]
    assert figure.data[0].showscale is False


def test_value_map_colours_scores_and_greys_the_unscored():
    from apps.dashboards.figures.maps import region_value_map

    frame = _frame().assign(value=[0.8, 0.4, None], detail=["Rank 1 of 2", "Rank 2 of 2", "no data"])
    figure = region_value_map(frame, geojson_url="/x", labels={"code": "Code", "value": "Composite score (v1 · 2022)",
                                                               "missing": "Not scored"})  # fmt: skip
    assert len(figure.data) == 2
    scored, missing = figure.data
    assert list(scored.locations) == ["420000", "430000"] and list(scored.z) == [0.8, 0.4]
    assert scored.colorbar.title.text == "Composite score (v1 · 2022)"
    assert "%{customdata[3]}" in scored.hovertemplate  # rank and its interval in the hover
    assert list(missing.locations) == ["810000"] and missing.showscale is False
    assert figure.layout.geo.fitbounds == "locations"
