"""Recommendations on the real provincial statistics in ../shared/data/raw: the provincial input-output
tables (42 sectors) as the region × industry matrix, the NBS and science-and-technology tables for the
pillars. Skipped only where that folder is absent; in CI a skip fails the run."""

import json
from pathlib import Path

import pandas as pd
import pytest
from django.conf import settings

from apps.indicators.models import IndustryObservation
from apps.recommendations.models import Recommendation, RecommendationSet
from apps.recommendations.reasons import render
from apps.scoring.models import RegionScore, ScoringModel
from apps.scoring.services import scoring_run_create, scoring_run_execute
from tests.test_real_data_import import RAW, _import
from tests.test_real_data_scoring import FILES

pytestmark = [
    pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data/raw is not present"),
    pytest.mark.usefixtures("regions", "upload_root"),
]
# the shipped build of the input-output tables: the 2012 and 2017 sectors on the 2002 list (the raw long file
# labels them with the 2002 names although those years' tables follow their own lists)
IO = Path(settings.BASE_DIR) / "fixtures" / "demo" / "chnio_provincial_io_42_sectors.csv"
LINKS = json.loads((Path(settings.BASE_DIR) / "fixtures" / "io_linkages.json").read_text(encoding="utf-8"))
RESOURCE_SECTORS = ("S02", "S03", "S04")  # coal, oil and gas, metal ores


@pytest.fixture
def province_run_2017(admin_user_role):
    for path in [*FILES, IO]:
        _import(path, admin_user_role)
    run = scoring_run_create(model=_v1(), level="province", year=2017)
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    assert run.status == "succeeded", run.failure
    return run


def _v1() -> ScoringModel:
    """Version 1 of the default model, which these tables were first scored with: it stays runnable."""
    return ScoringModel.objects.get(slug="yindi-v1", version=1)


def test_io_table_imports_as_42_sector_matrix(province_run_2017):
    sectors = IndustryObservation.objects.filter(year=2017, measure="output", industry__classification__code="io42")
    # 39 of the 2002 list's 42: scrap (in other manufacturing), post (in transport) and tourism have no 2017 column
    assert sectors.values("industry").distinct().count() == 39
    assert sectors.values("region").distinct().count() == 31


def test_recommendations_on_real_provincial_data(province_run_2017):
    run = province_run_2017
    balanced = RecommendationSet.objects.get(run=run, preset="balanced")
    assert balanced.basis == "relatedness"
    assert balanced.matrix["classification"] == "io42" and balanced.matrix["year"] == 2017
    items = Recommendation.objects.filter(set=balanced).select_related("region", "industry")
    scores = {s.region.code: s for s in RegionScore.objects.filter(run=run).select_related("region")}
    assert {i.region.code for i in items} == set(scores)
    # every ranked recommendation carries its facts, and reads as a sentence in both languages
    ranked = [i for i in items if i.rank]
    assert all(i.facts["v"] == 2 and i.facts.get("drivers") for i in ranked)
    for item in ranked:
        for lang, region, industry in (
            ("zh", item.region.name_zh, item.industry.name_zh),
            ("en", item.region.name_en, item.industry.name_en),
        ):
            assert region in render(item.facts, region=region, industry=industry, lang=lang)["lead"]
    # the picks differ across regions
    # no emerging industry is the top pick of more than a third of the provinces under the balanced and
    # low-hanging presets; the long jump leans on complexity, the same for every region, and must say so
    for rec_set in RecommendationSet.objects.filter(run=run):
        emerging = rec_set.sameness["emerging"]["after"]
        assert emerging["distinct_top"] >= 5, (rec_set.preset, emerging)
        assert emerging["top_share"] <= 0.35 or (rec_set.preset == "long_jump" and rec_set.sameness["warning"])
        assert emerging["neighbour_same"] <= rec_set.sameness["emerging"]["before"]["neighbour_same"]
    # nobody without a science base is told to lead a future industry
    science = sorted(s.pillars["science_education"] for s in scores.values())
    cutoff = science[int(0.8 * (len(science) - 1))]
    for item in items.filter(category="future", mode="lead"):
        assert scores[item.region.code].pillars["science_education"] >= cutoff
    leads = items.filter(category="future", mode="lead")
    assert leads.filter(region__code="110000").exists()
    for direction in {i.industry.code for i in items if i.category == "future"}:  # a few leaders per direction
        assert 1 <= leads.filter(industry__code=direction).count() <= 5
    assert not leads.filter(region__code__in=["540000", "630000", "640000", "460000"]).exists()


def _link(table: dict, sector: str, target_sectors: list[str], weights: list[float]) -> float:
    pos = {code: k for k, code in enumerate(LINKS["sectors"])}
    supply = sum(w * table["input_share"][pos[sector]][pos[t]] for t, w in zip(target_sectors, weights, strict=True))
    buy = sum(w * table["output_share"][pos[t]][pos[sector]] for t, w in zip(target_sectors, weights, strict=True))
    return max(supply, buy)


def test_reasons_hold_on_real_provincial_data(province_run_2017):
    run = province_run_2017
    balanced = RecommendationSet.objects.get(run=run, preset="balanced")
    items = list(Recommendation.objects.filter(set=balanced).select_related("region", "industry"))
    io = pd.read_csv(IO, dtype={"region_code": str})
    io = io[(io["year"] == 2017) & (io["measure"] == "value_added")]
    national = io.groupby("industry")["value"].sum()
    table = LINKS["years"]["2017"]
    assert balanced.sameness["links"]["year"] == 2017
    # no cited related strength lacks a supply-chain link of at least 5 %, recomputed here from the table
    cited = 0
    for item in items:
        sectors = [s for s in item.industry.sectors["io42"] if s in national.index]
        weights = [national[s] / national[sectors].sum() for s in sectors]
        for strength in item.facts.get("strengths", []):
            assert strength["sector"] not in sectors and strength["lq"] >= 1
            assert _link(table, strength["sector"], sectors, weights) >= 0.05 - 1e-9, (item, strength)
            cited += 1
    assert cited > 100
    # public administration is nobody's related strength; textiles never lean on catering
    assert not [s for i in items for s in i.facts.get("strengths", []) if s["sector"] == "S42"]
    textile = [s["sector"] for i in items if i.industry.code == "trad-textile" for s in i.facts["strengths"]]
    assert "S31" not in textile  # catering: no link (wholesale and retail is one: 7.9 % of its inputs)
    # no two ranked picks of a region share their evidence
    by_region: dict = {}
    for item in items:
        if item.rank:
            facts = item.facts
            evidence = json.dumps([facts.get("sector"), facts.get("drivers"), facts.get("strengths")], sort_keys=True)
            by_region.setdefault(item.region.code, []).append(evidence)
    assert all(len(set(e)) == len(e) for e in by_region.values())
    # no region's top traditional pick is a sector in which it is under-specialised and small
    tops = {i.region.code: i for i in items if i.category == "traditional" and i.rank == 1}
    for code, item in tops.items():
        sector = item.facts["sector"]
        assert sector["lq"] >= 1 or sector["share"] >= sector["average_share"], (code, item.industry.code)
    # resource-based provinces (mining at least twice the national share) are told to upgrade a large,
    # specialised sector, among their three most specialised traditional industries
    mining = io[io["industry"].isin(RESOURCE_SECTORS)].groupby("region_code")["value"].sum()
    lq = (mining / io.groupby("region_code")["value"].sum()) / (national[list(RESOURCE_SECTORS)].sum() / national.sum())
    resource = sorted(lq[lq >= 2].index)
    assert {"140000", "150000"} <= set(resource)
    for code in resource:
        top = tops[code]
        assert top.mode == "upgrade" and top.facts["sector"]["lq"] >= 1, code
        own = sorted(
            (i.facts["sector"]["lq"], i.industry.code)
            for i in items
            if i.region.code == code and i.category == "traditional" and "sector" in i.facts
        )
        assert top.industry.code in [c for _, c in own[-3:]], (code, own[-3:])
    assert tops["140000"].industry.code == "trad-energy"
