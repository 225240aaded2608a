"""Spatial clusters of a variable: local Moran's I (LISA) with esda on queen contiguity of the map layer.
Hot spots are high values among high neighbours, cold spots low among low; outliers differ from their
neighbours. Significance by 999 conditional permutations (fixed seed, so the map is reproducible)."""

import warnings

import numpy as np

HOT, COLD, HIGH_OUTLIER, LOW_OUTLIER, NOT_SIGNIFICANT = "hot", "cold", "high_outlier", "low_outlier", "none"
CLUSTERS = (HOT, COLD, HIGH_OUTLIER, LOW_OUTLIER, NOT_SIGNIFICANT)
QUADRANT = {1: HOT, 2: LOW_OUTLIER, 3: COLD, 4: HIGH_OUTLIER}  # esda's q: 1 HH, 2 LH, 3 LL, 4 HL
P_VALUE = 0.05


def lisa_clusters(values: dict[str, float], neighbours: dict[str, list[str]], *, seed: int = 2026) -> dict:
    """Region code → (cluster, local I, pseudo p-value), for the regions with a value; regions without
    valued neighbours are `none`."""
    from esda.moran import Moran_Local
    from libpysal.weights import W

    codes = [c for c in sorted(values) if values[c] is not None and np.isfinite(values[c])]
    present = set(codes)
    links = {c: [n for n in neighbours.get(c, []) if n in present] for c in codes}
    if len(codes) < 5 or not any(links.values()):
        return {c: (NOT_SIGNIFICANT, 0.0, 1.0) for c in codes}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands (Hainan, Taiwan) are expected
        weights = W(links, silence_warnings=True)
        weights.transform = "r"
        y = np.array([values[c] for c in weights.id_order], dtype=float)
        lisa = Moran_Local(y, weights, permutations=999, seed=seed)
    out = {}
    for i, code in enumerate(weights.id_order):
        significant = lisa.p_sim[i] < P_VALUE and links[code]
        cluster = QUADRANT.get(int(lisa.q[i]), NOT_SIGNIFICANT) if significant else NOT_SIGNIFICANT
        out[code] = (cluster, float(lisa.Is[i]), float(lisa.p_sim[i]))
    return out


def queen_neighbours(features: list[dict]) -> dict[str, list[str]]:
    """Regions sharing at least a boundary point, from GeoJSON features with `properties.code`."""
    import shapely
    from shapely.geometry import shape

    codes = [f["properties"]["code"] for f in features]
    geoms = [shape(f["geometry"]) for f in features]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    out: dict[str, list[str]] = {c: [] for c in codes}
    for i, j in zip(left, right, strict=True):
        if i != j:
            out[codes[i]].append(codes[j])
    return out
