"""The observation tables' foreign keys are not checked by the database row by row (an import writes them
by COPY from ids it has just looked up); deleting what observations point to is still refused."""

import pytest
from django.db.models import ProtectedError

from apps.indicators.models import Indicator, Industry, IndustryObservation, Observation
from apps.regions.models import Region
from tests.factories import DatasetFactory, IndustryObservationFactory, ObservationFactory


@pytest.mark.django_db
def test_regions_indicators_industries_and_datasets_with_observations_cannot_be_deleted(regions):
    dataset = DatasetFactory()
    region = Region.objects.filter(level="county").first()
    indicator = Indicator.objects.get(code="gdp")
    industry = Industry.objects.filter(code="C").first()
    ObservationFactory(region=region, indicator=indicator, dataset=dataset)
    IndustryObservationFactory(region=region, industry=industry, dataset=dataset)
    for protected in (region, indicator, industry, dataset):
        with pytest.raises(ProtectedError) as refused:
            protected.delete()
        assert {type(o) for o in refused.value.protected_objects} & {Observation, IndustryObservation}
