"""The shipped statistics: built from the raw official tables into the app's own upload layouts.

`build_demo_data(source, target)` reads the files under `source` (the raw tables with their SOURCES.md) and
writes, under `target`, one CSV per publication in the long (`region_code, region, year, indicator, value,
unit`) or region × industry long layout, plus `manifest.json` (per file: the publication, vintage, the
repository and commit it was collected from, its licence, the raw file's checksum, and per indicator the raw
key, unit, years and number of values) and `DATA_NOTICE.md`. Values and units are copied as published; the
app converts units on import, so a shipped value can be checked against its source cell by cell. The output
depends on the inputs alone: rebuilding gives byte-identical files.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.utils.translation import gettext_noop

from .io_linkages_build import io_linkages_build, sector_code

NATIONAL = "000000"

LICENCE_NBS = gettext_noop(
    "official statistics of the National Bureau of Statistics, published without an explicit licence"
)
LICENCE_MOE = gettext_noop(
    "official list of the Ministry of Education (public notice), published without an explicit licence"
)
LICENCE_MOST = gettext_noop(
    "official list of the Ministry of Science and Technology, published without an explicit licence"
)


@dataclass(frozen=True)
class Piece:
    """A slice of one raw long file: raw indicator (or measure) keys renamed to catalogue codes."""

    path: str
    codes: dict[str, str]
    years: tuple[int, int] | None = None
    reader: str = "long"


@dataclass(frozen=True)
class Output:
    """One shipped file: one publication, one vintage, one dataset when loaded."""

    name: str
    citation: str  # the short citation a dataset carries and pages show
    title_zh: str
    title_en: str
    publication: str
    vintage: str
    repository: str
    licence: str
    pieces: tuple[Piece, ...]
    layout: str = "long"
    notes: str = ""
    vintage_basis: str = ""


_NBS_2000 = "nbs_provincial_2000_2019"
_NBS_2024 = "nbs_provincial_2006_2024"
_REPO_NBS_2000 = (
    "3112944976/National-Visualization-Web-Application @ 582d20bfb0dae6bb730230820cf3bd07475f7396, "
    "源数据/国家统计局分省年度数据/"
)
_ASSIGNED = "assigned by the build from the order of release; the sources do not record the release date"

_MOE_LISTS = {  # date of the list → (date in Chinese, in English, where it was collected)
    "2021-09-30": ("2021年9月30日", "30 Sep 2021", "SousekiL/GaoKaoVer2 (data/全国普通高等学校名单.xlsx)"),
    "2025-06-20": ("2025年6月20日", "20 Jun 2025", "YangZhi2007/ar-campus-guide (全国高等学校名单.xls)"),
}


@dataclass(frozen=True)
class EntityOutput:
    """One shipped entity list (fixtures/demo/entities/): loaded as a list, placed and counted by the app."""

    name: str
    kind: str
    snapshot: str
    citation: str
    title_zh: str
    title_en: str
    repository: str
    licence: str
    path: str
    columns: dict  # raw column → shipped column
    notes: str = ""


def _moe_list(day: str) -> EntityOutput:
    day_zh, day_en, repository = _MOE_LISTS[day]
    return EntityOutput(
        name=f"moe_hei_list_{day}.csv",
        kind="regular_heis",
        snapshot=day,
        citation=f"教育部 全国高等学校名单（{day_zh}）",
        title_zh=f"全国普通高等学校名单（截至{day_zh}）",
        title_en=f"Regular higher-education institutions, MOE list of {day_en}",
        repository=repository,
        licence=LICENCE_MOE,
        path=f"moe_hei_lists/moe_hei_list_{day}.csv",
        columns={"school": "school", "province": "province", "city": "city", "level": "level", "note": "note"},
        notes=gettext_noop(
            "One school per row with its province and prefecture-level city as the Ministry lists them."
        ),
    )


ENTITY_OUTPUTS: tuple[EntityOutput, ...] = (
    *(_moe_list(day) for day in _MOE_LISTS),
    EntityOutput(
        name="most_state_key_labs_2020.csv",
        kind="state_key_labs",
        snapshot="2020-12-31",
        citation="科技部 国家重点实验室名单（2016、2019、2020年）",
        title_zh="国家重点实验室（科技部名单：2016企业、2019学科、2020省部共建）",
        title_en="State key laboratories (MOST lists: enterprise 2016, university/institute 2019, co-built 2020)",
        repository="huhuaping/techme @ 9ad60a190dec4a56953da9c478d42cd44c80762a, data/PubSKLMost.rda",
        licence=gettext_noop("MIT (© 2021 Hu Huaping)") + "; " + LICENCE_MOST,
        path="techme/techme_state_key_labs_list.csv",
        columns={"name": "name", "institution": "host", "province": "province"},
        notes=gettext_noop(
            "A laboratory is placed at its host university's city where the university list has it, else at "
            "its province; the date is the latest of the three lists."
        ),
    ),
)


def build_entity_output(source: Path, output: EntityOutput, target: Path) -> dict:
    raw = pd.read_csv(source / output.path, dtype=str).fillna("")
    rows = raw[list(output.columns)].rename(columns=output.columns)
    target.mkdir(parents=True, exist_ok=True)
    lines = [",".join(rows.columns)] + [
        ",".join(str(v).replace(",", "，") for v in row) for row in rows.itertuples(index=False)
    ]
    (target / output.name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {
        "file": f"entities/{output.name}",
        "kind": output.kind,
        "snapshot": output.snapshot,
        "citation": output.citation,
        "title_zh": output.title_zh,
        "title_en": output.title_en,
        "repository": output.repository,
        "licence": output.licence,
        "notes": output.notes,
        "raw_files": {output.path: _sha256(source / output.path)},
        "rows": int(len(rows)),
        "sha256": _sha256(target / output.name),
    }


OUTPUTS: tuple[Output, ...] = (
    Output(
        name="nbs_provincial_2000_2019.csv",
        citation="国家统计局 分省年度数据（2021年导出）",
        title_zh="国家统计局分省年度数据（2000–2019年，2021年数据库导出）",
        title_en="NBS provincial annual data, 2000–2019 (database export of 2021)",
        publication=gettext_noop(
            "国家统计局 国家数据 分省年度数据 (data.stats.gov.cn): 人口、教育、科技、工业、就业 tables"
        ),
        vintage="2021-06-30",
        vintage_basis="the export was taken in 2021; " + _ASSIGNED,
        repository=_REPO_NBS_2000,
        licence=LICENCE_NBS + "; " + gettext_noop("the collecting repository has no licence file"),
        pieces=(
            Piece(
                f"{_NBS_2000}/nbs_provincial_long.csv",
                {
                    "regular_heis": "hei_count",
                    "hei_students_enrolled": "hei_students",
                    "population_resident_year_end": "population",
                    "population_urban": "urban_population",
                    "va_secondary": "value_added_secondary",
                    "va_tertiary": "value_added_tertiary",
                    "va_industry": "industry_value_added",
                    "above_scale_ind_enterprises": "above_scale_enterprises",
                    "above_scale_ind_main_business_revenue": "above_scale_revenue",
                    "above_scale_ind_rd_expenditure": "above_scale_rd_expenditure",
                    "above_scale_ind_rd_personnel_fte": "above_scale_rd_fte",
                    "tech_market_turnover": "tech_contract_turnover",
                    "patents_granted_total": "patents_granted",
                    "patents_granted_invention": "invention_patents_granted",
                    "patent_applications_total": "patent_applications",
                    "urban_unit_employment_total": "urban_unit_employment",
                },
            ),
        ),
        notes=gettext_noop(
            "GDP of these years ships with the first-release GDP vintage (identical values); GDP per capita is "
            "derived in the app from GDP and year-end population, so it follows GDP revisions."
        ),
    ),
    Output(
        name="nbs_gdp_first_release_1992_2022.csv",
        citation="国家统计局 分省年度数据：地区生产总值（首发数）",
        title_zh="地区生产总值 初步核算/年鉴首发数（1992–2022年）",
        title_en="Gross regional product, first-release vintage, 1992–2022",
        publication=gettext_noop(
            "国家统计局 国家数据 分省年度数据: 地区生产总值 (first release as printed in the yearbooks)"
        ),
        vintage="2023-03-01",
        vintage_basis="the 2022 figures were first released in early 2023; " + _ASSIGNED,
        repository="SousekiL/GaoKaoVer2 @ 363fdd3b, data/分省年度数据.xlsx",
        licence=LICENCE_NBS + "; " + gettext_noop("the collecting repository has no licence file"),
        pieces=(Piece(f"{_NBS_2024}/gdp_first_release_vintage_1992_2022_long.csv", {"gdp": "gdp"}),),
    ),
    Output(
        name="nbs_gdp_final_verified_2019_2022.csv",
        citation="国家统计局 分省年度数据：地区生产总值（最终核实数）",
        title_zh="地区生产总值 最终核实数（2019–2022年）",
        title_en="Gross regional product, final verified vintage, 2019–2022",
        publication=gettext_noop("国家统计局 国家数据 分省年度数据: 地区生产总值 (after final verification)"),
        vintage="2024-01-31",
        vintage_basis="final verification of 2022 followed the first release by about a year; " + _ASSIGNED,
        repository="eoocl/work @ fef20326, 分省年度数据.csv",
        licence=LICENCE_NBS + "; " + gettext_noop("the collecting repository has no licence file"),
        pieces=(Piece(f"{_NBS_2024}/gdp_final_verified_vintage_2019_2022_long.csv", {"gdp": "gdp"}),),
    ),
    Output(
        name="nbs_current_gdp_employment_2006_2024.csv",
        citation="国家统计局 分省年度数据（第五次全国经济普查修订后）",
        title_zh="地区生产总值（第五次全国经济普查修订后）与城镇单位就业人员（2006–2024年）",
        title_en="Gross regional product after the 5th economic census revision, and urban-unit employment, 2006–2024",
        publication=gettext_noop("国家统计局 国家数据 分省年度数据: 地区生产总值, 城镇单位就业人员 (current vintage)"),
        vintage="2025-09-30",
        vintage_basis="NBS revised provincial GDP after the 5th economic census (2023) in 2025; " + _ASSIGNED,
        repository="RenJiyi163/panel_data_analysis_for_thesis @ e6d65372, 分省年度数据.csv, (3), (4)",
        licence=LICENCE_NBS + "; " + gettext_noop("the collecting repository is MIT-licensed"),
        pieces=(
            Piece(
                f"{_NBS_2024}/gdp_employment_current_vintage_long.csv",
                {"gdp": "gdp", "urban_unit_employment_total": "urban_unit_employment"},
            ),
        ),
    ),
    Output(
        name="nbs_current_population_2015_2024.csv",
        citation="国家统计局 分省年度数据：年末常住人口",
        title_zh="年末常住人口（2015–2024年，第七次人口普查后修订）",
        title_en="Year-end resident population, 2015–2024 (revised after the 2020 census)",
        publication=gettext_noop("国家统计局 国家数据 分省年度数据: 年末常住人口"),
        vintage="2025-09-30",
        vintage_basis=_ASSIGNED,
        repository="1lmq/FYP_QMM2_Chinese_Railways @ b126026f, 分省年度数据.csv",
        licence=LICENCE_NBS + "; " + gettext_noop("the collecting repository has no licence file"),
        pieces=(
            Piece(f"{_NBS_2024}/population_resident_year_end_long.csv", {"population_resident_year_end": "population"}),
        ),
    ),
    Output(
        name="nbs_patents_tech_market_2011_2024.csv",
        citation="国家统计局 分省年度数据：专利、技术市场成交额",
        title_zh="国内专利申请受理量和授权量、技术市场成交额（2011–2024年）",
        title_en="Domestic patent applications and grants, technology-market turnover, 2011–2024",
        publication=gettext_noop("国家统计局 国家数据 分省年度数据: 科技 (专利, 技术市场成交额)"),
        vintage="2025-09-30",
        vintage_basis=_ASSIGNED,
        repository="1376524890/tec_expenditure @ 19963721, data/分省年度数据*.csv",
        licence=LICENCE_NBS + "; " + gettext_noop("the collecting repository has no licence file"),
        pieces=(
            Piece(
                f"{_NBS_2024}/fiscal_patents_tech_market_long.csv",
                {
                    "patents_granted_total": "patents_granted",
                    "patents_granted_invention": "invention_patents_granted",
                    "patent_applications_total": "patent_applications",
                    "tech_market_turnover": "tech_contract_turnover",
                },
            ),
        ),
    ),
    Output(
        name="techme_science_technology_2010_2023.csv",
        citation="《中国科技统计年鉴》分地区R&D与高技术产业",
        title_zh="中国科技统计年鉴 分地区R&D与高技术产业（2010–2023年）",
        title_en="China Statistical Yearbook on Science and Technology: R&D and high-tech industry by province, "
        "2010–2023",
        publication=gettext_noop(
            "中国科技统计年鉴 (NBS/MOST), R&D activity, R&D personnel and high-technology industry tables"
        ),
        vintage="2024-12-31",
        vintage_basis="the 2024 yearbook (data year 2023) appeared at the end of 2024; " + _ASSIGNED,
        repository="huhuaping/techme @ 9ad60a190dec4a56953da9c478d42cd44c80762a, data/*.rda",
        licence=gettext_noop("MIT (© 2021 Hu Huaping)") + "; " + gettext_noop("the figures are official statistics"),
        pieces=(
            Piece(
                "techme/techme_province_sci_tech_long.csv",
                {
                    "rd_expenditure_total": "rd_expenditure",
                    "rd_expenditure_basic_research": "rd_basic_expenditure",
                    "rd_personnel_fte_total": "rd_personnel_fte",
                    "hightech_mfg_enterprises": "hitech_enterprises",
                    "hightech_mfg_main_business_revenue": "hitech_revenue",
                    "hightech_mfg_rd_expenditure": "hitech_rd_expenditure",
                },
            ),
        ),
        notes=gettext_noop(
            "R&D intensity and the basic-research share are derived in the app (R&D expenditure over GDP, "
            "basic research over R&D expenditure), so they follow GDP revisions; the national row is not shipped. "
            "High-tech industry figures have no 2017 in the source."
        ),
    ),
    Output(
        name="hightech_enterprise_recognitions_2018_2024.csv",
        citation="高新技术企业认定公示名单（innocom.gov.cn），按省计数",
        title_zh="高新技术企业认定公示数（2018–2024年）",
        title_en="High-tech enterprises recognised per year (publicised lists), 2018–2024",
        publication=gettext_noop(
            "高新技术企业认定管理工作网 (innocom.gov.cn) annual recognition lists, counted by province"
        ),
        vintage="2025-01-31",
        vintage_basis=_ASSIGNED,
        repository="huhuaping/techme @ 9ad60a190dec4a56953da9c478d42cd44c80762a, data/HitechFirmsPub.rda",
        licence=gettext_noop("MIT (© 2021 Hu Huaping)") + "; " + gettext_noop("the lists are public notices"),
        pieces=(
            Piece(
                "techme/techme_hightech_enterprise_recognitions_long.csv",
                {"hightech_enterprises_recognised_publicised": "hightech_recognitions"},
            ),
        ),
        notes=gettext_noop("Firms (re)certified in the year, a flow; not the stock of valid high-tech enterprises."),
    ),
    Output(
        name="census_prefecture_population_2010_2020.csv",
        citation="第六次、第七次全国人口普查 地级市数据（2020年边界）",
        title_zh="第六次、第七次全国人口普查 地级市常住人口与城镇人口",
        title_en="6th and 7th population censuses: resident and urban population of prefecture-level cities",
        publication=gettext_noop(
            "第六次/第七次全国人口普查公报 (local census bulletins), harmonised to 2020 boundaries"
        ),
        vintage="2022-01-01",
        vintage_basis="version v1 of the harmonised compilation; " + _ASSIGNED,
        repository="leiii/census @ 0ba0f1efae092f4aa6569ef38e53b3bb4d2f0087, data/census/census_city_2010-2020_v1.csv",
        licence=gettext_noop("MIT (© 2022 Lei Dong)") + "; " + gettext_noop("the figures are official census results"),
        pieces=(
            Piece(
                "census_city_2010_2020/census_city_population_long.csv",
                {"popu": "population", "popu_urban": "urban_population"},
            ),
        ),
        notes=gettext_noop("2010 figures re-based to 2020 boundaries by the compilers."),
    ),
    Output(
        name="chnio_provincial_io_42_sectors.csv",
        citation="各省（区、市）投入产出表（42部门）",
        title_zh="省级投入产出表 42部门 总产出与增加值（2002、2007、2012、2017年）",
        title_en="Provincial input-output tables, 42 sectors: gross output and value added, 2002/2007/2012/2017",
        publication=gettext_noop("各省（区、市）投入产出表 (provincial statistics bureaus), 42-sector version"),
        vintage="2020-12-31",
        vintage_basis="the 2017 tables were published in 2020; " + _ASSIGNED,
        repository="common2016/CHNIO @ 2878da32500274f853c68d5b65dafc86d83b3c89, data/io2002–io2017.rda",
        licence=gettext_noop("GPL-3.0-or-later (compilation by Pu Chen)")
        + "; "
        + gettext_noop("the tables are official statistics"),
        layout="long_industry",
        pieces=(
            Piece(
                "chnio_provincial_io/chnio_province_sector_long.csv",
                {"gross_output": "output", "value_added": "value_added"},
                reader="io42",
            ),
        ),
        notes=gettext_noop(
            "30 provinces in 2002 and 2007 (no Tibet), 31 in 2012 and 2017; 万元 at current producer prices. "
            "The 2012 and 2017 tables follow their own years' 42-sector lists although the compilation labels every "
            "year with the 2002 list; the build maps them onto the 2002 list (S01–S42) and adds up the sectors it "
            "does not separate (concordance in apps/ingest/io_linkages_build.py). Not in those years: S22 scrap "
            "(2017, inside S21), S28 post (inside S27), S35 tourism, and S37 (2012, inside S36)."
        ),
    ),
    Output(
        name="nbs_employment_entities_by_section_2004_2019.csv",
        citation="国家统计局 分省年度数据：按行业分城镇单位就业人员、法人单位数",
        title_zh="按行业分城镇单位就业人员（2004–2019）与分行业法人单位数（2010–2019）",
        title_en="Urban-unit employment (2004–2019) and legal entities (2010–2019) by GB/T 4754 section",
        publication=gettext_noop("国家统计局 国家数据 分省年度数据: 按行业分城镇单位就业人员, 分行业法人单位数"),
        vintage="2021-06-30",
        vintage_basis="the export was taken in 2021; " + _ASSIGNED,
        repository=_REPO_NBS_2000,
        licence=LICENCE_NBS + "; " + gettext_noop("the collecting repository has no licence file"),
        layout="long_industry",
        pieces=(
            Piece(
                f"{_NBS_2000}/nbs_region_by_industry_long.csv",
                {"urban_unit_employment": "employment", "legal_entities": "legal_entities"},
                reader="industry",
            ),
        ),
        notes=gettext_noop("Employment covers urban units only (no private or self-employed); sections from 2008."),
    ),
)

LONG_COLUMNS = ["region_code", "region", "year", "indicator", "value", "unit"]
INDUSTRY_COLUMNS = ["region_code", "region", "year", "industry", "measure", "value", "unit"]


def _read_long(path: Path, piece: Piece) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype={"region_code": str})
    frame = raw[raw["indicator"].isin(piece.codes)].rename(columns={"region_name": "region"})
    frame = frame.assign(raw_key=frame["indicator"], indicator=frame["indicator"].map(piece.codes))
    return frame[[*LONG_COLUMNS, "raw_key"]]


def _read_industry(path: Path, piece: Piece) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype={"region_code": str})
    frame = raw[raw["measure"].isin(piece.codes)].rename(columns={"region_name": "region", "sector_code": "industry"})
    frame = frame.assign(raw_key=frame["measure"], measure=frame["measure"].map(piece.codes))
    return frame[[*INDUSTRY_COLUMNS, "raw_key"]]


def _read_io42(path: Path, piece: Piece) -> pd.DataFrame:
    """The input-output tables' sector amounts on the 2002 list of 42 sectors: the 2012 and 2017 columns are
    renumbered and re-summed by the concordance (apps/ingest/io_linkages_build.py)."""
    frame = _read_industry(path, piece)
    position = frame["industry"].str[1:].astype(int)
    frame = frame.assign(industry=[sector_code(y, p) for y, p in zip(frame["year"], position, strict=True)])
    keys = ["region_code", "region", "year", "industry", "measure", "unit", "raw_key"]
    return frame.groupby(keys, as_index=False, sort=False)["value"].sum(min_count=1)[[*INDUSTRY_COLUMNS, "raw_key"]]


READERS: dict[str, Callable[[Path, Piece], pd.DataFrame]] = {
    "long": _read_long,
    "industry": _read_industry,
    "io42": _read_io42,
}


def _format_value(value: float) -> str:
    return format(float(value), ".15g")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _years(values: pd.Series) -> str:
    """`2000–2019, 2021` for the years present."""
    spans: list[list[int]] = []
    for year in sorted({int(y) for y in values}):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in spans)


def build_output(source: Path, output: Output) -> tuple[pd.DataFrame, dict]:
    """The rows of one shipped file (sorted, national rows and blanks dropped) and its manifest entry."""
    frames = []
    for piece in output.pieces:
        frame = READERS[piece.reader](source / piece.path, piece)
        if piece.years:
            frame = frame[frame["year"].between(*piece.years)]
        frames.append(frame)
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[(rows["region_code"] != NATIONAL) & rows["value"].notna()]
    keys = (
        ["region_code", "indicator", "year"]
        if output.layout == "long"
        else ["region_code", "industry", "measure", "year"]
    )
    rows = rows.sort_values(keys, kind="mergesort").reset_index(drop=True)
    series = "indicator" if output.layout == "long" else "measure"
    contents = {}
    for code, group in rows.groupby(series, sort=True):
        contents[code] = {
            "raw_keys": sorted(set(group["raw_key"])),
            "unit_as_published": sorted(set(group["unit"])),
            "years": _years(group["year"]),
            "values": int(len(group)),
            "regions": int(group["region_code"].nunique()),
        }
    entry = {
        "file": output.name,
        "citation": output.citation,
        "layout": output.layout,
        "title_zh": output.title_zh,
        "title_en": output.title_en,
        "publication": output.publication,
        "vintage": output.vintage,
        "vintage_basis": output.vintage_basis or "the date of the list or release",
        "repository": output.repository,
        "licence": output.licence,
        "raw_files": {piece.path: _sha256(source / piece.path) for piece in output.pieces},
        "rows": int(len(rows)),
        "contents": contents,
        "notes": output.notes,
    }
    return rows, entry


def _write_csv(rows: pd.DataFrame, columns: list[str], path: Path) -> None:
    lines = [",".join(columns)]
    for record in rows[columns].itertuples(index=False):
        cells = [
            _format_value(v) if c == "value" else str(int(v)) if c == "year" else str(v)
            for c, v in zip(columns, record, strict=True)
        ]
        lines.append(",".join(cells))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass
class BuildResult:
    files: list[dict] = field(default_factory=list)


def build_demo_data(
    source: Path, target: Path, derived: list[dict] | None = None, linkages: Path | None = None
) -> BuildResult:
    """Writes every shipped file, `manifest.json` and `DATA_NOTICE.md` under `target`, and the supply-chain
    links of the input-output sectors to `linkages` (fixtures/io_linkages.json)."""
    target.mkdir(parents=True, exist_ok=True)
    result = BuildResult()
    for output in OUTPUTS:
        rows, entry = build_output(source, output)
        _write_csv(rows, LONG_COLUMNS if output.layout == "long" else INDUSTRY_COLUMNS, target / output.name)
        entry["sha256"] = _sha256(target / output.name)
        result.files.append(entry)
    entity_lists = [build_entity_output(source, output, target / "entities") for output in ENTITY_OUTPUTS]
    manifest = {
        "about": "Statistics shipped with Yindi, built by `manage.py build_demo_data` from the raw official "
        "tables; `manage.py load_demo_data` loads them through the upload pipeline, and the entity lists "
        "(entities/) through the entity-list upload, which places and counts them.",
        "files": result.files,
        "entity_lists": entity_lists,
        "derived": derived or [],
    }
    (target / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    (target / "DATA_NOTICE.md").write_text(data_notice(manifest), encoding="utf-8")
    if linkages is not None:
        linkages.write_text(
            json.dumps(io_linkages_build(source), ensure_ascii=False, indent=None, separators=(",", ":")) + "\n",
            encoding="utf-8",
        )
    return result


def data_notice(manifest: dict) -> str:
    """The data notice beside the shipped files: each source, its licence and what was taken from it."""
    lines = [
        "# Data notice",
        "",
        "The statistics in this folder are official figures collected from the public repositories named below",
        "and rebuilt by `manage.py build_demo_data` (apps/ingest/demo_build.py). Values and units are copied as",
        "published. The code of Yindi is under the licence in LICENSE; these data stay under their own terms:",
        "",
    ]
    for entry in manifest["files"]:
        lines += [
            f"## {entry['file']}",
            "",
            f"- {entry['title_zh']} / {entry['title_en']}",
            f"- Publication: {entry['publication']}",
            f"- Vintage: {entry['vintage']} ({entry['vintage_basis']})",
            f"- Collected from: {entry['repository']}",
            f"- Licence: {entry['licence']}",
            "- Contents: "
            + "; ".join(
                f"`{code}` {info['years']} ({info['regions']} regions)" for code, info in entry["contents"].items()
            ),
        ]
        if entry["notes"]:
            lines.append(f"- Notes: {entry['notes']}")
        lines.append("")
    for entry in manifest.get("entity_lists", []):
        lines += [
            f"## {entry['file']}",
            "",
            f"- {entry['title_zh']} / {entry['title_en']}",
            f"- List of {entry['snapshot']}, {entry['rows']} entries; loaded as an entity list ({entry['kind']})",
            f"- Collected from: {entry['repository']}",
            f"- Licence: {entry['licence']}",
            f"- Notes: {entry['notes']}",
            "",
        ]
    if manifest["derived"]:
        lines += ["## Derived in the app", ""]
        lines += [f"- `{d['code']}` = {d['formula_text']}" for d in manifest["derived"]]
        lines.append("")
    return "\n".join(lines)
