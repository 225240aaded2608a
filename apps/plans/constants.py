from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    SUPPORTED = "supported", _("Declared and supported by the data")
    WEAK = "weak", _("Declared, but the data put it low")
    OPPORTUNITY = "opportunity", _("Supported by the data, not declared")


class Confidence(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


# declared categories as files write them
CATEGORY_WORDS = {
    "emerging": "emerging",
    "新兴": "emerging",
    "战略性新兴产业": "emerging",
    "新兴产业": "emerging",
    "future": "future",
    "未来": "future",
    "未来产业": "future",
    "traditional": "traditional",
    "传统": "traditional",
    "传统产业": "traditional",
}
LEVEL_WORDS = {
    "province": "province",
    "省": "province",
    "省级": "province",
    "city": "prefecture",
    "prefecture": "prefecture",
    "市": "prefecture",
    "地级": "prefecture",
    "城市": "prefecture",
}
# the columns of a declared-priorities file: field → accepted headers (lower case)
COLUMNS = {
    "region": ("region_name", "region", "地区", "地区名称", "省份", "城市"),
    "level": ("level", "层级", "级别"),
    "plan": ("plan", "规划", "文件", "规划文件"),
    "plan_period": ("plan_period", "规划期", "时期"),
    "year": ("plan_year_first_mentioned", "year", "年份", "提出年份"),
    "category": ("category", "类别", "产业类别"),
    "text": ("industry_as_written", "industry", "产业", "产业名称", "原文"),
    "note": ("tier_or_note", "note", "备注", "层级或备注"),
    "source": ("source", "来源", "出处"),
    "confidence": ("confidence", "可信度", "置信度"),
}
REQUIRED = ("region", "category", "text")
# the share of a category's ranked industries that counts as "supported": the top third
SUPPORTED_SHARE = 1 / 3
