"""Factories (factory_boy) for the rows tests make directly: users in a role, datasets, observations and
scoring runs. Anything whose correctness is under test (an import, a run's results) is still made through
the services that make it for users; these are for the rows around it."""

import hashlib
import uuid

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from apps.accounts.constants import ROLE_PLANNER
from apps.accounts.services import roles_ensure
from apps.indicators.models import Indicator, IndustryObservation, Observation
from apps.ingest.models import Dataset
from apps.regions.models import Region
from apps.scoring.models import ScoringRun
from apps.scoring.selectors import default_model

PASSWORD = "pw-for-tests-123"


class UserFactory(factory.django.DjangoModelFactory):
    """A user in one role (`role=`, a planner unless told), with the tests' password."""

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.LazyFunction(lambda: f"user-{uuid.uuid4().hex[:6]}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            roles_ensure()
            self.groups.add(Group.objects.get(name=extracted or ROLE_PLANNER))


class DatasetFactory(factory.django.DjangoModelFactory):
    """A committed dataset record with no file behind it (for values written directly)."""

    class Meta:
        model = Dataset

    sha256 = factory.LazyFunction(lambda: hashlib.sha256(uuid.uuid4().bytes).hexdigest())
    stored_name = factory.LazyAttribute(lambda o: f"{o.sha256[:16]}.csv")
    original_name = "values.csv"
    file_format = "csv"
    size = 1
    status = "succeeded"


class _ValueFactory(factory.django.DjangoModelFactory):
    """A value of a region in a year, in a committed dataset of its own."""

    class Meta:
        abstract = True

    region = factory.LazyFunction(lambda: Region.objects.get(code="420000"))
    year = 2020
    value = 1.0
    dataset = factory.SubFactory(DatasetFactory)


class ObservationFactory(_ValueFactory):
    class Meta:
        model = Observation

    indicator = factory.LazyFunction(lambda: Indicator.objects.get(code="gdp"))


class IndustryObservationFactory(_ValueFactory):
    class Meta:
        model = IndustryObservation

    measure = "employment"


class ScoringRunFactory(factory.django.DjangoModelFactory):
    """A pending run of the default model (the worker has not taken it)."""

    class Meta:
        model = ScoringRun

    model = factory.LazyFunction(default_model)
    level = "province"
    year = 2020
