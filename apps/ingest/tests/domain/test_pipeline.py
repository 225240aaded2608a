"""The validation pipeline read in chunks gives what it gives read whole, and its column-wise number parsing
reads every cell as the one-cell parser does."""

import random

import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from apps.ingest.domain.layouts import detect_layout, header_cells, records_frame
from apps.ingest.domain.regions import RegionMatcher
from apps.ingest.domain.validate import Validator, parse_number, parse_numbers, validate_table

from .test_parsing import CATALOGUE, REGIONS

NAMES = ["北京", "湖北省", "武汉市", "朝阳区", "全国", "火星省", "", "内蒙古", "110000"]
SERIES = ["地区生产总值", "GDP", "年末常住人口", "城镇化率", "unknown", "GDP增速"]
UNITS = ["亿元", "万元", "万人", "%", "", "人", "kg"]
YEARS = ["2020", "2021", "2022", "2022.0", "1900", "abc"]
VALUES = ["1", "2.5", "-3", "1,234", "１２", "", "—", "abc", "1e400", "0", "150", "99", " 7 ", 3.0, 12, None, True]


def _table(rng: random.Random, rows: int) -> list[list]:
    table = [["地区", "指标", "年份", "数值", "单位"]]
    for _ in range(rows):
        table.append([rng.choice(NAMES), rng.choice(SERIES), rng.choice(YEARS), rng.choice(VALUES), rng.choice(UNITS)])
    return table


def _summary(result) -> tuple:
    issues = [(i.row, i.column, i.value, str(i.reason)) for i in result.errors + result.warnings]
    return issues, sorted(result.observations), result.rows, result.missing, result.aggregate_rows


def test_chunks_give_what_the_whole_table_gives():
    rng = random.Random(7)
    options = {"catalogue": CATALOGUE, "max_year": 2025}
    for _ in range(60):
        table = _table(rng, rng.randint(1, 80))
        layout = detect_layout(table)
        whole = validate_table(table, layout, regions=RegionMatcher(REGIONS), **options)
        validator = Validator(regions=RegionMatcher(REGIONS), **options)
        headers, body, start = header_cells(table[0]), table[1:], 0
        while start < len(body):
            size = rng.randint(1, 9)
            records, _ = records_frame(body[start : start + size], layout, headers, start + 2)
            validator.feed(records)
            start += size
        assert _summary(validator.finish()) == _summary(whole)


def test_a_duplicate_in_a_later_chunk_names_the_first_row():
    table = [
        ["地区", "指标", "年份", "数值", "单位"],
        ["北京", "GDP", "2022", "1", "亿元"],
        ["北京", "GDP", "2022", "2", "亿元"],
    ]
    layout = detect_layout(table)
    validator = Validator(catalogue=CATALOGUE, regions=RegionMatcher(REGIONS), max_year=2025)
    for offset, row in enumerate(table[1:]):
        validator.feed(records_frame([row], layout, header_cells(table[0]), offset + 2)[0])
    result = validator.finish()
    assert [(e.row, e.reason.code, e.reason.params) for e in result.errors] == [(3, "value.duplicate", {"row": 2})]
    assert result.observations == [("110000", "gdp", 2022, 1.0, 2)]


cells = st.one_of(
    st.text(alphabet="0123456789.,+-eE _１２３－　x", max_size=12),
    st.from_regex(r"\s?[+-]?\d{1,6}(\.\d{0,8})?([eE][+-]?\d{1,3})?\s?", fullmatch=True),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(10**12), 10**12),
    st.sampled_from(["inf", "-Infinity", "nan", "NaN", "1_000", "0x10", "٣", "—", "n/a", None, True, False]),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(cells, min_size=1, max_size=20))
@example([0, False, 1, True, 1.0, "0"])  # equal as keys, parsed differently
def test_column_parsing_reads_each_cell_as_the_cell_parser(values):
    numbers, problems, missing = parse_numbers(pd.Series(values, dtype=object))
    for value, number, problem, absent in zip(values, numbers, problems, missing, strict=True):
        expected, reason = parse_number(value)
        assert (problem is None) == (reason is None) and (problem == reason)
        assert absent == (expected is None and reason is None)
        if expected is not None:
            assert number == expected


def test_jumps_beyond_the_listed_number_are_counted(monkeypatch):
    from apps.ingest.domain import validate

    monkeypatch.setattr(validate, "MAX_JUMP_WARNINGS", 2)
    table = [["地区", "指标", "年份", "数值", "单位"]]
    table += [["北京", "GDP", str(2015 + i), str(10 ** (i % 2) * 5), "亿元"] for i in range(6)]  # 5 jumps
    result = validate_table(
        table, detect_layout(table), catalogue=CATALOGUE, regions=RegionMatcher(REGIONS), max_year=2025
    )
    codes = [w.reason.code for w in result.warnings]
    assert codes == ["value.jump", "value.jump", "value.jumps_more"]
    assert [w.row for w in result.warnings[:2]] == [3, 4] and result.warnings[2].reason.params == {"count": 3}
