"""Reads of regions, groups and map layers."""

import gzip
import json
from functools import lru_cache

import django_filters
import pandas as pd
from django.db.models import Q, QuerySet

from .constants import LEVEL_ORDER, GroupKind, Level
from .models import MapLayer, Region, RegionGroup


def region_layer_q(level: str) -> Q:
    """Units that together cover the country at `level`: the level's own units plus higher units with no
    subdivision there (Dongguan in the county layer, Hong Kong in the prefecture layer)."""
    depth = LEVEL_ORDER[Level(level)]
    spans = [lvl for lvl, d in LEVEL_ORDER.items() if d >= depth]
    return Q(level=level) | Q(level__in=[lvl for lvl, d in LEVEL_ORDER.items() if d < depth], lowest_level__in=spans)


def region_group_q(group: RegionGroup) -> Q:
    """Regions in a group: its members and everything below them."""
    codes = list(group.members.values_list("code", flat=True))
    return Q(code__in=codes) | Q(province_code__in=codes) | Q(prefecture_code__in=codes)


class RegionFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices, method="filter_level", label="Map level")
    parent = django_filters.CharFilter(method="filter_parent", label="Parent region code")
    group = django_filters.CharFilter(method="filter_group", label="Region group code")
    q = django_filters.CharFilter(method="filter_search", label="Name or code contains")

    class Meta:
        model = Region
        fields = ["level", "parent", "group", "q"]

    def filter_level(self, queryset, name, value):
        return queryset.filter(region_layer_q(value))

    def filter_parent(self, queryset, name, value):
        return queryset.filter(parent__code=value)

    def filter_group(self, queryset, name, value):
        group = RegionGroup.objects.filter(code=value).first()
        if group is None:
            return queryset.none()
        return queryset.filter(region_group_q(group))

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name_zh__icontains=value)
            | Q(name_en__icontains=value)
            | Q(short_name_zh__icontains=value)
            | Q(code=value)
        )


def region_list(*, filters: dict | None = None) -> QuerySet[Region]:
    queryset = Region.objects.select_related("parent").order_by("code")
    return RegionFilter(filters or {}, queryset=queryset).qs


def region_get(*, code: str) -> Region | None:
    return Region.objects.select_related("parent").filter(code=code).first()


def regions_by_code(codes) -> dict[str, Region]:
    return {r.code: r for r in Region.objects.filter(code__in=list(codes))}


def region_lookup(text: str, *, prefer_level: str | None = None) -> Region | None:
    """The region a user typed: its code, Chinese name or short name, or English name (any case); of
    `prefer_level` when a region there has the name."""
    matches = Region.objects.filter(Q(code=text) | Q(name_zh=text) | Q(short_name_zh=text) | Q(name_en__iexact=text))
    if prefer_level:
        found = matches.filter(level=prefer_level).order_by("code").first()
        if found is not None:
            return found
    return matches.first()


def region_group_list() -> QuerySet[RegionGroup]:
    return RegionGroup.objects.prefetch_related("members").order_by("kind", "code")


def region_groups_of(*, region: Region) -> QuerySet[RegionGroup]:
    """Groups the region belongs to, directly or through its province or prefecture."""
    codes = [code for code in (region.code, region.province_code, region.prefecture_code) if code]
    return RegionGroup.objects.filter(members__code__in=codes).distinct().order_by("kind", "code")


def province_macro_regions() -> dict[str, RegionGroup]:
    """Province code → its macro-region (East, Central, West, Northeast); Hong Kong, Macao and Taiwan have none."""
    result = {}
    for group in RegionGroup.objects.filter(kind=GroupKind.MACRO_REGION).prefetch_related("members"):
        for member in group.members.all():
            result[member.province_code] = group
    return result


def map_layer_meta(*, level: str, detail: bool = False) -> MapLayer | None:
    """A level's national layer, or (`detail`) its finer drill-down layer, falling back to the national one."""
    layers = MapLayer.objects.defer("geojson_gzip").filter(level=level)
    return (layers.filter(detail=True).first() if detail else None) or layers.filter(detail=False).first()


@lru_cache(maxsize=8)
def _layer_bytes(level: str, etag: str) -> bytes:
    return bytes(MapLayer.objects.values_list("geojson_gzip", flat=True).get(level=level, etag=etag))


def map_layer_gzip(*, layer: MapLayer) -> bytes:
    """The layer's gzipped GeoJSON, kept in process memory by content hash after the first read."""
    return _layer_bytes(layer.level, layer.etag)


@lru_cache(maxsize=64)
def _layer_subset(level: str, etag: str, codes: frozenset[str]) -> bytes:
    collection = json.loads(gzip.decompress(_layer_bytes(level, etag)))
    collection["features"] = [f for f in collection["features"] if f["properties"]["code"] in codes]
    raw = json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=6, mtime=0)


def map_layer_subset_gzip(*, layer: MapLayer, codes: frozenset[str]) -> bytes:
    """The features of `codes` only (a drill-down or a group), gzipped; cached per layer version and subset."""
    return _layer_subset(layer.level, layer.etag, codes)


def region_frame(*, filters: dict | None = None, language: str = "zh-hans") -> pd.DataFrame:
    """Regions as a frame: `code`, `name` (in `language`), `name_alt` (the other language), `level`,
    `province_code`, `parent_code`, `parent_name`."""
    english = language.startswith("en")
    rows = region_list(filters=filters).values(
        "code", "name_zh", "name_en", "level", "province_code", "parent__code", "parent__name_zh", "parent__name_en"
    )
    frame = pd.DataFrame.from_records(
        list(rows),
        columns=[
            "code",
            "name_zh",
            "name_en",
            "level",
            "province_code",
            "parent__code",
            "parent__name_zh",
            "parent__name_en",
        ],
    )
    first, second = ("name_en", "name_zh") if english else ("name_zh", "name_en")
    return pd.DataFrame(
        {
            "code": frame["code"],
            "name": frame[first],
            "name_alt": frame[second],
            "level": frame["level"],
            "province_code": frame["province_code"],
            "parent_code": frame["parent__code"].fillna(""),
            "parent_name": frame[f"parent__{first}"].fillna("—"),
        }
    )
