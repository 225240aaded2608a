"""The shipped statistics (fixtures/demo/): rebuilt byte for byte from the raw tables, equal to their sources
in canonical units, loaded through the upload pipeline once, and scored for recent years."""

import datetime
import json

import pandas as pd
import pytest
from django.core.management import call_command

from apps.entities.models import Entity
from apps.indicators.models import Observation
from apps.ingest.demo import DEMO_DIR, demo_data_load, demo_manifest
from apps.ingest.io_linkages_build import sector_code
from apps.ingest.models import Dataset
from apps.recommendations.models import Recommendation
from apps.scoring.models import RegionScore, ScoringRun
from apps.scoring.selectors import reference_agreements
from apps.scoring.services import reference_upload, scoring_run_execute
from tests.builders import make_csv
from tests.test_real_data_import import RAW

needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data/raw is not present")


@needs_raw
def test_the_build_is_reproducible(tmp_path):
    links = tmp_path.parent / f"{tmp_path.name}-io_linkages.json"
    call_command("build_demo_data", source=RAW, target=tmp_path, linkages=links)
    shipped = sorted(str(p.relative_to(DEMO_DIR)) for p in DEMO_DIR.rglob("*") if p.is_file())
    assert shipped == sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    for name in shipped:
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), name
    assert links.read_bytes() == (DEMO_DIR.parent / "io_linkages.json").read_bytes()


@needs_raw
def test_io_links_match_a_province_table_read_directly():
    """The supply-chain shares are national sums of the provincial intermediate-use blocks, on the 2002 list:
    in 2017 coal mining sells the largest share of its intermediate output to electricity and heat."""
    links = json.loads((DEMO_DIR.parent / "io_linkages.json").read_text(encoding="utf-8"))
    pos = {code: k for k, code in enumerate(links["sectors"])}
    for year in ("2012", "2017"):
        sales = links["years"][year]["output_share"][pos["S02"]]
        assert max(range(42), key=lambda k: sales[k]) == pos["S23"], year  # coal → electricity
        inputs = [row[pos["S14"]] for row in links["years"][year]["input_share"]]
        assert max(range(42), key=lambda k: inputs[k]) == pos["S04"], year  # metal ores → smelting
    assert all(row[k] == 0 for t in links["years"].values() for k, row in enumerate(t["input_share"]))


@needs_raw
def test_every_shipped_value_is_its_source_cell():
    for entry in demo_manifest()["files"]:
        shipped = pd.read_csv(DEMO_DIR / entry["file"], dtype={"region_code": str})
        for raw_path in entry["raw_files"]:
            if not raw_path.endswith("_long.csv"):
                continue
            raw = pd.read_csv(RAW / raw_path, dtype={"region_code": str})
            key = "indicator" if "indicator" in raw.columns else "measure"
            sector = ["sector_code"] if "sector_code" in raw.columns else []
            raw_keys = {k for info in entry["contents"].values() for k in info["raw_keys"]}
            raw = raw[raw[key].isin(raw_keys) & (raw["region_code"] != "000000") & raw["value"].notna()]
            if entry["file"].startswith("chnio"):  # 2012 and 2017 sectors are re-summed onto the 2002 list
                codes = [sector_code(y, int(c[1:])) for y, c in zip(raw["year"], raw["sector_code"], strict=True)]
                raw = (
                    raw.assign(sector_code=codes)
                    .groupby(["region_code", "year", "sector_code", "measure", "unit"], as_index=False)["value"]
                    .sum()
                )
            assert len(raw) == len(shipped), entry["file"]
            raw_sum = raw.groupby(["region_code", "year"])["value"].sum().sort_index()
            shipped_sum = shipped.groupby(["region_code", "year"])["value"].sum().sort_index()
            pd.testing.assert_series_equal(raw_sum, shipped_sum, rtol=1e-12, check_dtype=False)
            assert sector or set(raw["unit"]) == set(shipped["unit"])


def test_the_manifest_cites_every_file():
    manifest = demo_manifest()
    assert {e["file"] for e in manifest["files"]} == {p.name for p in DEMO_DIR.glob("*.csv")}
    for entry in manifest["files"]:
        assert entry["citation"] and entry["publication"] and entry["repository"] and entry["licence"], entry["file"]
        datetime.date.fromisoformat(entry["vintage"])
        assert entry["contents"] and entry["rows"] > 0
    assert {d["code"] for d in manifest["derived"]} >= {"rd_intensity", "gdp_per_capita", "urbanisation_rate"}
    lists = {e["file"]: e for e in manifest["entity_lists"]}
    assert set(lists) == {f"entities/{p.name}" for p in (DEMO_DIR / "entities").glob("*.csv")}
    assert lists["entities/moe_hei_list_2025-06-20.csv"]["rows"] == 2919
    assert all(e["citation"] and e["repository"] and e["licence"] and e["raw_files"] for e in lists.values())
    assert json.loads((DEMO_DIR / "manifest.json").read_text(encoding="utf-8")) == manifest


def _current(region: str, indicator: str, year: int) -> float:
    return Observation.objects.get(region__code=region, indicator__code=indicator, year=year, is_current=True).value


@pytest.mark.usefixtures("regions", "upload_root")
def test_loaded_once_in_canonical_units_with_vintages_and_scored_for_recent_years():
    # when the shipped data are loaded twice
    first = demo_data_load()
    datasets, runs = Dataset.objects.count(), ScoringRun.objects.count()
    second = demo_data_load()

    # then the second load adds nothing
    assert len(first.created) == len(demo_manifest()["files"]) and not first.present
    assert len(first.entity_lists) == len(demo_manifest()["entity_lists"])
    assert not second.created and not second.runs and not second.entity_lists
    assert Dataset.objects.count() == datasets and ScoringRun.objects.count() == runs
    system = Dataset.objects.filter(layout="long").first().uploaded_by
    assert system.username == "yindi" and not system.is_active and not system.has_usable_password()
    # each dataset cites its publication briefly and carries the publication's vintage
    techme = Dataset.objects.get(original_name="techme_science_technology_2010_2023.csv", layout="long")
    assert techme.source == "《中国科技统计年鉴》分地区R&D与高技术产业"
    assert techme.vintage == datetime.date(2024, 12, 31) and techme.events.filter(action="committed").exists()

    # values equal their sources, in the catalogue's units
    assert _current("440000", "population", 2022) == 12657.0  # 万人
    assert _current("110000", "rd_expenditure", 2023) == pytest.approx(2947.0733)  # 29,470,733 万元 → 亿元
    assert _current("420100", "population", 2020) == pytest.approx(1232.6518)  # census, 人 → 万人
    # universities and laboratories come in as entity lists: placed in their cities and counted there
    assert _current("420100", "hei_count", 2025) == 83 and _current("420100", "hei_undergraduate_count", 2025) > 40
    assert _current("420000", "hei_count", 2025) == 134 and _current("110000", "hei_count", 2025) == 92
    assert _current("420000", "state_key_labs", 2020) == 27
    labs = Entity.objects.filter(list__kind="state_key_labs")
    assert labs.count() == 509 and labs.filter(level="prefecture").count() > 300  # most through their host

    # GDP: three vintages of one series; the newest is current, the older stay readable
    gdp_2019 = dict(
        Observation.objects.filter(region__code="110000", indicator__code="gdp", year=2019).values_list(
            "dataset__vintage", "value"
        )
    )
    assert gdp_2019[datetime.date(2023, 3, 1)] == 35445.1  # first release
    assert _current("110000", "gdp", 2019) == gdp_2019[max(gdp_2019)] != 35445.1
    # derived values follow the current vintage of their inputs
    assert _current("110000", "rd_intensity", 2023) == pytest.approx(
        _current("110000", "rd_expenditure", 2023) / _current("110000", "gdp", 2023) * 100
    )
    assert _current("420100", "urbanisation_rate", 2020) == pytest.approx(84.31, abs=0.05)

    # the default model is queued, newest first, for years it covers well, 2022 or later among them
    queued = [(level, year) for level, year, _ in first.runs]
    years = [year for level, year in queued if level == "province"]
    assert years == sorted(years, reverse=True) and years[0] >= 2022 and 2024 not in years
    assert all(coverage >= 0.8 for level, year, coverage in first.runs if year >= 2022 and level == "province")
    # cities: census and university lists only, far below the floor, so one provisional run of the newest year
    cities = [(year, coverage) for level, year, coverage in first.runs if level == "prefecture"]
    assert len(cities) == 1 and cities[0][0] >= 2025 and cities[0][1] < 0.6
    city_run = ScoringRun.objects.get(level="prefecture")
    scoring_run_execute(run_id=city_run.id)
    city_run.refresh_from_db()
    assert city_run.status == "succeeded" and city_run.provisional and city_run.scored >= 300
    assert city_run.carried["population"] == {"2020": city_run.carried["population"]["2020"]}
    top = RegionScore.objects.filter(run=city_run).order_by("-pillars__science_education")
    assert {"420100", "610100", "320100"} <= {s.region.code for s in top.select_related("region")[:30]}

    # and the newest run scores every mainland province with role, interval and recommendations
    run = ScoringRun.objects.get(level="province", year=years[0])
    scoring_run_execute(run_id=run.id)
    run.refresh_from_db()
    assert run.status == "succeeded", run.failure
    assert run.scored == 31 and str(run.model).endswith("v2")
    beijing = RegionScore.objects.get(run=run, region__code="110000")
    assert beijing.role and beijing.rank_p05 <= beijing.rank <= beijing.rank_p95
    assert Recommendation.objects.filter(set__run=run, region__code="110000").exists()

    # checked against a published yardstick: the provinces' GDP ranking of the same year (NBS figures, as
    # shipped), uploaded as a reference ranking; the two agree broadly without being the same ranking
    rows = [["region", "score"]] + [
        [code, value]
        for code, value in Observation.objects.filter(
            indicator__code="gdp", year=run.year, is_current=True, region__level="province"
        ).values_list("region__code", "value")
    ]
    ranking = reference_upload(
        upload=make_csv(rows, name="gdp.csv"),
        name="地区生产总值排名",
        year=run.year,
        source="国家统计局 分省年度数据",
        level="province",
        user=system,
    )
    found = next(a for a in reference_agreements(run) if a["reference"] == ranking)
    assert found["regions"] == 31 and 0.6 <= found["spearman"] < 0.99 and 0.4 <= found["kendall"] < 0.95
    assert found["disagreements"] and all(d["pillar"] for d in found["disagreements"])
