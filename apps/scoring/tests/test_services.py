import pytest

from apps.scoring.models import RegionScore, ScoringModel, ScoringRun
from apps.scoring.selectors import default_model
from apps.scoring.services import scoring_run_create, scoring_run_execute


def _run(year: int, **kwargs) -> ScoringRun:
    run = scoring_run_create(model=default_model(), level="province", year=year, **kwargs)
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    return run


def test_default_model_is_seeded(db):
    model = default_model()
    assert model.name == "因地制宜 v2" and model.is_default
    # the version before it stays, runnable, no longer the default
    v1 = ScoringModel.objects.get(slug=model.slug, version=1)
    assert not v1.is_default and "state_key_labs" in str(v1.spec)
    pillars = [p["code"] for p in model.spec["pillars"]]
    assert pillars[:5] == [
        "science_education",
        "industrial_foundation",
        "scenarios_market",
        "enterprise_ecosystem",
        "innovation_output",
    ]


def test_run_scores_every_province_with_intervals_roles_and_fingerprint(province_data):
    province_data(2022)
    run = _run(2022)
    assert run.status == "succeeded", run.failure
    assert run.scored == 31 and set(run.excluded) == {"710000", "810000", "820000"}
    assert ScoringModel.objects.get(pk=run.model_id).locked
    scores = list(RegionScore.objects.filter(run=run).order_by("rank"))
    assert [s.rank for s in scores] == sorted(s.rank for s in scores) and scores[0].rank == 1
    for s in scores:
        assert s.rank_p05 <= s.rank_median <= s.rank_p95
        assert s.role in {"pioneer", "main_force", "characteristic"}
        assert abs(sum(s.modes.values()) - 1) < 1e-5
        assert abs(sum(s.contributions.values()) - s.composite) < 1e-9
    assert {s.role for s in scores} >= {"characteristic"}
    assert len(run.fingerprint) == 64 and run.inputs["datasets"]
    assert set(run.sensitivity) == {"weights", "normalisation", "imputation"}


def test_same_inputs_same_results_and_a_new_vintage_changes_the_fingerprint(province_data):
    province_data(2022)
    first, second = _run(2022), _run(2022)
    assert first.fingerprint == second.fingerprint
    assert first.results_sha256 == second.results_sha256
    province_data(2022, seed=1)  # a newer upload of the same year supersedes
    third = _run(2022)
    assert third.fingerprint != first.fingerprint


def test_swapping_two_regions_data_swaps_their_roles_and_ranks(province_data):
    province_data(2022, boost={"110000": 20.0})
    before = {s.region.code: s for s in RegionScore.objects.filter(run=_run(2022)).select_related("region")}
    province_data(2022, boost={"640000": 20.0})  # the same numbers, but now Ningxia is the strong one
    after = {s.region.code: s for s in RegionScore.objects.filter(run=_run(2022)).select_related("region")}
    assert after["640000"].role == before["110000"].role
    assert after["640000"].rank <= 3 and before["110000"].rank <= 3


def test_a_finished_run_is_left_alone_and_no_data_fails_with_a_reason(province_data):
    province_data(2022)
    run = _run(2022)
    assert scoring_run_execute(run_id=run.id) is None
    empty = _run(1999)
    assert empty.status == "failed" and "Not enough data" in empty.failure
    assert RegionScore.objects.filter(run=empty).count() == 0


@pytest.mark.parametrize("level", ["township"])
def test_unknown_level_is_refused(db, level):
    from apps.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        scoring_run_create(model=default_model(), level=level, year=2022)


def test_a_committed_dataset_requeues_the_default_model_once(province_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        province_data(2021)
    queued = ScoringRun.objects.filter(year=2021, level="province", status="pending")
    assert queued.count() == 1 and queued.get().model == default_model()
    province_data(2021, seed=3)  # a second commit while the first run still waits: no duplicate
    assert ScoringRun.objects.filter(year=2021, level="province", status="pending").count() == 1


def test_model_label_names_the_version_once(db):
    from django.utils import translation

    model = default_model()
    with translation.override("zh-hans"):
        assert str(model) == "因地制宜 v2"
    with translation.override("en"):
        assert str(model) == "Adapting to local conditions v2"  # the shipped models' English names
        model.name, model.name_en, model.version = "市场优先", "", 3
        assert str(model) == "市场优先 v3"  # a scenario without an English name keeps its own
