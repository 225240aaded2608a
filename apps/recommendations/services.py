"""Recommendations are computed with a scoring run, from its pillar scores and roles and, where it exists, a
region × industry matrix, and written in the same transaction as the scores (all or nothing)."""

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings

from apps.core.bulk import json_text, rows_stream
from apps.indicators.vocabulary import MEASURES, PILLARS
from apps.regions.constants import Level
from apps.regions.models import Region

from .domain.recommend import (
    PRESETS,
    SAMENESS_PENALTY,
    Indicators,
    Item,
    Links,
    Matrix,
    Target,
    recommend,
    structure,
)
from .models import Recommendation, RecommendationSet, TargetIndustry
from .selectors import indicator_values, industry_matrix, matrix_candidates, target_list

FULL_RANKING_MAX_REGIONS = 400  # provinces and prefectures keep every industry ranked; counties the top 3
COUNTY_TOP = 3
CATALOGUE_FILE = Path(settings.BASE_DIR) / "fixtures" / "target_industries.json"
LINKAGES_FILE = Path(settings.BASE_DIR) / "fixtures" / "io_linkages.json"
MEASURE_NAMES = {code: (m.zh, m.en) for code, m in MEASURES.items()}
_PILLAR_ORDER = {code: k for k, code in enumerate(PILLARS)}
MEASURE_UNITS = {code: m.unit for code, m in MEASURES.items()}


def targets_seed() -> int:
    """Adds the shipped target industries that are missing (after every migrate); admins' edits are kept."""
    data = json.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    created = 0
    for item in data["industries"]:
        _, new = TargetIndustry.objects.get_or_create(code=item["code"], defaults=item)
        created += new
    return created


@dataclass
class Plan:
    """What a run's recommendations are computed from, read before its transaction; `sets()` computes them
    preset by preset, as its write pulls them."""

    run: object
    regions: dict[str, Region]
    matrix_meta: dict
    by_code: dict[str, TargetIndustry]
    arguments: dict  # recommend()'s arguments but the preset; its memo is shared by the presets

    def sets(self) -> Iterator[tuple[RecommendationSet, list[tuple[Item, Region, TargetIndustry]]]]:
        for preset in PRESETS:
            items, summary = recommend(preset=preset, **self.arguments)
            context = summary.pop("context")  # what every pick's facts share, stored once with the set
            rec_set = RecommendationSet(
                run=self.run,
                preset=preset,
                basis=summary["basis"],
                matrix=self.matrix_meta,
                sameness=summary,
                parameters={
                    "penalty": SAMENESS_PENALTY,
                    "weights": {k: v for k, v in PRESETS[preset].items()},
                    "context": context,
                },
            )
            yield rec_set, [(item, self.regions[item.region], self.by_code[item.target]) for item in items]


def _neighbours(level: str, regions: dict[str, Region], macro: pd.Series) -> dict[str, set[str]]:
    if level == Level.PROVINCE:
        key = {code: macro.get(code, "other") for code in regions}
    elif level == Level.PREFECTURE:
        key = {code: r.province_code for code, r in regions.items()}
    else:
        key = {code: r.prefecture_code or r.province_code for code, r in regions.items()}
    groups: dict[str, set[str]] = {}
    for code, k in key.items():
        groups.setdefault(k, set()).add(code)
    return {code: groups[key[code]] - {code} for code in regions}


@functools.cache
def _linkages_file() -> dict:
    return json.loads(LINKAGES_FILE.read_text(encoding="utf-8")) if LINKAGES_FILE.is_file() else {}


def io_links(classification: str, year: int) -> Links | None:
    """The supply-chain links of the input-output table closest to `year` (the latest benchmark not after
    it, else the earliest), for a matrix in the input-output classification; None for other classifications."""
    data = _linkages_file()
    if classification != data.get("classification") or not data.get("years"):
        return None
    years = sorted(int(y) for y in data["years"])
    chosen = max((y for y in years if y <= year), default=years[0])
    table = data["years"][str(chosen)]
    return Links(
        sectors=list(data["sectors"]),
        input_share=np.array(table["input_share"]),
        output_share=np.array(table["output_share"]),
        year=chosen,
        source=f"{data['citation']}（{chosen}）",
        not_strengths=frozenset(data.get("not_strengths", {})),
    )


def _leaves(code: str, columns: set[str], parent_of: dict[str, str]) -> list[str]:
    """The matrix sectors a catalogue code stands for: itself, or the finer sectors under it. Never its
    parent: a manufacturing division is not judged by the manufacturing section as a whole."""
    if code in columns:
        return [code]
    out = []
    for column in sorted(columns):
        ancestor = parent_of.get(column)
        while ancestor and ancestor != code:
            ancestor = parent_of.get(ancestor)
        if ancestor == code:
            out.append(column)
    return out


def _targets(classification: str | None, parent_of: dict[str, str], columns: set[str]) -> list[Target]:
    out = []
    for t in target_list():
        sectors: list[str] = []
        for code in (t.sectors or {}).get(classification, []) if classification else []:
            sectors += [leaf for leaf in _leaves(code, columns, parent_of) if leaf not in sectors]
        pillars = (t.requires or {}).get("pillars") or {"science_education": 1.0}
        # in the framework's order: PostgreSQL's JSON keeps keys in its own order and SQLite as written, and
        # the order decides ties (the sums of a fit, gaps of equal weight)
        pillars = {p: pillars[p] for p in sorted(pillars, key=lambda p: (_PILLAR_ORDER.get(p, len(PILLARS)), p))}
        out.append(
            Target(
                code=t.code,
                category=t.category,
                name_zh=t.name_zh,
                name_en=t.name_en,
                sectors=tuple(sectors),
                pillars={k: float(v) for k, v in pillars.items()},
                indicators=tuple((t.requires or {}).get("indicators", [])),
                upgrade_paths=tuple(t.upgrade_paths),
            )
        )
    return out


def target_indicator_codes() -> list[str]:
    """The indicators the target industries' requirement profiles cite (a run reads them with its own)."""
    return sorted({code for t in target_list() for code in (t.requires or {}).get("indicators", [])})


def recommendations_plan(
    *, run, pillars: pd.DataFrame, modes: pd.DataFrame, macro: pd.Series, inputs: pd.DataFrame | None = None
) -> Plan:
    """`pillars`: scored region codes × pillar scores; `modes`: their innovation-mode mix; `inputs`: the
    run's inputs already read (with `target_indicator_codes()`), else they are read here."""
    codes = list(pillars.index)
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    region_ids = [r.id for r in regions.values()]
    candidates = matrix_candidates(region_ids=region_ids, year=run.year)
    matrix, matrix_meta, classification, parent_of, columns = None, {"candidates": candidates}, None, {}, set()
    if candidates:
        best = candidates[0]
        classification = best["classification"]
        amounts, sector_names, parent_of, sources = industry_matrix(
            region_ids=region_ids, classification=classification, measure=best["measure"], year=best["year"]
        )
        columns = set(amounts.columns)
        matrix = Matrix(
            amounts=amounts,
            sector_names=sector_names,
            measure=MEASURE_NAMES[best["measure"]],
            unit=MEASURE_UNITS[best["measure"]],
            year=best["year"],
            source="; ".join(sources)[:300],
            links=io_links(classification, best["year"]),
        )
        matrix_meta.update(best, sources=sources, unit=matrix.unit)
    targets = _targets(classification, parent_of, columns)
    indicator_codes = sorted({c for t in targets for c in t.indicators})
    scored = None if inputs is None else inputs[inputs["region"].isin(regions)]
    values, meta = indicator_values(
        region_ids=region_ids, codes=indicator_codes, year=run.year, window=run.window, frame=scored
    )
    indicators = Indicators(frame=values, meta=meta, year=run.year)
    neighbours = _neighbours(run.level, regions, macro)
    names = {code: (r.name_zh, r.name_en) for code, r in regions.items()}
    by_code = {t.code: t for t in target_list()}
    # the matrix's structure (RCA, proximity, density, complexity) does not depend on the preset: once per run
    st = structure(matrix, targets, list(pillars.index)) if matrix is not None and not matrix.amounts.empty else None
    arguments = {
        "targets": targets,
        "pillars": pillars,
        "modes": modes,
        "neighbours": neighbours,
        "indicators": indicators,
        "matrix": matrix,
        "penalty": SAMENESS_PENALTY,
        "names": names,
        "top": None if len(codes) <= FULL_RANKING_MAX_REGIONS else COUNTY_TOP,
        "st": st,
        "memo": {},
    }
    return Plan(run=run, regions=regions, matrix_meta=matrix_meta, by_code=by_code, arguments=arguments)


def recommendations_write(*, run, plan: Plan) -> int:
    """Replaces the run's recommendations with the plan's (call inside the run's transaction). The sets are
    computed one preset at a time while the picks of the earlier ones stream to the database (one COPY on
    PostgreSQL: the server stores a preset's ~2.5 × 10^4 county picks while the next is worked out); each
    set is stored first and given its figures once its picks are written. A pick several presets share
    (the same item in their plans) is encoded once."""
    RecommendationSet.objects.filter(run=run).delete()
    sets = [RecommendationSet.objects.create(run=run, preset=preset, basis="") for preset in PRESETS]
    made: list[RecommendationSet] = []
    kept: list = []  # every set's items, alive to the end (see _encoded)
    encoded: dict = {}

    def chunks():
        for stored, (rec_set, items) in zip(sets, plan.sets(), strict=True):
            rec_set.pk = stored.pk
            made.append(rec_set)
            kept.append(items)
            texts = [_encoded(item, encoded) for item, _, _ in items]
            yield {
                "set_id": np.full(len(items), rec_set.pk, dtype=np.int64),
                "region_id": np.fromiter((region.pk for _, region, _ in items), dtype=np.int64, count=len(items)),
                "industry_id": np.fromiter((target.pk for _, _, target in items), dtype=np.int64, count=len(items)),
                "category": [item.category for item, _, _ in items],
                "rank": np.fromiter((item.rank for item, _, _ in items), dtype=np.int64, count=len(items)),
                "score": np.fromiter((item.score for item, _, _ in items), dtype=float, count=len(items)),
                "mode": [item.mode for item, _, _ in items],
                "innovation_mode": [item.innovation_mode for item, _, _ in items],
                "components": [text[0] for text in texts],
                "explanation": [text[1] for text in texts],
                "partners": [text[2] for text in texts],
            }

    written = rows_stream(Recommendation, list(PICK_COLUMNS), chunks())
    for rec_set in made:
        rec_set.save(update_fields=["basis", "matrix", "sameness", "parameters"])
    return written


PICK_COLUMNS = (
    "set_id",
    "region_id",
    "industry_id",
    "category",
    "rank",
    "score",
    "mode",
    "innovation_mode",
    "components",
    "explanation",
    "partners",
)


def _encoded(item, encoded: dict) -> tuple[str, str, str]:
    """The item's parts, facts and partners as JSON text, from `encoded` if another set had it."""
    key = id(item)  # the write keeps every item to its end (`kept`): an id is not reused meanwhile
    if key not in encoded:
        encoded[key] = (json_text(item.components), json_text(item.explanation), json_text(item.partners))
    return encoded[key]
