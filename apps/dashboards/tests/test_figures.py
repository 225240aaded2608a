import pandas as pd
import pytest

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
    assert trace.showscale is False  # a discrete legend drawn by the page, not a colour bar
    assert figure.layout.meta["legend_title"] == "Macro-region"
    assert [label for _, label in figure.layout.meta["legend"]] == ["Central", "Other"]
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


def test_class_map_colours_classes_with_a_legend_and_greys_the_unscored():
    from apps.dashboards.figures.maps import region_class_map

    frame = _frame().assign(
        klass=[1, 0, None],
        value_text=["GDP: 5,000 亿元", "GDP: 300 亿元", ""],
        detail=["Rank 1 of 2", "Rank 2 of 2", "no data"],
    )
    figure = region_class_map(
        frame,
        geojson_url="/x",
        class_labels=["300 – 1,000", "1,000 – 5,000"],
        labels={"code": "Code", "legend": "GDP (亿元, 2022)", "missing": "No value"},
    )
    assert len(figure.data) == 2
    classed, missing = figure.data
    assert list(classed.locations) == ["420000", "430000"] and list(classed.z) == [1.0, 0.0]
    assert classed.colorbar.title.text == "GDP (亿元, 2022)"
    assert list(classed.colorbar.ticktext) == ["300 – 1,000", "1,000 – 5,000"]
    assert "%{customdata[3]}" in classed.hovertemplate and classed.customdata[0][3] == "GDP: 5,000 亿元"  # unit
    assert list(missing.locations) == ["810000"] and missing.showscale is False
    assert figure.layout.geo.fitbounds == "locations"


def test_class_breaks_schemes():
    from apps.dashboards.domain.classify import class_breaks, class_labels, class_of

    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100]
    quantiles = class_breaks(values, "quantiles", k=5)
    equal = class_breaks(values, "equal_interval", k=5)
    jenks = class_breaks(values, "natural_breaks", k=2)
    assert len(quantiles) == 5 and quantiles[-1] == 100
    assert equal[0] == pytest.approx(1 + 99 / 5)
    assert jenks == [9, 100]  # the outlier alone
    assert class_of(9, jenks) == 0 and class_of(10, jenks) == 1 and class_of(None, jenks) is None
    assert class_labels([9, 100], 1) == ["1 – 9", "9 – 100"]
    assert class_breaks([3, 3, 3], "quantiles") == [3.0] and class_breaks([], "quantiles") == []


def test_pillar_radar_and_bars():
    from apps.dashboards.figures.charts import pillar_bars, pillar_radar

    frame = pd.DataFrame(
        [[0.9, 0.2, 0.5], [0.5, 0.5, 0.5]], index=["Hubei", "∅ peers"], columns=["Science", "Industry", "Market"]
    )
    radar = pillar_radar(frame, labels={"axis": "percentile"})
    assert [t.name for t in radar.data] == ["Hubei", "∅ peers"]
    assert list(radar.data[0].theta) == ["Science", "Industry", "Market", "Science"]  # closed outline
    assert list(radar.data[0].r) == [0.9, 0.2, 0.5, 0.9] and radar.layout.polar.radialaxis.range == (0, 1)
    assert "percentile" in radar.data[0].hovertemplate and radar.data[1].line.dash == "dot"
    bars = pillar_bars(frame, labels={"x": "Pillar", "y": "percentile"})
    assert bars.layout.barmode == "group" and bars.layout.yaxis.title.text == "percentile"
    assert list(bars.data[0].x) == ["Science", "Industry", "Market"]


def test_eleven_categories_get_eleven_distinct_colours_and_not_scored_is_grey():
    names = [f"产业{i}" for i in range(11)]
    frame = pd.DataFrame(
        {
            "code": [f"{i + 11:02d}0000" for i in range(12)],
            "name": names + ["台湾省"],
            "name_alt": names + ["Taiwan"],
            "category": names + ["未评分"],
            "parent_name": "—",
        }
    )
    figure = region_category_map(
        frame, geojson_url="/x", categories=[*names, "未评分"], labels=LABELS, muted={"未评分"}
    )
    legend = dict((label, colour) for colour, label in figure.layout.meta["legend"])
    colours = [legend[n] for n in names]
    assert len(set(colours)) == 11 and legend["未评分"] not in colours
    assert legend["未评分"] == "#d9d9d9"
    assert all(len({c[1:3], c[3:5], c[5:7]}) > 1 for c in colours)  # no grey among the categories
    # more categories than the palette: still all different
    from apps.dashboards.figures.maps import category_colours

    assert len(set(category_colours(40))) == 40
