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

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from apps.scoring.domain.percentiles import percentile, pillar_percentiles

from .complexity import complexity, eci_ranks
from .facts import known, num

TRADITIONAL, EMERGING, FUTURE = "traditional", "emerging", "future"
CATEGORIES = (TRADITIONAL, EMERGING, FUTURE)
CATEGORY_LABELS = {
    TRADITIONAL: ("改造提升的传统产业", "traditional industry to upgrade"),
    EMERGING: ("发展壮大的新兴产业", "emerging industry to scale"),
    FUTURE: ("前瞻布局的未来产业", "future industry to seed"),
}

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
    eci: pd.Series
    links: dict  # target → (sector positions linked to it, strongest first; link kinds; strengths)
    sectors: list[str]
    rca: np.ndarray  # regions × sectors
    mcp: np.ndarray

    def __post_init__(self):
        # rows as Python lists, read once per pick: indexing them costs a tenth of a numpy element's
        self._mcp_rows = (self.mcp > 0).tolist()
        self._rca_rows = self.rca.astype(float).tolist()

    def related(self, r: int, code: str) -> list[tuple[str, float, str, float]]:
        """The (at most three) sectors region `r` is specialised in that are linked to target `code`:
        (sector, its location quotient, link kind, link strength), strongest link first."""
        linked, kind, strength = self.links.get(code, ((), (), ()))
        specialised, rca = self._mcp_rows[r], self._rca_rows[r]
        present = [k for k in linked if specialised[k]][:3]
        return [(self.sectors[k], rca[k], kind[k], round(float(strength[k]), 4)) for k in present]


def structure(matrix: Matrix, targets: list[Target], regions: list[str]) -> Structure:
    values = matrix.amounts.reindex(regions).fillna(0.0)
    x = values.to_numpy(dtype=float)
    sectors = list(values.columns)
    cx = complexity(x, min_size=MIN_SIZE)
    totals = x.sum(axis=0)
    region_totals = x.sum(axis=1)
    grand = totals.sum()
    lq, share, present, density, cog, pci, links = {}, {}, {}, {}, {}, {}, {}
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
        links[target.code] = (linked[np.argsort(-strength[linked], kind="stable")].tolist(), kind, strength)
    frame = lambda d: pd.DataFrame(d, index=regions)  # noqa: E731
    return Structure(
        lq=frame(lq),
        share=frame(share),
        present=frame(present),
        density=frame(density),
        cog=frame(cog),
        pci=pd.Series(pci, dtype=float),
        eci=pd.Series(cx.eci, index=regions),
        links=links,
        sectors=sectors,
        rca=cx.rca,
        mcp=cx.mcp,
    )


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
    parts["size"] = percentile(st.share[code], missing=0.5)
    parts["relatedness"] = percentile(st.density[code], missing=0.5)
    parts["growth"] = percentile(st.cog[code], missing=0.5)
    parts["complexity"] = pd.Series(pci_pct.get(code, 0.5), index=lq.index)
    return parts


def _all_parts(targets, fit, st) -> dict[str, dict[str, pd.Series]]:
    """Per target, every part of its priority the data give (a preset weighs some of them)."""
    emerging_sectors = {tuple(sorted(t.sectors)) for t in targets if t.category == EMERGING and t.sectors}
    pci_pct = {}
    if st is not None:
        for category in CATEGORIES:
            codes = [t.code for t in targets if t.category == category and t.code in st.pci]
            if codes:
                pci_pct.update(percentile(st.pci[codes], missing=0.5).to_dict())
    out = {}
    for target in targets:
        # a future direction on the same sectors as an emerging industry: the statistics cannot tell the two
        # apart, so the direction rests on the fit with its own requirement profile alone
        twin = target.category == FUTURE and tuple(sorted(target.sectors)) in emerging_sectors
        out[target.code] = _parts(target.category, target.code, fit, None if twin else st, pci_pct)
    return out


def _scores(targets, all_parts, index, weights_by_category) -> tuple[pd.DataFrame, dict, dict]:
    """Regions × targets priority before the sameness penalty, the parts per target the preset weighs, and
    per category what its scores depend on of the preset (`_weights_key`): presets equal there rank that
    category alike."""
    scores, parts, keys = {}, {}, {c: [] for c in CATEGORIES}
    for target in targets:
        p = all_parts[target.code]
        weights = {k: w for k, w in weights_by_category[target.category].items() if k in p}
        if len(weights) == 1:  # a score resting on one part is that part, whatever its weight
            (k,) = weights
            scores[target.code] = p[k].astype(float)
        else:
            total = sum(weights.values())
            scores[target.code] = sum(w * p[k] for k, w in weights.items()) / total
        parts[target.code] = {k: p[k] for k in weights}
        keys[target.category].append((target.code, _weights_key(weights)))
    return pd.DataFrame(scores, index=index), parts, {c: tuple(k) for c, k in keys.items()}


def _weights_key(weights: dict) -> tuple:
    """What a target's picks depend on of a preset: the parts weighed and, with more than one, their
    weights (one part: its score is that part, its reason cites it)."""
    return tuple(weights) if len(weights) == 1 else tuple(sorted(weights.items()))


def _neighbour_index(regions: list[str], neighbours: dict[str, set[str]]) -> list[np.ndarray]:
    position = {r: i for i, r in enumerate(regions)}
    return [np.array([position[n] for n in neighbours.get(r, ()) if n in position], dtype=int) for r in regions]


def _penalise(scores: np.ndarray, near: list[np.ndarray], penalty: float) -> np.ndarray:
    """`scores` after the sameness penalty (see penalise_sameness). Region by region, on Python lists: a
    region's row holds a few targets, where a numpy call costs more than the arithmetic."""
    if penalty <= 0 or scores.size == 0:
        return scores.copy()
    rows = scores.tolist()
    top = [-1] * len(rows)
    width = scores.shape[1]
    for i in np.argsort(-scores.max(axis=1), kind="stable").tolist():
        nb = near[i].tolist()
        picked = [top[j] for j in nb if top[j] >= 0]
        if picked:
            counts = [0] * width
            for k in picked:
                counts[k] += 1
            rows[i] = [s - penalty * (c / len(nb)) for s, c in zip(rows[i], counts, strict=True)]
        best = max(rows[i])
        if best >= 0:  # a region whose picks are all unranked (scored -1) takes none
            top[i] = rows[i].index(best)  # the first best, as argmax
    return np.array(rows, dtype=float).reshape(scores.shape)


def penalise_sameness(scores: pd.DataFrame, neighbours: dict[str, set[str]], penalty: float) -> pd.DataFrame:
    """Visits regions from the strongest top score to the weakest; each loses `penalty` × the share of its
    neighbours, already visited, whose top pick is the same industry."""
    regions = list(scores.index)
    adjusted = _penalise(scores.to_numpy(dtype=float), _neighbour_index(regions, neighbours), penalty)
    return pd.DataFrame(adjusted, index=scores.index, columns=scores.columns)


def sameness(scores: pd.DataFrame, neighbours: dict[str, set[str]]) -> dict:
    """How alike the top picks are: the largest share of regions sharing one top pick (and which), the
    Herfindahl index of the top picks, and the share of neighbour pairs with the same top pick."""
    pairs = _pairs(_neighbour_index(list(scores.index), neighbours))
    return _sameness(scores.to_numpy(dtype=float), list(scores.columns), pairs)


def _pairs(near: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The neighbour pairs (i, j), i < j, of `near` (each region's neighbours' positions), as two arrays."""
    later = [nb[nb > i] for i, nb in enumerate(near)]
    first = np.repeat(np.arange(len(near)), [len(nb) for nb in later])
    return first, np.concatenate(later) if later else np.zeros(0, dtype=int)


def _sameness(values: np.ndarray, columns: list[str], pairs: tuple[np.ndarray, np.ndarray]) -> dict:
    """sameness() over regions × targets `values`, `pairs` the neighbour pairs of the regions' positions."""
    kept = np.fmax.reduce(values, axis=1, initial=-np.inf) >= 0  # as pandas' max, NaN skipped
    if not kept.any():  # regions with a ranked pick (unranked picks are scored -1)
        return {"regions": 0}
    top = values.argmax(axis=1)
    counts = np.bincount(top[kept], minlength=values.shape[1])
    shares = counts / int(kept.sum())
    first, second = pairs
    both = kept[first] & kept[second]
    pairs_count = int(both.sum())
    same = int((top[first[both]] == top[second[both]]).sum())
    best = int(np.argmax(counts))
    return {
        "regions": int(kept.sum()),
        "top_share": round(float(shares[best]), 4),
        "top_industry": str(columns[best]),
        "distinct_top": int((counts > 0).sum()),
        "hhi": round(float((shares**2).sum()), 4),
        "neighbour_pairs": pairs_count,
        "neighbour_same": round(same / pairs_count, 4) if pairs_count else 0.0,
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


def _sameness_summary(raw_np, final_np, codes_all, columns_of, near, pairs, penalty, summary, known):
    """Against every region choosing the same: the emerging and future scores after the penalty (in
    `final_np`), and how alike the picks are before and after it (`known`: the categories whose figures
    another preset already gave; their scores are left as they are)."""
    for category in (EMERGING, FUTURE):
        cols = columns_of[category]
        if category in known:
            summary[category] = known[category]
            continue
        if not cols:
            continue
        final_np[:, cols] = _penalise(raw_np[:, cols], near, penalty)
        columns = [codes_all[j] for j in cols]
        summary[category] = {
            "before": _sameness(raw_np[:, cols], columns, pairs),
            "after": _sameness(final_np[:, cols], columns, pairs),
        }
    emerging_after = summary.get(EMERGING, {}).get("after", {})
    summary["warning"] = bool(
        emerging_after.get("top_share", 0) > SAMENESS_WARNING["top_share"]
        or emerging_after.get("neighbour_same", 0) > SAMENESS_WARNING["neighbour_same"]
    )
    summary["thresholds"] = SAMENESS_WARNING


def _structure_summary(st, matrix, regions, summary) -> None:
    """The economic complexity of each region (compare years by rank, not by value) and the links used."""
    if st is None:
        return
    ranks = eci_ranks(st.eci.to_numpy())
    summary["eci"] = {
        r: {"eci": round(float(v), 6), "rank": int(k)}
        for r, v, k in zip(regions, st.eci, ranks, strict=True)
        if np.isfinite(v)
    }
    if matrix.links is not None:
        summary["links"] = {"year": matrix.links.year, "source": matrix.links.source, "min_share": LINK_MIN}
    else:
        summary["links"] = {"proximity_min": PROXIMITY_MIN}


def _lead_grades(targets, column, fit_np, science, blocked, n) -> dict[str, list[int]]:
    """Per future direction, the regions (positions, best fit first) fit to lead it: in the top fifth of
    science and education, fitting it well, and among the best-fitting LEAD_SHARE."""
    science_filled = np.nan_to_num(science, nan=0.0)
    grades = {}
    for t in targets:
        if t.category != FUTURE:
            continue
        j = column[t.code]
        best = np.argsort(-fit_np[:, j], kind="stable")[: max(3, int(np.ceil(LEAD_SHARE * n)))]
        grades[t.code] = [
            int(i)
            for i in best
            if science_filled[i] >= LEAD_SCIENCE and fit_np[i, j] >= LEAD_CAPABILITY and not blocked[i, j]
        ]
    return grades


def _part_lists(parts: dict, st) -> dict:
    """(part or structure measure, target code) → its values over the regions, as Python lists: a pick
    reads single elements, and a list element costs a tenth of a numpy element's."""
    lists = {
        (part, code): series.to_numpy(dtype=float).tolist() for code, p in parts.items() for part, series in p.items()
    }
    if st is not None:
        for name in ("lq", "share", "density", "cog", "present"):
            frame = getattr(st, name)
            for code in frame.columns:
                lists[(name, code)] = frame[code].to_numpy().tolist()
    return lists


def _partners(i: int, leaders: list[int], order: dict[int, int], near: set, regions: list[str]) -> list[str]:
    """Up to three leaders of a future direction to take part with: neighbours first, each group in leader
    order (`order`: leader → its position in `leaders`)."""
    close = sorted((order[r], r) for r in near if r in order and r != i)[:3]
    far = []
    if len(close) < 3:
        for r in leaders:
            if r != i and r not in near:
                far.append(r)
                if len(close) + len(far) == 3:
                    break
    return [regions[r] for r in [r for _, r in close] + far]


@dataclass
class _Picks:
    """What the items of a run are made from: the targets' columns, scores before and after the penalty, the
    parts, who may lead which direction, and the writer of their facts. Regions × targets tables are rows of
    Python lists (see _part_lists)."""

    regions: list[str]
    codes: list[str]
    columns_of: dict
    raw_rows: list[list[float]]
    final_rows: list[list[float]]
    blocked: np.ndarray
    reasons: dict
    parts: dict
    lists: dict
    fit_rows: list[list[float]]
    lead_grade: dict
    near_sets: list[set]
    engineering: list[float]
    application: list[float]
    raw_col: dict
    writer: object
    weights: dict
    lead_order: dict = field(init=False)

    def __post_init__(self):
        self.lead_order = {code: {r: k for k, r in enumerate(rs)} for code, rs in self.lead_grade.items()}

    def ranked(self, i: int, category: str, ranked: list[int]) -> list[Item]:
        cols, out = self.columns_of[category], []
        raw_row, final_row, lists = self.raw_rows[i], self.final_rows[i], self.lists
        for rank, k in enumerate(ranked, start=1):
            j = cols[k]
            code = self.codes[j]
            present = bool(("present", code) in lists and lists[("present", code)][i])
            leads = category == FUTURE and i in self.lead_order.get(code, ())
            mode = _mode(category, present, leads, self.fit_rows[i][j])
            partners = (
                _partners(i, self.lead_grade[code], self.lead_order[code], self.near_sets[i], self.regions)
                if category == FUTURE
                else []
            )
            components = {part: round(lists[(part, code)][i], 6) for part in self.parts[code]}
            components["penalty"] = round(raw_row[j] - final_row[j], 6)
            item = Item(
                region=self.regions[i],
                target=code,
                category=category,
                score=round(final_row[j], 6),
                rank=rank,
                mode=mode,
                innovation_mode=_innovation_mode(category, mode, self.engineering[i], self.application[i]),
                components=components,
                partners=partners,
            )
            item.explanation = self.writer.facts(item, i, self.weights[category])
            out.append(item)
        return out

    def unranked(self, i: int, category: str, duplicates: list[int], holders) -> list[Item]:
        """The picks listed, not ranked: a second target on the same sectors, or one without the data it needs
        (or, traditional, without a base)."""
        cols, out = self.columns_of[category], []
        later = [(cols[k], "same_sectors", self.codes[cols[holders[k]]]) for k in duplicates]
        later += [(j, self.reasons[self.codes[j]][i], "") for j in cols if self.blocked[i, j]]
        for j, reason, same_as in later:
            code = self.codes[j]
            no_base = reason == "no_base"
            components = {part: round(self.lists[(part, code)][i], 6) for part in self.parts[code]}
            item = Item(
                region=self.regions[i],
                target=code,
                category=category,
                rank=0,
                score=round(self.raw_col[code][i], 6) if no_base else 0.0,
                mode="no_base" if no_base else "insufficient",
                innovation_mode="",
                components=components if no_base else {},
            )
            item.explanation = self.writer.facts(item, i, self.weights[category], reason=reason, same_as=same_as)
            out.append(item)
        return out


def _chosen(targets, st, columns_of: dict, final_np, blocked, top, categories) -> dict:
    """Per category asked, the picks of every region (see _choose); targets on the same sectors are one
    pick."""
    codes = [t.code for t in targets]
    by_code = {t.code: t for t in targets}
    out = {}
    for category in categories:
        cols = columns_of[category]
        if not cols:
            continue
        keys = [_sector_key(by_code[codes[j]], st) for j in cols]
        out[category] = _choose(final_np[:, cols], blocked[:, cols], keys, top)
    return out


def _sector_key(target, st) -> tuple:
    return tuple(sorted(target.sectors)) if st is not None and target.code in st.lq else ()


def _blocked(reasons: dict, codes: list[str], n: int) -> np.ndarray:
    """Regions × targets: whether the pick cannot be ranked (a reason is given)."""
    return np.column_stack([reasons[c] != "" for c in codes]) if codes else np.zeros((n, 0), bool)


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
    st: Structure | None = None,
    memo: dict | None = None,
) -> tuple[list[Item], dict]:
    """Ranked, explained recommendations for every region in `pillars` (regions × pillar scores of the run),
    and the sameness figures before and after the penalty. Picks without the data they need are listed
    after the ranked ones with rank 0 and mode `insufficient` (or `no_base`), never ranked. `top` keeps that
    many ranked picks per region and category and drops the unranked (all by default). Callers running
    several presets on the same inputs pass the structure (`st`) and one `memo` dict to all of them: what
    does not depend on the preset (capability fit, parts, which picks cannot be ranked, each pick's own
    facts) is then worked out once, and a category whose parts and weights an earlier preset shared (the
    traditional industries under every preset; every category when only one part is known) takes that
    preset's picks."""
    regions = list(pillars.index)
    n = len(regions)
    memo = {} if memo is None else memo
    if st is None and matrix is not None and not matrix.amounts.empty:  # callers running presets pass it once
        st = structure(matrix, targets, regions)
    base = _once(memo, "inputs", lambda: _Inputs.of(targets, pillars, modes, neighbours, st))
    weights = PRESETS[preset]
    raw, parts, keys = _scores(targets, base.parts, pillars.index, weights)
    codes_all, columns_of, blocked = base.codes, base.columns_of, base.blocked
    # a category whose parts and weights an earlier preset shared is ranked and explained as it was there
    earlier = {c: memo.get(("category", c, keys[c], penalty, top)) for c in CATEGORIES if columns_of[c]}
    raw_np = np.where(blocked, -1.0, raw[codes_all].to_numpy(dtype=float))
    final_np = raw_np.copy()
    summary = {"preset": preset, "penalty": penalty, "basis": "relatedness" if st is not None else "capability"}
    known_sameness = {c: e[1] for c, e in earlier.items() if e is not None and e[1] is not None}
    _sameness_summary(raw_np, final_np, codes_all, columns_of, base.near, base.pairs, penalty, summary, known_sameness)
    final_np = np.where(blocked, -1.0, np.clip(final_np, 0.0, None))  # a priority is never below 0
    summary["unranked"] = {c: int(blocked[:, columns_of[c]].sum()) for c in CATEGORIES}
    _structure_summary(st, matrix, regions, summary)

    lists = base.lists
    writer = _once(
        memo,
        "writer",
        lambda: _FactWriter(targets, st, matrix, base, indicators, regions, summary["basis"], names or {}),
    )
    todo = [c for c, e in earlier.items() if e is None]
    chosen = _chosen(targets, st, columns_of, final_np, blocked, top, todo)
    picks = _Picks(
        regions=regions,
        codes=codes_all,
        columns_of=columns_of,
        raw_rows=raw_np.tolist(),
        final_rows=final_np.tolist(),
        blocked=blocked,
        reasons=base.reasons,
        parts=parts,
        lists=lists,
        fit_rows=base.fit_rows,
        lead_grade=base.lead_grade,
        near_sets=base.near_sets,
        engineering=base.engineering,
        application=base.application,
        raw_col={code: raw[code].to_numpy(dtype=float).tolist() for code in codes_all},
        writer=writer,
        weights=weights,
    )
    by_category = {c: e[0] for c, e in earlier.items() if e is not None}
    for category in todo:
        ranked, duplicates, holders = chosen[category]
        by_category[category] = [
            picks.ranked(i, category, ranked[i])
            + (picks.unranked(i, category, duplicates[i], holders[i]) if top is None else [])
            for i in range(n)
        ]
        memo[("category", category, keys[category], penalty, top)] = (by_category[category], summary.get(category))
    items: list[Item] = []
    for i in range(n):
        for category in CATEGORIES:
            if category in by_category:
                items += by_category[category][i]
    summary["context"] = writer.context(items)
    return items, summary


def _once(memo: dict, key, make):
    if key not in memo:
        memo[key] = make()
    return memo[key]


@dataclass
class _Inputs:
    """What a run's picks are made from that no preset changes: pillar percentiles, capability fit, which
    picks cannot be ranked and why, neighbours, who may lead which direction (made once per run)."""

    codes: list[str]
    columns_of: dict
    pillar_pct: pd.DataFrame
    fit_np: np.ndarray
    fit_rows: list[list[float]]
    science: np.ndarray
    reasons: dict
    blocked: np.ndarray
    near: list[np.ndarray]
    pairs: tuple[np.ndarray, np.ndarray]
    near_sets: list[set]
    lead_grade: dict
    engineering: list[float]
    application: list[float]
    parts: dict
    lists: dict

    @classmethod
    def of(cls, targets, pillars, modes, neighbours, st) -> "_Inputs":
        regions = list(pillars.index)
        n = len(regions)
        pillar_pct = pillar_percentiles(pillars)
        known: dict = {}
        fit = capability_fit(pillar_pct, targets, known)
        codes = [t.code for t in targets]
        column = {code: j for j, code in enumerate(codes)}
        reasons = _unranked(targets, st, known, n)
        blocked = _blocked(reasons, codes, n)
        fit_np = fit[codes].to_numpy(dtype=float)
        science = pillar_pct.get("science_education", pd.Series(np.nan, index=regions)).to_numpy(dtype=float)
        near = _neighbour_index(regions, neighbours)
        modes = modes.reindex(regions)
        parts = _all_parts(targets, fit, st)
        mix = lambda key: modes.get(key, pd.Series(0.0, index=regions)).fillna(0).to_numpy(dtype=float).tolist()  # noqa: E731
        return cls(
            codes=codes,
            columns_of={c: [column[t.code] for t in targets if t.category == c] for c in CATEGORIES},
            pillar_pct=pillar_pct.reindex(regions),
            fit_np=fit_np,
            fit_rows=fit_np.tolist(),
            science=science,
            reasons=reasons,
            blocked=blocked,
            near=near,
            pairs=_pairs(near),
            near_sets=[set(nb.tolist()) for nb in near],
            lead_grade=_lead_grades(targets, column, fit_np, science, blocked, n),
            engineering=mix("engineering"),
            application=mix("application"),
            parts=parts,
            lists=_part_lists(parts, st),
        )


def _choose(scores: np.ndarray, blocked: np.ndarray, keys: list[tuple], top: int | None):
    """The picks of one category for every region at once. `scores`: regions × the category's targets
    (after the penalty); `blocked`: not rankable; `keys`: each target's sectors (() without a matrix).

    Two targets on the same sectors are one pick: the better placed (higher score, then catalogue order) is
    ranked and the other listed as a duplicate of it. Returns, per region, the positions ranked (best
    first; `top` of them if given), the duplicates in the order a reader meets them, and for each
    duplicate position the position of the target holding its sectors."""
    n, m = scores.shape
    eligible = ~blocked
    duplicate = np.zeros((n, m), dtype=bool)
    holder = np.full((n, m), -1)
    groups: dict[tuple, list[int]] = {}
    for k, key in enumerate(keys):
        if key:
            groups.setdefault(key, []).append(k)
    for members in groups.values():
        if len(members) < 2:
            continue
        sub = np.where(eligible[:, members], scores[:, members], -np.inf)
        winner = np.argmax(sub, axis=1)  # the first best in catalogue order, as a stable sort meets it
        has = np.isfinite(sub.max(axis=1))
        for position, k in enumerate(members):
            lost = has & eligible[:, k] & (winner != position)
            duplicate[lost, k] = True
            holder[lost, k] = np.asarray(members)[winner[lost]]
    rankable = eligible & ~duplicate
    order = np.argsort(-np.where(rankable, scores, -np.inf), axis=1, kind="stable")
    counts = rankable.sum(axis=1)
    keep = counts if top is None else np.minimum(counts, top)
    ranked = [order[i, : keep[i]].tolist() for i in range(n)]
    if top is not None or not duplicate.any():
        return ranked, [[] for _ in range(n)], holder
    dup_order = np.argsort(-np.where(duplicate, scores, -np.inf), axis=1, kind="stable")
    dup_counts = duplicate.sum(axis=1)
    return ranked, [dup_order[i, : dup_counts[i]].tolist() for i in range(n)], holder


def _indicator_ranks(indicators: Indicators | None, regions: list[str]) -> pd.DataFrame:
    if indicators is None or indicators.frame.empty:
        return pd.DataFrame(index=regions)
    values = indicators.frame.reindex(regions)
    ranks = {}
    for code in values.columns:
        lower_better = indicators.meta.get(code, {}).get("direction") == "lower_better"
        ranks[code] = values[code].rank(ascending=lower_better, method="min")
    return pd.DataFrame(ranks, index=regions)


class _FactWriter:
    """Writes each pick's own facts (facts.py's compact form) from lists over regions computed once, and
    the run's constants once (`context`)."""

    def __init__(self, targets, st, matrix, base: "_Inputs", indicators, regions, basis, names):
        self.st, self.matrix, self.lists, self.regions, self.basis, self.names = (
            st,
            matrix,
            base.lists,
            regions,
            basis,
            names,
        )
        self.by_code = {t.code: t for t in targets}
        self.n = len(regions)
        self.science = np.asarray(base.science, dtype=float).tolist()
        self.sector_codes = set(st.lq.columns) if st is not None else set()
        self.indicators = indicators
        self.pillars = list(base.pillar_pct.columns)
        self.pct_rows = base.pillar_pct.to_numpy(dtype=float).tolist()  # per region, as Python floats (see Structure)
        self.pillar_at = {p: k for k, p in enumerate(self.pillars)}
        column = {code: j for j, code in enumerate(base.codes)}
        self.fit_rank = {
            c: pd.Series(base.fit_np[:, column[c]]).rank(ascending=False, method="min").to_numpy(dtype=float).tolist()
            for c in self.by_code
        }
        ranks = _indicator_ranks(indicators, regions)
        self.indicator_rank = {c: ranks[c].to_numpy(dtype=float).tolist() for c in ranks.columns}
        self.indicator_value = (
            {c: indicators.frame.reindex(regions)[c].to_numpy(dtype=float) for c in ranks.columns}
            if len(ranks.columns)
            else {}
        )
        self.indicator_count = {c: int(ranks[c].count()) for c in ranks.columns}
        self._own: dict = {}  # (region position, target) → the facts that do not depend on the preset

    def _pillar_values(self, i: int, target) -> list[tuple[str, float]]:
        """The target's profile pillars with this region's percentile (NaN unknown; absent pillars None)."""
        row, at = self.pct_rows[i], self.pillar_at
        return [(p, row[at[p]] if p in at else None) for p in target.pillars]

    def _own_facts(self, i: int, code: str) -> dict:
        """What a pick's reason cites that is the same under every preset."""
        key = (i, code)
        if key in self._own:
            return self._own[key]
        target = self.by_code[code]
        values = self._pillar_values(i, target)
        own: dict = {"missing": [p for p, v in values if not known(v)]}
        st = self.st
        if code in self.sector_codes:
            own["sector"] = [
                num(self.lists[("lq", code)][i]),
                num(100 * self.lists[("share", code)][i]),
                bool(self.lists[("present", code)][i]),
            ]
        present = [(p, v) for p, v in values if known(v)]
        if present:
            best = max(present, key=lambda pv: target.pillars[pv[0]] * float(pv[1]))
            own["pillar"] = [best[0], num(best[1])]
        own["fit"] = [num(self.lists[("capability", code)][i]), int(self.fit_rank[code][i])]
        if target.category == FUTURE and known(self.science[i]):
            own["science"] = num(self.science[i])
        indicator = self._best_indicator(i, target)
        if indicator:
            own["indicator"] = indicator
        if st is not None:
            related = st.related(i, code)
            own["strengths"] = [[sector, round(lq, 2), kind, strength] for sector, lq, kind, strength in related]
        weights = dict(values)
        own["gaps"] = [
            [p, num(weights[p])]
            for p, w in sorted(target.pillars.items(), key=lambda kv: -kv[1])
            if w >= 0.2 and known(weights[p]) and weights[p] < GAP_PERCENTILE
        ]
        self._own[key] = own
        return own

    def _best_indicator(self, i: int, target) -> list | None:
        """The region's best-placed indicator of the requirement profile; none unless it ranks in the top
        half (a low rank is no reason for a pick)."""
        best = None
        for code in target.indicators:
            if code not in self.indicator_rank:
                continue
            rank = self.indicator_rank[code][i]
            if math.isfinite(rank) and (best is None or rank < best[1]):
                best = (code, int(rank))
        if best is None or best[1] > self.indicator_count[best[0]] / 2:
            return None
        return [best[0], best[1], float(self.indicator_value[best[0]][i])]

    def facts(self, item: Item, i: int, weights: dict, reason: str = "", same_as: str = "") -> dict:
        code = item.target
        target = self.by_code[code]
        own = self._own_facts(i, code)
        facts: dict = {"v": 3, "target": code, "category": item.category, "mode": item.mode}
        if reason and reason != "no_base":
            facts["unranked"] = [reason, same_as, own["missing"] if reason == "no_pillar_data" else []]
            return facts
        if reason == "no_base":
            facts["unranked"] = ["no_base", "", []]
        for name in ("sector", "pillar", "fit", "science", "strengths", "gaps"):
            if name in own:
                facts[name] = own[name]
        if item.components:
            facts.update(self._drivers(item, i, weights))
        if "indicator" in own:
            facts["indicator"] = own["indicator"]
        if item.category == TRADITIONAL and item.mode in ("upgrade", "consolidate") and target.upgrade_paths:
            facts["upgrade"] = True
        if item.partners:
            facts["partners"] = list(item.partners)
        if item.components.get("penalty", 0) > 0:
            facts["penalty"] = item.components["penalty"]
        return facts

    def _drivers(self, item: Item, i: int, weights: dict) -> dict:
        """The parts that carry the pick (up to three at or above the median, weighted; else the heaviest;
        an emerging or future pick always cites its capability fit), with the raw figures of relatedness and
        outlook gain."""
        components = item.components
        contributions = sorted(
            ((weights.get(k, 0) * v, k) for k, v in components.items() if k in weights), reverse=True
        )
        strong = [part for _, part in contributions if components[part] >= 0.5][:3] or [contributions[0][1]]
        if item.category != TRADITIONAL and "capability" in components and "capability" not in strong:
            strong.append("capability")  # the fit with its own requirement profile: what sets it apart
        raw = {
            part: num(self.lists[("density" if part == "relatedness" else "cog", item.target)][i])
            for part in strong
            if part in ("relatedness", "growth")
        }
        return {"drivers": strong, "raw": raw} if raw else {"drivers": strong}

    def context(self, items: list[Item]) -> dict:
        """What every pick of the run shares, stored once with the set of picks."""
        matrix, st = self.matrix, self.st
        context: dict = {"basis": self.basis, "of": self.n, "average_share": round(100 / self.n, 4) if self.n else None}
        if matrix is not None:
            context["matrix"] = {
                "measure": list(matrix.measure),
                "unit": matrix.unit,
                "year": matrix.year,
                "source": matrix.source,
            }
            links = matrix.links
            context["links"] = {
                "year": links.year if links else matrix.year,
                "source": links.source if links else matrix.source,
            }
            cited_sectors = {sector for item in items for sector, *_ in item.explanation.get("strengths", [])}
            context["sectors"] = {s: list(matrix.sector_names.get(s, (s, s))) for s in sorted(cited_sectors)}
        cited = {item.target for item in items}
        context["targets"] = {}
        for code in sorted(cited):
            target = self.by_code[code]
            entry = {"upgrade_paths": list(target.upgrade_paths)}
            if st is not None and code in st.lq:
                entry["codes"] = list(target.sectors)
                entry["names"] = [list(matrix.sector_names.get(s, (s, s))) for s in target.sectors]
                entry["pci"] = num(st.pci.get(code, np.nan))
            context["targets"][code] = entry
        indicators = self.indicators
        context["indicators"] = (
            {
                code: {
                    "name_zh": meta.get("name_zh", code),
                    "name_en": meta.get("name_en", code),
                    "unit": meta.get("unit", ""),
                    "year": meta.get("year") or indicators.year,
                    "source": meta.get("source", ""),
                    "of": self.indicator_count[code],
                }
                for code, meta in ((c, indicators.meta.get(c, {})) for c in self.indicator_count)
            }
            if indicators is not None
            else {}
        )
        partners = {code for item in items for code in item.partners}
        context["names"] = {code: list(self.names.get(code, (code, code))) for code in sorted(partners)}
        return context
