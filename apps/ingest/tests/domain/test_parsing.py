import pytest

from apps.indicators.domain.units import UnitError, conversion, normalise_unit
from apps.ingest.domain.headers import key_column, split_unit, year_of
from apps.ingest.domain.layouts import LayoutError, detect_layout
from apps.ingest.domain.regions import RegionMatcher, RegionRef
from apps.ingest.domain.validate import Catalogue, IndicatorRef, IndustryRef, parse_number, validate_table

REGIONS = [
    RegionRef("110000", "北京市", "北京", "Beijing", "province"),
    RegionRef("150000", "内蒙古自治区", "内蒙古", "Inner Mongolia", "province"),
    RegionRef("420000", "湖北省", "湖北", "Hubei", "province"),
    RegionRef("420100", "武汉市", "武汉", "Wuhan", "prefecture"),
    RegionRef("210300", "鞍山市", "鞍山", "Anshan", "prefecture"),
    RegionRef("220500", "通化市", "通化", "Tonghua", "prefecture"),
    RegionRef("220521", "通化县", "通化县", "Tonghua County", "county"),
    RegionRef("110105", "朝阳区", "朝阳区", "Chaoyang District", "county"),
    RegionRef("220104", "朝阳区", "朝阳区", "Chaoyang District", "county"),
]
CATALOGUE = Catalogue(
    [
        IndicatorRef("gdp", "亿元", frozenset({"地区生产总值", "GDP"})),
        IndicatorRef("population", "万人", frozenset({"年末常住人口", "常住人口"})),
        IndicatorRef("urbanisation_rate", "%", frozenset({"城镇化率"}), max_value=100),
        IndicatorRef("invention_patents_granted", "件", frozenset({"发明专利授权数", "国内发明专利申请授权量"})),
        IndicatorRef("exports", "亿元", frozenset({"出口额"})),
        IndicatorRef("hightech_enterprises", "个", frozenset({"高新技术企业数"})),
        IndicatorRef("gdp_growth", "%", frozenset({"GDP增速"}), allow_negative=True),
    ],
    [
        IndustryRef("C", frozenset({"制造业", "Manufacturing"})),
        IndustryRef("I", frozenset({"信息传输、软件和信息技术服务业"})),
    ],
)


def _validate(table, **kwargs):
    layout = detect_layout(table)
    return layout, validate_table(
        table, layout, catalogue=CATALOGUE, regions=RegionMatcher(REGIONS), max_year=2025, **kwargs
    )


@pytest.mark.parametrize(
    ("source", "target", "factor"),
    [
        ("亿元", "万元", 1e4),
        ("万元", "亿元", 1e-4),
        ("元", "万元", 1e-4),
        ("万人", "人", 1e4),
        ("项", "件", 1.0),
        ("％", "%", 1.0),
        ("人年", "人年", 1.0),
        ("家", "个", 1.0),
    ],
)
def test_unit_conversion(source, target, factor):
    assert conversion(source, target) == pytest.approx(factor)


def test_incompatible_units_are_errors():
    with pytest.raises(UnitError, match="cannot be converted"):
        conversion("万人", "亿元")
    with pytest.raises(UnitError, match="cannot be converted"):
        conversion("件", "个")  # items are not enterprises
    with pytest.raises(UnitError, match="exchange rate"):
        conversion("百万美元", "亿元")
    assert conversion("百万美元", "亿元", usd_cny_rate=7.0) == pytest.approx(0.07)
    with pytest.raises(UnitError, match="unknown unit"):
        normalise_unit("斤")


def test_headers():
    assert split_unit("地区生产总值(亿元)") == ("地区生产总值", "亿元")
    assert split_unit("规模以上工业企业工业销售产值(现价)(亿元)") == ("规模以上工业企业工业销售产值(现价)", "亿元")
    assert split_unit("GDP（亿元）") == ("GDP", "亿元")
    assert split_unit("地区") == ("地区", None)
    assert year_of("2023年") == 2023 and year_of("2023") == 2023 and year_of("地区") is None
    assert key_column("省份") == "region" and key_column(" Year ") == "year" and key_column("GDP") is None


@pytest.mark.parametrize(
    ("raw", "number", "problem"),
    [
        ("1,234.5", 1234.5, None),
        (12, 12.0, None),
        ("—", None, None),
        ("…", None, None),
        ("", None, None),
        (None, None, None),
        ("abc", None, "not a number"),
        (float("nan"), None, None),
        ("inf", None, "not a finite number"),
    ],
)
def test_parse_number(raw, number, problem):
    assert parse_number(raw) == (number, problem)


def test_region_matching():
    matcher = RegionMatcher(REGIONS)
    assert matcher.match("北京").code == "110000"
    assert matcher.match("北京市").code == "110000"
    assert matcher.match("内蒙古").code == "150000"
    assert matcher.match("Inner Mongolia").code == "150000"
    assert matcher.match(code="420100").code == "420100"
    assert matcher.match("420100").code == "420100"
    assert matcher.match("全国").aggregate and matcher.match("东部地区").aggregate
    unknown = matcher.match("湖兆")
    assert unknown.error == "unknown region '湖兆'; did you mean 湖北省?" and "湖北省" in unknown.suggestions
    assert (unknown.error.code, unknown.error.params) == (
        "region.unknown_suggest",
        {"value": "湖兆", "suggestions": ["湖北省"]},
    )
    ambiguous = matcher.match("朝阳区")
    assert "ambiguous" in ambiguous.error and len(ambiguous.suggestions) == 2


def test_a_name_shared_across_levels_follows_the_table():
    regions = [*REGIONS, RegionRef("110100", "北京市", "北京", "Beijing", "prefecture")]
    assert RegionMatcher(regions).match("北京").code == "110000"  # the higher level when nothing else says
    by_city = RegionMatcher(regions)
    by_city.prefer_level = by_city.table_level({("武汉市", ""), ("鞍山市", ""), ("北京", "")})
    assert by_city.prefer_level == "prefecture"
    assert by_city.match("北京").code == "110100"
    # a county name shared by two counties stays ambiguous
    assert RegionMatcher(regions, prefer_level="county").match("朝阳区").error


def test_long_layout_converts_units():
    table = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["北京", "地区生产总值", "2022", "41610.9", "亿元"],
        ["湖北省", "GDP", 2022, 536349000, "万元"],
        ["全国", "GDP", 2022, 1210207, "亿元"],
    ]
    layout, result = _validate(table)
    assert layout.kind == "long"
    assert result.errors == []
    assert sorted(result.observations) == [("110000", "gdp", 2022, 41610.9, 2), ("420000", "gdp", 2022, 53634.9, 3)]
    assert result.aggregate_rows == {4}


def test_a_known_series_with_bad_rows_is_not_reported_as_no_column_matching():
    table = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["湖北省", "地区生产总值", "二〇二〇", "5", "亿元"],
        ["湖北省", "某个新指标", "2020", "7", "个"],
    ]
    _, result = _validate(table)
    assert [issue.reason.code for issue in result.errors] == ["year.invalid"]  # not "columns.none_match"
    assert result.unmapped_columns == {"某个新指标": 1}
    # a table none of whose series the catalogue knows still says so
    _, unknown = _validate([table[0], table[2]])
    assert [issue.reason.code for issue in unknown.errors] == ["columns.none_match"]


def test_wide_layout_reads_units_from_headers_and_ignores_unknown_columns():
    table = [
        ["省份编码", "省份", "年份", "地区生产总值(亿元)", "年末常住人口(万人)", "某个新指标(个)"],
        ["110000", "北京市", "2019", "35445.1", "2154", "7"],
        ["420000", "湖北省", "2019", "45828.3", "—", "8"],
    ]
    layout, result = _validate(table)
    assert layout.kind == "wide"
    assert result.errors == []
    assert ("110000", "population", 2019, 2154.0, 2) in result.observations
    assert result.missing == 1
    assert result.unmapped_columns == {"某个新指标(个)": 2}
    assert any("not in the indicator catalogue" in w.reason for w in result.warnings)
    # the admin maps the unknown column
    _, mapped = _validate(table, column_map={"某个新指标(个)": "hightech_enterprises"})
    assert mapped.errors == [] and ("420000", "hightech_enterprises", 2019, 8.0, 3) in mapped.observations
    # a count of enterprises is not a count of patents
    _, wrong = _validate(table, column_map={"某个新指标(个)": "invention_patents_granted"})
    assert {issue.reason for issue in wrong.errors} == {"'个' cannot be converted to '件'"}


def test_portal_export_layout():
    table = [
        ["数据库：分省年度数据"],
        ["指标：地区生产总值(亿元)"],
        ["时间：最近3年"],
        ["地区", "2023年", "2022年", "2021年"],
        ["北京市", "43760.7", "41610.9", "40269.6"],
        ["内蒙古自治区", "24627", "", "21166"],
        ["注：2023年数据为初步核算数。"],
        ["数据来源：国家统计局"],
    ]
    layout, result = _validate(table)
    assert layout.kind == "portal" and layout.indicator == "地区生产总值" and layout.unit == "亿元"
    assert result.errors == []
    assert len(result.observations) == 5 and result.missing == 1
    assert ("150000", "gdp", 2021, 21166.0, 6) in result.observations


def test_industry_tables_long_and_wide():
    long = [
        ["region", "industry", "measure", "year", "value", "unit"],
        ["湖北", "C", "employment", "2019", "200.5", "万人"],
        ["湖北", "制造业", "legal_entities", "2019", "5000", "个"],
    ]
    layout, result = _validate(long)
    assert layout.kind == "long_industry" and result.errors == []
    assert ("420000", "C", "employment", 2019, 200.5, 2) in result.industry_observations
    wide = [
        [
            "省份",
            "年份",
            "城镇单位就业人员(万人)",
            "制造业城镇单位就业人员(万人)",
            "信息传输、软件和信息技术服务业城镇单位就业人员(万人)",
        ],
        ["湖北", "2019", "700", "150.2", "12.3"],
    ]
    _, result = _validate(wide)
    assert result.errors == []
    assert ("420000", "I", "employment", 2019, 12.3, 2) in result.industry_observations


def test_value_added_may_be_negative_but_output_may_not():
    table = [
        ["region", "industry", "measure", "year", "value", "unit"],
        ["湖北", "C", "value_added", "2017", "-3.5", "万元"],  # a loss-making sector
        ["湖北", "C", "gross_output", "2017", "-1", "万元"],
    ]
    _, result = _validate(table)
    assert ("420000", "C", "value_added", 2017, -3.5, 2) in result.industry_observations
    assert [(e.row, e.reason) for e in result.errors] == [(3, "negative value where only zero or more makes sense")]


def test_codes_win_and_shared_names_go_to_the_first_classification():
    catalogue = Catalogue(
        [],
        [
            IndustryRef("E", frozenset({"建筑业"})),
            IndustryRef("S26", frozenset({"建筑业"})),
            IndustryRef("S01", frozenset({"E"})),
        ],
    )
    assert catalogue.industry("建筑业").code == "E"
    assert catalogue.industry("S26").code == "S26"
    assert catalogue.industry("E").code == "E"


def test_every_problem_is_named_by_row_and_column():
    table = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["北京", "GDP", "2022", "abc", "亿元"],  # not a number
        ["湖兆", "GDP", "2022", "1", "亿元"],  # unknown region
        ["北京", "GDPP", "2022", "1", "亿元"],  # unknown indicator
        ["北京", "GDP", "1800", "1", "亿元"],  # year out of range
        ["北京", "GDP", "2021", "1", "万人"],  # incompatible unit
        ["北京", "常住人口", "2021", "-5", "万人"],  # negative count
        ["北京", "城镇化率", "2021", "120", "%"],  # share above 100
        ["湖北", "GDP", "2020", "5", "亿元"],
        ["湖北", "GDP", "2020", "6", "亿元"],  # duplicate of row 9
        ["北京", "GDP增速", "2020", "-3.1", "%"],  # negative growth is fine
        ["北京", "GDP", "2020", "5", ""],  # no unit
    ]
    _, result = _validate(table)
    problems = {(issue.row, issue.column): issue.reason for issue in result.errors}
    assert problems[(2, "数值")] == "not a number"
    assert problems[(3, "region")].startswith("unknown region '湖兆'")
    assert "outside" in problems[(5, "year")]
    assert "cannot be converted" in problems[(6, "unit")]
    assert "negative" in problems[(7, "数值")]
    assert "maximum" in problems[(8, "数值")]
    assert problems[(10, "数值")] == "duplicate of row 9 (same region, series and year)"
    assert "no unit" in problems[(12, "unit")]
    assert (11, "数值") not in problems
    assert result.error_rows == 8
    # an indicator the catalogue does not know is set aside with a hint, for the admin to map
    assert result.unmapped_columns == {"GDPP": 1}
    assert any("GDPP" == w.column and "closest: gdp" in w.reason for w in result.warnings)


def test_year_on_year_jumps_are_warnings():
    table = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["北京", "GDP", "2020", "100", "亿元"],
        ["北京", "GDP", "2021", "1000", "亿元"],
    ]
    _, result = _validate(table)
    assert result.errors == []
    assert any("×10.00" in w.reason and w.row == 3 for w in result.warnings)


def test_unreadable_layout_is_explained():
    with pytest.raises(LayoutError, match="no header row"):
        detect_layout([["a", "b"], ["1", "2"]])
    with pytest.raises(LayoutError, match="指标"):
        detect_layout([["地区", "2023年", "2022年"], ["北京", "1", "2"]])


def test_a_name_that_disagrees_with_its_code_is_never_silent():
    table = [
        ["地区代码", "地区", "年份", "地区生产总值(亿元)"],
        ["420000", "湖比省", 2022, 53734.9],  # a typo: the code is used, with a warning naming both
        ["420000", "湖北", 2023, 55803.6],  # the short name agrees: nothing to say
        ["110000", "内蒙古", 2021, 40269.6],  # another province's name: which one is meant?
        ["420000", "Wuhan", 2021, 50012.9],  # a city's name beside its province's code: warned
    ]
    _, result = _validate(table)
    warnings = {(w.row, w.reason) for w in result.warnings if w.column == "region"}
    assert (2, "the name '湖比省' does not match code 420000 (湖北省); the code was used") in warnings
    assert any(row == 5 and "'Wuhan'" in reason for row, reason in warnings)
    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (4, "region", "code 110000 is 北京市 but the name '内蒙古' is 150000 内蒙古自治区")
    ]
    assert {obs[0] for obs in result.observations} == {"420000"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234.5", (1234.5, None)),
        ("１２３", (123.0, None)),
        ("－５", (-5.0, None)),
        (" 3 ", (3.0, None)),
        ("1_000", (None, "not a number")),
        ("١٢٣", (None, "not a number")),
        ("infinity", (None, "not a finite number")),
        ("1e-400", (None, "too small to represent (it would become 0)")),
        ("0e5", (0.0, None)),
    ],
)
def test_numbers_are_read_as_statistical_tables_write_them(text, expected):
    from apps.ingest.domain.validate import parse_number

    assert parse_number(text) == expected
