"""Which traditional industries to upgrade, which emerging ones to scale and which future ones to seed, per
region, with the numbers behind each pick. Pure functions over frames; the service feeds them a scoring run's
results and, where it exists, a region × industry matrix. See docs/recommendations.md for the method.

Parts of a priority score, each in [0, 1] and compared across the regions of the run:
- `specialisation`: the region's location quotient in the industry's sectors, as LQ / (1 + LQ) (LQ 1 → 0.5);
- `size`: percentile of the region's share of the national amount of those sectors;
- `relatedness`: percentile of the relatedness density around those sectors (how many related industries the
  region already has);
- `growth`: percentile of the complexity outlook gain of entering them;
- `complexity`: percentile of the sectors' complexity (PCI) among the category's industries;
- `capability`: the requirement profile (pillar weights) applied to the region's pillar percentiles.
A future direction is led only by regions whose science-and-education pillar is in the top fifth, whose fit
with the direction is at least 0.7 and who are among the best-fitting 15 % of regions for it; others host
pilots or participate with those leaders as partners. A preset weighs the parts; then, against sameness, an emerging or future pick loses `penalty` × the share of
the region's neighbours (same macro-region for provinces, same province below) that already took it as their
top pick, neighbours being visited from the strongest claim to the weakest.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .complexity import complexity, eci_ranks

TRADITIONAL, EMERGING, FUTURE = "traditional", "emerging", "future"
CATEGORIES = (TRADITIONAL, EMERGING, FUTURE)

PRESETS = {
    "balanced": {
        "name_zh": "均衡",
        "name_en": "Balanced",
        TRADITIONAL: {"specialisation": 0.4, "size": 0.35, "capability": 0.25},
        EMERGING: {"relatedness": 0.35, "capability": 0.35, "growth": 0.2, "specialisation": 0.1},
        FUTURE: {"capability": 0.7, "relatedness": 0.15, "growth": 0.15},
    },
    "low_hanging": {
        "name_zh": "低垂果实（近邻扩展）",
        "name_en": "Low-hanging fruit (near existing strengths)",
        TRADITIONAL: {"specialisation": 0.4, "size": 0.35, "capability": 0.25},
        EMERGING: {"relatedness": 0.5, "capability": 0.25, "specialisation": 0.15, "growth": 0.1},
        FUTURE: {"capability": 0.6, "relatedness": 0.3, "growth": 0.1},
    },
    "long_jump": {
        "name_zh": "远跳（战略跨越）",
        "name_en": "Long jump (strategic bets)",
        TRADITIONAL: {"specialisation": 0.4, "size": 0.35, "capability": 0.25},
        EMERGING: {"relatedness": 0.15, "capability": 0.35, "growth": 0.35, "complexity": 0.15},
        FUTURE: {"capability": 0.6, "growth": 0.25, "complexity": 0.15},
    },
}
SAMENESS_PENALTY = 0.15
MIN_SIZE = 0.1  # size guard: present only with ≥ a tenth of the mean region's amount of the sector
LEAD_SCIENCE = 0.8  # science-and-education percentile a region needs to lead a future industry (as for pioneers)
LEAD_CAPABILITY = 0.7  # and its fit with the direction's requirement profile
LEAD_SHARE = 0.15  # and be among the best-fitting 15 % of regions for that direction (at least 3)
PILOT_CAPABILITY = 0.5
SAMENESS_WARNING = {"top_share": 0.35, "neighbour_same": 0.5}
GAP_PERCENTILE = 0.35
LINK_MIN = 0.05  # a supply-chain link: ≥ 5 % of the target's intermediate inputs, or of its intermediate sales
PROXIMITY_MIN = 0.5  # without an input-output table, a related sector needs at least this proximity
PILLAR_DATA_MIN = 0.5  # a pick needs data for at least half of its requirement profile's weight
UNRANKED = ("insufficient", "no_base")  # modes of items that are shown but not ranked

PART_LABELS = {
    "specialisation": ("专业化（区位商）", "specialisation (location quotient)"),
    "size": ("规模", "size"),
    "relatedness": ("关联密度", "relatedness density"),
    "growth": ("复杂度前景增益", "complexity outlook gain"),
    "complexity": ("产业复杂度", "industry complexity"),
    "capability": ("能力匹配", "capability fit"),
}
PILLAR_LABELS = {
    "science_education": ("科教资源", "science and education resources"),
    "industrial_foundation": ("产业基础", "industrial foundation"),
    "scenarios_market": ("应用场景与市场", "application scenarios and market"),
    "enterprise_ecosystem": ("企业生态", "enterprise ecosystem"),
    "innovation_output": ("创新产出", "innovation output"),
    "factor_support": ("要素支撑", "factor support"),
}
MODE_LABELS = {
    "upgrade": ("改造提升", "upgrade"),
    "consolidate": ("巩固", "consolidate"),
    "scale": ("发展壮大", "scale up"),
    "cultivate": ("培育", "cultivate"),
    "lead": ("引领布局", "lead"),
    "pilot": ("试点示范", "host pilots"),
    "participate": ("协同参与", "participate"),
    "insufficient": ("数据不足", "insufficient data"),
    "no_base": ("基础薄弱", "no base to upgrade"),
}
UPGRADE_LABELS = {
    "digital": ("数字化", "digital"),
    "intelligent": ("智能化", "intelligent"),
    "green": ("绿色化", "green"),
    "ai_plus": ("人工智能+", "AI+"),
}
INNOVATION_MODES = {"0-1": "0→1", "1-100": "1→100", "100-N": "100→N"}


@dataclass(frozen=True)
class Target:
    code: str
    category: str
    name_zh: str
    name_en: str
    sectors: tuple[str, ...]  # codes in the matrix's classification (empty without a matrix)
    pillars: dict[str, float]
    indicators: tuple[str, ...] = ()
    upgrade_paths: tuple[str, ...] = ()


@dataclass
class Links:
    """Supply-chain links between sectors from an input-output table: `input_share[i, j]` is the share of
    sector j's intermediate inputs bought from sector i, `output_share[i, j]` the share of i's intermediate
    sales going to j."""

    sectors: list[str]
    input_share: np.ndarray
    output_share: np.ndarray
    year: int
    source: str
    not_strengths: frozenset[str] = frozenset()  # sectors never cited as a strength (public administration)


@dataclass
class Matrix:
    """One year's region × sector amounts, with what the explanation needs to cite them."""

    amounts: pd.DataFrame  # region codes × sector codes, non-negative
    sector_names: dict[str, tuple[str, str]]
    measure: tuple[str, str]  # zh, en
    unit: str
    year: int
    source: str
    links: Links | None = None


@dataclass
class Indicators:
    """Raw indicator values of the run's year (region codes × indicator codes) and their labels."""

    frame: pd.DataFrame
    meta: dict[str, dict]  # code → name_zh, name_en, unit, direction, source, year (the latest year used)
    year: int


@dataclass
class Item:
    region: str
    target: str
    category: str
    score: float
    rank: int = 0
    mode: str = ""
    innovation_mode: str = ""
    components: dict = field(default_factory=dict)
    explanation: dict = field(default_factory=dict)
    partners: list = field(default_factory=list)


def percentile(values: pd.Series) -> pd.Series:
    """0 for the lowest, 1 for the highest (ties averaged); 0.5 when all are equal or there is one value."""
    valid = values.dropna()
    if len(valid) <= 1 or (valid == valid.iloc[0]).all():
        return pd.Series(0.5, index=values.index)
    return ((values.rank(method="average") - 1) / (valid.count() - 1)).fillna(0.5)


def pillar_percentiles(pillars: pd.DataFrame) -> pd.DataFrame:
    """Percentile of each pillar score within the run; a region without the pillar stays NaN and a pillar
    nobody has is dropped."""
    out = {}
    for pillar in pillars.columns:
        column = pillars[pillar]
        if column.notna().sum() >= 2:
            out[pillar] = percentile(column).where(column.notna())
    return pd.DataFrame(out, index=pillars.index)


def capability_fit(pillar_pct: pd.DataFrame, targets: list[Target], known_share: dict | None = None) -> pd.DataFrame:
    """Regions × targets: the requirement profile applied to the pillar percentiles, its weights spread over
    the pillars the region has (a target none of whose pillars are known gets 0.5). `known_share`, if given,
    receives per target the share of the profile's weight on pillars with data, per region."""
    out = {}
    for target in targets:
        weighted = pd.Series(0.0, index=pillar_pct.index)
        total = pd.Series(0.0, index=pillar_pct.index)
        for pillar, weight in target.pillars.items():
            if pillar in pillar_pct:
                known = pillar_pct[pillar].notna()
                weighted += (weight * pillar_pct[pillar]).where(known, 0.0)
                total += known * weight
        out[target.code] = (weighted / total.where(total > 0)).fillna(0.5)
        if known_share is not None:
            known_share[target.code] = (total / (sum(target.pillars.values()) or 1.0)).to_numpy(dtype=float)
    return pd.DataFrame(out, index=pillar_pct.index)


@dataclass
class Structure:
    """Per region × target figures from the matrix."""

    lq: pd.DataFrame
    share: pd.DataFrame
    present: pd.DataFrame
    density: pd.DataFrame
    cog: pd.DataFrame
    pci: pd.Series  # per target
    related: dict  # (region, target) → [(sector, lq, kind, strength), ...] present sectors linked to the target
    eci: pd.Series


def structure(matrix: Matrix, targets: list[Target], regions: list[str]) -> Structure:
    values = matrix.amounts.reindex(regions).fillna(0.0)
    x = values.to_numpy(dtype=float)
    sectors = list(values.columns)
    cx = complexity(x, min_size=MIN_SIZE)
    totals = x.sum(axis=0)
    region_totals = x.sum(axis=1)
    grand = totals.sum()
    lq, share, present, density, cog, pci, related = {}, {}, {}, {}, {}, {}, {}
    density_m, cog_m = np.nan_to_num(cx.density), np.nan_to_num(cx.cog)
    for target in targets:
        idx = [sectors.index(s) for s in target.sectors if s in sectors]
        if not idx:
            continue
        amount = x[:, idx].sum(axis=1)
        national = totals[idx].sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            lq_t = np.where(region_totals > 0, (amount / region_totals) / (national / grand), 0.0)
        lq_t = np.nan_to_num(lq_t)
        weights = totals[idx] / national if national > 0 else np.full(len(idx), 1 / len(idx))
        lq[target.code] = lq_t
        share[target.code] = amount / national if national > 0 else np.zeros(len(regions))
        present[target.code] = (lq_t >= 1) & (amount >= MIN_SIZE * national / len(regions))
        density[target.code] = density_m[:, idx] @ weights
        cog[target.code] = cog_m[:, idx] @ weights
        pci[target.code] = float(np.nan_to_num(cx.pci[idx]) @ weights)
        kind, strength = _links(matrix, sectors, idx, weights, cx.proximity)
        strength[idx] = 0.0
        linked = np.flatnonzero(strength >= (LINK_MIN if matrix.links is not None else PROXIMITY_MIN))
        linked = linked[np.argsort(-strength[linked], kind="stable")]
        for r, region in enumerate(regions):
            related[(region, target.code)] = [
                (sectors[k], float(cx.rca[r, k]), kind[k], round(float(strength[k]), 4))
                for k in linked
                if cx.mcp[r, k] > 0
            ][:3]
    frame = lambda d: pd.DataFrame(d, index=regions)  # noqa: E731
    return Structure(
        lq=frame(lq), share=frame(share), present=frame(present), density=frame(density), cog=frame(cog),
        pci=pd.Series(pci, dtype=float), related=related, eci=pd.Series(cx.eci, index=regions),
    )  # fmt: skip


def _links(matrix: Matrix, sectors: list[str], idx: list[int], weights: np.ndarray, proximity: np.ndarray):
    """Per sector of the matrix: how it is linked to a target made of sectors `idx` (weighted by national
    size) and how strongly. With an input-output table: "supplier" (its share of the target's intermediate
    inputs) or "customer" (its share of the target's intermediate sales), whichever is larger; without one:
    "proximity" (the largest proximity to the target's sectors)."""
    n = len(sectors)
    if matrix.links is None:
        return ["proximity"] * n, np.nan_to_num(proximity[idx, :]).max(axis=0)
    links = matrix.links
    pos = {code: i for i, code in enumerate(links.sectors)}
    own = [(pos[sectors[k]], w) for k, w in zip(idx, weights, strict=True) if sectors[k] in pos]
    supply, buy = np.zeros(n), np.zeros(n)
    for k, code in enumerate(sectors):
        if code in pos:
            supply[k] = sum(w * links.input_share[pos[code], j] for j, w in own)
            buy[k] = sum(w * links.output_share[j, pos[code]] for j, w in own)
    kind = ["supplier" if a >= b else "customer" for a, b in zip(supply, buy, strict=True)]
    strength = np.maximum(supply, buy)
    strength[[k for k, code in enumerate(sectors) if code in links.not_strengths]] = 0.0
    return kind, strength


def _parts(
    category: str, code: str, fit: pd.DataFrame, st: Structure | None, pci_pct: pd.Series
) -> dict[str, pd.Series]:
    parts = {"capability": fit[code]}
    if st is None or code not in st.lq:
        return parts
    lq = st.lq[code]
    parts["specialisation"] = lq / (1 + lq)
    parts["size"] = percentile(st.share[code])
    parts["relatedness"] = percentile(st.density[code])
    parts["growth"] = percentile(st.cog[code])
    parts["complexity"] = pd.Series(pci_pct.get(code, 0.5), index=lq.index)
    return parts


def _scores(targets, fit, st, weights_by_category) -> tuple[pd.DataFrame, dict]:
    """Regions × targets priority before the sameness penalty, and the parts per target."""
    emerging_sectors = {tuple(sorted(t.sectors)) for t in targets if t.category == EMERGING and t.sectors}
    pci_pct = {}
    if st is not None:
        for category in CATEGORIES:
            codes = [t.code for t in targets if t.category == category and t.code in st.pci]
            if codes:
                pci_pct.update(percentile(st.pci[codes]).to_dict())
    scores, parts = {}, {}
    for target in targets:
        # a future direction on the same sectors as an emerging industry: the statistics cannot tell the two
        # apart, so the direction rests on the fit with its own requirement profile alone
        twin = target.category == FUTURE and tuple(sorted(target.sectors)) in emerging_sectors
        p = _parts(target.category, target.code, fit, None if twin else st, pci_pct)
        weights = {k: w for k, w in weights_by_category[target.category].items() if k in p}
        total = sum(weights.values())
        scores[target.code] = sum(w * p[k] for k, w in weights.items()) / total
        parts[target.code] = {k: p[k] for k in weights}
    return pd.DataFrame(scores, index=fit.index), parts


def _neighbour_index(regions: list[str], neighbours: dict[str, set[str]]) -> list[np.ndarray]:
    position = {r: i for i, r in enumerate(regions)}
    return [np.array([position[n] for n in neighbours.get(r, ()) if n in position], dtype=int) for r in regions]


def _penalise(scores: np.ndarray, near: list[np.ndarray], penalty: float) -> np.ndarray:
    adjusted = scores.copy()
    if penalty <= 0 or scores.size == 0:
        return adjusted
    top = np.full(len(scores), -1)
    for i in np.argsort(-scores.max(axis=1), kind="stable"):
        if len(near[i]):
            picked = top[near[i]]
            picked = picked[picked >= 0]
            if len(picked):
                shares = np.bincount(picked, minlength=scores.shape[1]) / len(near[i])
                adjusted[i] = scores[i] - penalty * shares
        if adjusted[i].max() >= 0:  # a region whose picks are all unranked (scored -1) takes none
            top[i] = int(np.argmax(adjusted[i]))
    return adjusted


def penalise_sameness(scores: pd.DataFrame, neighbours: dict[str, set[str]], penalty: float) -> pd.DataFrame:
    """Visits regions from the strongest top score to the weakest; each loses `penalty` × the share of its
    neighbours, already visited, whose top pick is the same industry."""
    regions = list(scores.index)
    adjusted = _penalise(scores.to_numpy(dtype=float), _neighbour_index(regions, neighbours), penalty)
    return pd.DataFrame(adjusted, index=scores.index, columns=scores.columns)


def sameness(scores: pd.DataFrame, neighbours: dict[str, set[str]]) -> dict:
    """How alike the top picks are: the largest share of regions sharing one top pick (and which), the
    Herfindahl index of the top picks, and the share of neighbour pairs with the same top pick."""
    scores = scores[scores.max(axis=1) >= 0]  # regions with a ranked pick (unranked picks are scored -1)
    if scores.empty:
        return {"regions": 0}
    regions = list(scores.index)
    top = scores.to_numpy(dtype=float).argmax(axis=1)
    counts = np.bincount(top, minlength=scores.shape[1])
    shares = counts / len(top)
    pairs = same = 0
    for i, near in enumerate(_neighbour_index(regions, neighbours)):
        later = near[near > i]
        pairs += len(later)
        same += int((top[later] == top[i]).sum())
    best = int(np.argmax(counts))
    return {
        "regions": len(regions),
        "top_share": round(float(shares[best]), 4),
        "top_industry": str(scores.columns[best]),
        "distinct_top": int((counts > 0).sum()),
        "hhi": round(float((shares**2).sum()), 4),
        "neighbour_pairs": int(pairs),
        "neighbour_same": round(same / pairs, 4) if pairs else 0.0,
    }


def _mode(category, present, leads, fit) -> str:
    if category == TRADITIONAL:
        return "upgrade" if present else "consolidate"
    if category == EMERGING:
        return "scale" if present else "cultivate"
    if leads:
        return "lead"
    return "pilot" if fit >= PILOT_CAPABILITY else "participate"


def _innovation_mode(category, mode, engineering, application) -> str:
    if category == TRADITIONAL:
        return "100-N"
    if category == FUTURE:
        return "0-1" if mode == "lead" else "1-100"
    return "1-100" if engineering >= application else "100-N"


@dataclass
class _Context:
    """Everything the per-item loop reads, as numpy arrays by region position (pandas lookups per item cost
    minutes on 2,875 counties)."""

    matrix: Matrix | None
    st: Structure | None
    arrays: dict  # (name, target code) → array over regions
    pillar_rows: list[dict]
    indicator_rank: dict  # code → float array (NaN = no value)
    indicator_value: dict
    indicator_count: dict
    indicators: Indicators | None
    basis: str
    names: dict
    fit_rank: dict  # target code → rank of each region's fit among the run's regions (1 = best)
    science: np.ndarray
    regions: list[str]


def _unranked(targets: list[Target], st: Structure | None, known: dict, n: int) -> dict[str, np.ndarray]:
    """Per target, why each region gets no ranked pick ("" = it does): no sector data for a traditional or
    emerging industry (`no_sector_data`), data for less than half of its requirement profile
    (`no_pillar_data`), or, for a traditional industry, a sector the region is neither specialised in nor
    large in (`no_base`: LQ < 1 and less than the average region's share)."""
    out = {}
    for t in targets:
        reason = np.full(n, "", dtype=object)
        has_sectors = st is not None and t.code in st.lq
        if t.category in (TRADITIONAL, EMERGING) and not has_sectors:
            reason[:] = "no_sector_data"
        reason[(reason == "") & (known[t.code] < PILLAR_DATA_MIN)] = "no_pillar_data"
        if t.category == TRADITIONAL and has_sectors:
            weak = (st.lq[t.code].to_numpy() < 1) & (st.share[t.code].to_numpy() < 1 / n)
            reason[(reason == "") & weak] = "no_base"
        out[t.code] = reason
    return out


def recommend(
    *,
    targets: list[Target],
    pillars: pd.DataFrame,
    modes: pd.DataFrame,
    neighbours: dict[str, set[str]],
    indicators: Indicators | None = None,
    matrix: Matrix | None = None,
    preset: str = "balanced",
    penalty: float = SAMENESS_PENALTY,
    names: dict[str, tuple[str, str]] | None = None,
    top: int | None = None,
) -> tuple[list[Item], dict]:
    """Ranked, explained recommendations for every region in `pillars` (regions × pillar scores of the run),
    and the sameness figures before and after the penalty. Picks without the data they need are listed
    after the ranked ones with rank 0 and mode `insufficient` (or `no_base`), never ranked. `top` keeps that
    many ranked picks per region and category and drops the unranked (all by default)."""
    regions = list(pillars.index)
    n = len(regions)
    pillar_pct = pillar_percentiles(pillars)
    known: dict = {}
    fit = capability_fit(pillar_pct, targets, known)
    st = structure(matrix, targets, regions) if matrix is not None and not matrix.amounts.empty else None
    weights = PRESETS[preset]
    raw, parts = _scores(targets, fit, st, weights)
    science = pillar_pct.get("science_education", pd.Series(np.nan, index=regions)).to_numpy(dtype=float)
    near = _neighbour_index(regions, neighbours)

    codes_all = [t.code for t in targets]
    reasons = _unranked(targets, st, known, n)
    blocked = np.column_stack([reasons[c] != "" for c in codes_all]) if codes_all else np.zeros((n, 0), bool)
    raw_np = np.where(blocked, -1.0, raw[codes_all].to_numpy(dtype=float))
    final_np = raw_np.copy()
    column = {code: j for j, code in enumerate(codes_all)}
    columns_of = {c: [column[t.code] for t in targets if t.category == c] for c in CATEGORIES}
    summary = {"preset": preset, "penalty": penalty, "basis": "relatedness" if st is not None else "capability"}
    for category in (EMERGING, FUTURE):
        cols = columns_of[category]
        if not cols:
            continue
        final_np[:, cols] = _penalise(raw_np[:, cols], near, penalty)
        before = pd.DataFrame(raw_np[:, cols], index=regions, columns=[codes_all[j] for j in cols])
        after = pd.DataFrame(final_np[:, cols], index=regions, columns=before.columns)
        summary[category] = {"before": sameness(before, neighbours), "after": sameness(after, neighbours)}
    final_np = np.where(blocked, -1.0, np.clip(final_np, 0.0, None))  # a priority is never below 0
    summary["unranked"] = {c: int(sum((reasons[codes_all[j]] != "").sum() for j in columns_of[c])) for c in CATEGORIES}
    emerging_after = summary.get(EMERGING, {}).get("after", {})
    summary["warning"] = bool(
        emerging_after.get("top_share", 0) > SAMENESS_WARNING["top_share"]
        or emerging_after.get("neighbour_same", 0) > SAMENESS_WARNING["neighbour_same"]
    )
    summary["thresholds"] = SAMENESS_WARNING
    if st is not None:  # economic complexity of each region; compare years by rank, not by value
        ranks = eci_ranks(st.eci.to_numpy())
        summary["eci"] = {
            r: {"eci": round(float(v), 6), "rank": int(k)} for r, v, k in zip(regions, st.eci, ranks, strict=True)
            if np.isfinite(v)
        }  # fmt: skip
        if matrix.links is not None:
            summary["links"] = {"year": matrix.links.year, "source": matrix.links.source, "min_share": LINK_MIN}
        else:
            summary["links"] = {"proximity_min": PROXIMITY_MIN}

    fit_np = fit[codes_all].to_numpy(dtype=float)
    science_filled = np.nan_to_num(science, nan=0.0)
    lead_grade = {}
    for t in targets:
        if t.category == FUTURE:
            j = column[t.code]
            order = np.argsort(-fit_np[:, j], kind="stable")
            best = order[: max(3, int(np.ceil(LEAD_SHARE * n)))]
            lead_grade[t.code] = [
                int(i) for i in best
                if science_filled[i] >= LEAD_SCIENCE and fit_np[i, j] >= LEAD_CAPABILITY and not blocked[i, j]
            ]  # fmt: skip
    arrays = {}
    for code, p in parts.items():
        for part, series in p.items():
            arrays[(part, code)] = series.to_numpy(dtype=float)
    if st is not None:
        for name in ("lq", "share", "density", "cog", "present"):
            frame = getattr(st, name)
            for code in frame.columns:
                arrays[(name, code)] = frame[code].to_numpy()
    ranks = _indicator_ranks(indicators, regions)
    ctx = _Context(
        matrix=matrix, st=st, arrays=arrays, pillar_rows=pillar_pct.reindex(regions).to_dict("records"),
        indicator_rank={c: ranks[c].to_numpy(dtype=float) for c in ranks.columns},
        indicator_value={c: indicators.frame.reindex(regions)[c].to_numpy(dtype=float) for c in ranks.columns},
        indicator_count={c: int(ranks[c].count()) for c in ranks.columns}, indicators=indicators,
        basis=summary["basis"], names=names or {},
        fit_rank={c: pd.Series(fit_np[:, column[c]]).rank(ascending=False, method="min").to_numpy() for c in codes_all},
        science=science, regions=regions,
    )  # fmt: skip
    modes = modes.reindex(regions)
    engineering = modes.get("engineering", pd.Series(0.0, index=regions)).fillna(0).to_numpy()
    application = modes.get("application", pd.Series(0.0, index=regions)).fillna(0).to_numpy()
    near_sets = [set(nb.tolist()) for nb in near]
    lead_set = {code: set(leaders) for code, leaders in lead_grade.items()}
    by_code = {t.code: t for t in targets}
    items: list[Item] = []
    for i, region in enumerate(regions):
        for category in CATEGORIES:
            cols = columns_of[category]
            if not cols:
                continue
            ranked = [cols[k] for k in np.argsort(-final_np[i, cols], kind="stable") if not blocked[i, cols[k]]]
            held: dict[tuple, str] = {}  # sector set → the target that already rests on it
            rank = 0
            later = []
            for j in ranked:
                code = codes_all[j]
                key = tuple(sorted(by_code[code].sectors)) if st is not None and code in st.lq else ()
                if key and key in held:  # the statistics cannot tell the two apart: one pick, not two
                    later.append((j, "same_sectors", held[key]))
                    continue
                if key:
                    held[key] = code
                rank += 1
                if top is not None and rank > top:
                    continue
                target = by_code[code]
                present = bool(("present", code) in arrays and arrays[("present", code)][i])
                leads = category == FUTURE and i in lead_set[code]
                mode = _mode(category, present, leads, float(fit_np[i, j]))
                partners = []
                if category == FUTURE:
                    close, far = [], []
                    for r in lead_grade[code]:
                        if r != i:
                            (close if r in near_sets[i] else far).append(r)
                            if len(close) == 3:
                                break
                    partners = [regions[r] for r in (close + far)[:3]]
                components = {part: round(float(arrays[(part, code)][i]), 6) for part in parts[code]}
                components["penalty"] = round(float(raw_np[i, j] - final_np[i, j]), 6)
                item = Item(
                    region=region, target=code, category=category, score=round(float(final_np[i, j]), 6), rank=rank,
                    mode=mode, innovation_mode=_innovation_mode(category, mode, engineering[i], application[i]),
                    components=components, partners=partners,
                )  # fmt: skip
                item.explanation = _explain(item, i, target, weights[category], ctx)
                items.append(item)
            if top is not None:
                continue
            later += [(j, reasons[codes_all[j]][i], "") for j in cols if blocked[i, j]]
            for j, reason, same_as in later:
                code = codes_all[j]
                target = by_code[code]
                no_base = reason == "no_base"
                item = Item(
                    region=region, target=code, category=category, rank=0,
                    score=round(float(raw[code].iloc[i]), 6) if no_base else 0.0,
                    mode="no_base" if no_base else "insufficient", innovation_mode="",
                    components={part: round(float(arrays[(part, code)][i]), 6) for part in parts[code]} if no_base else {},
                )  # fmt: skip
                item.explanation = _explain(item, i, target, weights[category], ctx, reason=reason, same_as=same_as)
                items.append(item)
    return items, summary


def _indicator_ranks(indicators: Indicators | None, regions: list[str]) -> pd.DataFrame:
    if indicators is None or indicators.frame.empty:
        return pd.DataFrame(index=regions)
    values = indicators.frame.reindex(regions)
    ranks = {}
    for code in values.columns:
        lower_better = indicators.meta.get(code, {}).get("direction") == "lower_better"
        ranks[code] = values[code].rank(ascending=lower_better, method="min")
    return pd.DataFrame(ranks, index=regions)


def _num(value) -> float | None:
    value = float(value) if value is not None else np.nan
    return round(value, 4) if np.isfinite(value) else None


def _explain(item: Item, i: int, target: Target, weights: dict, ctx: _Context, reason: str = "",
             same_as: str = "") -> dict:  # fmt: skip
    """The facts behind a pick, as codes and numbers (apps/recommendations/reasons.py puts them into words
    in the reader's language when a page is shown): the sector's standing, its supply-chain links to the
    region's existing strengths, the best-placed pillar, the numbers that drove the score, gaps, partners."""
    facts: dict = {"v": 2, "basis": ctx.basis, "category": item.category, "mode": item.mode}
    matrix = ctx.matrix
    if matrix is not None:
        facts["matrix"] = {"measure": list(matrix.measure), "unit": matrix.unit, "year": matrix.year,
                           "source": matrix.source}  # fmt: skip
    pillar_row = ctx.pillar_rows[i]
    missing = [p for p in target.pillars if not _known(pillar_row.get(p))]
    if reason and reason != "no_base":
        facts["unranked"] = {"reason": reason, "same_as": same_as,
                             "pillars": [_pillar(p, None) for p in missing] if reason == "no_pillar_data" else []}  # fmt: skip
        return facts
    if reason == "no_base":
        facts["unranked"] = {"reason": reason, "same_as": ""}
    if ctx.st is not None and target.code in ctx.st.lq:
        facts["sector"] = {
            "codes": list(target.sectors),
            "names": [list(matrix.sector_names.get(s, (s, s))) for s in target.sectors],
            "lq": _num(ctx.arrays[("lq", target.code)][i]),
            "share": _num(100 * ctx.arrays[("share", target.code)][i]),
            "average_share": round(100 / len(ctx.regions), 4),
            "present": bool(ctx.arrays[("present", target.code)][i]),
        }
    known = [p for p in target.pillars if _known(pillar_row.get(p))]
    if known:
        best = max(known, key=lambda p: target.pillars[p] * float(pillar_row[p]))
        facts["pillar"] = _pillar(best, pillar_row[best])
    facts["fit"] = {"value": _num(ctx.arrays[("capability", target.code)][i]),
                    "rank": int(ctx.fit_rank[target.code][i]), "of": len(ctx.regions)}  # fmt: skip
    if item.category == FUTURE and _known(ctx.science[i]):
        facts["science"] = _num(ctx.science[i])
    if item.components:
        contributions = sorted(
            ((weights.get(k, 0) * v, k) for k, v in item.components.items() if k in weights), reverse=True
        )
        strong = [part for _, part in contributions if item.components[part] >= 0.5][:3] or [contributions[0][1]]
        if item.category != TRADITIONAL and "capability" in item.components and "capability" not in strong:
            strong.append("capability")  # the fit with its own requirement profile: what sets it apart
        facts["drivers"] = [_driver(part, item, i, target, ctx) for part in strong]
    best_indicator = _best_indicator(i, target, ctx)
    if best_indicator:
        facts.setdefault("drivers", []).append(best_indicator)
    strengths = []
    if ctx.st is not None:
        links = matrix.links
        for sector, lq, kind, strength in ctx.st.related.get((item.region, target.code), []):
            zh, en = matrix.sector_names.get(sector, (sector, sector))
            strengths.append({"sector": sector, "name_zh": zh, "name_en": en, "lq": round(lq, 2), "link": kind,
                              "strength": strength, "year": links.year if links else matrix.year,
                              "source": links.source if links else matrix.source})  # fmt: skip
    facts["strengths"] = strengths
    gaps = []
    for p, w in sorted(target.pillars.items(), key=lambda kv: -kv[1]):
        pct = pillar_row.get(p)
        if w >= 0.2 and _known(pct) and pct < GAP_PERCENTILE:
            gaps.append(_pillar(p, pct))
    facts["gaps"] = gaps
    if item.category == TRADITIONAL and item.mode in ("upgrade", "consolidate") and target.upgrade_paths:
        facts["upgrade_paths"] = list(target.upgrade_paths)
    if item.partners:
        facts["partners"] = [
            {"code": code, "name_zh": ctx.names.get(code, (code, code))[0], "name_en": ctx.names.get(code, (code, code))[1]}
            for code in item.partners
        ]  # fmt: skip
    if item.components.get("penalty", 0) > 0:
        facts["penalty"] = item.components["penalty"]
    return facts


def _known(value) -> bool:
    return value is not None and np.isfinite(value)


def _pillar(code: str, pct) -> dict:
    zh, en = PILLAR_LABELS.get(code, (code, code))
    return {"pillar": code, "name_zh": zh, "name_en": en, "percentile": _num(pct) if _known(pct) else None}


def _driver(part: str, item: Item, i: int, target: Target, ctx: _Context) -> dict:
    value = item.components[part]
    driver = {"part": part, "value": value}
    if part == "capability":
        return driver
    matrix = ctx.matrix
    driver.update(year=matrix.year, source=matrix.source, measure=list(matrix.measure))
    if part == "specialisation":
        driver.update(raw=_num(ctx.arrays[("lq", target.code)][i]), unit="")
    elif part == "size":
        driver.update(raw=_num(100 * ctx.arrays[("share", target.code)][i]), unit="%")
    elif part == "relatedness":
        driver.update(raw=_num(ctx.arrays[("density", target.code)][i]), unit="")
    elif part == "growth":
        driver.update(raw=_num(ctx.arrays[("cog", target.code)][i]), unit="")
    else:
        driver.update(raw=_num(ctx.st.pci.get(target.code, np.nan)), unit="")
    return driver


def _best_indicator(i: int, target: Target, ctx: _Context) -> dict | None:
    """The region's best-placed indicator of the requirement profile, with value, unit, year and source; none
    unless it ranks in the top half (a low rank is no reason for a pick)."""
    best = None
    for code in target.indicators:
        if code not in ctx.indicator_rank:
            continue
        rank = ctx.indicator_rank[code][i]
        if np.isfinite(rank) and (best is None or rank < best[1]):
            best = (code, int(rank))
    if best is None:
        return None
    code, rank = best
    if rank > ctx.indicator_count[code] / 2:
        return None
    meta = ctx.indicators.meta.get(code, {})
    return {
        "part": "indicator", "indicator": code, "name_zh": meta.get("name_zh", code),
        "name_en": meta.get("name_en", code), "raw": float(ctx.indicator_value[code][i]),
        "unit": meta.get("unit", ""), "year": meta.get("year") or ctx.indicators.year, "source": meta.get("source", ""),
        "rank": rank, "of": ctx.indicator_count[code],
    }  # fmt: skip
