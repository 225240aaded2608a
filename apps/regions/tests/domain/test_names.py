import pytest

from apps.regions.domain.names import english_name, pinyin, short_name_zh


@pytest.mark.parametrize(
    ("code", "name_zh", "expected"),
    [
        ("110000", "北京市", "Beijing"),
        ("150000", "内蒙古自治区", "Inner Mongolia"),
        ("540000", "西藏自治区", "Tibet"),
        ("440100", "广州市", "Guangzhou"),
        ("420100", "武汉市", "Wuhan"),
        ("610100", "西安市", "Xi'an"),
        ("110108", "海淀区", "Haidian District"),
        ("340121", "长丰县", "Changfeng County"),
        ("510100", "成都市", "Chengdu"),
        ("350200", "厦门市", "Xiamen"),
        ("341500", "六安市", "Lu'an"),
        ("422800", "恩施土家族苗族自治州", "Enshi Tujia and Miao Autonomous Prefecture"),
        ("222400", "延边朝鲜族自治州", "Yanbian Korean Autonomous Prefecture"),
        ("429021", "神农架林区", "Shennongjia Forestry District"),
        ("150100", "呼和浩特市", "Hohhot"),
        ("810001", "中西区", "Central and Western"),
        ("140202", "城区", "Chengqu"),
    ],
)
def test_english_name(code, name_zh, expected):
    assert english_name(code, name_zh) == expected


def test_unknown_unit_type_falls_back_to_pinyin():
    assert english_name("999999", "某某") == "Moumou"


def test_pinyin_puts_apostrophe_only_between_syllables():
    assert pinyin("西安") == "Xi'an"
    assert pinyin("安庆") == "Anqing"


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("北京市", "北京"),
        ("内蒙古自治区", "内蒙古"),
        ("广西壮族自治区", "广西"),
        ("新疆维吾尔自治区", "新疆"),
        ("香港特别行政区", "香港"),
        ("河北省", "河北"),
        ("沙市", "沙市"),
    ],
)
def test_short_name(full, short):
    assert short_name_zh(full) == short
