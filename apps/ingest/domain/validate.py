"""Turning a table's records into observations in canonical units, with every problem named by row and column.

Nothing here touches the database: the catalogue and the regions come in as plain lookups, the result is
frames of observations and lists of errors and warnings. A file is committed only when the error list is empty.

Validation is a pipeline of small steps over a frame of records (`layouts.RECORD_COLUMNS`), fed chunk by chunk
so that a large file needs memory for one chunk and the compact observations, not for the file: match regions,
map columns to series, parse numbers and years, convert units, check ranges, then (over the whole file)
de-duplicate and flag jumps. Each step works per distinct value (regions, headers, years, units) or on whole
columns, and a record that fails a step leaves the pipeline with its error, as a row-by-row reading would.
"""

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from apps.core.messages import Message
from apps.indicators.domain.units import UnitError, conversion
from apps.indicators.vocabulary import MEASURES as MEASURE_TERMS

from .layouts import Layout, table_records
from .regions import RegionMatcher

MISSING = {"", "—", "–", "-", "--", "…", "...", "……", "na", "n/a", "null", "none", "nan", "#n/a", "x", "×"}
MIN_YEAR = 1949
JUMP_FACTOR = 3.0
MAX_JUMP_WARNINGS = 5000  # a file of synthetic or badly scaled figures can jump everywhere: list the first
INDUSTRY_TOTALS = {
    "total",
    "合计",
    "总计",
    "全部",
    "all",
    "全行业",
}  # year-on-year change beyond ×3 or ÷3 is flagged (a warning, not an error)

# Measures of region × industry tables: canonical unit and the phrases that name them in headers.
MEASURES = {code: (m.unit, m.headers) for code, m in MEASURE_TERMS.items()}
SIGNED_MEASURES = {code for code, m in MEASURE_TERMS.items() if m.signed}


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


OBSERVATION_COLUMNS = ["region", "indicator", "year", "value", "row"]
INDUSTRY_COLUMNS = ["region", "industry", "measure", "year", "value", "row"]


@dataclass
class Validated:
    """What a file holds: valid observations as frames (codes, year, canonical value, file row), the errors
    and warnings, and counts of the rows read, values missing and total rows set aside."""

    observation_frame: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=OBSERVATION_COLUMNS))
    industry_frame: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=INDUSTRY_COLUMNS))
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: int = 0
    missing: int = 0
    aggregate_rows: set[int] = field(default_factory=set)
    unmapped_columns: dict[str, int] = field(default_factory=dict)

    @property
    def error_rows(self) -> int:
        return len({issue.row for issue in self.errors})

    @property
    def observations(self) -> list[tuple[str, str, int, float, int]]:
        """(region, indicator, year, value, row) tuples: for small results and tests."""
        return list(self.observation_frame[OBSERVATION_COLUMNS].itertuples(index=False, name=None))

    @property
    def industry_observations(self) -> list[tuple[str, str, str, int, float, int]]:
        return list(self.industry_frame[INDUSTRY_COLUMNS].itertuples(index=False, name=None))


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


def _groups(columns: list[pd.Series]) -> tuple[np.ndarray, list[tuple]]:
    """For records described by `columns`: each record's group number and each group's values (a tuple per
    distinct combination, in order of first appearance). Steps work per group, then index by group number."""
    combined = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:  # each column's codes folded into one key, kept small by factorising again
        codes, uniques = pd.factorize(column, use_na_sentinel=False)
        combined = pd.factorize(combined * len(uniques) + codes)[0]
    _, first = np.unique(combined, return_index=True)
    arrays = [column.to_numpy(dtype=object) for column in columns]
    return combined, [tuple(array[i] for array in arrays) for i in first]


def _objects(items: list) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    for k, item in enumerate(items):  # one by one: an item that is a tuple stays one object
        out[k] = item
    return out


@dataclass(frozen=True)
class Series:
    """What a value is of, as validation needs it: canonical unit, whether it may be negative, its maximum,
    and the codes that key it."""

    indicator: str  # indicator code, or "" for an industry series
    industry: str
    measure: str
    unit: str
    signed: bool
    maximum: float

    @property
    def label(self) -> str:
        return self.indicator or f"{self.industry}/{self.measure}"


def _year(text) -> tuple[int | None, Message | None]:
    try:
        year = int(float(text))
        if str(text).strip() not in (str(year), f"{year}.0", f"{year}年"):
            raise ValueError
    except (TypeError, ValueError, OverflowError):
        return None, Message("year.invalid")
    return year, None


_FAST_NUMBER = re.compile(r"\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*", re.ASCII)


def parse_numbers(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(numbers, problems, missing) for a column of raw cells, read as `parse_number` reads each one: plain
    numbers in C (pandas' parser), anything else (thousands separators, full-width digits, markers of a
    missing value, booleans, zeros that are underflows) one distinct cell at a time."""
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        is_text, is_float = np.ones(len(values), dtype=bool), np.zeros(len(values), dtype=bool)
    else:
        types = values.map(type)
        is_text, is_float = types.isin([str]).to_numpy(), types.isin([float]).to_numpy()
    numbers = pd.to_numeric(values.where(is_text | is_float), errors="coerce").to_numpy(dtype=float, copy=True)
    plain = is_text & np.isfinite(numbers) & (numbers != 0)
    if plain.any():  # pandas also reads "inf", "1_0" or " 1 "; keep its number only where the text is plain
        plain[plain] = values[plain].str.fullmatch(_FAST_NUMBER).to_numpy(dtype=bool)
    plain |= is_float & np.isfinite(numbers)
    problems = np.full(len(values), None, dtype=object)
    missing = np.zeros(len(values), dtype=bool)
    rest = ~plain
    if rest.any():
        cells = values[rest].astype(object)
        # by type too: factorising takes False for 0 and True for 1, which parse differently
        codes, keys = _groups([cells.map(lambda value: type(value).__name__), cells])
        parsed = [parse_number(value) for _, value in keys]
        parsed = [parsed[code] for code in codes]
        numbers[rest] = [np.nan if number is None else number for number, _ in parsed]
        problems[rest] = [problem for _, problem in parsed]
        missing[rest] = [number is None and problem is None for number, problem in parsed]
    return numbers, problems, missing


class Validator:
    """Validates a file's records chunk by chunk (`feed`), then checks what needs the whole file (`finish`).

    `column_map` maps a column header (or an indicator name as written) to an indicator code chosen by the
    admin, or to "" to ignore it. Errors: unknown or ambiguous region, unknown indicator or industry, bad
    year, non-numeric value, unit that does not convert, negative amount, share above its maximum, the same
    key twice. Warnings: aggregate rows set aside, columns not in the catalogue, year-on-year jumps.

    Records carry small integers between steps: `series` (into `self.series`, -1 for an industry or measure
    the catalogue lacks) and `region` (into `self.region_codes`, -1 for an error).
    """

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        regions: RegionMatcher,
        max_year: int,
        column_map: Mapping[str, str] | None = None,
        usd_cny_rate: float | None = None,
    ):
        self.catalogue, self.regions, self.max_year = catalogue, regions, max_year
        self.column_map = dict(column_map or {})
        self.usd_cny_rate = usd_cny_rate
        self.result = Validated()
        self.recognised = False  # whether any row names a series the catalogue knows
        self.series: list[Series] = []
        self._series_ids: dict[Series, int] = {}
        self.region_codes: list[str] = []
        self._region_ids: dict[str, int] = {}
        self._regions: dict[tuple[str, str], tuple] = {}  # (name, code) → (region id, error, aggregate)
        self._conversions: dict[tuple[str, str], float | Message] = {}
        self._years: dict[str, tuple[int, Message | None]] = {}
        self._errors: list[pd.DataFrame] = []
        self._valid: list[pd.DataFrame] = []
        self._seen_keys = np.empty(0, dtype=np.int64)  # sorted keys of the valid values so far
        self._seen_rows = np.empty(0, dtype=np.int64)

    # -- the steps ---------------------------------------------------------------------------------------

    def _error(self, records: pd.DataFrame, mask, column, value, reason) -> None:
        """Errors for the records under `mask`; column and value are a scalar or an array over the records,
        reason a Message, an array of them, or a function making one from the value shown."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        count = int(mask.sum())

        def pick(item):
            return item[mask] if isinstance(item, np.ndarray) else np.full(count, item, dtype=object)

        shown = pick(value)
        if callable(reason):
            reason = _objects([reason(item) for item in shown])
        else:
            reason = pick(reason)
        rows = records["row"].to_numpy()[mask]
        self._errors.append(pd.DataFrame({"row": rows, "column": pick(column), "value": shown, "reason": reason}))

    @staticmethod
    def _shown(records: pd.DataFrame) -> np.ndarray:
        return np.array(["" if v is None else str(v) for v in records["value"]], dtype=object)

    def _series_id(self, series: Series) -> int:
        if series not in self._series_ids:
            self._series_ids[series] = len(self.series)
            self.series.append(series)
        return self._series_ids[series]

    def _match_regions(self, records: pd.DataFrame) -> pd.DataFrame:
        """Region names and codes to regions, once per distinct pair; a warning at the first row of a pair.
        Rows of totals (全国, 东部地区 ...) are set aside."""
        codes, pairs = _groups([records["region"], records["region_code"]])
        first = pd.Series(np.arange(len(codes))).groupby(codes).first().to_numpy()
        found = []
        for k, (name, code) in enumerate(pairs):
            if (name, code) not in self._regions:
                match = self.regions.match(name=name, code=code)
                if match.warning:
                    row = int(records["row"].iloc[first[k]])
                    self.result.warnings.append(Issue(row, "region", name, match.warning))
                region = -1
                if match.code and not match.error:
                    region = self._region_ids.setdefault(match.code, len(self.region_codes))
                    if region == len(self.region_codes):
                        self.region_codes.append(match.code)
                self._regions[(name, code)] = (region, match.error, match.aggregate)
            found.append(self._regions[(name, code)])
        region = np.array([f[0] for f in found], dtype=np.int64)[codes]
        error = _objects([f[1] for f in found])[codes]
        aggregate = np.array([f[2] for f in found], dtype=bool)[codes]
        self.result.aggregate_rows.update(records["row"].to_numpy()[aggregate].tolist())
        return records.assign(region_id=region, region_error=error)[~aggregate]

    def _map_series(self, records: pd.DataFrame) -> pd.DataFrame:
        """What each value is of: an indicator, or an industry and measure. Totals rows are set aside, series
        the catalogue lacks are counted for the admin to map, columns mapped to "" are ignored. Region
        errors are reported here, for every row whose series is not set aside."""
        catalogue, column_map = self.catalogue, self.column_map

        def series_of(indicator: IndicatorRef | None, industry: IndustryRef | None, measure: str | None) -> int:
            if indicator is not None:
                return self._series_id(
                    Series(
                        indicator.code,
                        "",
                        "",
                        indicator.unit,
                        indicator.allow_negative,
                        np.inf if indicator.max_value is None else float(indicator.max_value),
                    )
                )
            if industry is None or measure is None:
                return -1
            return self._series_id(
                Series("", industry.code, measure, MEASURES[measure][0], measure in SIGNED_MEASURES, np.inf)
            )

        def resolve(industry_name, measure_name, column, name, from_header):
            """(what happens to the value, series id, label for the admin, industry unknown, measure unknown)"""
            if industry_name:
                if _norm(industry_name) in INDUSTRY_TOTALS:
                    return "total", -1, "", False, False
                measure = catalogue.measure(measure_name) if measure_name else None
                if measure_name and measure is None:
                    return "unmapped", -1, f"measure {measure_name}", False, False
                industry = catalogue.industry(industry_name)
                return "industry", series_of(None, industry, measure), "", industry is None, measure is None
            key = column if from_header else name
            if key in column_map:
                if not column_map[key]:
                    return "ignored", -1, "", False, False
                indicator, found = catalogue.indicator(column_map[key]), None
            else:
                indicator = catalogue.indicator(name)
                found = catalogue.industry_column(name) if indicator is None and from_header else None
            if indicator is None and found is None:
                return "unknown", -1, key, False, False
            return "indicator", series_of(indicator, *(found or (None, None))), "", False, False

        columns = [records[c] for c in ("industry", "measure", "column", "indicator", "from_header")]
        codes, keys = _groups(columns)
        resolved = [resolve(*key) for key in keys]
        kind = np.array([r[0] for r in resolved], dtype=object)[codes]
        total = kind == "total"
        self.result.aggregate_rows.update(records["row"].to_numpy()[total].tolist())
        measure_unmapped = kind == "unmapped"
        labels = np.array([r[2] for r in resolved], dtype=object)[codes]
        for label, count in pd.Series(labels[measure_unmapped]).value_counts(sort=False).items():
            self.result.unmapped_columns[label] = self.result.unmapped_columns.get(label, 0) + int(count)
        keep = (kind == "indicator") | (kind == "industry") | (kind == "unknown")
        records = records[keep].assign(
            series=np.array([r[1] for r in resolved], dtype=np.int64)[codes][keep],
            industry_unknown=np.array([r[3] for r in resolved], dtype=bool)[codes][keep],
            measure_unknown=np.array([r[4] for r in resolved], dtype=bool)[codes][keep],
        )
        kind, labels = kind[keep], labels[keep]

        # Region errors come before the catalogue's verdict on the series, as a reader of the row sees them.
        error = records["region_error"].to_numpy()
        has_error = ~pd.isna(error)
        if has_error.any():
            region = records["region"].to_numpy(dtype=object)
            shown = np.where(region != "", region, records["region_code"].to_numpy(dtype=object))
            self._error(records, has_error, "region", shown, error)
        industry_rows = kind == "industry"
        self._error(
            records,
            records["industry_unknown"].to_numpy(),
            "industry",
            records["industry"].to_numpy(dtype=object),
            lambda value: Message("industry.unknown", {"value": value}),
        )
        self._error(
            records,
            records["measure_unknown"].to_numpy(),
            "measure",
            records["measure"].to_numpy(dtype=object),
            Message("measure.unknown", {"choices": list(MEASURES)}),
        )
        unknown = kind == "unknown"
        for label, count in pd.Series(labels[unknown]).value_counts(sort=False).items():
            self.result.unmapped_columns[label] = self.result.unmapped_columns.get(label, 0) + int(count)
        records = records[~unknown]
        self.recognised = self.recognised or bool(len(records)) or bool(industry_rows.any())
        return records

    def _parse_years(self, records: pd.DataFrame) -> pd.DataFrame:
        def year(text):
            if text not in self._years:
                parsed, problem = _year(text)
                if parsed is not None and not MIN_YEAR <= parsed <= self.max_year:
                    parsed, problem = None, Message("year.out_of_range", {"first": MIN_YEAR, "last": self.max_year})
                self._years[text] = (-1 if parsed is None else parsed), problem
            return self._years[text]

        codes, keys = _groups([records["year"]])
        parsed = [year(text) for (text,) in keys]
        problems = _objects([p[1] for p in parsed])[codes]
        bad = ~pd.isna(problems)
        self._error(records, bad, "year", records["year"].to_numpy(dtype=object), problems)
        return records.assign(year_value=np.array([p[0] for p in parsed], dtype=np.int64)[codes])

    def _parse_values(self, records: pd.DataFrame) -> pd.DataFrame:
        numbers, problems, missing = parse_numbers(records["value"])
        bad = ~pd.isna(problems)
        if bad.any():
            self._error(records, bad, records["column"].to_numpy(dtype=object), self._shown(records), problems)
        self.result.missing += int(missing.sum())
        keep = ~bad & ~missing
        return records[keep].assign(number=numbers[keep])

    def _convert_units(self, records: pd.DataFrame) -> pd.DataFrame:
        """Each value in its series' canonical unit; a missing or unconvertible unit is an error. Values
        whose region, year or industry is already in error go no further."""
        series = records["series"].to_numpy()
        usable = (series >= 0) & (records["region_id"].to_numpy() >= 0) & (records["year_value"].to_numpy() >= 0)
        records = records[usable]
        targets = np.array([s.unit for s in self.series] + [""], dtype=object)[records["series"].to_numpy()]
        codes, keys = _groups([records["unit"], pd.Series(targets, index=records.index)])

        def factor(source, goal):
            if not isinstance(source, str) or not source:
                return Message("unit.missing", {"unit": goal})
            if (source, goal) not in self._conversions:
                try:
                    self._conversions[(source, goal)] = conversion(source, goal, usd_cny_rate=self.usd_cny_rate)
                except UnitError as exc:
                    self._conversions[(source, goal)] = exc.message
            return self._conversions[(source, goal)]

        factors = _objects([factor(*key) for key in keys])
        failed_group = np.array([isinstance(f, Message) for f in factors], dtype=bool)
        failed = failed_group[codes]
        if failed.any():
            no_unit = np.array([f.code == "unit.missing" if isinstance(f, Message) else False for f in factors])[codes]
            self._error(records, no_unit, "unit", "", factors[codes])
            self._error(records, failed & ~no_unit, "unit", records["unit"].to_numpy(dtype=object), factors[codes])
        numeric = np.where(failed_group, np.nan, np.array([0.0 if isinstance(f, Message) else f for f in factors]))
        canonical = records["number"].to_numpy() * numeric[codes]
        return records[~failed].assign(canonical=canonical[~failed])

    def _check_ranges(self, records: pd.DataFrame) -> pd.DataFrame:
        """Negative amounts (value added may be negative) and shares above their maximum are errors."""
        canonical = records["canonical"].to_numpy()
        series = records["series"].to_numpy()
        signed = np.array([s.signed for s in self.series], dtype=bool)[series]
        maximum = np.array([s.maximum for s in self.series], dtype=float)[series]
        negative = (canonical < 0) & ~signed
        above = ~negative & (canonical > maximum)
        if negative.any() or above.any():
            column, shown = records["column"].to_numpy(dtype=object), self._shown(records)
            self._error(records, negative, column, shown, Message("value.negative"))
            units = np.array([s.unit for s in self.series], dtype=object)[series]
            reasons = _objects(
                [
                    Message("value.above_max", {"max": f"{m:g}", "unit": u}) if a else None
                    for m, u, a in zip(maximum, units, above, strict=True)
                ]
            )
            self._error(records, above, column, shown, reasons)
        return records[~negative & ~above]

    def _deduplicate(self, records: pd.DataFrame) -> pd.DataFrame:
        """The same region, series and year twice is an error naming the row that gave it first."""
        if len(self.series) >= 1 << 24 or len(self.region_codes) >= 1 << 24:
            raise ValueError("too many distinct regions or series in one file")
        region, series = records["region_id"].to_numpy(), records["series"].to_numpy()
        year = records["year_value"].to_numpy()
        keys = ((region << 24 | series) << 12) | (year - MIN_YEAR)
        rows = records["row"].to_numpy(dtype=np.int64)
        within = pd.Series(keys).duplicated(keep="first").to_numpy()
        first = pd.Series(rows).groupby(keys).transform("first").to_numpy(copy=True)
        before = np.zeros(len(keys), dtype=bool)
        if len(self._seen_keys):
            position = np.minimum(np.searchsorted(self._seen_keys, keys), len(self._seen_keys) - 1)
            before = self._seen_keys[position] == keys
            first[before] = self._seen_rows[position[before]]
        duplicate = within | before
        if duplicate.any():
            reasons = _objects(
                [
                    Message("value.duplicate", {"row": int(r)}) if d else None
                    for r, d in zip(first, duplicate, strict=True)
                ]
            )
            self._error(records, duplicate, records["column"].to_numpy(dtype=object), self._shown(records), reasons)
        kept = ~duplicate
        merged_keys = np.concatenate([self._seen_keys, keys[kept]])
        merged_rows = np.concatenate([self._seen_rows, rows[kept]])
        order = np.argsort(merged_keys, kind="stable")
        self._seen_keys, self._seen_rows = merged_keys[order], merged_rows[order]
        return pd.DataFrame(
            {
                "region": region[kept],
                "series": series[kept],
                "year": year[kept].astype(np.int32),
                "value": records["canonical"].to_numpy()[kept],
                "row": rows[kept],
            }
        )

    # -- the pipeline ------------------------------------------------------------------------------------

    def feed(self, records: pd.DataFrame) -> None:
        """Validates one chunk of records (whole table rows, in file order)."""
        if records.empty:
            return
        self.result.rows += int(records["row"].nunique())
        records = records.reset_index(drop=True)
        steps = (
            self._match_regions,
            self._map_series,
            self._parse_years,
            self._parse_values,
            self._convert_units,
            self._check_ranges,
        )
        for step in steps:
            records = step(records).reset_index(drop=True)
            if records.empty:
                return
        self._valid.append(self._deduplicate(records))

    def _jumps(self, valid: pd.DataFrame) -> None:
        """A year-on-year change beyond ×3 or ÷3 in a series is a warning at the later year's row."""
        valid = valid.assign(order=np.arange(len(valid)))
        group = ["region", "series"]
        valid["first"] = valid.groupby(group)["order"].transform("min")
        valid = valid.sort_values(["first", "year"], kind="stable")
        same = valid["first"].to_numpy()[1:] == valid["first"].to_numpy()[:-1]
        years, values = valid["year"].to_numpy(), valid["value"].to_numpy()
        a, b = values[:-1], values[1:]
        with np.errstate(divide="ignore", invalid="ignore"):
            jump = (
                same
                & (years[1:] == years[:-1] + 1)
                & (a > 0)
                & (b > 0)
                & ((b / a > JUMP_FACTOR) | (a / b > JUMP_FACTOR))
            )
        later = valid.iloc[1:][jump]
        a, years, more = a[jump], years[:-1][jump], 0
        if len(later) > MAX_JUMP_WARNINGS:  # the first ones by row, and how many more
            keep = np.sort(np.argsort(later["row"].to_numpy(), kind="stable")[:MAX_JUMP_WARNINGS])
            more = len(later) - MAX_JUMP_WARNINGS
            later, a, years = later.iloc[keep], a[keep], years[keep]
        for item, before, year_a in zip(later.itertuples(index=False), a, years, strict=True):
            label = self.series[item.series].label
            params = {
                "factor": f"{item.value / before:.2f}",
                "year_a": int(year_a),
                "year_b": int(item.year),
                "region_code": self.region_codes[item.region],
                "indicator": label,
            }
            self.result.warnings.append(Issue(int(item.row), label, f"{item.value:g}", Message("value.jump", params)))
        if more:
            self.result.warnings.append(Issue(0, "", "", Message("value.jumps_more", {"count": more})))

    def finish(self) -> Validated:
        result = self.result
        if self._valid:
            valid = pd.concat(self._valid, ignore_index=True)
            # what the chunks needed is let go before the values are written (a million rows: ~60 MB)
            self._valid, self._seen_keys, self._seen_rows = [], self._seen_keys[:0], self._seen_rows[:0]
            self._jumps(valid)
            regions = np.array(self.region_codes, dtype=object)[valid["region"].to_numpy()]
            table = self.series
            industry = np.array([bool(s.industry) for s in table], dtype=bool)[valid["series"].to_numpy()]
            codes = np.array([s.indicator or s.industry for s in table], dtype=object)[valid["series"].to_numpy()]
            measures = np.array([s.measure for s in table], dtype=object)[valid["series"].to_numpy()]
            year, value, row = valid["year"].to_numpy(), valid["value"].to_numpy(), valid["row"].to_numpy()
            plain = ~industry
            result.observation_frame = pd.DataFrame(
                {
                    "region": regions[plain],
                    "indicator": codes[plain],
                    "year": year[plain],
                    "value": value[plain],
                    "row": row[plain],
                }
            )
            result.industry_frame = pd.DataFrame(
                {
                    "region": regions[industry],
                    "industry": codes[industry],
                    "measure": measures[industry],
                    "year": year[industry],
                    "value": value[industry],
                    "row": row[industry],
                }
            )
        if result.unmapped_columns and not self.recognised:
            result.errors.append(Issue(0, ", ".join(result.unmapped_columns), "", Message("columns.none_match")))
        if self._errors:
            errors = pd.concat(self._errors, ignore_index=True).sort_values(["row", "column"], kind="stable")
            result.errors.extend(
                Issue(int(r), str(c), "" if v is None else str(v), m)
                for r, c, v, m in errors.itertuples(index=False, name=None)
            )
            result.errors.sort(key=lambda issue: (issue.row, issue.column))
        for label, count in result.unmapped_columns.items():
            close = self.catalogue.closest_indicators(label)
            if close:
                reason = Message("column.not_in_catalogue_closest", {"count": count, "indicators": close})
            else:
                reason = Message("column.not_in_catalogue", {"count": count})
            result.warnings.append(Issue(0, label, "", reason))
        if result.aggregate_rows:
            result.warnings.append(
                Issue(0, "region", "", Message("rows.totals_set_aside", {"count": len(result.aggregate_rows)}))
            )
        return result


def validate_table(table: Sequence[Sequence], layout: Layout, **options) -> Validated:
    """A table held in memory, validated in one chunk (`Validator` takes the options)."""
    validator = Validator(**options)
    validator.feed(table_records(table, layout))
    return validator.finish()
