"""An indicator's code and unit cannot be changed in the admin once values are stored in them."""

import datetime

from apps.indicators.models import Indicator
from apps.regions.models import Region
from tests.factories import ObservationFactory


def test_code_and_unit_are_read_only_once_observations_exist(client, admin_user_role, regions):
    admin_user_role.is_superuser = admin_user_role.is_staff = True
    admin_user_role.save()
    client.force_login(admin_user_role)
    population = Indicator.objects.get(code="population")
    url = f"/admin/indicators/indicator/{population.pk}/change/"
    form = {
        "code": "population",
        "name_zh": population.name_zh,
        "name_en": population.name_en,
        "unit": "人",
        "pillar": population.pillar,
        "direction": population.direction,
        "aliases": "[]",
        "formula": "{}",
    }
    # no values yet: the unit may still be set right
    assert 'name="unit"' in client.get(url).content.decode()
    ObservationFactory(
        region=Region.objects.get(code="420000"),
        indicator=population,
        year=2023,
        value=5838.0,
        dataset__vintage=datetime.date(2024, 1, 1),
    )
    page = client.get(url).content.decode()
    assert 'name="unit"' not in page and 'name="code"' not in page
    client.post(url, {**form, "code": "pop", "unit": "人"})
    population.refresh_from_db()
    assert (population.code, population.unit) == ("population", "万人")
