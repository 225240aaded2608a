"""Reads for plans against the data: declared items by region, where a run's default picks put each industry,
and the verdicts, scores and counts built from them (domain/alignment.py)."""

from collections import Counter, defaultdict

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from apps.core.language import is_english
from apps.recommendations.constants import DEFAULT_PRESET, Category
from apps.recommendations.domain.recommend import PRESETS
from apps.recommendations.models import Recommendation, RecommendationSet, TargetIndustry
from apps.regions.models import Region

from .constants import SUPPORTED_SHARE, Confidence
from .domain.alignment import WEAK, Standing, align, alignment_score, herd_index, top_cut
from .models import DeclaredList, DeclaredMapping, DeclaredPriority, StatedCount

PLAN_CATEGORIES = (Category.EMERGING, Category.FUTURE)
WEAK_WORDS = {
    "low_relatedness": lambda v: (
        _("little relatedness to the industries it has (relatedness density %(v)s)") % {"v": v}
    ),
    "small_base": lambda v: _("a small base (specialisation or size %(v)s)") % {"v": v},
    "capability_gap": lambda v: _("a capability gap against the requirement profile (fit %(v)s)") % {"v": v},
    "low_outlook": lambda v: _("a low complexity outlook gain (%(v)s)") % {"v": v},
}


def has_declared(*, level: str) -> bool:
    return DeclaredPriority.objects.filter(level=level).exists()


def declared_lists() -> list[DeclaredList]:
    return list(DeclaredList.objects.select_related("uploaded_by"))


def unmapped_items() -> list[DeclaredPriority]:
    return list(
        DeclaredPriority.objects.filter(mappings__isnull=True).select_related("region").order_by("region__code", "row")
    )


def mapping_rate(categories=PLAN_CATEGORIES) -> tuple[int, int]:
    """(items that map to at least one catalogue industry, items) among the declared emerging and future items."""
    items = DeclaredPriority.objects.filter(category__in=categories)
    return items.filter(mappings__isnull=False).distinct().count(), items.count()


def declared_by_region(*, level: str) -> dict[int, dict[str, list[DeclaredPriority]]]:
    """Region id → catalogue industry code → the declared items that name it."""
    out: dict[int, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    mappings = DeclaredMapping.objects.filter(priority__level=level).select_related("priority", "industry")
    for m in mappings:
        out[m.priority.region_id][m.industry.code].append(m.priority)
    return out


def declared_categories(*, level: str) -> dict[int, set[str]]:
    """Region id → the catalogue categories its declared items name (where a verdict can be given)."""
    out: dict[int, set[str]] = defaultdict(set)
    rows = DeclaredMapping.objects.filter(priority__level=level).values_list(
        "priority__region_id", "industry__category"
    )
    for region_id, category in rows:
        out[region_id].add(category)
    return out


def default_set(run) -> RecommendationSet | None:
    from apps.recommendations.selectors import default_set as recommendation_default_set

    return recommendation_default_set(run=run)


def run_standings(*, rec_set: RecommendationSet, region_id: int | None = None) -> dict[int, dict[str, Standing]]:
    """Region id → industry code → where the set's picks put it (rank, how many ranked in its category)."""
    rows = Recommendation.objects.filter(set=rec_set)
    if region_id is not None:
        rows = rows.filter(region_id=region_id)
    rows = list(rows.values_list("region_id", "industry__code", "category", "rank", "components", "mode"))
    ranked = Counter((r, c) for r, _code, c, rank, _, _mode in rows if rank > 0)
    out: dict[int, dict[str, Standing]] = defaultdict(dict)
    for region_id_, code, category, rank, components, mode in rows:
        out[region_id_][code] = Standing(code, category, rank, ranked[(region_id_, category)], components or {}, mode)
    return out


def _industry_names() -> dict[str, TargetIndustry]:
    return {t.code: t for t in TargetIndustry.objects.all()}


def _weak_reason(v) -> str:
    if v.no_base:
        return _(
            "The region is neither specialised in it nor large in it (location quotient below 1, share below the "
            "average region's): the data show no base to upgrade."
        )
    if v.unranked:
        return _(
            "The data cannot rank it for this region (no data of its own): a declared priority with no data behind it."
        )
    parts = "; ".join(WEAK_WORDS[name](f"{value:.2f}") for name, value in v.weak)
    return _(
        "Ranked %(rank)s of %(n)s in its category by the data (supported: the top %(top)s); held back by %(parts)s."
    ) % {
        "rank": v.rank,
        "n": v.ranked,
        "top": top_cut(v.ranked, SUPPORTED_SHARE),
        "parts": parts or _("other industries of the category scoring higher"),
    }


def _pick_reasons(rec_set, region, codes: set[str]) -> dict[str, dict]:
    """The recommendation's own opening sentence (both languages) for the picks named."""
    from apps.recommendations.reasons import render

    items = Recommendation.objects.filter(set=rec_set, region=region, industry__code__in=codes).select_related(
        "industry", "set"
    )
    out = {}
    for item in items:
        out[item.industry.code] = {
            lang: render(item.facts, region=r, industry=i, lang=lang)["lead"] or (item.explanation or {}).get(lang, "")
            for lang, r, i in (
                ("zh", region.name_zh, item.industry.name_zh),
                ("en", region.name_en, item.industry.name_en),
            )
        }
    return out


def _confidence(items: list[DeclaredPriority]) -> dict:
    levels = Counter(i.confidence_level for i in items)
    return {
        "items": len(items),
        "low": levels.get(Confidence.LOW, 0),
        "high": levels.get(Confidence.HIGH, 0),
        "partial": sum(i.partial for i in items),
        "thin": bool(items) and (levels.get(Confidence.LOW, 0) > 0 or any(i.partial for i in items)),
    }


def _declared_json(item: DeclaredPriority) -> dict:
    return {
        "text": item.text,
        "plan": item.plan,
        "year": item.year,
        "source": item.source,
        "source_url": item.source_url,
        "confidence": item.confidence,
        "confidence_level": item.confidence_level,
        "confidence_label": str(Confidence(item.confidence_level).label),
        "partial": item.partial,
    }


def _reasons(verdict, picks: dict) -> dict[str, str]:
    """The verdict's reason in both languages: the pick's own sentence (for a supported pick, an opportunity,
    or a declared one the data cannot rank: which data it lacks, or that the region has no base in it), else
    why a declared one ranks low."""
    from django.utils import translation

    texts = {}
    for lang, locale in (("zh", "zh-hans"), ("en", "en")):
        with translation.override(locale):
            own = picks.get(verdict.industry, {}).get(lang, "")  # the pick's own sentence, unranked ones too
            texts[lang] = own if own and (verdict.verdict != WEAK or verdict.unranked) else _weak_reason(verdict)
    return texts


def _verdict_json(verdict, industry: TargetIndustry, declared: list, picks: dict, neighbours: list) -> dict:
    texts = _reasons(verdict, picks)
    return {
        "industry": {"code": industry.code, "name_zh": industry.name_zh, "name_en": industry.name_en},
        "name": industry.name,
        "category": verdict.category or industry.category,
        "declared": verdict.declared,
        "recommended_rank": verdict.rank,
        "ranked": verdict.ranked,
        "verdict": verdict.verdict,
        "weak": [name for name, _value in verdict.weak],
        "unranked": verdict.unranked,
        "reason": texts["en" if is_english() else "zh"],
        "reason_zh": texts["zh"],
        "reason_en": texts["en"],
        "declared_as": [_declared_json(i) for i in declared],
        "declared_texts": list(dict.fromkeys(i.text for i in declared)),
        "neighbours": neighbours,
    }


def _region_declared(region: Region) -> tuple[list[DeclaredPriority], dict[str, list[DeclaredPriority]]]:
    """A region's declared items, and by catalogue industry code the items that name it."""
    items = list(
        DeclaredPriority.objects.filter(region=region).prefetch_related(
            Prefetch("mappings", queryset=DeclaredMapping.objects.select_related("industry"))
        )
    )
    declared: dict[str, list[DeclaredPriority]] = defaultdict(list)
    for item in items:
        for m in item.mappings.all():
            declared[m.industry.code].append(item)
    return items, declared


def _scores(verdicts, names: dict, categories) -> tuple[dict, dict, tuple]:
    """The overall score, the score per category, and the score over emerging and future industries."""

    def of(category_set):
        return alignment_score([v for v in verdicts if (v.category or names[v.industry].category) in category_set])

    hits, count, share = alignment_score(verdicts)
    by_category = {}
    for category in sorted(categories):
        h, n, s = of({category})
        by_category[category] = {"supported": h, "declared": n, "share": s}
    return {"supported": hits, "declared": count, "share": share}, by_category, of(set(PLAN_CATEGORIES))


def plan_alignment(*, run, region: Region) -> dict | None:
    """A region's declared priorities against a run's default picks: verdicts with reasons (in the active
    language, and both languages for the API), its alignment score, how far its list can be trusted, and which
    neighbours declared the same industries. None when the run has no picks."""
    rec_set = default_set(run)
    if rec_set is None:
        return None
    items, declared = _region_declared(region)
    categories = {m.industry.category for item in items for m in item.mappings.all()}
    standings = run_standings(rec_set=rec_set, region_id=region.pk).get(region.pk, {})
    verdicts = align(declared, standings, categories, SUPPORTED_SHARE, PRESETS[DEFAULT_PRESET])
    names = _industry_names()
    picks = _pick_reasons(rec_set, region, {v.industry for v in verdicts if v.verdict != WEAK or v.unranked})
    neighbours = _neighbour_declarations(region, set(declared))
    out_items = [
        _verdict_json(v, names[v.industry], declared.get(v.industry, []), picks, neighbours.get(v.industry, []))
        for v in verdicts
    ]
    score, by_category, plan_score = _scores(verdicts, names, categories)
    plan_items = [i for i in items if i.category in PLAN_CATEGORIES]
    return {
        "run": run,
        "region": region,
        "items": out_items,
        "has_list": bool(items),
        "basis": rec_set.basis,
        "categories": sorted(categories),
        "missing_categories": [c for c in Category.values if c not in categories],
        "score": score,
        "by_category": by_category,
        "plan_score": plan_score,
        "confidence": _confidence(plan_items or items),
        "unmapped": [i.text for i in items if not i.mappings.all()],
        "plans": sorted({(i.plan, i.year or 0) for i in items}, key=lambda p: -p[1]),
    }


def _neighbour_declarations(region: Region, codes: set[str]) -> dict[str, list[str]]:
    """Industry code → names of the neighbouring regions (sharing a border) that declared it too."""
    from apps.dashboards.selectors import layer_neighbours

    near = layer_neighbours(region.level).get(region.code, [])
    if not near or not codes:
        return {}
    rows = (
        DeclaredMapping.objects.filter(priority__region__code__in=near, industry__code__in=codes)
        .values_list("industry__code", "priority__region__name_zh", "priority__region__name_en")
        .distinct()
    )
    out: dict[str, set[str]] = defaultdict(set)
    for code, zh, en in rows:
        out[code].add(en if is_english() else zh)
    return {code: sorted(names) for code, names in out.items()}


def region_verdicts(*, run) -> dict[str, dict]:
    """Region code → {score share, supported, declared, verdict by industry code} for every region of the run's
    level with a declared list (the map's "plan vs data" layer)."""
    rec_set = default_set(run)
    if rec_set is None:
        return {}
    declared = declared_by_region(level=run.level)
    categories = declared_categories(level=run.level)
    standings = run_standings(rec_set=rec_set)
    codes = dict(Region.objects.filter(level=run.level).values_list("pk", "code"))
    names = _industry_names()
    out = {}
    for region_id, code in codes.items():
        mine = standings.get(region_id, {})
        if region_id not in declared:
            out[code] = {"share": None, "verdicts": {}}
            continue
        verdicts = align(declared[region_id], mine, categories[region_id], SUPPORTED_SHARE)
        plan = [v for v in verdicts if (v.category or names[v.industry].category) in PLAN_CATEGORIES]
        hits, count, share = alignment_score(plan)
        out[code] = {
            "share": share,
            "supported": hits,
            "declared": count,
            "verdicts": {v.industry: v.verdict for v in verdicts},
        }
    return out


def plan_sameness(*, run, category: str) -> dict:
    """Per industry of a category at the run's level: how many regions declared it, how many the run's default
    picks support it for (top third), how many both, which stated counts the sources give; and the herd
    index of the category."""
    level = run.level
    rec_set = default_set(run)
    standings = run_standings(rec_set=rec_set) if rec_set else {}
    region_names = {
        r.pk: r for r in Region.objects.filter(level=level).only("pk", "code", "name_zh", "name_en", "short_name_zh")
    }
    declared = declared_by_region(level=level)
    with_list = {rid for rid, cats in declared_categories(level=level).items() if category in cats}
    industries = list(TargetIndustry.objects.filter(category=category, active=True))
    stated: dict[str, list[StatedCount]] = defaultdict(list)
    for s in StatedCount.objects.filter(level=level, industry__isnull=False).select_related("industry"):
        stated[s.industry.code].append(s)
    rows = []
    for industry in industries:
        chose = {rid for rid, codes in declared.items() if industry.code in codes}
        backed = {
            rid
            for rid, mine in standings.items()
            if (s := mine.get(industry.code)) is not None and 1 <= s.rank <= top_cut(s.ranked, SUPPORTED_SHARE)
        }
        rows.append(
            {
                "industry": industry,
                "code": industry.code,
                "name": industry.name,
                "declared_regions": len(chose),
                "supported_regions": len(backed),
                "both": len(chose & backed),
                "declared_not_supported": len(chose - backed),
                "supported_not_declared": len((backed & with_list) - chose),
                "chasing": sorted(region_names[r].name for r in chose - backed if r in region_names),
                "stated": stated.get(industry.code, []),
            }
        )
    rows.sort(key=lambda r: (-r["declared_regions"], r["supported_regions"], r["industry"].sort_order))
    herd = herd_index(
        {r["code"]: r["declared_regions"] for r in rows}, {r["code"]: r["supported_regions"] for r in rows}
    )
    return {
        "run": run,
        "level": level,
        "category": category,
        "items": rows,
        "herd": herd,
        "regions": len(standings) or len(region_names),
        "regions_with_list": len(with_list),
        "scored_regions": len(standings),
    }
