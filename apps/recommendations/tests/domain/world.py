"""A fixed, seeded input for the recommendation method: 160 regions in 8 groups of neighbours, 14 sectors
with an input-output table, traditional, emerging and future targets (two on the same sectors, one future
twin of an emerging industry), gaps in the pillars and in an indicator. `golden_recommend.json` holds what
the method gave on it; a change to how picks are computed or stored must give the same."""

import numpy as np
import pandas as pd

from apps.indicators.vocabulary import SCORED_PILLARS
from apps.recommendations.domain.recommend import Indicators, Links, Matrix, Target

PILLARS = list(SCORED_PILLARS)
SECTORS = [f"s{k:02d}" for k in range(14)]
TARGETS = [
    Target("trad-a", "traditional", "甲", "A", ("s00",), {"industrial_foundation": 1.0}, upgrade_paths=("green",)),
    Target("trad-b", "traditional", "乙", "B", ("s01", "s02"), {"industrial_foundation": 0.6, "factor_support": 0.4}),
    Target("trad-c", "traditional", "丙", "C", ("s03",), {"industrial_foundation": 1.0}, upgrade_paths=("digital",)),
    Target(
        "sei-a",
        "emerging",
        "丁",
        "D",
        ("s04",),
        {"industrial_foundation": 0.5, "science_education": 0.5},
        indicators=("rd", "patents"),
    ),
    Target("sei-b", "emerging", "戊", "E", ("s05",), {"scenarios_market": 1.0}, indicators=("patents",)),
    Target("sei-c", "emerging", "己", "F", ("s06", "s07"), {"enterprise_ecosystem": 0.7, "science_education": 0.3}),
    Target("sei-d", "emerging", "庚", "G", ("s06", "s07"), {"innovation_output": 1.0}),  # same sectors as sei-c
    Target("sei-e", "emerging", "辛", "H", ("s08",), {"science_education": 0.4, "scenarios_market": 0.6}),
    Target(
        "fut-a", "future", "壬", "I", ("s09",), {"science_education": 0.7, "innovation_output": 0.3}, indicators=("rd",)
    ),
    Target("fut-b", "future", "癸", "J", ("s08",), {"science_education": 0.5, "industrial_foundation": 0.5}),
    Target("fut-c", "future", "子", "K", ("s10", "s11"), {"science_education": 0.6, "enterprise_ecosystem": 0.4}),
]


def world(n: int = 160, seed: int = 11) -> dict:
    rng = np.random.default_rng(seed)
    regions = [f"{110000 + 100 * i}" for i in range(n)]
    pillars = pd.DataFrame(rng.random((n, len(PILLARS))), index=regions, columns=PILLARS)
    pillars.iloc[rng.choice(n, 12, replace=False), 2] = np.nan  # no market data for some regions
    pillars.iloc[rng.choice(n, 5, replace=False), 0] = 0.0
    pillars.iloc[:3, [0, 1]] = np.nan  # too little profile data for several targets
    modes = pd.DataFrame(rng.dirichlet([1, 1, 1], n), index=regions, columns=["original", "engineering", "application"])
    amounts = pd.DataFrame(
        rng.lognormal(sigma=1.4, size=(n, len(SECTORS))) * (rng.random((n, len(SECTORS))) > 0.2),
        index=regions,
        columns=SECTORS,
    )
    inputs = rng.random((len(SECTORS), len(SECTORS))) ** 3
    inputs /= inputs.sum(axis=0)
    outputs = rng.random((len(SECTORS), len(SECTORS))) ** 3
    outputs /= outputs.sum(axis=1, keepdims=True)
    matrix = Matrix(
        amounts=amounts,
        sector_names={c: (f"部门{c}", f"sector {c}") for c in SECTORS},
        measure=("增加值", "value added"),
        unit="万元",
        year=2017,
        source="test table",
        links=Links(
            sectors=SECTORS,
            input_share=inputs,
            output_share=outputs,
            year=2017,
            source="IO 2017",
            not_strengths=frozenset({"s13"}),
        ),
    )
    groups = [regions[k::8] for k in range(8)]
    neighbours = {r: set(g) - {r} for g in groups for r in g}
    values = pd.DataFrame({"rd": rng.lognormal(8, 1, n), "patents": rng.lognormal(5, 2, n)}, index=regions)
    values.iloc[rng.choice(n, 20, replace=False), 1] = np.nan
    meta = {
        "rd": {
            "name_zh": "R&D人员",
            "name_en": "R&D personnel",
            "unit": "人年",
            "direction": "higher_better",
            "source": "yearbook",
            "year": 2017,
        },
        "patents": {
            "name_zh": "专利",
            "name_en": "patents",
            "unit": "件",
            "direction": "higher_better",
            "source": "CNIPA",
        },
    }
    names = {r: (f"地区{r}", f"Region {r}") for r in regions}
    return {
        "targets": TARGETS,
        "pillars": pillars,
        "modes": modes,
        "neighbours": neighbours,
        "indicators": Indicators(frame=values, meta=meta, year=2017),
        "matrix": matrix,
        "names": names,
    }
