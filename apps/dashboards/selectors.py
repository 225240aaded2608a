"""Reads for the dashboards: what the map can be coloured by in a run, with values, units, years and
sources, and class breaks computed once per run, variable and scheme (results of a run never change)."""

from django.core.cache import cache
from django.utils.translation import gettext as _

from apps.core.models import name_field
from apps.indicators.constants import Pillar
from apps.indicators.domain.derived import formula_text
from apps.indicators.models import Indicator, Observation
from apps.indicators.services import DERIVED_LAYOUT
from apps.scoring.models import RegionScore, ScoringRun
from apps.scoring.selectors import latest_in_window, run_pillar_codes

from .domain.classify import class_breaks


def map_variables(run: ScoringRun | None) -> list[tuple[str, str]]:
    """(value, label) for the colour choice: composite, role, top emerging pick, each pillar, each indicator."""
    out = [("macro", _("Macro-region"))]
    if run is None:
        return out
    out += [
        ("composite", _("Composite score")),
        ("role", _("Role")),
        ("top_emerging", _("Top emerging pick")),
        ("clusters", _("Clusters of the composite score (LISA)")),
    ]
    out += [(f"pillar:{code}", f"{_('Pillar')}: {Pillar(code).label}") for code in run_pillar_codes(run)]
    indicators = Indicator.objects.filter(code__in=list(run.weights)).order_by("pillar", "code")
    out += [(f"indicator:{i.code}", f"{_('Indicator')}: {i.name} ({i.unit})") for i in indicators]
    return out


def _cached_values(run: ScoringRun, variable: str) -> tuple[dict, str, list]:
    key = f"map-values:v2:{run.pk}:{variable}"
    found = cache.get(key)
    if found is None:
        if variable == "composite" or variable.startswith("pillar:"):
            pillar = variable.partition(":")[2]
            rows = RegionScore.objects.filter(run=run).values_list("region__code", "composite", "pillars")
            found = (
                {code: composite if not pillar else (pillars or {}).get(pillar) for code, composite, pillars in rows},
                "",
                [run.year],
            )
        else:
            rows = latest_in_window(
                Observation.objects.filter(
                    indicator__code=variable.partition(":")[2],
                    year__lte=run.year,
                    year__gte=run.year - run.window,
                    is_current=True,
                    region__scores__run=run,
                ).values_list("region__code", "value", "dataset__source", "dataset__original_name", "year"),
                key=lambda row: row[0],
            )
            # a dataset without a citation is named by its file
            found = (
                {region: value for region, value, *_s in rows},
                "; ".join(sorted({source or name for _r, _v, source, name, _y in rows})),
                sorted({year for *_r, year in rows}) or [run.year],
            )
        cache.set(key, found, timeout=None)
    return found


def map_values(run: ScoringRun, variable: str) -> dict:
    """Values of a numeric variable for every region of the run (code → value), with label, unit, year (the
    years used, where a run below the province level takes a value from an earlier year) and source. The
    values are cached per run: a run's results never change."""
    values, sources, years = _cached_values(run, variable)
    year = years[0] if len(years) == 1 else f"{years[0]}–{years[-1]}"
    if variable == "composite" or variable.startswith("pillar:"):
        pillar = variable.partition(":")[2]
        label = _("Composite score") if not pillar else Pillar(pillar).label
        return {
            "values": values,
            "label": str(label),
            "unit": _("score, 0–1"),
            "year": run.year,
            "score": True,
            "source": f"{run.model}, " + _("run %(id)s") % {"id": run.pk},
            "direction": "higher_better",
        }
    indicator = Indicator.objects.get(code=variable.partition(":")[2])
    return {
        "values": values,
        "label": indicator.name,
        "unit": indicator.unit,
        "year": year,
        "source": sources or indicator.default_source,
        "direction": indicator.direction,
    }


def map_breaks(run: ScoringRun, variable: str, scheme: str, values: dict) -> list[float]:
    key = f"map-breaks:{run.pk}:{variable}:{scheme}"
    found = cache.get(key)
    if found is None:
        found = class_breaks(list(values.values()), scheme)
        cache.set(key, found, timeout=None)
    return found


def pillar_percentiles(run: ScoringRun) -> dict[str, dict[str, float]]:
    """Region code → pillar → percentile of its pillar score among the run's regions (cached per run)."""
    key = f"pillar-percentiles:{run.pk}"
    found = cache.get(key)
    if found is None:
        import pandas as pd

        from apps.scoring.domain.percentiles import pillar_percentiles as pillar_percentiles_of

        rows = RegionScore.objects.filter(run=run).values_list("region__code", "pillars")
        frame = pd.DataFrame({code: pillars for code, pillars in rows}).T
        ranks = pillar_percentiles_of(frame.astype(float))
        found = {code: {k: float(v) for k, v in row.items() if v == v} for code, row in ranks.iterrows()}
        cache.set(key, found, timeout=None)
    return found


def indicator_table(run: ScoringRun, codes: list[str]) -> list[dict]:
    """Rows for the run's indicators: name, unit, direction, pillar, whether it is derived (with its formula),
    and per region code its value, source, vintage, the earlier vintages of the same figure, rank among the
    run's regions and the best region of those asked for."""
    indicators = list(Indicator.objects.filter(code__in=list(run.weights)).order_by("pillar", "code"))
    names = dict(Indicator.objects.values_list("code", name_field()))
    observations = (
        Observation.objects.filter(
            indicator__in=indicators, year__lte=run.year, year__gte=run.year - run.window, region__scores__run=run
        )
        .values_list(
            "indicator__code",
            "region__code",
            "value",
            "dataset__source",
            "dataset__vintage",
            "dataset__layout",
            "is_current",
            "year",
        )
        .order_by("year")
    )
    values: dict[str, dict[str, tuple]] = {}
    earlier: dict[tuple[str, str], list] = {}
    for indicator, region, value, source, vintage, layout, is_current, year in observations:
        if is_current:  # in year order: a region's latest year in the window wins
            values.setdefault(indicator, {})[region] = (value, source or "", vintage, layout == DERIVED_LAYOUT, year)
        else:
            earlier.setdefault((indicator, region, year), []).append(vintage)
    rows = []
    for indicator in indicators:
        found = values.get(indicator.code, {})
        lower = indicator.direction == "lower_better"
        ordered = sorted(found, key=lambda c: found[c][0], reverse=not lower)
        rank = {code: i + 1 for i, code in enumerate(ordered)}
        asked = [c for c in codes if c in found]
        best = (min if lower else max)(asked, key=lambda c: found[c][0]) if len(asked) > 1 else None
        formula = formula_text(indicator.formula, names) if indicator.formula else ""
        rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "unit": indicator.unit,
                "pillar": indicator.pillar,
                "direction": indicator.direction,
                "of": len(found),
                "best": best,
                "formula": formula,
                "cells": [
                    {
                        "region": c,
                        "value": found[c][0] if c in found else None,
                        "source": found[c][1] if c in found else "",
                        "vintage": found[c][2] if c in found else None,
                        "derived": found[c][3] if c in found else False,
                        "year": found[c][4] if c in found else None,
                        "earlier": sorted(
                            earlier.get((indicator.code, c, found[c][4] if c in found else run.year), []), reverse=True
                        ),
                        "rank": rank.get(c),
                    }
                    for c in codes
                ],
            }
        )
    return rows


def indicator_trends(*, region, codes: list[str], until: int) -> dict[str, dict]:
    """Per indicator, the region's current values over the years up to `until`: first and last year and
    value, the change, and the series."""
    rows = Observation.objects.filter(region=region, indicator__code__in=codes, is_current=True, year__lte=until)
    series: dict[str, list[tuple[int, float]]] = {}
    for code, year, value in rows.order_by("year").values_list("indicator__code", "year", "value"):
        series.setdefault(code, []).append((year, value))
    out = {}
    for code, points in series.items():
        (y0, v0), (y1, v1) = points[0], points[-1]
        change = (v1 - v0) / abs(v0) if v0 else None
        out[code] = {
            "years": len(points),
            "first_year": y0,
            "last_year": y1,
            "first": v0,
            "last": v1,
            "change": change,
            "arrow": "↑" if v1 > v0 else ("↓" if v1 < v0 else "→"),
            "series": points,
        }
    return out


def layer_neighbours(level: str) -> dict[str, list[str]]:
    """Queen contiguity of a map layer's regions (shared boundary points), cached per layer version."""
    import gzip
    import json

    from apps.regions.selectors import map_layer_gzip, map_layer_meta

    from .domain.clusters import queen_neighbours

    layer = map_layer_meta(level=level)
    if layer is None:
        return {}
    key = f"neighbours:{level}:{layer.etag}"
    found = cache.get(key)
    if found is None:
        features = json.loads(gzip.decompress(map_layer_gzip(layer=layer)))["features"]
        found = queen_neighbours(features)
        cache.set(key, found, timeout=None)
    return found


def map_clusters(run: ScoringRun) -> dict:
    """LISA clusters of the run's composite score (cached per run)."""
    from .domain.clusters import lisa_clusters

    key = f"clusters:{run.pk}"
    found = cache.get(key)
    if found is None:
        values, _sources, _years = _cached_values(run, "composite")
        found = lisa_clusters(values, layer_neighbours(run.level))
        cache.set(key, found, timeout=None)
    return found


def map_runs(*, level: str, user) -> list[ScoringRun]:
    """Runs the map can show at a level: the default model's finished runs (newest per year) and the user's
    own scenario runs."""
    from django.db.models import Q

    runs = (
        ScoringRun.objects.filter(level=level, status=ScoringRun.Status.SUCCEEDED)
        .filter(Q(model__owner=None, model__is_default=True) | Q(model__owner=user))
        .select_related("model")
        .order_by("-year", "-finished_at")
    )
    seen, out = set(), []
    for run in runs:
        key = (run.model_id, run.year)
        if key not in seen:
            seen.add(key)
            out.append(run)
    return out
