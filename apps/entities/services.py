"""Entity lists in: read the file as published (CSV in UTF-8 or GBK, XLSX, legacy .xls), place every entity in
the region hierarchy, and turn the list into count indicators at every level through the statistics pipeline.
All or nothing: one row that cannot be placed stores nothing, and the error names the row, field and reason."""

import re
from collections import Counter
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from apps.core.exceptions import ApplicationError
from apps.core.messages import Message, message_text, row_errors_text
from apps.ingest.services import dataset_upload
from apps.ingest.sources.upload import upload_rows
from apps.regions.models import Region

from .constants import COLUMNS, KINDS
from .domain.geocode import Geocoder, Place, normalise
from .models import Entity, EntityList

SECTION = re.compile(r"^(.+?)[（(](\d+)\s*[所个家][）)]$")  # "北京市（92所）" above a province's rows
MAX_ERRORS = 50


def geocoder_load() -> Geocoder:
    rows = Region.objects.values_list("code", "name_zh", "short_name_zh", "level", "province_code", "prefecture_code")
    return Geocoder(Place(*row) for row in rows)


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalise(value if value is not None else "")


def _header(rows: list[list]) -> tuple[int, dict[str, int]]:
    """The header row (the first naming a name column and a location, province or host column) and where
    each field is."""
    for index, row in enumerate(rows[:30]):
        cells = [_cell(c).lower() for c in row]
        found = {
            field: next((cells.index(a) for a in aliases if a in cells), None) for field, aliases in COLUMNS.items()
        }
        found = {k: v for k, v in found.items() if v is not None}
        if "name" in found and {"location", "province", "host"} & set(found):
            return index, found
    raise ApplicationError(message_text("entities.no_header"))


def entity_list_upload(*, upload, kind: str, snapshot, source: str, user, enqueue: bool = True) -> EntityList:
    """Reads, places and stores a list; queues its counts as a dataset of the statistics pipeline (with
    `enqueue=False` the caller processes that dataset itself)."""
    if kind not in KINDS:
        raise ApplicationError(message_text("entities.unknown_kind", {"value": kind}))
    rows = upload_rows(upload)
    start, columns = _header(rows)
    geocoder = geocoder_load()
    hosts = _hosts(KINDS[kind].get("host_kind"))
    errors, entities, sections, section = [], [], {}, None
    for number, row in enumerate(rows[start + 1 :], start=start + 2):
        cells = [_cell(c) for c in row] + [""] * (max(columns.values()) + 1)
        filled = [c for c in cells if c]
        if not filled:
            continue
        if len(filled) == 1 and (match := SECTION.match(filled[0])):  # a section line: the province below
            section = match.group(1)
            sections[section] = {"stated": int(match.group(2)), "row": number}
            continue
        get = {field: cells[i] for field, i in columns.items()}
        placement, problem = _placed(get, section, geocoder, hosts)
        if problem is not None:
            errors.append(Message("upload.row", {"row": number, "field": problem[0], "reason": problem[1]}))
            continue
        attributes = {f: get[f] for f in ("level", "type", "note") if get.get(f)}
        location = get.get("location", "") or get.get("province") or section or ""
        place = geocoder.by_code[placement.code]
        entities.append((number, get["name"], location, get.get("host", ""), place, attributes, section))
    if errors:
        raise ApplicationError(
            row_errors_text(errors, MAX_ERRORS), extra={"errors": [message_text(e.code, e.params, e) for e in errors]}
        )
    if not entities:
        raise ApplicationError(message_text("entities.empty"))
    return _store(kind, snapshot, source, user, upload.name, entities, sections, geocoder, enqueue)


def _placed(get: dict, section: str | None, geocoder: Geocoder, hosts: dict):
    """Where a row's entity is: its location (within its province or section), else its host's place; or the
    (field, reason) why it cannot be placed."""
    if not get.get("name", ""):
        return None, ("name", Message("name.blank"))
    province = get.get("province") or section
    location, host = get.get("location", ""), get.get("host", "")
    placement = geocoder.place(location, province) if (location or province) else None
    if (placement is None or placement.province_only or placement.error) and host and host in hosts:
        host_place = hosts[host]
        if placement is None or placement.error or placement.code == host_place.province_code:
            placement = _as_placement(host_place)
    if placement is None:
        return None, ("location", Message("location.no_host"))
    if placement.error:
        return None, ("location" if location else "province", placement.error)
    return placement, None


def _as_placement(place: Place):
    from .domain.geocode import Placement

    return Placement(code=place.code, level=place.level)


def _hosts(kind: str | None) -> dict[str, Place]:
    """Entities of the host kind's latest list by name, with their place (a laboratory's host university)."""
    if not kind:
        return {}
    latest = EntityList.objects.filter(kind=kind).order_by("-snapshot", "-pk").first()
    if latest is None:
        return {}
    out = {}
    for entity in latest.entities.select_related("region"):
        r = entity.region
        out[normalise(entity.name)] = Place(
            r.code, r.name_zh, r.short_name_zh, r.level, r.province_code, r.prefecture_code
        )
    return out


def _store(kind, snapshot, source, user, original_name, entities, sections, geocoder, enqueue=True) -> EntityList:
    placed = Counter(place.level for _, _, _, _, place, _, _ in entities)
    province_only = [
        [number, name, location] for number, name, location, _, place, _, _ in entities if place.level == "province"
    ]
    regions = {r.code: r for r in Region.objects.filter(code__in={e[4].code for e in entities})}
    with transaction.atomic():
        entity_list = EntityList.objects.create(
            kind=kind,
            snapshot=snapshot,
            source=source,
            original_name=Path(original_name).name[:255],
            uploaded_by=user,
            placed=dict(placed),
            province_only=province_only,
            sections=_section_check(sections, entities),
        )
        Entity.objects.bulk_create(
            Entity(
                list=entity_list,
                row=number,
                name=name[:255],
                location=location[:255],
                host=host[:255],
                region=regions[place.code],
                level=place.level,
                province_code=place.province_code,
                prefecture_code=place.prefecture_code if place.level != "province" else "",
                county_code=place.code if place.level == "county" else "",
                attributes=attributes,
            )
            for number, name, location, host, place, attributes, _ in entities
        )
        counts = count_rows(kind, snapshot.year, entities, geocoder)
        text = "\n".join(",".join(str(c) for c in row) for row in counts) + "\n"
        upload = SimpleUploadedFile(f"{kind}_{snapshot.isoformat()}_counts.csv", text.encode("utf-8"))
        dataset, _ = dataset_upload(upload=upload, user=user, source=source, vintage=snapshot, enqueue=enqueue)
        entity_list.dataset = dataset
        entity_list.save(update_fields=["dataset"])
    return entity_list


def _section_check(sections: dict, entities) -> dict:
    """Per section line of the list ("北京市（92所）"): the number it states and the number of rows under it."""
    under = Counter(section for *_, section in entities if section)
    return {name: {"stated": s["stated"], "rows": under.get(name, 0)} for name, s in sections.items()}


def count_rows(kind: str, year: int, entities, geocoder) -> list[list]:
    """The long table of counts for every province with entities, and, zeros included, for every prefecture
    (county) of a province whose entities are all placed at prefecture (county) level: there the list is
    complete; elsewhere a zero could hide an entity placed only at province level."""
    levels = ("province", "prefecture", "county")
    coarsest: dict[str, int] = {}
    for *_, place, _, _ in entities:
        coarsest[place.province_code] = min(coarsest.get(place.province_code, 2), levels.index(place.level))
    out = [["region_code", "region", "year", "indicator", "value", "unit"]]
    unit = KINDS[kind]["unit"]
    for code, condition in KINDS[kind]["indicators"]:
        counts = Counter()
        for *_, place, attributes, _ in entities:
            if condition is not None and attributes.get(condition[0]) != condition[1]:
                continue
            counts[place.province_code] += 1
            if place.level != "province":
                counts[place.prefecture_code] += 1
            if place.level == "county":
                counts[place.code] += 1
        for place in sorted(geocoder.by_code.values(), key=lambda p: p.code):
            if place.province_code in coarsest and levels.index(place.level) <= coarsest[place.province_code]:
                out.append([place.code, place.name_zh, year, code, counts.get(place.code, 0), unit])
    return out
