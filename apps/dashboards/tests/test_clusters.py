from apps.dashboards.domain.clusters import lisa_clusters, queen_neighbours


def _grid(n: int):
    """n × n square cells; codes 'r{row}c{col}'."""
    features, codes = [], []
    for r in range(n):
        for c in range(n):
            code = f"r{r}c{c}"
            codes.append(code)
            ring = [[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1], [c, r]]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": code},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            )
    return features, codes


def test_queen_neighbours_on_a_grid():
    features, _ = _grid(3)
    neighbours = queen_neighbours(features)
    assert sorted(neighbours["r1c1"]) == sorted(c for c in neighbours if c != "r1c1")  # the centre touches all 8
    assert sorted(neighbours["r0c0"]) == ["r0c1", "r1c0", "r1c1"]


def test_lisa_finds_the_hot_and_the_cold_corner():
    features, codes = _grid(8)
    neighbours = queen_neighbours(features)
    values = {}
    for code in codes:
        r, c = int(code[1]), int(code[3])
        values[code] = 10.0 if r < 3 and c < 3 else (0.0 if r > 4 and c > 4 else 5.0)
    values["r0c7"] = None  # no value: left out
    clusters = lisa_clusters(values, neighbours)
    assert "r0c7" not in clusters
    assert clusters["r1c1"][0] == "hot" and clusters["r6c6"][0] == "cold"
    hot = {code for code, (cluster, _, _) in clusters.items() if cluster == "hot"}
    assert hot <= {f"r{r}c{c}" for r in range(4) for c in range(4)}  # only in or beside the high block
    assert all(0 < p <= 1 for _, _, p in clusters.values())
    assert lisa_clusters(values, neighbours) == clusters  # fixed seed: the same map every time
