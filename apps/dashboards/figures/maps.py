"""Map figures. Pure: frames in, plotly figures out; boundaries come from a GeoJSON URL plotly.js fetches."""

from collections.abc import Collection, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go

# Qualitative colours for categories, all different and none grey (grey means "not scored"): the Okabe-Ito
# colours first (distinguishable with the common forms of colour blindness), then Paul Tol's muted and light
# schemes; beyond them, hues evenly spaced around the colour wheel.
CATEGORY_COLOURS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#332288",
    "#117733",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
    "#DDCC77",
    "#CC6677",
    "#88CCEE",
    "#EE8866",
    "#BBCC33",
    "#FFAABB",
    "#AAAA00",
    "#77AADD",
    "#EEDD88",
]
# categories that mean "no result" (not scored, role withheld): light greys, in this order
MUTED_COLOURS = ["#d9d9d9", "#b3b3b3", "#8c8c8c"]


def category_colours(n: int) -> list[str]:
    """`n` distinct qualitative colours."""
    if n <= len(CATEGORY_COLOURS):
        return CATEGORY_COLOURS[:n]
    extra = n - len(CATEGORY_COLOURS)
    return CATEGORY_COLOURS + [_hsl(360 * i / extra, 0.55, 0.5) for i in range(extra)]


def _hsl(hue: float, saturation: float, lightness: float) -> str:
    import colorsys

    r, g, b = colorsys.hls_to_rgb(hue / 360, lightness, saturation)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


HIGHLIGHT_COLOURS = ["#d9dde3", "#D55E00"]
# LISA clusters: hot, cold, high outlier, low outlier, not significant, not scored (colour-blind-safe pairs)
CLUSTER_COLOURS = ["#D55E00", "#0072B2", "#E69F00", "#56B4E9", "#eeeeee", "#bbbbbb"]


def _discrete_colourscale(colours: Sequence[str]) -> list[list]:
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def region_category_map(
    regions: pd.DataFrame,
    *,
    geojson_url: str,
    categories: Sequence[str],
    labels: Mapping[str, str],
    height: int = 620,
    colours: Sequence[str] | None = None,
    muted: Collection[str] = (),
) -> go.Figure:
    """A choropleth of regions coloured by category (e.g. macro-region), one distinct colour per category
    (`category_colours` unless `colours` are given); categories in `muted` (not scored, withheld) are grey.
    The legend is discrete: `layout.meta.legend` lists [colour, category] for the page to draw, and the
    figure has no colour bar.

    `regions` needs columns `code`, `name` (active language), `name_alt` (the other language), `category`
    (one of `categories`) and `parent_name`. `labels` gives `code`, `parent` and `legend` texts. The
    GeoJSON at `geojson_url` must have `properties.code` on each feature.
    """
    index = {category: i for i, category in enumerate(categories)}
    if colours is None:
        plain = iter(category_colours(sum(1 for c in categories if c not in muted)))
        greys = iter(MUTED_COLOURS * len(categories))
        colours = [next(greys) if c in muted else next(plain) for c in categories]
    colours = [colours[i % len(colours)] for i in range(len(categories))]
    trace = _discrete_trace(
        geojson_url,
        regions["code"],
        regions["category"].map(index),
        colours,
        categories,
        labels["legend"],
        customdata=regions[["name", "name_alt", "code", "category", "parent_name"]].to_numpy(),
        hovertemplate=(
            "<b>%{customdata[0]}</b> %{customdata[1]}<br>"
            f"{labels['code']}: %{{customdata[2]}}<br>"
            f"{labels['parent']}: %{{customdata[4]}}<br>"
            "%{customdata[3]}<extra></extra>"
        ),
    )
    trace.showscale = False
    figure = _map_layout(go.Figure(trace), height)
    present = set(regions["category"])
    figure.update_layout(
        meta={
            "legend": [
                [colour, category] for colour, category in zip(colours, categories, strict=True) if category in present
            ],
            "legend_title": labels["legend"],
        }
    )
    return figure


def _discrete_trace(geojson_url, locations, z, colours, ticktext, title, **hover) -> go.Choropleth:
    """A choropleth of class indices `z` (0 … n−1), one colour each, with the classes named in the legend."""
    n = max(1, len(ticktext))
    return go.Choropleth(
        geojson=geojson_url,
        featureidkey="properties.code",
        locations=locations,
        z=z,
        zmin=-0.5,
        zmax=n - 0.5,
        colorscale=_discrete_colourscale(colours),
        marker={"line": {"color": "#ffffff", "width": 0.4}},
        colorbar={
            "title": {"text": title},
            "tickvals": list(range(n)),
            "ticktext": list(ticktext),
            "thickness": 14,
            "len": 0.6,
        },
        name=title,
        **hover,
    )


def region_highlight_map(
    regions: pd.DataFrame,
    *,
    geojson_url: str,
    highlight: Collection[str],
    labels: Mapping[str, str],
    height: int = 360,
) -> go.Figure:
    """A small map of regions with some of them (`highlight`, codes) picked out."""
    picked = regions["code"].isin(list(highlight))
    frame = regions.assign(category=picked.map({True: labels["this"], False: labels["other"]}))
    figure = region_category_map(
        frame, geojson_url=geojson_url, categories=[labels["other"], labels["this"]], labels=labels, height=height
    )
    figure.update_traces(colorscale=_discrete_colourscale(HIGHLIGHT_COLOURS), showscale=False)
    return figure


def _map_layout(figure: go.Figure, height: int) -> go.Figure:
    """Geo layout shared by the maps: no base map (plotly.js would fetch it from a CDN; the regions are the
    map), fitted to the regions, conic equal-area projection."""
    figure.update_geos(
        visible=False,
        showland=False,
        showlakes=False,
        showocean=False,
        showrivers=False,
        showcoastlines=False,
        showcountries=False,
        showsubunits=False,
        showframe=False,
        # An explicit rotation or centre would switch fitbounds off; the projection centres itself on the data.
        fitbounds="locations",
        projection={"type": "conic equal area", "parallels": [25, 47]},
        bgcolor="rgba(0,0,0,0)",
    )
    figure.update_layout(
        template="none",
        font={"family": "system-ui, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif"},
        height=height,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        paper_bgcolor="rgba(0,0,0,0)",
        dragmode="pan",
        hoverlabel={"bgcolor": "#ffffff", "font": {"size": 13}},
    )
    return figure


# Five steps of viridis: ordered, readable in grey and by the common forms of colour blindness.
CLASS_COLOURS = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"]


def region_class_map(
    regions: pd.DataFrame,
    *,
    geojson_url: str,
    class_labels: Sequence[str],
    labels: Mapping[str, str],
    height: int = 620,
) -> go.Figure:
    """A classed choropleth: `regions` has `code`, `name`, `name_alt`, `value_text` (value with unit),
    `detail` and `klass` (class index into `class_labels`, or None for no value, drawn grey). The legend
    lists the classes; `labels` gives `code`, `legend` (variable, unit, year, source) and `missing`."""
    n = max(1, len(class_labels))
    colours = _spread(CLASS_COLOURS, n)
    classed = regions[regions["klass"].notna()]
    missing = regions[regions["klass"].isna()]
    hover = "<b>%{customdata[0]}</b> %{customdata[1]}<br>" + f"{labels['code']}: %{{customdata[2]}}<br>"
    traces = [
        _discrete_trace(
            geojson_url,
            classed["code"],
            classed["klass"].astype(float).tolist(),  # a plain list: what-if rewrites it
            colours,
            class_labels,
            labels["legend"],
            customdata=classed[["name", "name_alt", "code", "value_text", "detail"]].to_numpy(),
            hovertemplate=hover + "%{customdata[3]}<br>%{customdata[4]}<extra></extra>",
        )
    ]
    if len(missing):
        traces.append(
            go.Choropleth(
                geojson=geojson_url,
                featureidkey="properties.code",
                locations=missing["code"],
                z=[0] * len(missing),
                colorscale=[[0, "#d9dde3"], [1, "#d9dde3"]],
                showscale=False,
                marker={"line": {"color": "#ffffff", "width": 0.4}},
                customdata=missing[["name", "name_alt", "code", "detail"]].to_numpy(),
                hovertemplate=hover + f"{labels['missing']}<br>%{{customdata[3]}}<extra></extra>",
                name=labels["missing"],
            )
        )
    return _map_layout(go.Figure(traces), height)


def _spread(palette: Sequence[str], n: int) -> list[str]:
    if n >= len(palette):
        return list(palette)
    step = (len(palette) - 1) / max(1, n - 1)
    return [palette[round(i * step)] for i in range(n)]


def add_outline(figure: go.Figure, codes: Sequence[str], *, geojson_url: str, name: str) -> go.Figure:
    """Draws a thick outline around the regions `codes` (e.g. a strategic zone) on top of a map, without
    hiding its colours or catching its hover."""
    figure.add_trace(
        go.Choropleth(
            geojson=geojson_url,
            featureidkey="properties.code",
            locations=list(codes),
            z=[0] * len(codes),
            colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
            showscale=False,
            hoverinfo="skip",
            marker={"line": {"color": "#111111", "width": 2.2}},
            name=name,
        )
    )
    return figure
