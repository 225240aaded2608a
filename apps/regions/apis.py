import gzip
import hashlib

from django.http import HttpResponse, HttpResponseNotModified
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.views import APIView

from .constants import Level
from .models import Region, RegionGroup
from .selectors import (
    RegionFilter,
    map_layer_gzip,
    map_layer_meta,
    map_layer_subset_gzip,
    region_group_list,
    region_groups_of,
    region_list,
)


class RegionOutputSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    name = serializers.CharField(read_only=True)

    class Meta:
        model = Region
        fields = [
            "code",
            "name_zh",
            "name_en",
            "name",
            "short_name_zh",
            "level",
            "lowest_level",
            "parent",
            "province_code",
            "prefecture_code",
            "area_km2",
            "centroid_lon",
            "centroid_lat",
        ]
        read_only_fields = fields


class RegionDetailOutputSerializer(RegionOutputSerializer):
    children = serializers.SerializerMethodField()
    groups = serializers.SerializerMethodField()

    class Meta(RegionOutputSerializer.Meta):
        fields = [
            *RegionOutputSerializer.Meta.fields,
            "label_lon",
            "label_lat",
            "boundary_source",
            "children",
            "groups",
        ]
        read_only_fields = fields

    def get_children(self, region) -> list[str]:
        return [child.code for child in region.children.all()]

    def get_groups(self, region) -> list[str]:
        return [group.code for group in region_groups_of(region=region)]


class RegionListApi(generics.ListAPIView):
    """Regions, filtered by map level, parent, group or name."""

    serializer_class = RegionOutputSerializer
    filterset_class = RegionFilter

    def get_queryset(self):
        return region_list()


class RegionDetailApi(generics.RetrieveAPIView):
    serializer_class = RegionDetailOutputSerializer
    lookup_field = "code"

    def get_queryset(self):
        return Region.objects.select_related("parent").prefetch_related("children")


class RegionGroupListApi(generics.ListAPIView):
    class RegionGroupOutputSerializer(serializers.ModelSerializer):
        members = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
        name = serializers.CharField(read_only=True)

        class Meta:
            model = RegionGroup
            fields = ["code", "name_zh", "name_en", "name", "kind", "source", "description", "members"]
            read_only_fields = fields

    serializer_class = RegionGroupOutputSerializer
    pagination_class = None

    def get_queryset(self):
        return region_group_list()


class RegionGeoJsonApi(APIView):
    """A map level's simplified boundaries as a GeoJSON FeatureCollection (gzipped when the client accepts it).

    Features carry `code`, `name_zh`, `name_en`, `level`, `parent` and `province` in their properties. With
    `parent` or `group`, only the matching regions of the level are returned; with `parent` (a drill-down),
    from the level's finer layer.
    """

    @extend_schema(
        parameters=[
            OpenApiParameter("level", OpenApiTypes.STR, enum=Level.values, default=Level.PROVINCE),
            OpenApiParameter("parent", OpenApiTypes.STR, required=False),
            OpenApiParameter("group", OpenApiTypes.STR, required=False),
        ],
        responses={(200, "application/geo+json"): OpenApiTypes.OBJECT},
    )
    def get(self, request):
        level = request.query_params.get("level", Level.PROVINCE)
        if level not in Level.values:
            raise ValidationError({"level": f"Must be one of {', '.join(Level.values)}."})
        filters = {key: request.query_params[key] for key in ("parent", "group") if request.query_params.get(key)}
        layer = map_layer_meta(level=level, detail="parent" in filters)  # a drill-down gets the finer layer
        if layer is None:
            raise NotFound("This map layer has not been built yet: run `manage.py load_regions`.")
        if filters:
            codes = frozenset(region_list(filters={"level": level, **filters}).values_list("code", flat=True))
            body = map_layer_subset_gzip(layer=layer, codes=codes)
            subset = hashlib.sha256(",".join(sorted(codes)).encode()).hexdigest()[:16]
            etag = f'"{layer.etag[:16]}-{subset}"'
        else:
            body = map_layer_gzip(layer=layer)
            etag = f'"{layer.etag[:32]}"'
        if request.headers.get("If-None-Match") == etag:
            return HttpResponseNotModified()
        accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
        response = HttpResponse(body if accepts_gzip else gzip.decompress(body), content_type="application/geo+json")
        if accepts_gzip:
            response["Content-Encoding"] = "gzip"
        response["ETag"] = etag
        response["Cache-Control"] = "private, max-age=3600"
        response["Vary"] = "Accept-Encoding, Cookie, Authorization"
        return response
