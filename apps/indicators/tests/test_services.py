from apps.indicators.models import Indicator, Industry
from apps.indicators.services import catalogue_seed


def test_catalogue_is_seeded_and_reseeding_keeps_edits(db):
    assert Indicator.objects.filter(code="gdp", unit="亿元").exists()
    assert Industry.objects.get(code="C26").parent.code == "C"
    Indicator.objects.filter(code="gdp").update(name_en="GRP (edited)")
    assert catalogue_seed() == 0
    assert Indicator.objects.get(code="gdp").name_en == "GRP (edited)"
    Indicator.objects.filter(code="rd_intensity").delete()
    assert catalogue_seed() == 1
    assert Indicator.objects.get(code="rd_intensity").max_value == 100
