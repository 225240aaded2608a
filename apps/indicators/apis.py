from rest_framework import generics, serializers

from .constants import Measure
from .models import Indicator, Industry, IndustryObservation, Observation
from .selectors import (
    IndustryObservationFilter,
    ObservationFilter,
    indicator_list,
    industry_list,
    industry_observation_list,
    observation_list,
)
from .services import DERIVED_LAYOUT


class IndicatorListApi(generics.ListAPIView):
    class IndicatorOutputSerializer(serializers.ModelSerializer):
        name = serializers.CharField(read_only=True)
        derived = serializers.BooleanField(source="is_derived", read_only=True)

        class Meta:
            model = Indicator
            fields = [
                "code",
                "name_zh",
                "name_en",
                "name",
                "unit",
                "pillar",
                "direction",
                "description",
                "default_source",
                "aliases",
                "allow_negative",
                "max_value",
                "derived",
                "formula",
            ]
            read_only_fields = fields

    serializer_class = IndicatorOutputSerializer
    pagination_class = None

    def get_queryset(self):
        return indicator_list()


class IndustryListApi(generics.ListAPIView):
    class IndustryOutputSerializer(serializers.ModelSerializer):
        classification = serializers.SlugRelatedField(slug_field="code", read_only=True)
        parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
        name = serializers.CharField(read_only=True)

        class Meta:
            model = Industry
            fields = ["classification", "code", "name_zh", "name_en", "name", "parent", "aliases"]
            read_only_fields = fields

    serializer_class = IndustryOutputSerializer
    pagination_class = None

    def get_queryset(self):
        return industry_list()


class _SourceFields(serializers.Serializer):
    source = serializers.CharField(source="dataset.source", read_only=True)
    vintage = serializers.DateField(source="dataset.vintage", read_only=True)
    dataset = serializers.IntegerField(source="dataset_id", read_only=True)


class ObservationListApi(generics.ListAPIView):
    """Values with their unit, year and source. Current values only unless `include_superseded=true`."""

    class ObservationOutputSerializer(_SourceFields, serializers.ModelSerializer):
        region = serializers.CharField(source="region.code", read_only=True)
        indicator = serializers.CharField(source="indicator.code", read_only=True)
        unit = serializers.CharField(source="indicator.unit", read_only=True)
        derived = serializers.SerializerMethodField()

        class Meta:
            model = Observation
            fields = [
                "region",
                "indicator",
                "year",
                "value",
                "unit",
                "source",
                "vintage",
                "dataset",
                "is_current",
                "derived",
            ]
            read_only_fields = fields

        def get_derived(self, obs) -> bool:
            return obs.dataset.layout == DERIVED_LAYOUT

    serializer_class = ObservationOutputSerializer
    filterset_class = ObservationFilter

    def get_queryset(self):
        return observation_list()


class IndustryObservationListApi(generics.ListAPIView):
    class IndustryObservationOutputSerializer(_SourceFields, serializers.ModelSerializer):
        region = serializers.CharField(source="region.code", read_only=True)
        industry = serializers.CharField(source="industry.code", read_only=True)
        unit = serializers.SerializerMethodField()

        class Meta:
            model = IndustryObservation
            fields = ["region", "industry", "measure", "year", "value", "unit", "source", "vintage", "dataset"]
            read_only_fields = fields

        def get_unit(self, obj) -> str:
            from apps.ingest.domain.validate import MEASURES

            return MEASURES[obj.measure][0] if obj.measure in Measure.values else ""

    serializer_class = IndustryObservationOutputSerializer
    filterset_class = IndustryObservationFilter

    def get_queryset(self):
        return industry_observation_list()
