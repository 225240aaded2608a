"""A region against its peers on the pillars: which regions are its peers, the peers' median, and which
pillars are strengths or gaps. Pure: percentiles in (region code → pillar code → 0–1), lists out."""

from statistics import median

STRENGTH = 0.7  # a pillar at or above this percentile is a strength
GAP = 0.3  # at or below, a gap
SIMILAR = 5  # the most similar regions compared with


def similar_regions(own: dict, others: dict[str, dict], pillars: list[str], n: int = SIMILAR) -> list[str]:
    """The `n` regions closest to `own` on the pillars (squared distance; a missing pillar counts as 0.5)."""
    distance = {c: sum((v.get(p, 0.5) - own.get(p, 0.5)) ** 2 for p in pillars) for c, v in others.items()}
    return sorted(distance, key=distance.get)[:n]


def peer_medians(percentiles: dict[str, dict], peers: list[str], pillars: list[str]) -> list[float | None]:
    """Per pillar, the median percentile of the peers that have one (None when none has)."""
    out = []
    for p in pillars:
        values = [percentiles[c][p] for c in peers if percentiles[c].get(p) is not None]
        out.append(float(median(values)) if values else None)
    return out


def strengths_and_gaps(own: dict, pillars: list[str], names: list[str]) -> tuple[list, list]:
    """(name, percentile) of the pillars at or above STRENGTH, and of those at or below GAP."""
    pairs = [(n, own[p]) for p, n in zip(pillars, names, strict=True) if own.get(p) is not None]
    return [x for x in pairs if x[1] >= STRENGTH], [x for x in pairs if x[1] <= GAP]
