import django_filters
from django.db.models import QuerySet

from .models import Indicator, Industry, IndustryObservation, Observation


class ObservationFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code", label="Region code")
    indicator = django_filters.CharFilter(field_name="indicator__code", label="Indicator code")
    year = django_filters.NumberFilter(field_name="year")
    include_superseded = django_filters.BooleanFilter(
        method="filter_superseded", label="Also values superseded by a newer vintage"
    )

    class Meta:
        model = Observation
        fields = ["region", "indicator", "year", "include_superseded"]

    def filter_superseded(self, queryset, name, value):
        return queryset  # applied in `qs`, which must also act when the parameter is absent

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("include_superseded"):
            queryset = queryset.filter(is_current=True)
        return queryset


class IndustryObservationFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(field_name="region__code")
    industry = django_filters.CharFilter(field_name="industry__code")
    measure = django_filters.CharFilter(field_name="measure")
    year = django_filters.NumberFilter(field_name="year")

    class Meta:
        model = IndustryObservation
        fields = ["region", "industry", "measure", "year"]

    @property
    def qs(self):
        return super().qs.filter(is_current=True)


def observation_list() -> QuerySet[Observation]:
    return Observation.objects.select_related("region", "indicator", "dataset").order_by(
        "indicator__code", "region__code", "year", "-dataset__vintage"
    )


def industry_observation_list() -> QuerySet[IndustryObservation]:
    return IndustryObservation.objects.select_related("region", "industry", "dataset").order_by(
        "industry__code", "measure", "region__code", "year"
    )


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.order_by("pillar", "code")


def industry_list() -> QuerySet[Industry]:
    return Industry.objects.select_related("classification", "parent").order_by("classification__code", "code")


def current_in_window(*, region_ids: list[int], codes: list[str], year: int, window: int = 0) -> QuerySet[Observation]:
    """The current values of the indicators for the regions from `year - window` to `year` (a run's inputs)."""
    return Observation.objects.filter(
        region_id__in=region_ids, indicator__code__in=codes, year__lte=year, year__gte=year - window, is_current=True
    )


def indicator_names() -> dict[str, str]:
    """Indicator code → its name in the active language."""
    from apps.core.models import name_field

    return dict(Indicator.objects.values_list("code", name_field()))


def classification_names(*, english: bool) -> dict[str, str]:
    from .models import IndustryClassification

    return {c.code: c.name_en if english else c.name_zh for c in IndustryClassification.objects.all()}
