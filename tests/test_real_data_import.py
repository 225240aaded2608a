"""The real public statistics in ../shared/data/raw import without errors, in canonical units.

Skipped only where that folder is absent (a developer's checkout without it); in CI it is there, and a skip
would fail the run.
"""

from pathlib import Path

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.indicators.models import IndustryObservation, Observation
from apps.ingest.services import dataset_process, dataset_upload

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "raw"
NBS = RAW / "nbs_provincial_2000_2019"
pytestmark = [
    pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data/raw is not present"),
    pytest.mark.usefixtures("regions", "upload_root"),
]
NBS_WIDE = [
    "gdp_and_value_added_by_sector.csv",
    "population.csv",
    "higher_education_institutions_students.csv",
    "patents_applications_grants.csv",
    "technology_market_turnover.csv",
    "above_scale_industry_main_indicators.csv",
    "above_scale_industry_rd.csv",
    "urban_unit_employment_by_industry.csv",
    "legal_entities_by_industry.csv",
]


def _import(path: Path, user, **kwargs):
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    dataset, _ = dataset_upload(upload=upload, user=user, source=f"{path.parent.name}/{path.name}", **kwargs)
    dataset_process(dataset_id=dataset.id)
    dataset.refresh_from_db()
    assert dataset.status == "succeeded", (path.name, dataset.failure, dataset.errors[:5])
    assert dataset.rows_error == 0
    return dataset


def _value(region: str, indicator: str, year: int) -> float:
    return Observation.objects.get(region__code=region, indicator__code=indicator, year=year, is_current=True).value


@pytest.mark.parametrize("name", NBS_WIDE)
def test_nbs_wide_tables_import(name, admin_user_role):
    dataset = _import(NBS / name, admin_user_role)
    assert dataset.layout == "wide"
    assert dataset.observations_written > 0


def test_nbs_values_in_canonical_units(admin_user_role):
    for name in ("gdp_and_value_added_by_sector.csv", "patents_applications_grants.csv", "above_scale_industry_rd.csv"):
        _import(NBS / name, admin_user_role)
    assert _value("110000", "gdp", 2019) == pytest.approx(35445.1)  # 亿元, as published
    raw = pd.read_csv(NBS / "above_scale_industry_rd.csv", dtype={"省份编码": str}).set_index(["省份编码", "年份"])
    published = raw.loc[("420000", 2019), "规模以上工业企业R&D经费(万元)"]
    assert _value("420000", "above_scale_rd_expenditure", 2019) == pytest.approx(published / 1e4)  # 万元 → 亿元
    patents = pd.read_csv(NBS / "patents_applications_grants.csv", dtype={"省份编码": str}).set_index(
        ["省份编码", "年份"]
    )
    assert (
        _value("440000", "invention_patents_granted", 2018)
        == patents.loc[("440000", 2018), "国内发明专利申请授权量(项)"]
    )


def test_tidy_long_files_import(admin_user_role):
    nbs = _import(NBS / "nbs_provincial_long.csv", admin_user_role)
    techme = _import(RAW / "techme" / "techme_province_sci_tech_long.csv", admin_user_role)
    assert nbs.layout == techme.layout == "long"
    assert nbs.rows_aggregate == 0 and techme.rows_aggregate > 0  # techme's national rows are set aside
    assert _value("110000", "rd_expenditure", 2023) == pytest.approx(2947.1)  # the 2023 R&D bulletin's figure
    assert any("hightech_exports" in w["column"] for w in techme.warnings)  # not in the catalogue: reported


def test_region_by_industry_long_table_imports(admin_user_role):
    dataset = _import(NBS / "nbs_region_by_industry_long.csv", admin_user_role)
    assert dataset.layout == "long_industry"
    manufacturing = IndustryObservation.objects.get(
        region__code="420000", industry__code="C", measure="employment", year=2019, is_current=True
    )
    raw = pd.read_csv(NBS / "nbs_region_by_industry_long.csv", dtype={"region_code": str})
    published = raw.query(
        "region_code == '420000' and year == 2019 and sector_code == 'C' and measure == 'urban_unit_employment'"
    )
    assert manufacturing.value == pytest.approx(published["value"].iloc[0])
    assert any("urban_unit_avg_wage" in w["column"] for w in dataset.warnings)


TIDY = [
    RAW / "nbs_provincial_2006_2024" / name
    for name in (
        "gdp_employment_current_vintage_long.csv",
        "population_resident_year_end_long.csv",
        "fiscal_patents_tech_market_long.csv",
        "gdp_first_release_vintage_1992_2022_long.csv",
        "gdp_final_verified_vintage_2019_2022_long.csv",
    )
] + [
    RAW / "moe_hei_lists" / "hei_counts_province_2025-06-20_long.csv",
    RAW / "moe_hei_lists" / "hei_counts_city_2021-09-30_long.csv",
    RAW / "census_city_2010_2020" / "census_city_population_long.csv",
    RAW / "techme" / "techme_hightech_enterprise_recognitions_long.csv",
]


@pytest.mark.parametrize("path", TIDY, ids=lambda p: p.name)
def test_recent_tidy_files_validate_with_no_hand_mapping(path, admin_user_role):
    dataset = _import(path, admin_user_role, dry_run=True)
    assert dataset.observations_valid > 0
    # the source's own keys are catalogue aliases: what the default model reads is never left unmapped
    needed = {
        "gdp",
        "population_resident_year_end",
        "urban_unit_employment_total",
        "patents_granted_total",
        "patents_granted_invention",
        "tech_market_turnover",
        "regular_heis",
        "popu",
        "popu_urban",
        "hightech_enterprises_recognised_publicised",
    }
    assert not needed & set(dataset.unmapped_columns), dataset.unmapped_columns
