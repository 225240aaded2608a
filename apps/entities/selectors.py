"""Reads of entity lists: the latest list of each kind, and the entities inside a region."""

from .constants import KINDS
from .models import Entity, EntityList


def latest_lists() -> dict[str, EntityList]:
    out = {}
    for entity_list in EntityList.objects.order_by("kind", "-snapshot", "-pk"):
        out.setdefault(entity_list.kind, entity_list)
    return out


def region_entities(region, limit: int = 200) -> list[dict]:
    """Per kind, from its latest list: how many entities are in the region (any level below it) and their names."""
    field = {"province": "province_code", "prefecture": "prefecture_code", "county": "county_code"}[region.level]
    out = []
    for kind, entity_list in latest_lists().items():
        found = Entity.objects.filter(list=entity_list, **{field: region.code}).order_by("name")
        count = found.count()
        if count:
            out.append(
                {
                    "kind": kind,
                    "name": KINDS[kind]["name"],
                    "unit": KINDS[kind]["unit"],
                    "count": count,
                    "list": entity_list,
                    "entities": list(found[:limit]),
                }
            )
    return out


def entity_list_all() -> list[EntityList]:
    return list(EntityList.objects.select_related("uploaded_by", "dataset").order_by("kind", "-snapshot", "-pk"))
