"""Declared priorities in: read a compilation (CSV in UTF-8 or GBK, XLSX, XLS), find each row's region, map its
industry as written onto the catalogue through the alias dictionary, and store it all or nothing: one row
that cannot be read stores nothing, and the error names the row, field and reason. Items no alias matches are
stored and listed for the admin, never dropped; adding an alias maps them (`declared_remap`)."""

import csv
import difflib
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from apps.core.exceptions import ApplicationError
from apps.core.messages import Message, message_text, row_errors_text
from apps.ingest.sources.upload import upload_rows
from apps.recommendations.models import TargetIndustry
from apps.regions.constants import Level
from apps.regions.models import Region

from .constants import CATEGORY_WORDS, COLUMNS, LEVEL_WORDS, REQUIRED
from .domain.confidence import confidence_level, is_partial
from .domain.mapping import Alias, AliasIndex, normalise
from .models import DeclaredList, DeclaredMapping, DeclaredPriority, PlanAlias, StatedCount

ALIASES_FILE = Path(settings.BASE_DIR) / "fixtures" / "plan_aliases.json"
PLANS_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo" / "plans"
MAX_ERRORS = 50
_YEAR = re.compile(r"(19|20)\d{2}")


def aliases_seed() -> int:
    """Adds the shipped aliases that are missing (after every migrate); admins' own are kept."""
    if not ALIASES_FILE.is_file():
        return 0
    industries = {t.code: t for t in TargetIndustry.objects.all()}
    have = set(PlanAlias.objects.values_list("term", "industry__code"))
    new = [
        PlanAlias(term=term, industry=industries[entry["industry"]], track=entry.get("track", ""))
        for entry in json.loads(ALIASES_FILE.read_text(encoding="utf-8"))["aliases"]
        if entry["industry"] in industries
        for term in entry["terms"]
        if (term, entry["industry"]) not in have
    ]
    PlanAlias.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def alias_index() -> AliasIndex:
    rows = PlanAlias.objects.filter(industry__active=True).values_list(
        "term", "industry__code", "industry__category", "track"
    )
    return AliasIndex(Alias(*row) for row in rows)


class _Regions:
    """Region names (full and short) at province and prefecture level."""

    def __init__(self):
        self.by_level: dict[str, dict[str, Region]] = {Level.PROVINCE: {}, Level.PREFECTURE: {}}
        for region in Region.objects.filter(level__in=list(self.by_level)):
            for name in {region.name_zh, region.short_name_zh, region.code}:
                if name:
                    self.by_level[region.level].setdefault(normalise(name), region)

    def find(self, name: str, level: str | None) -> Region | Message:
        key = normalise(name)
        for lv in [level] if level else [Level.PROVINCE, Level.PREFECTURE]:
            if key in self.by_level[lv]:
                return self.by_level[lv][key]
        names = [n for lv in ([level] if level else self.by_level) for n in self.by_level[lv]]
        close = difflib.get_close_matches(key, names, n=3, cutoff=0.5)
        if close:
            return Message("region.unknown_suggest", {"value": name, "suggestions": "、".join(close)})
        return Message("region.unknown", {"value": name})


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value if value is not None else "").strip()


def _header(rows: list[list]) -> tuple[int, dict[str, int]]:
    """The header row (the first naming a region, a category and an industry column) and where each field is."""
    for index, row in enumerate(rows[:20]):
        cells = [_cell(c).lower() for c in row]
        found = {f: next((cells.index(a) for a in names if a in cells), None) for f, names in COLUMNS.items()}
        found = {f: i for f, i in found.items() if i is not None}
        if all(f in found for f in REQUIRED):
            return index, found
    raise ApplicationError(message_text("plans.no_header"))


@dataclass
class _Row:
    number: int
    region: Region
    level: str
    category: str
    year: int | None
    cells: dict


def _word(get: dict, field: str, words: dict, code: str, problems: list) -> str | None:
    """A field read through a word list (category, level); a word not on it is a problem of the row."""
    if not get.get(field):
        return None
    value = words.get(get[field].lower())
    if value is None:
        problems.append((field, Message(code, {"value": get[field]})))
    return value


def _year(get: dict, problems: list) -> int | None:
    if not get.get("year"):
        return None
    match = _YEAR.search(get["year"])
    if match is None:
        problems.append(("year", Message("plans.year", {"value": get["year"]})))
        return None
    return int(match.group(0))


def _row(number: int, get: dict, regions: _Regions) -> tuple[_Row | None, list]:
    """One data row read, or the (field, reason) of everything wrong with it."""
    problems = [(field, Message("name.blank")) for field in REQUIRED if not get[field]]
    level = _word(get, "level", LEVEL_WORDS, "plans.level", problems)
    category = _word(get, "category", CATEGORY_WORDS, "plans.category", problems)
    year = _year(get, problems)
    region = regions.find(get["region"], level) if get["region"] else None
    if isinstance(region, Message):
        problems.append(("region", region))
    if problems:
        return None, problems
    return _Row(number, region, region.level, category, year, get), []


def _read(rows: list[list]) -> list[_Row]:
    start, columns = _header(rows)
    named = {field: _cell(rows[start][i]) for field, i in columns.items()}  # errors name the file's own headers
    regions = _Regions()
    errors, out = [], []
    for number, row in enumerate(rows[start + 1 :], start=start + 2):
        cells = [_cell(c) for c in row] + [""] * (max(columns.values()) + 1)
        get = {field: cells[i] for field, i in columns.items()}
        if not any(get.values()):
            continue
        found, problems = _row(number, get, regions)
        errors += [Message("upload.row", {"row": number, "field": named[f], "reason": r}) for f, r in problems]
        if found is not None:
            out.append(found)
    if errors:
        raise ApplicationError(
            row_errors_text(errors, MAX_ERRORS), extra={"errors": [message_text(e.code, e.params, e) for e in errors]}
        )
    if not out:
        raise ApplicationError(message_text("plans.empty"))
    return out


def declared_upload(*, upload, source: str, user) -> DeclaredList:
    """Reads, maps and stores a compilation; its items replace the earlier items of the regions it covers."""
    rows = _read(upload_rows(upload))
    index = alias_index()
    industries = {t.code: t for t in TargetIndustry.objects.all()}
    upload.seek(0)
    digest = hashlib.sha256(upload.read()).hexdigest()
    with transaction.atomic():
        made = DeclaredList.objects.create(
            original_name=Path(upload.name or "upload").name[:255],
            source=source[:500],
            uploaded_by=user,
            rows=len(rows),
            regions=len({r.region.pk for r in rows}),
            sha256=digest,
        )
        DeclaredPriority.objects.filter(region__in={r.region.pk for r in rows}).exclude(list=made).delete()
        items = DeclaredPriority.objects.bulk_create(
            DeclaredPriority(
                list=made,
                row=r.number,
                region=r.region,
                level=r.level,
                plan=r.cells.get("plan", "")[:500],
                plan_period=r.cells.get("plan_period", "")[:128],
                year=r.year,
                category=r.category,
                text=r.cells["text"][:255],
                note=r.cells.get("note", "")[:255],
                source=r.cells.get("source", "")[:1000],
                confidence=r.cells.get("confidence", "")[:500],
                confidence_level=confidence_level(r.cells.get("confidence", "")),
                partial=is_partial(r.cells.get("confidence", ""), r.cells.get("note", "")),
            )
            for r in rows
        )
        _map(items, index, industries)
    return made


def _map(items, index: AliasIndex, industries: dict) -> int:
    """Writes the catalogue industries each item names; returns how many items map to nothing."""
    mappings, unmapped = [], 0
    for item in items:
        found = index.map(item.text, item.category)
        unmapped += not found
        mappings += [
            DeclaredMapping(priority=item, industry=industries[m.industry], track=m.track, term=m.term)
            for m in found
            if m.industry in industries
        ]
    DeclaredMapping.objects.bulk_create(mappings)
    return unmapped


@transaction.atomic
def declared_remap() -> tuple[int, int]:
    """Maps every stored item again with the current aliases (after an admin added or changed some);
    returns (items, of which unmapped)."""
    items = list(DeclaredPriority.objects.all())
    DeclaredMapping.objects.all().delete()
    unmapped = _map(items, alias_index(), {t.code: t for t in TargetIndustry.objects.all()})
    return len(items), unmapped


def _scope_level(scope: str) -> str:
    text = scope.lower()
    if "provinc" in text:
        return Level.PROVINCE
    if "cit" in text:
        return Level.PREFECTURE
    return ""


@transaction.atomic
def stated_counts_load(path: Path) -> int:
    """The counts sources state (aggregates.csv), each mapped to a catalogue industry where its topic names
    one; replaces the stored ones."""
    index = alias_index()
    industries = {t.code: t for t in TargetIndustry.objects.all()}
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    StatedCount.objects.all().delete()
    made = []
    for row in rows:
        text = row["count"].strip()
        digits = re.fullmatch(r"\d+", text)
        found = index.map(re.sub(r"[（(].*", "", row["industry_or_topic"]), "emerging")
        made.append(
            StatedCount(
                topic=row["industry_or_topic"][:255],
                count=int(text) if digits else None,
                count_text=text[:32],
                scope=row["denominator_or_scope"][:255],
                level=_scope_level(row["denominator_or_scope"]),
                statement=row["statement_as_reported"],
                source=row["source"][:1000],
                confidence=row["confidence"][:500],
                industry=industries.get(found[0].industry) if len(found) == 1 else None,
            )
        )
    StatedCount.objects.bulk_create(made)
    return len(made)


def shipped_plans_load(*, user, directory: Path = PLANS_DIR) -> bool:
    """Loads the shipped compilation (fixtures/demo/plans/) unless a list with its checksum is there; and the
    counts its sources state."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        return False
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    path = directory / manifest["declared"]["file"]
    raw = path.read_bytes()
    if DeclaredList.objects.filter(sha256=hashlib.sha256(raw).hexdigest()).exists():
        return False
    with transaction.atomic():
        declared_upload(upload=SimpleUploadedFile(path.name, raw), source=manifest["declared"]["citation"], user=user)
        stated_counts_load(directory / manifest["stated"]["file"])
    return True
