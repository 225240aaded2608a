"""Messages users read that are made in the background (validation errors and warnings, job failures, job
stages, audit actions): stored as a code and its parameters, worded at display time in the reader's language.

`Message(code, params)` is what domain code returns: a string, its English wording (logs, the API's
`reason`), that carries its code and parameters; `message_text(code, params)` words it in the active language, naming indicators and regions
rather than their codes (parameters called `indicator`/`indicators` hold indicator codes, `region_code` a
region code). Every code has an English template here, marked for translation; a message stored before codes
existed (no code) is shown as stored.
"""

import re

from django.utils.translation import gettext, gettext_noop

from .language import is_english

MESSAGES: dict[str, str] = {
    # regions
    "region.blank": gettext_noop("region is blank"),
    "region.unknown_code": gettext_noop("unknown region code '%(value)s'"),
    "region.unknown": gettext_noop("unknown region '%(value)s'"),
    "region.unknown_suggest": gettext_noop("unknown region '%(value)s'; did you mean %(suggestions)s?"),
    "region.ambiguous": gettext_noop("region '%(value)s' is ambiguous; did you mean %(suggestions)s?"),
    "region.total_beside_code": gettext_noop("code %(code)s (%(name)s) is given beside the total '%(value)s'"),
    "region.code_name_conflict": gettext_noop("code %(code)s is %(name)s but the name '%(value)s' is %(others)s"),
    "region.name_mismatch": gettext_noop(
        "the name '%(value)s' does not match code %(code)s (%(name)s); the code was used"
    ),
    "location.blank": gettext_noop("the location is blank"),
    "location.unknown_code": gettext_noop("unknown region code %(value)s"),
    "location.ambiguous": gettext_noop("'%(value)s' is ambiguous (did you mean %(suggestions)s?)"),
    "location.unknown": gettext_noop("unknown location '%(value)s'"),
    "location.unknown_suggest": gettext_noop("unknown location '%(value)s' (did you mean %(suggestions)s?)"),
    "location.no_host": gettext_noop("blank, and no known host gives one"),
    "name.blank": gettext_noop("blank"),
    # uploads read in the request (entity lists, reference rankings)
    "upload.row": gettext_noop("row %(row)s, field %(field)s: %(reason)s"),
    "upload.nothing_stored": gettext_noop("Nothing was stored. %(errors)s"),
    "upload.more_errors": gettext_noop(" … and %(count)s more"),
    "upload.no_data_rows": gettext_noop("%(file)s: the file has a header row and no data rows."),
    "entities.no_header": gettext_noop(
        "No header row: the list needs a name column (名称, 学校名称, name …) and a location, province or host "
        "column (所在地, 地址, 省份, 依托单位 …)."
    ),
    "entities.unknown_kind": gettext_noop("Unknown kind of list '%(value)s'."),
    "entities.empty": gettext_noop("The list has no entities."),
    "plans.no_header": gettext_noop(
        "No header row: a declared-priorities file needs a region column (region_name, 地区), a category "
        "(category, 类别) and the industry as written (industry_as_written, 产业)."
    ),
    "plans.category": gettext_noop("'%(value)s' is not a category (emerging, future or traditional; 新兴、未来、传统)"),
    "plans.level": gettext_noop("'%(value)s' is not a level (province or city; 省、市)"),
    "plans.year": gettext_noop("'%(value)s' is not a year"),
    "plans.empty": gettext_noop("The file has no declared priorities."),
    "ranking.not_a_region": gettext_noop("'%(value)s' is not a region at %(level)s level"),
    "ranking.repeated": gettext_noop("%(value)s is already ranked on row %(row)s"),
    "ranking.not_a_rank": gettext_noop("'%(value)s' is not a rank (1, 2, 3 …)"),
    "ranking.missing": gettext_noop("'%(value)s' is missing"),
    "ranking.no_region_column": gettext_noop("No region column: name one of %(choices)s."),
    "ranking.no_rank_column": gettext_noop("No rank or score column: name one of %(choices)s."),
    "ranking.too_few": gettext_noop("A ranking needs at least two regions."),
    # values
    "value.not_number": gettext_noop("not a number"),
    "value.not_finite": gettext_noop("not a finite number"),
    "value.too_small": gettext_noop("too small to represent (it would become 0)"),
    "value.negative": gettext_noop("negative value where only zero or more makes sense"),
    "value.above_max": gettext_noop("above the maximum %(max)s %(unit)s"),
    "value.duplicate": gettext_noop("duplicate of row %(row)s (same region, series and year)"),
    "value.jump": gettext_noop("changes ×%(factor)s from %(year_a)s to %(year_b)s (%(region_code)s %(indicator)s)"),
    "value.jumps_more": gettext_noop("%(count)s more year-on-year jumps beyond ×3 not listed"),
    "year.invalid": gettext_noop("not a year"),
    "year.out_of_range": gettext_noop("year outside %(first)s–%(last)s"),
    "unit.missing": gettext_noop("no unit given (expected %(unit)s or a unit convertible to it)"),
    "unit.unknown": gettext_noop("unknown unit '%(value)s'"),
    "unit.needs_rate": gettext_noop("'%(value)s' needs an explicit USD→CNY exchange rate to become '%(unit)s'"),
    "unit.not_convertible": gettext_noop("'%(value)s' cannot be converted to '%(unit)s'"),
    "industry.unknown": gettext_noop("unknown industry '%(value)s'"),
    "measure.unknown": gettext_noop("unknown or missing measure (one of %(choices)s)"),
    "columns.none_match": gettext_noop(
        "no column matches an indicator in the catalogue: map the columns to indicators or add the indicators first"
    ),
    "column.not_in_catalogue": gettext_noop(
        "not in the indicator catalogue: %(count)s values ignored; map it to an indicator or add the indicator"
    ),
    "column.not_in_catalogue_closest": gettext_noop(
        "not in the indicator catalogue: %(count)s values ignored (closest: %(indicators)s); map it to an "
        "indicator or add the indicator"
    ),
    "rows.totals_set_aside": gettext_noop("%(count)s total rows (national, group or all-industry) set aside"),
    # dataset jobs
    "dataset.queue_unavailable": gettext_noop("The job queue was unavailable; revalidate again."),
    "dataset.crashed": gettext_noop("Processing stopped: %(detail)s"),
    "dataset.unreadable": gettext_noop("The file cannot be read: %(detail)s."),
    "dataset.rows_have_errors": gettext_noop("%(count)s rows have errors; nothing was written."),
    "dataset.no_rows": gettext_noop("The table has a header but no data rows; nothing was written."),
    "dataset.withdraw_not_committed": gettext_noop("Only a committed dataset can be withdrawn."),
    "dataset.already_withdrawn": gettext_noop("This dataset is already withdrawn."),
    "dataset.withdraw_derived": gettext_noop("Derived values are withdrawn with the dataset they were computed from."),
    "dataset.delete_refused": gettext_noop(
        "Only a dataset that wrote nothing (failed, or validated and never committed) can be deleted; "
        "withdraw a committed one instead."
    ),
    # scoring jobs
    "run.crashed": gettext_noop("The run stopped: %(detail)s"),
    "run.too_few_regions": gettext_noop("The run covers fewer than two regions."),
    "run.not_enough_data": gettext_noop(
        "Not enough data for %(year)s: the data cover %(reported)s of %(total)s indicators, and %(regions)s of "
        "%(of)s regions report any of them."
    ),
    "run.region_no_data": gettext_noop("no data (none of the indicators of %(pillar)s reported)"),
    "run.region_thin_pillar": gettext_noop("%(pillar)s: %(share)s %% of its indicators reported"),
}

STAGES: dict[str, str] = {
    "queued": gettext_noop("queued"),
    "reading": gettext_noop("reading"),
    "validating": gettext_noop("validating"),
    "validated": gettext_noop("validated, not written"),
    "writing": gettext_noop("writing"),
    "committed": gettext_noop("committed"),
    "rejected": gettext_noop("rejected"),
    "crashed": gettext_noop("stopped by an error"),
    "scoring": gettext_noop("scoring"),
    "uncertainty": gettext_noop("rank intervals"),
    "recommending": gettext_noop("recommending"),
    "done": gettext_noop("done"),
}

# the columns a validation issue can name besides the table's own headers
COLUMNS: dict[str, str] = {
    "region": gettext_noop("region"),
    "year": gettext_noop("year"),
    "unit": gettext_noop("unit"),
    "value": gettext_noop("value"),
    "industry": gettext_noop("industry"),
    "measure": gettext_noop("measure"),
    "name": gettext_noop("name"),
    "location": gettext_noop("location"),
    "province": gettext_noop("province"),
    "host": gettext_noop("host institution"),
    "rank": gettext_noop("rank"),
    "score": gettext_noop("score"),
}

LAYOUTS: dict[str, str] = {
    "long": gettext_noop("long: one value per row (region, indicator, year, value, unit)"),
    "long_industry": gettext_noop(
        "long, by industry: one value per row (region, industry, measure, year, value, unit)"
    ),
    "wide": gettext_noop("wide: one indicator per column"),
    "portal": gettext_noop("statistics portal: years as columns, one indicator named above the table"),
    "derived": gettext_noop("derived: computed from other indicators"),
}

ACTIONS: dict[str, str] = {
    "uploaded": gettext_noop("uploaded"),
    "commit_requested": gettext_noop("commit requested"),
    "commit_not_queued": gettext_noop("commit not queued (the job queue was unavailable)"),
    "revalidation_requested": gettext_noop("validation requested again"),
    "derived": gettext_noop("derived values computed"),
    "withdrawn": gettext_noop("withdrawn"),
    **STAGES,
    "succeeded": gettext_noop("succeeded"),
    "failed": gettext_noop("failed"),
}


class Message(str):
    """Its English wording as a string (so logs, comparisons and the API's `reason` read as before), carrying
    the code and parameters that word it in other languages."""

    code: str
    params: dict

    def __new__(cls, code: str, params: dict | None = None):
        params = dict(params or {})
        made = super().__new__(cls, MESSAGES[code] % _joined(params, ", "))
        made.code, made.params = code, params
        return made

    def __reduce__(self):
        return (Message, (self.code, self.params))

    def as_dict(self) -> dict:
        return {"code": self.code, "params": dict(self.params)}


def _joined(params: dict, separator: str) -> dict:
    return {k: separator.join(str(x) for x in v) if isinstance(v, list | tuple) else v for k, v in params.items()}


def _names_for(params_list) -> tuple[dict, dict]:
    """Indicator code → name and region code → name for every code these parameters mention: two queries
    for a whole list of issues, not two per issue."""
    from apps.indicators.models import Indicator
    from apps.regions.models import Region

    indicators, regions = set(), set()
    for params in params_list:
        indicators.update([params["indicator"]] if "indicator" in params else [])
        indicators.update(params.get("indicators") or [])
        regions.update([params["region_code"]] if "region_code" in params else [])
    return (
        {i.code: i.name for i in Indicator.objects.filter(code__in=indicators)} if indicators else {},
        {r.code: r.name for r in Region.objects.filter(code__in=regions)} if regions else {},
    )


def _named(params: dict, names: tuple[dict, dict] | None = None) -> dict:
    """The parameters worded for the reader: columns, levels and nested messages in the active language,
    indicator and region codes replaced by their names."""
    from apps.regions.constants import Level

    out = dict(params)
    if "field" in out:  # a column the problem is in
        out["field"] = column_label(out["field"])
    if out.get("level") in Level.values:
        out["level"] = str(Level(out["level"]).label).lower()
    if isinstance(out.get("reason"), Message):  # a row error's own message
        out["reason"] = message_text(out["reason"].code, out["reason"].params, out["reason"])
    if {"indicator", "indicators", "region_code"} & set(out):
        indicator_names, region_names = names if names is not None else _names_for([params])
        if "indicator" in out:
            out["indicator"] = indicator_names.get(out["indicator"], out["indicator"])
        if "indicators" in out:
            out["indicators"] = [indicator_names.get(c, c) for c in out["indicators"]]
        if "region_code" in out:
            out["region_code"] = region_names.get(out["region_code"], out["region_code"])
    return _joined(out, ", " if is_english() else "、")


def row_errors_text(errors: list, limit: int) -> str:
    """ "Nothing was stored." and the first `limit` row errors (Messages), in the active language."""
    shown = "; ".join(message_text(e.code, e.params, str(e)) for e in errors[:limit])
    if len(errors) > limit:
        shown += message_text("upload.more_errors", {"count": len(errors) - limit})
    return message_text("upload.nothing_stored", {"errors": shown})


def message_text(code: str | None, params: dict | None = None, fallback: str = "", *, names=None) -> str:
    """The message in the active language; `fallback` (the stored English text) for an unknown or no code.
    `names`: indicator and region names looked up beforehand (see `issue_texts`)."""
    if not code or code not in MESSAGES:
        return fallback
    try:
        return gettext(MESSAGES[code]) % _named(params or {}, names)
    except (KeyError, TypeError, ValueError):
        return fallback or MESSAGES[code]


def issue_texts(issues: list[dict]) -> list[str]:
    """Stored validation issues ({row, column, value, reason, code, params}) in the active language, the
    names they mention looked up once for all of them."""
    names = _names_for([issue.get("params") or {} for issue in issues])
    return [message_text(i.get("code"), i.get("params"), i.get("reason", ""), names=names) for i in issues]


def issue_text(issue: dict) -> str:
    return issue_texts([issue])[0]


def issue_rows(issues: list[dict]) -> list[dict]:
    """Stored issues for a page: `text` worded for the reader, `column_text` the column's name."""
    return [
        {**issue, "text": text, "column_text": column_label(issue.get("column", ""))}
        for issue, text in zip(issues, issue_texts(issues), strict=True)
    ]


_THIN_PILLAR = re.compile(r"^(\w+): (\d+)% of its indicators reported$")


def excluded_text(reason: str) -> str:
    """Why a run left a region out, in the active language (runs store "pillar: 40% of its indicators
    reported")."""
    from apps.indicators.constants import Pillar

    found = _THIN_PILLAR.match(reason or "")
    if not found or found.group(1) not in Pillar.values:
        return reason
    if found.group(2) == "0":
        return message_text("run.region_no_data", {"pillar": str(Pillar(found.group(1)).label)}, reason)
    return message_text(
        "run.region_thin_pillar", {"pillar": str(Pillar(found.group(1)).label), "share": found.group(2)}, reason
    )


def stage_label(stage: str) -> str:
    return gettext(STAGES[stage]) if stage in STAGES else stage


def column_label(column: str) -> str:
    return gettext(COLUMNS[column]) if column in COLUMNS else column


def layout_label(layout: str) -> str:
    return gettext(LAYOUTS[layout]) if layout in LAYOUTS else layout


def action_label(action: str) -> str:
    return gettext(ACTIONS[action]) if action in ACTIONS else action
