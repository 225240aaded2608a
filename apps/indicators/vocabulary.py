"""The terms every app uses, defined once: the pillars of the framework and the measures of region ×
industry tables, with their Chinese and English names and (for measures) the canonical unit and the header
phrases that name them in tables. Plain constants, no Django, so domain code may import them; the Django
choices in constants.py are made from them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    zh: str
    en: str  # as it reads inside a sentence


# the framework's pillars, in order; the last carries no weight in the shipped models
PILLARS: dict[str, Term] = {
    "science_education": Term("科教资源", "science and education resources"),
    "industrial_foundation": Term("产业基础", "industrial foundation"),
    "scenarios_market": Term("应用场景与市场", "application scenarios and market"),
    "enterprise_ecosystem": Term("企业生态", "enterprise ecosystem"),
    "innovation_output": Term("创新产出", "innovation output"),
    "factor_support": Term("要素支撑", "factor support"),
}
SCORED_PILLARS = tuple(code for code in PILLARS if code != "factor_support")  # the pillars roles and scores read


@dataclass(frozen=True)
class Measure:
    zh: str
    en: str
    unit: str  # the canonical unit values are converted to
    headers: tuple[str, ...]  # phrases that name the measure in a table's header
    signed: bool = False  # may be negative (value added of a loss-making sector)


MEASURES: dict[str, Measure] = {
    "output": Measure("总产出", "gross output", "万元", ("总产出", "产出", "output", "gross_output")),
    "value_added": Measure("增加值", "value added", "万元", ("增加值", "value_added"), signed=True),
    "employment": Measure(
        "就业人员",
        "employment",
        "万人",
        ("城镇单位就业人员", "就业人员", "从业人员", "employment", "urban_unit_employment"),
    ),
    "legal_entities": Measure("法人单位数", "legal entities", "个", ("法人单位数", "法人单位", "legal_entities")),
    "firms": Measure("企业数", "firms", "个", ("企业单位数", "企业数", "firms")),
}
# which measure a region × industry matrix is read from when several are there, best first
MEASURE_PREFERENCE = ("value_added", "output", "employment", "legal_entities", "firms")
