"""The kinds of entity list the app counts, and the indicators each becomes."""

from django.utils.translation import gettext_lazy as _

# kind → names, unit, and the count indicators: (indicator code, attribute filter or None)
KINDS = {
    "regular_heis": {
        "name": _("Regular higher-education institutions"),
        "unit": "所",
        "indicators": [("hei_count", None), ("hei_undergraduate_count", ("level", "本科"))],
        "citation": "教育部 全国普通高等学校名单",
    },
    "state_key_labs": {
        "name": _("State key laboratories"),
        "unit": "个",
        "indicators": [("state_key_labs", None)],
        "host_kind": "regular_heis",  # a laboratory without a location takes its host university's
        "citation": "科技部 国家重点实验室名单",
    },
    # firm lists, placed by the address each row gives (a development zone inside a city counts for the city)
    "hightech_enterprises": {
        "name": _("High-tech enterprises (valid certificates)"),
        "unit": "个",
        "indicators": [("hightech_enterprises", None)],
        "citation": "科技部火炬中心 高新技术企业名单",
    },
    "little_giants": {
        "name": _("Specialised and sophisticated 'little giant' enterprises"),
        "unit": "个",
        "indicators": [("little_giants", None)],
        "citation": "工业和信息化部 专精特新“小巨人”企业名单",
    },
    "listed_companies": {
        "name": _("Listed companies"),
        "unit": "个",
        "indicators": [("listed_companies", None)],
        "citation": "证券交易所 上市公司名录",
    },
}
KIND_CHOICES = [(code, kind["name"]) for code, kind in KINDS.items()]

# the columns an uploaded list may use (lower-cased header → field)
COLUMNS = {
    "name": ("name", "名称", "学校名称", "school", "实验室名称", "单位名称", "企业名称"),
    "location": (
        "location",
        "所在地",
        "地址",
        "所在地区",
        "地区",
        "address",
        "city",
        "城市",
        "所在城市",
        "注册地址",
        "注册地",
        "企业地址",
        "办公地址",
        "住所",
    ),
    "province": ("province", "省份", "省", "所在省份"),
    "host": ("host", "institution", "依托单位", "依托单位名称", "主管单位"),
    "level": ("level", "办学层次", "层次"),
    "type": ("type", "类型", "类别"),
    "note": ("note", "备注"),
}
