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
class Matrix:
    """One year's region × sector amounts, with what the explanation needs to cite them."""

    amounts: pd.DataFrame  # region codes × sector codes, non-negative
    sector_names: dict[str, tuple[str, str]]
    measure: tuple[str, str]  # zh, en
    unit: str
    year: int
    source: str


@dataclass
class Indicators:
    """Raw indicator values of the run's year (region codes × indicator codes) and their labels."""

    frame: pd.DataFrame
    meta: dict[str, dict]  # code → name_zh, name_en, unit, direction, source
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


def capability_fit(pillar_pct: pd.DataFrame, targets: list[Target]) -> pd.DataFrame:
    """Regions × targets: the requirement profile applied to the pillar percentiles, its weights spread over
    the pillars the region has (a target none of whose pillars are known gets 0.5)."""
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
    related: dict  # (region, target) → [(sector, lq), ...] present sectors closest to the target's
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
        closeness = np.nan_to_num(cx.proximity[idx, :]).max(axis=0)
        closeness[idx] = -1.0
        order = np.argsort(-closeness, kind="stable")
        eligible = (cx.mcp[:, order] > 0) & (closeness[order] > 0)
        first = np.argsort(~eligible, axis=1, kind="stable")[:, :3]  # the three closest present sectors
        for r, region in enumerate(regions):
            related[(region, target.code)] = [
                (sectors[order[k]], float(cx.rca[r, order[k]])) for k in first[r] if eligible[r, k]
            ]
    frame = lambda d: pd.DataFrame(d, index=regions)  # noqa: E731
    return Structure(
        lq=frame(lq), share=frame(share), present=frame(present), density=frame(density), cog=frame(cog),
        pci=pd.Series(pci, dtype=float), related=related, eci=pd.Series(cx.eci, index=regions),
    )  # fmt: skip


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
    pci_pct = {}
    if st is not None:
        for category in CATEGORIES:
            codes = [t.code for t in targets if t.category == category and t.code in st.pci]
            if codes:
                pci_pct.update(percentile(st.pci[codes]).to_dict())
    scores, parts = {}, {}
    for target in targets:
        p = _parts(target.category, target.code, fit, st, pci_pct)
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


def _fmt(value: float) -> str:
    if value is None or not np.isfinite(value):
        return "—"
    magnitude = abs(value)
    if magnitude >= 100:
        return f"{value:,.0f}"
    if magnitude >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _standing(rank: int, n: int) -> tuple[str, str]:
    top = max(1, int(np.ceil(100 * rank / n)))
    if top <= 50:
        return f"第{rank}/{n}位，前{top}%", f"rank {rank} of {n}, top {top}%"
    return f"第{rank}/{n}位", f"rank {rank} of {n}"


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
    and the sameness figures before and after the penalty. `top` keeps that many per region and category
    (all by default)."""
    regions = list(pillars.index)
    pillar_pct = pillar_percentiles(pillars)
    fit = capability_fit(pillar_pct, targets)
    st = structure(matrix, targets, regions) if matrix is not None and not matrix.amounts.empty else None
    weights = PRESETS[preset]
    raw, parts = _scores(targets, fit, st, weights)
    science = pillar_pct.get("science_education", pd.Series(0.0, index=regions)).fillna(0.0).to_numpy()
    near = _neighbour_index(regions, neighbours)

    codes_all = [t.code for t in targets]
    raw_np = raw[codes_all].to_numpy(dtype=float)
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

    fit_np = fit[codes_all].to_numpy(dtype=float)
    lead_grade = {}
    for t in targets:
        if t.category == FUTURE:
            j = column[t.code]
            order = np.argsort(-fit_np[:, j], kind="stable")
            best = order[: max(3, int(np.ceil(LEAD_SHARE * len(regions))))]
            lead_grade[t.code] = [
                int(i) for i in best if science[i] >= LEAD_SCIENCE and fit_np[i, j] >= LEAD_CAPABILITY
            ]
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
    )  # fmt: skip
    modes = modes.reindex(regions)
    engineering = modes.get("engineering", pd.Series(0.0, index=regions)).fillna(0).to_numpy()
    application = modes.get("application", pd.Series(0.0, index=regions)).fillna(0).to_numpy()
    near_sets = [set(n.tolist()) for n in near]
    lead_set = {code: set(leaders) for code, leaders in lead_grade.items()}
    by_code = {t.code: t for t in targets}
    items: list[Item] = []
    for i, region in enumerate(regions):
        for category in CATEGORIES:
            cols = columns_of[category]
            if not cols:
                continue
            order = np.argsort(-final_np[i, cols], kind="stable")[:top]
            for rank, k in enumerate(order, start=1):
                j = cols[k]
                code = codes_all[j]
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


def _explain(item: Item, i: int, target: Target, weights: dict, ctx: _Context) -> dict:
    """The three or four numbers that drove the pick, related strengths, gaps and the innovation mode."""
    pillar_row = ctx.pillar_rows[i]
    contributions = sorted(
        ((weights.get(k, 0) * v, k) for k, v in item.components.items() if k in weights), reverse=True
    )
    strong = [part for _, part in contributions if item.components[part] >= 0.5][:3] or [contributions[0][1]]
    drivers = [_driver(part, item, i, target, ctx) for part in strong]
    best = _best_indicator(i, target, ctx)
    if best:
        drivers.append(best)
    strengths = []
    if ctx.st is not None:
        for sector, lq in ctx.st.related.get((item.region, target.code), []):
            zh, en = ctx.matrix.sector_names.get(sector, (sector, sector))
            strengths.append({"sector": sector, "name_zh": zh, "name_en": en, "lq": round(lq, 2)})
    gaps = []
    for p, w in sorted(target.pillars.items(), key=lambda kv: -kv[1]):
        pct = pillar_row.get(p)
        if w >= 0.2 and pct is not None and np.isfinite(pct) and pct < GAP_PERCENTILE:
            zh, en = PILLAR_LABELS.get(p, (p, p))
            gaps.append({"pillar": p, "name_zh": zh, "name_en": en, "percentile": round(float(pct), 2)})
    mode_zh, mode_en = MODE_LABELS[item.mode]
    lines_zh = [f"{target.name_zh}：{mode_zh}（{INNOVATION_MODES[item.innovation_mode]}）。"]
    lines_en = [f"{target.name_en}: {mode_en} ({INNOVATION_MODES[item.innovation_mode]})."]
    if drivers:
        lines_zh.append("依据：" + "；".join(d["text_zh"] for d in drivers) + "。")
        lines_en.append("Drivers: " + "; ".join(d["text_en"] for d in drivers) + ".")
    if strengths:
        lines_zh.append(
            "相关既有优势：" + "、".join(f"{s['name_zh']}（区位商{s['lq']:.2f}）" for s in strengths) + "。"
        )
        lines_en.append(
            "Related strengths: " + ", ".join(f"{s['name_en']} (LQ {s['lq']:.2f})" for s in strengths) + "."
        )
    if gaps:
        lines_zh.append("短板：" + "、".join(f"{g['name_zh']}（百分位{g['percentile']:.2f}）" for g in gaps) + "。")
        lines_en.append("Gaps: " + ", ".join(f"{g['name_en']} (percentile {g['percentile']:.2f})" for g in gaps) + ".")
    if item.category == TRADITIONAL and item.mode == "upgrade" and target.upgrade_paths:
        paths = [UPGRADE_LABELS.get(p, (p, p)) for p in target.upgrade_paths]
        lines_zh.append("升级路径：" + "、".join(p[0] for p in paths) + "。")
        lines_en.append("Upgrade path: " + ", ".join(p[1] for p in paths) + ".")
    if item.partners:
        partner_names = [ctx.names.get(code, (code, code)) for code in item.partners]
        lines_zh.append("协同伙伴：" + "、".join(n[0] for n in partner_names) + "。")
        lines_en.append("Partner regions: " + ", ".join(n[1] for n in partner_names) + ".")
    if item.components.get("penalty", 0) > 0:
        lines_zh.append(f"因相邻地区已将其列为首选，优先度下调{item.components['penalty']:.2f}。")
        lines_en.append(f"Lowered by {item.components['penalty']:.2f} because neighbours already chose it first.")
    if ctx.basis == "capability":
        lines_zh.append("本层级本年份缺少分行业数据，仅按能力匹配排序。")
        lines_en.append("No region × industry data for this level and year: ranked by capability fit alone.")
    for driver in drivers:  # the sentences above carry the wording; the stored drivers keep the numbers
        driver.pop("text_zh", None)
        driver.pop("text_en", None)
    return {
        "zh": "".join(lines_zh),
        "en": " ".join(lines_en),
        "drivers": drivers,
        "strengths": strengths,
        "gaps": gaps,
        "basis": ctx.basis,
    }


def _driver(part: str, item: Item, i: int, target: Target, ctx: _Context) -> dict:
    value = item.components[part]
    driver = {"part": part, "value": value}
    if part == "capability":
        row = ctx.pillar_rows[i]
        known = [p for p in target.pillars if row.get(p) is not None and np.isfinite(row.get(p))]
        top = max(known or list(target.pillars), key=lambda p: target.pillars[p] * float(row.get(p) or 0.5))
        p_zh, p_en = PILLAR_LABELS.get(top, (top, top))
        pct = row.get(top)
        pct = float(pct) if pct is not None and np.isfinite(pct) else 0.5
        driver.update(
            text_zh=f"能力匹配{value:.2f}（{p_zh}百分位{pct:.2f}）",
            text_en=f"capability fit {value:.2f} ({p_en} percentile {pct:.2f})",
        )
        return driver
    matrix = ctx.matrix
    cite_zh = f"{matrix.measure[0]}，{matrix.year}年，{matrix.source}"
    cite_en = f"{matrix.measure[1]}, {matrix.year}, {matrix.source}"
    driver.update(year=matrix.year, source=matrix.source, sector=target.sectors[0] if target.sectors else "")
    if part == "specialisation":
        lq = float(ctx.arrays[("lq", target.code)][i])
        driver.update(raw=round(lq, 4), unit="", text_zh=f"区位商{lq:.2f}（{cite_zh}）",
                      text_en=f"LQ {lq:.2f} ({cite_en})")  # fmt: skip
    elif part == "size":
        share = 100 * float(ctx.arrays[("share", target.code)][i])
        driver.update(raw=round(share, 4), unit="%", text_zh=f"占全国{share:.1f}%（{cite_zh}）",
                      text_en=f"{share:.1f}% of the national total ({cite_en})")  # fmt: skip
    elif part == "relatedness":
        density = float(ctx.arrays[("density", target.code)][i])
        driver.update(raw=round(density, 4), text_zh=f"关联密度{density:.2f}（百分位{value:.2f}）",
                      text_en=f"relatedness density {density:.2f} (percentile {value:.2f})")  # fmt: skip
    elif part == "growth":
        cog = float(ctx.arrays[("cog", target.code)][i])
        driver.update(raw=round(cog, 4), text_zh=f"复杂度前景增益{cog:.2f}（百分位{value:.2f}）",
                      text_en=f"complexity outlook gain {cog:.2f} (percentile {value:.2f})")  # fmt: skip
    else:
        pci = float(ctx.st.pci.get(target.code, np.nan))
        driver.update(
            raw=round(pci, 4), text_zh=f"产业复杂度PCI {pci:.2f}", text_en=f"industry complexity PCI {pci:.2f}"
        )
    return driver


def _best_indicator(i: int, target: Target, ctx: _Context) -> dict | None:
    """The region's best-placed indicator of the requirement profile, with value, unit, year and source."""
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
    n = ctx.indicator_count[code]
    meta = ctx.indicators.meta.get(code, {})
    value = float(ctx.indicator_value[code][i])
    unit = meta.get("unit", "")
    standing_zh, standing_en = _standing(rank, n)
    source = meta.get("source", "")
    year = ctx.indicators.year
    return {
        "part": "indicator", "indicator": code, "raw": value, "unit": unit, "year": year, "source": source,
        "rank": rank, "of": n,
        "text_zh": f"{meta.get('name_zh', code)} {_fmt(value)} {unit}（{year}年，{standing_zh}；{source}）",
        "text_en": f"{meta.get('name_en', code)} {_fmt(value)} {unit} ({year}, {standing_en}; {source})",
    }  # fmt: skip
