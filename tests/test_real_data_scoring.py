"""The default model on the real provincial statistics in ../shared/data/raw: several years complete and the
ranks are sane. Skipped only where that folder is absent; in CI a skip fails the run."""

import pytest

from apps.scoring.models import RegionScore, ScoringModel
from apps.scoring.services import scoring_run_create, scoring_run_execute
from tests.test_real_data_import import NBS, NBS_WIDE, RAW, _import

pytestmark = [
    pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data/raw is not present"),
    pytest.mark.usefixtures("regions", "upload_root"),
]
FILES = [NBS / name for name in NBS_WIDE[:7]] + [RAW / "techme" / "techme_province_sci_tech_long.csv"]


def _v1() -> ScoringModel:
    """Version 1 of the default model, which these tables were first scored with: it stays runnable."""
    return ScoringModel.objects.get(slug="yindi-v1", version=1)


def test_default_model_on_real_provincial_data(admin_user_role):
    for path in FILES:
        _import(path, admin_user_role)
    for year in (2015, 2017, 2019):
        run = scoring_run_create(model=_v1(), level="province", year=year)
        scoring_run_execute(run_id=run.id)
        run.refresh_from_db()
        assert run.status == "succeeded", run.failure
        # the mainland provinces; Hong Kong, Macao and Taiwan have no data here, and a province may lack a
        # whole pillar in a year (Tibet has no technology-market figure for 2015): left out, with the reason
        assert run.scored >= 30 and {"710000", "810000", "820000"} <= set(run.excluded), run.excluded
        scores = {s.region.code: s for s in RegionScore.objects.filter(run=run).select_related("region")}
        leaders = ["110000", "310000", "320000", "330000", "440000"]  # Beijing, Shanghai, Jiangsu, Zhejiang, Guangdong
        laggards = [c for c in ("540000", "630000", "640000", "460000") if c in scores]  # Tibet, Qinghai, ...
        assert len(laggards) >= 3
        assert max(scores[c].rank for c in leaders) < min(scores[c].rank for c in laggards), year
        assert all(scores[c].rank <= 8 for c in leaders), {c: scores[c].rank for c in leaders}
        assert all(scores[c].role == "characteristic" for c in laggards)
        assert scores["110000"].role == "pioneer"
        assert scores["110000"].modes["original"] > scores["640000"].modes["original"]
        assert all(s.rank_p05 <= s.rank <= s.rank_p95 or abs(s.rank - s.rank_median) <= 3 for s in scores.values())
