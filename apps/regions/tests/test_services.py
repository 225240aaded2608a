import pytest

from apps.regions.constants import Level
from apps.regions.models import MapLayer, Region, RegionGroup
from apps.regions.services import region_groups_load, regions_load, regions_loaded


def test_regions_are_loaded_with_parents_names_and_measures(regions):
    assert regions_loaded()
    assert Region.objects.filter(level=Level.PROVINCE).count() == 34
    wuhan = Region.objects.get(code="420100")
    assert (wuhan.name_zh, wuhan.name_en, wuhan.parent.code) == ("武汉市", "Wuhan", "420000")
    assert wuhan.province_code == "420000" and wuhan.prefecture_code == "420100"
    assert 8000 < wuhan.area_km2 < 9000  # 8,569 km² officially
    assert 113.5 < wuhan.centroid_lon < 115 and 29.9 < wuhan.centroid_lat < 31.4
    assert Region.objects.get(code="420102").prefecture_code == "420100"
    imongolia = Region.objects.get(code="150000")
    assert (imongolia.name_en, imongolia.short_name_zh) == ("Inner Mongolia", "内蒙古")
    assert 1.1e6 < imongolia.area_km2 < 1.25e6


def test_second_load_changes_nothing(regions, boundary_build):
    before = {layer.level: layer.built_at for layer in MapLayer.objects.all()}
    counts = regions_load(build=boundary_build)
    assert counts == {"created": 0, "updated": 0}
    assert {layer.level: layer.built_at for layer in MapLayer.objects.all()} == before


def test_load_repairs_a_changed_region(regions, boundary_build):
    Region.objects.filter(code="420100").update(name_en="Hankou")
    counts = regions_load(build=boundary_build)
    assert counts == {"created": 0, "updated": 1}
    assert Region.objects.get(code="420100").name_en == "Wuhan"


def test_builtin_groups(regions):
    east = RegionGroup.objects.get(code="east")
    assert east.members.count() == 10
    total = sum(RegionGroup.objects.get(code=c).members.count() for c in ("east", "central", "west", "northeast"))
    assert total == 31  # the mainland provinces, each in exactly one macro-region
    gba = RegionGroup.objects.get(code="gba")
    assert set(gba.members.values_list("code", flat=True)) >= {"440300", "810000", "820000"}


def test_groups_are_not_recreated_or_overwritten(regions):
    RegionGroup.objects.filter(code="yrd").update(name_en="YRD (edited)")
    assert region_groups_load() == 0
    assert RegionGroup.objects.get(code="yrd").name_en == "YRD (edited)"


def test_unknown_member_code_is_an_error(regions, tmp_path):
    path = tmp_path / "groups.json"
    path.write_text('[{"code": "x", "kind": "custom", "name_zh": "x", "name_en": "x", "members": ["999999"]}]')
    with pytest.raises(ValueError, match="999999"):
        region_groups_load(path=path)
