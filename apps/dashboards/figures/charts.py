"""Charts for scorecards and comparisons. Pure: frames in, plotly figures out."""

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from .maps import CATEGORY_COLOURS


def pillar_radar(pillars: pd.DataFrame, *, labels: Mapping[str, str], height: int = 380) -> go.Figure:
    """One closed outline per row of `pillars` (rows: region or peer-group names; columns: pillar labels;
    values 0–1), on a shared 0–1 radial axis. `labels` gives `axis` (what the values are)."""
    figure = go.Figure()
    axes = list(pillars.columns)
    for i, (name, row) in enumerate(pillars.iterrows()):
        colour = CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)]
        figure.add_trace(
            go.Scatterpolar(
                r=[*row.tolist(), row.iloc[0]],
                theta=[*axes, axes[0]],
                name=str(name),
                fill="toself",
                line={"color": colour, "dash": "dot" if i and str(name).startswith("∅") else "solid"},
                opacity=0.75,
                hovertemplate=f"{name}<br>%{{theta}}: %{{r:.3f}} ({labels['axis']})<extra></extra>",
            )
        )
    figure.update_layout(
        polar={
            "radialaxis": {"range": [0, 1], "tickfont": {"size": 9}, "angle": 90, "tickangle": 90},
            "angularaxis": {"tickfont": {"size": 10}},
        },
        title={"text": labels["axis"], "font": {"size": 12}, "x": 0.5, "y": 0.02, "yanchor": "bottom"},
        height=height,
        margin={"l": 120, "r": 130, "t": 30, "b": 50},
        legend={"orientation": "h", "y": -0.12},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return figure


def pillar_bars(pillars: pd.DataFrame, *, labels: Mapping[str, str], height: int = 360) -> go.Figure:
    """Grouped bars: pillars along x, one bar per region (rows of `pillars`). `labels`: `x`, `y`."""
    figure = go.Figure()
    for i, (name, row) in enumerate(pillars.iterrows()):
        figure.add_trace(
            go.Bar(
                x=list(pillars.columns),
                y=row.tolist(),
                name=str(name),
                marker_color=CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)],
                hovertemplate=f"{name}<br>%{{x}}: %{{y:.3f}}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="group",
        height=height,
        margin={"l": 50, "r": 10, "t": 20, "b": 60},
        xaxis={"title": {"text": labels["x"]}},
        yaxis={"title": {"text": labels["y"]}, "range": [0, 1]},
        legend={"orientation": "h"},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
    )
    return figure


def plan_sameness_chart(rows: list[dict], *, labels: Mapping[str, str], height: int | None = None) -> go.Figure:
    """Horizontal bars per industry: how many regions declared it, how many the data support it for, how many
    both (rows: `name`, `declared_regions`, `supported_regions`, `both`; most declared on top).
    `labels`: `declared`, `supported`, `both`, `axis`."""
    rows = list(reversed(rows))
    names = [r["name"] for r in rows]
    figure = go.Figure()
    for key, field, colour in (
        ("declared", "declared_regions", "#d73027"),
        ("supported", "supported_regions", "#4575b4"),
        ("both", "both", "#1a9850"),
    ):
        figure.add_trace(
            go.Bar(
                y=names,
                x=[r[field] for r in rows],
                name=labels[key],
                orientation="h",
                marker_color=colour,
                hovertemplate=f"%{{y}}<br>{labels[key]}: %{{x}}<extra></extra>",
            )
        )
    figure.update_layout(
        barmode="group",
        height=height or 120 + 60 * len(rows),
        margin={"l": 10, "r": 10, "t": 10, "b": 40},
        xaxis={"title": {"text": labels["axis"]}, "dtick": 5},
        yaxis={"automargin": True},
        legend={"orientation": "h", "y": -0.08},
        paper_bgcolor="rgba(0,0,0,0)",
    )
    return figure
