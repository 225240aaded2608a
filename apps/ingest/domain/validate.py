"""Turning raw records into observations in canonical units, with every problem named by row and column.

Nothing here touches the database: the catalogue and the regions come in as plain lookups, the result is
lists of observations, errors and warnings. A file is committed only when the error list is empty.
"""

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from apps.core.messages import Message
from apps.indicators.domain.units import UnitError, conversion

from .layouts import RawRecord
from .regions import RegionMatcher

MISSING = {"", "—", "–", "-", "--", "…", "...", "……", "na", "n/a", "null", "none", "nan", "#n/a", "x", "×"}
MIN_YEAR = 1949
JUMP_FACTOR = 3.0
INDUSTRY_TOTALS = {
    "total",
    "合计",
    "总计",
    "全部",
    "all",
    "全行业",
}  # year-on-year change beyond ×3 or ÷3 is flagged (a warning, not an error)

# Measures of region × industry tables: canonical unit and the phrases that name them in headers.
MEASURES = {
    "output": ("万元", ("总产出", "产出", "output", "gross_output")),
    "value_added": ("万元", ("增加值", "value_added")),
    "employment": ("万人", ("城镇单位就业人员", "就业人员", "从业人员", "employment", "urban_unit_employment")),
    "legal_entities": ("个", ("法人单位数", "法人单位", "legal_entities")),
    "firms": ("个", ("企业单位数", "企业数", "firms")),
}

SIGNED_MEASURES = {"value_added"}


@dataclass(frozen=True)
class IndicatorRef:
    code: str
    unit: str
    names: frozenset[str]
    allow_negative: bool = False
    max_value: float | None = None


@dataclass(frozen=True)
class IndustryRef:
    code: str
    names: frozenset[str]


@dataclass
class Issue:
    """A row's problem: `reason` is a Message (its code and parameters are stored, so pages word it in the
    reader's language; `str()` gives the English wording the API and the CSV carry)."""

    row: int
    column: str
    value: str
    reason: str  # a Message where the code knows the problem

    def as_dict(self) -> dict:
        coded = self.reason.as_dict() if isinstance(self.reason, Message) else {}
        return {"row": self.row, "column": self.column, "value": self.value, "reason": str(self.reason), **coded}


@dataclass
class Validated:
    observations: list[tuple[str, str, int, float, int]] = field(
        default_factory=list
    )  # region, indicator, year, value, row
    industry_observations: list[tuple[str, str, str, int, float, int]] = field(default_factory=list)
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: set[int] = field(default_factory=set)
    missing: int = 0
    aggregate_rows: set[int] = field(default_factory=set)
    unmapped_columns: dict[str, int] = field(default_factory=dict)

    @property
    def error_rows(self) -> int:
        return len({issue.row for issue in self.errors})


def split_unit_name(text: str) -> str:
    return re.sub(r"[（(][^()（）]*[)）]\s*$", "", str(text or "")).strip()


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", str(text or "")).lower()


_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def parse_number(value) -> tuple[float | None, Message | None]:
    """(number, None), (None, None) for a missing-value marker, or (None, reason)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, Message("value.not_number")
    if isinstance(value, int | float):
        return (None, None) if isinstance(value, float) and math.isnan(value) else (float(value), None)
    # NFKC turns full-width digits and signs (１２３，－５) into ASCII ones
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    if text.lower() in MISSING:
        return None, None
    # Python's float() also takes 1_000, Arabic-Indic digits and "infinity"; a statistical table does not
    if text.lower().lstrip("+-") in {"inf", "infinity"}:
        return None, Message("value.not_finite")
    if not _PLAIN_NUMBER.fullmatch(text):
        return None, Message("value.not_number")
    number = float(text)
    if math.isinf(number) or math.isnan(number):
        return None, Message("value.not_finite")
    if number == 0 and any(c in "123456789" for c in text.lower().split("e")[0]):
        return None, Message("value.too_small")
    return number, None


class Catalogue:
    """Lookups from the names found in tables to indicators and industries."""

    def __init__(self, indicators: Iterable[IndicatorRef], industries: Iterable[IndustryRef] = ()):
        self.indicators = {}
        for indicator in indicators:
            for name in indicator.names | {indicator.code}:
                self.indicators[_norm(name)] = indicator
        # Codes first; a name shared by two classifications (建筑业 is a GB/T 4754 section and an input-output
        # sector) goes to the first classification given, so the order of `industries` decides.
        industries = list(industries)
        self.industries = {_norm(industry.code): industry for industry in industries}
        for industry in industries:
            for name in industry.names:
                self.industries.setdefault(_norm(name), industry)
        self.measure_phrases = sorted(
            ((phrase, measure) for measure, (_, phrases) in MEASURES.items() for phrase in phrases),
            key=lambda item: -len(item[0]),
        )

    def indicator(self, name: str) -> IndicatorRef | None:
        return self.indicators.get(_norm(name))

    def closest_indicators(self, name: str) -> list[str]:
        names = difflib.get_close_matches(_norm(split_unit_name(name)), list(self.indicators), n=3, cutoff=0.6)
        return sorted({self.indicators[n].code for n in names})

    def industry(self, name: str) -> IndustryRef | None:
        return self.industries.get(_norm(name))

    def measure(self, name: str) -> str | None:
        key = _norm(name)
        for phrase, measure in self.measure_phrases:
            if key == _norm(phrase):
                return measure
        return None

    def industry_column(self, header_name: str) -> tuple[IndustryRef, str] | None:
        """`制造业城镇单位就业人员` → (manufacturing, employment) when the industry is in the catalogue."""
        key = _norm(header_name)
        for phrase, measure in self.measure_phrases:
            phrase_key = _norm(phrase)
            if key.endswith(phrase_key) and len(key) > len(phrase_key):
                industry = self.industries.get(key[: -len(phrase_key)])
                if industry is not None:
                    return industry, measure
        return None


def validate_records(
    records: Iterable[RawRecord],
    *,
    catalogue: Catalogue,
    regions: RegionMatcher,
    max_year: int,
    column_map: Mapping[str, str] | None = None,
    usd_cny_rate: float | None = None,
) -> Validated:
    """Checks every record and converts its value to the canonical unit.

    `column_map` maps a column header (or an indicator name as written) to an indicator code chosen by the
    admin, or to "" to ignore it. Errors: unknown or ambiguous region, unknown indicator or industry, bad
    year, non-numeric value, unit that does not convert, negative amount, share above its maximum, the same
    key twice. Warnings: aggregate rows set aside, columns not in the catalogue, year-on-year jumps.
    """
    column_map = dict(column_map or {})
    result = Validated()
    seen: dict[tuple, int] = {}
    region_cache: dict[tuple[str, str], object] = {}
    series: dict[tuple, list[tuple[int, float, int]]] = defaultdict(list)
    conversions: dict[tuple[str, str], float | str] = {}

    recognised = False  # whether any row names a series the catalogue knows

    def error(record: RawRecord, column: str, value, reason: Message) -> None:
        result.errors.append(Issue(record.row, column, "" if value is None else str(value), reason))

    for record in records:
        result.rows.add(record.row)
        region_key = (record.region, record.region_code)
        match = region_cache.get(region_key)
        if match is None:
            match = region_cache[region_key] = regions.match(name=record.region, code=record.region_code)
            if match.warning:  # once per name and code, at the first row that pairs them
                result.warnings.append(Issue(record.row, "region", record.region, match.warning))
        if match.aggregate:
            result.aggregate_rows.add(record.row)
            continue

        # what the value is of
        indicator = industry = measure = None
        name = record.indicator
        if record.industry:
            if _norm(record.industry) in INDUSTRY_TOTALS:
                result.aggregate_rows.add(record.row)
                continue
            industry = catalogue.industry(record.industry)
            measure = catalogue.measure(record.measure) if record.measure else None
            if record.measure and measure is None:
                label = f"measure {record.measure}"
                result.unmapped_columns[label] = result.unmapped_columns.get(label, 0) + 1
                continue
        elif (record.column if record.from_header else name) in column_map:
            mapped = column_map[record.column if record.from_header else name]
            if not mapped:
                continue
            indicator = catalogue.indicator(mapped)
        else:
            indicator = catalogue.indicator(name)
            if indicator is None and record.from_header:
                found = catalogue.industry_column(name)
                if found:
                    industry, measure = found

        value, value_problem = parse_number(record.value)
        if match.error:
            error(record, "region", record.region or record.region_code, match.error)
        if record.industry:
            if industry is None:
                error(record, "industry", record.industry, Message("industry.unknown", {"value": record.industry}))
            if measure is None:
                error(record, "measure", record.measure, Message("measure.unknown", {"choices": list(MEASURES)}))
        elif indicator is None and industry is None:
            # A series the catalogue does not know is set aside for the admin to map, not a row error.
            label = record.column if record.from_header else name
            result.unmapped_columns[label] = result.unmapped_columns.get(label, 0) + 1
            continue
        recognised = True  # a series of the catalogue, whatever else is wrong with the row

        try:
            year = int(float(record.year))
            if str(record.year).strip() not in (str(year), f"{year}.0", f"{year}年"):
                raise ValueError
        except (TypeError, ValueError):
            year = None
            error(record, "year", record.year, Message("year.invalid"))
        if year is not None and not MIN_YEAR <= year <= max_year:
            error(record, "year", record.year, Message("year.out_of_range", {"first": MIN_YEAR, "last": max_year}))
            year = None

        if value_problem:
            error(record, record.column, record.value, value_problem)
            continue
        if value is None:
            result.missing += 1
            continue
        target = indicator.unit if indicator else (MEASURES[measure][0] if measure else None)
        if target is None or match.error or year is None:
            continue
        if not record.unit:
            error(record, "unit", "", Message("unit.missing", {"unit": target}))
            continue
        key = (record.unit, target)
        factor = conversions.get(key)
        if factor is None:
            try:
                factor = conversion(record.unit, target, usd_cny_rate=usd_cny_rate)
            except UnitError as exc:
                factor = exc.message
            conversions[key] = factor
        if isinstance(factor, Message):
            error(record, "unit", record.unit, factor)
            continue
        canonical = value * factor

        # value added can be negative (a sector that loses money); amounts, people and counts cannot
        if canonical < 0 and not (indicator and indicator.allow_negative) and measure not in SIGNED_MEASURES:
            error(record, record.column, record.value, Message("value.negative"))
            continue
        if indicator and indicator.max_value is not None and canonical > indicator.max_value:
            error(record, record.column, record.value,
                  Message("value.above_max", {"max": f"{indicator.max_value:g}", "unit": target}))  # fmt: skip
            continue

        if indicator:
            obs_key = ("i", match.code, indicator.code, year)
        else:
            obs_key = ("x", match.code, industry.code, measure, year)
        if obs_key in seen:
            first = seen[obs_key]
            error(record, record.column, record.value, Message("value.duplicate", {"row": first}))
            continue
        seen[obs_key] = record.row
        if indicator:
            result.observations.append((match.code, indicator.code, year, canonical, record.row))
            series[("i", match.code, indicator.code)].append((year, canonical, record.row))
        else:
            result.industry_observations.append((match.code, industry.code, measure, year, canonical, record.row))
            series[("x", match.code, industry.code, measure)].append((year, canonical, record.row))

    for (_kind, region, *rest), points in series.items():
        points.sort()
        for (year_a, a, _), (year_b, b, row_b) in zip(points, points[1:], strict=False):
            if year_b == year_a + 1 and a > 0 and b > 0 and (b / a > JUMP_FACTOR or a / b > JUMP_FACTOR):
                label = "/".join(rest)
                jump = {"factor": f"{b / a:.2f}", "year_a": year_a, "year_b": year_b, "region_code": region,
                        "indicator": label}  # fmt: skip
                result.warnings.append(Issue(row_b, label, f"{b:g}", Message("value.jump", jump)))
    if result.unmapped_columns and not recognised:
        result.errors.append(Issue(0, ", ".join(result.unmapped_columns), "", Message("columns.none_match")))
    for label, count in result.unmapped_columns.items():
        close = catalogue.closest_indicators(label)
        reason = (Message("column.not_in_catalogue_closest", {"count": count, "indicators": close}) if close
                  else Message("column.not_in_catalogue", {"count": count}))  # fmt: skip
        result.warnings.append(Issue(0, label, "", reason))
    if result.aggregate_rows:
        result.warnings.append(
            Issue(0, "region", "", Message("rows.totals_set_aside", {"count": len(result.aggregate_rows)}))
        )
    result.errors.sort(key=lambda issue: (issue.row, issue.column))
    return result
