"""English names for Chinese administrative units: conventional where one is established, else Hanyu Pinyin
with the unit type translated (区 District, 县 County, 自治州 Autonomous Prefecture, ...)."""

from pypinyin import Style, lazy_pinyin, load_phrases_dict, load_single_dict

# Readings that place names take where everyday text prefers another (长沙 Changsha, 成都 Chengdu).
load_single_dict({ord("长"): "cháng,zhǎng", ord("都"): "dū,dōu", ord("行"): "xíng,háng", ord("厦"): "xià,shà"})
load_phrases_dict(
    {
        "六安": [["lù"], ["ān"]],
        "番禺": [["pān"], ["yú"]],
        "蚌埠": [["bèng"], ["bù"]],
        "乐清": [["yuè"], ["qīng"]],
        "单县": [["shàn"], ["xiàn"]],
        "莘县": [["shēn"], ["xiàn"]],
        "铅山": [["yán"], ["shān"]],
        "洪洞": [["hóng"], ["tóng"]],
        "东阿": [["dōng"], ["ē"]],
        "尉氏": [["wèi"], ["shì"]],
    }
)

# Conventional English names, by GB/T 2260 code, where plain pinyin is not what English text uses.
CONVENTIONAL = {
    "110000": "Beijing",
    "120000": "Tianjin",
    "130000": "Hebei",
    "140000": "Shanxi",
    "150000": "Inner Mongolia",
    "210000": "Liaoning",
    "220000": "Jilin",
    "230000": "Heilongjiang",
    "310000": "Shanghai",
    "320000": "Jiangsu",
    "330000": "Zhejiang",
    "340000": "Anhui",
    "350000": "Fujian",
    "360000": "Jiangxi",
    "370000": "Shandong",
    "410000": "Henan",
    "420000": "Hubei",
    "430000": "Hunan",
    "440000": "Guangdong",
    "450000": "Guangxi",
    "460000": "Hainan",
    "500000": "Chongqing",
    "510000": "Sichuan",
    "520000": "Guizhou",
    "530000": "Yunnan",
    "540000": "Tibet",
    "610000": "Shaanxi",
    "620000": "Gansu",
    "630000": "Qinghai",
    "640000": "Ningxia",
    "650000": "Xinjiang",
    "710000": "Taiwan",
    "810000": "Hong Kong",
    "820000": "Macao",
    # prefecture level: Mongolian, Tibetan and Uyghur place names have established spellings
    "150100": "Hohhot",
    "150600": "Ordos",
    "150700": "Hulunbuir",
    "150800": "Bayannur",
    "150900": "Ulanqab",
    "152200": "Hinggan League",
    "152500": "Xilingol League",
    "152900": "Alxa League",
    "540100": "Lhasa",
    "540200": "Shigatse",
    "540300": "Qamdo",
    "540400": "Nyingchi",
    "540500": "Shannan",
    "540600": "Nagqu",
    "542500": "Ngari Prefecture",
    "650100": "Urumqi",
    "650200": "Karamay",
    "650400": "Turpan",
    "650500": "Hami",
    "652300": "Changji Hui Autonomous Prefecture",
    "652700": "Bortala Mongol Autonomous Prefecture",
    "652800": "Bayingolin Mongol Autonomous Prefecture",
    "652900": "Aksu Prefecture",
    "653000": "Kizilsu Kirghiz Autonomous Prefecture",
    "653100": "Kashgar Prefecture",
    "653200": "Hotan Prefecture",
    "654000": "Ili Kazakh Autonomous Prefecture",
    "654200": "Tacheng Prefecture",
    "654300": "Altay Prefecture",
    "632600": "Golog Tibetan Autonomous Prefecture",
    "632700": "Yushu Tibetan Autonomous Prefecture",
    "632800": "Haixi Mongol and Tibetan Autonomous Prefecture",
    # Hong Kong districts and Macao parishes use their own official English names
    "810001": "Central and Western",
    "810002": "Wan Chai",
    "810003": "Eastern",
    "810004": "Southern",
    "810005": "Yau Tsim Mong",
    "810006": "Sham Shui Po",
    "810007": "Kowloon City",
    "810008": "Wong Tai Sin",
    "810009": "Kwun Tong",
    "810010": "Tsuen Wan",
    "810011": "Tuen Mun",
    "810012": "Yuen Long",
    "810013": "North",
    "810014": "Tai Po",
    "810015": "Sai Kung",
    "810016": "Sha Tin",
    "810017": "Kwai Tsing",
    "810018": "Islands",
    "820001": "Our Lady of Fatima Parish",
    "820002": "St. Anthony Parish",
    "820003": "St. Lazarus Parish",
    "820004": "Cathedral Parish",
    "820005": "St. Lawrence Parish",
    "820006": "Our Lady of Carmel Parish",
    "820007": "Cotai",
    "820008": "St. Francis Xavier Parish",
}

ETHNIC_GROUPS = {
    "土家": "Tujia",
    "苗": "Miao",
    "侗": "Dong",
    "布依": "Bouyei",
    "彝": "Yi",
    "藏": "Tibetan",
    "羌": "Qiang",
    "回": "Hui",
    "蒙古": "Mongol",
    "哈萨克": "Kazakh",
    "柯尔克孜": "Kirghiz",
    "朝鲜": "Korean",
    "白": "Bai",
    "傣": "Dai",
    "景颇": "Jingpo",
    "哈尼": "Hani",
    "壮": "Zhuang",
    "傈僳": "Lisu",
    "纳西": "Naxi",
    "拉祜": "Lahu",
    "佤": "Va",
    "瑶": "Yao",
    "黎": "Li",
    "满": "Manchu",
    "畲": "She",
    "仡佬": "Gelao",
    "水": "Sui",
    "仫佬": "Mulao",
    "毛南": "Maonan",
    "各": "",
    "土": "Tu",
    "撒拉": "Salar",
    "东乡": "Dongxiang",
    "保安": "Bonan",
    "裕固": "Yugur",
    "达斡尔": "Daur",
    "鄂温克": "Evenk",
    "鄂伦春": "Oroqen",
    "锡伯": "Xibe",
    "塔吉克": "Tajik",
    "普米": "Pumi",
    "怒": "Nu",
    "独龙": "Derung",
    "布朗": "Blang",
    "阿昌": "Achang",
    "德昂": "De'ang",
    "基诺": "Jino",
    "维吾尔": "Uyghur",
    "京": "Gin",
}

# Unit-type suffixes, longest first so 自治县 wins over 县.
SUFFIXES = [
    ("特别行政区", ""),
    ("维吾尔自治区", ""),
    ("壮族自治区", ""),
    ("回族自治区", ""),
    ("自治区", ""),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("林区", "Forestry District"),
    ("新区", "New District"),
    ("特区", "Special District"),
    ("地区", "Prefecture"),
    ("省", ""),
    ("市", ""),
    ("盟", "League"),
    ("旗", "Banner"),
    ("县", "County"),
    ("区", "District"),
]

_VOWEL_INITIALS = ("a", "o", "e")


def pinyin(text: str) -> str:
    """Hanyu Pinyin as one capitalised word, with the apostrophe before a/o/e syllables (Xi'an)."""
    syllables = lazy_pinyin(text, style=Style.NORMAL, v_to_u=True)
    word = ""
    for i, syllable in enumerate(syllables):
        if i and syllable[:1] in _VOWEL_INITIALS and word[-1:].isalpha():
            word += "'"
        word += syllable
    return word[:1].upper() + word[1:]


def _split_ethnic(stem: str) -> tuple[str, list[str]]:
    """Splits "恩施土家族苗族" into ("恩施", ["Tujia", "Miao"]), reading ethnic names off the end."""
    groups: list[str] = []
    while True:
        for chinese in sorted(ETHNIC_GROUPS, key=len, reverse=True):
            for candidate in (chinese + "族", chinese):
                if stem.endswith(candidate) and len(stem) > len(candidate):
                    stem = stem[: -len(candidate)]
                    if ETHNIC_GROUPS[chinese]:
                        groups.insert(0, ETHNIC_GROUPS[chinese])
                    break
            else:
                continue
            break
        else:
            return stem, groups


def english_name(code: str, name_zh: str) -> str:
    """The English name of an administrative unit from its code and Chinese name."""
    if code in CONVENTIONAL:
        return CONVENTIONAL[code]
    for suffix, english in SUFFIXES:
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            stem = name_zh[: -len(suffix)]
            ethnic: list[str] = []
            if suffix.startswith("自治"):
                stem, ethnic = _split_ethnic(stem)
            # One-character stems keep their type in the name (e.g. 城区 stays "Chengqu", not "Cheng District").
            if len(stem) == 1:
                return pinyin(name_zh)
            parts = [pinyin(stem)]
            if ethnic:
                parts.append(" and ".join(ethnic) if len(ethnic) <= 2 else ", ".join(ethnic))
            if english:
                parts.append(english)
            return " ".join(parts)
    return pinyin(name_zh)


def short_name_zh(name_zh: str) -> str:
    """The short form used in statistical tables: 北京市 → 北京, 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西."""
    for suffix in ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市"):
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix) + 1:
            return name_zh[: -len(suffix)]
    return name_zh
