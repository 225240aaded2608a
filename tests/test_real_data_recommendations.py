"""Recommendations on the real provincial statistics in ../shared/data/raw: the provincial input-output
tables (42 sectors) as the region × industry matrix, the NBS and science-and-technology tables for the
pillars. Skipped only where that folder is absent; in CI a skip fails the run."""

import pytest

from apps.indicators.models import IndustryObservation
from apps.recommendations.models import Recommendation, RecommendationSet
from apps.scoring.models import RegionScore, ScoringModel
from apps.scoring.services import scoring_run_create, scoring_run_execute
from tests.test_real_data_import import RAW, _import
from tests.test_real_data_scoring import FILES

pytestmark = [
    pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data/raw is not present"),
    pytest.mark.usefixtures("regions", "upload_root"),
]
IO = RAW / "chnio_provincial_io" / "chnio_province_sector_long.csv"


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
    assert sectors.values("industry").distinct().count() == 42
    assert sectors.values("region").distinct().count() == 31


def test_recommendations_on_real_provincial_data(province_run_2017):
    run = province_run_2017
    balanced = RecommendationSet.objects.get(run=run, preset="balanced")
    assert balanced.basis == "relatedness"
    assert balanced.matrix["classification"] == "io42" and balanced.matrix["year"] == 2017
    items = Recommendation.objects.filter(set=balanced).select_related("region", "industry")
    scores = {s.region.code: s for s in RegionScore.objects.filter(run=run).select_related("region")}
    assert {i.region.code for i in items} == set(scores)
    # every recommendation carries its explanation in both languages, with numbers
    assert all(i.explanation["zh"] and i.explanation["en"] and i.explanation["drivers"] for i in items)
    # the picks differ across regions
    # no emerging industry is the top pick of more than a third of the provinces, under any preset
    for rec_set in RecommendationSet.objects.filter(run=run):
        emerging = rec_set.sameness["emerging"]["after"]
        assert emerging["top_share"] <= 0.35 and emerging["distinct_top"] >= 5, (rec_set.preset, emerging)
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
