"""The 42 sectors of the provincial input-output tables on one classification, and the supply-chain links
between them (fixtures/io_linkages.json).

The compilation numbers the sectors of every year sec01–sec42 and names them with the 2002 list, but the 2012
and 2017 tables follow their own years' 42-sector lists (general and special equipment split, a repair
sector, post merged into transport, research split differently): in the 2017 columns "sec24" is electricity
and heat, not gas, and "sec27" is construction. `CONCORDANCE` maps those years' positions onto the 2002 list
(the app's `io42` codes S01–S42), adding up the sectors the 2002 list does not separate; S22 (scrap, 2017),
S28 (post), S35 (tourism) and, for 2012, S37 have no counterpart and stay empty in those years.

Supply-chain links between the 42 sectors of the input-output tables (fixtures/io_linkages.json), built from
the provincial tables' intermediate-use blocks: recommendations cite a region's existing strength as related to
a target industry only where one buys a real share of its inputs from the other (docs/recommendations.md).

For each benchmark year the 31 provinces' intermediate-use blocks (rows: the supplying sector, columns: the
using sector, 万元) are added up to a national block Z. Then, for sectors i ≠ j:
- `input_share[i][j]` = Z[i, j] / Σ_k Z[k, j]: the share of j's intermediate inputs bought from i;
- `output_share[i][j]` = Z[i, j] / Σ_k Z[i, k]: the share of i's intermediate sales that go to j.
The diagonal (a sector's purchases from itself) is left out of the shares' meaning and stored as 0.
"""

import hashlib
from pathlib import Path

import numpy as np

SECTORS = [f"S{i:02d}" for i in range(1, 43)]
_SAME = {i: i for i in range(1, 16)}
CONCORDANCE = {  # year → position in that year's list → S-code number of the 2002 list
    2012: _SAME
    | {
        16: 16,
        17: 16,
        18: 17,
        19: 18,
        20: 19,
        21: 20,
        22: 21,
        23: 22,
        24: 16,
        25: 23,
        26: 24,
        27: 25,
        28: 26,
        29: 30,
        30: 27,
        31: 31,
        32: 29,
        33: 32,
        34: 33,
        35: 34,
        36: 36,
        37: 38,
        38: 38,
        39: 39,
        40: 40,
        41: 41,
        42: 42,
    },
    2017: _SAME
    | {
        16: 16,
        17: 16,
        18: 17,
        19: 18,
        20: 19,
        21: 20,
        22: 21,
        23: 16,
        24: 23,
        25: 24,
        26: 25,
        27: 26,
        28: 30,
        29: 27,
        30: 31,
        31: 29,
        32: 32,
        33: 33,
        34: 34,
        35: 36,
        36: 37,
        37: 38,
        38: 38,
        39: 39,
        40: 40,
        41: 41,
        42: 42,
    },
}


def sector_code(year: int, position: int) -> str:
    """The io42 (2002-list) code of a sector numbered `position` in the table of `year`."""
    return f"S{CONCORDANCE.get(year, {}).get(position, position):02d}"


def _aggregate(block: np.ndarray, year: int) -> np.ndarray:
    """A year's 42 × 42 block re-summed onto the 2002 list."""
    if year not in CONCORDANCE:
        return block
    to = np.zeros((42, 42))
    for i in range(42):
        to[CONCORDANCE[year][i + 1] - 1, i] = 1.0
    return to @ block @ to.T


YEARS = (2002, 2007, 2012, 2017)
REPOSITORY = "common2016/CHNIO @ 2878da32500274f853c68d5b65dafc86d83b3c89, data/io2002–io2017.rda"
CITATION = "各省（区、市）投入产出表（42部门）中间使用部分"
LICENCE = "GPL-3.0-or-later (compilation by Pu Chen); the tables are official statistics"


def _block(frame) -> np.ndarray:
    """The 42 × 42 intermediate-use block of one province's table (rows sec01–sec42 × columns sec01–sec42)."""
    rows = frame.set_index("sec")
    names = [f"sec{i:02d}" for i in range(1, 43)]
    return rows.loc[names, names].to_numpy(dtype=float)


def _shares(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    z = np.clip(z, 0.0, None)
    np.fill_diagonal(z, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        inputs = np.nan_to_num(z / z.sum(axis=0, keepdims=True))
        outputs = np.nan_to_num(z / z.sum(axis=1, keepdims=True))
    return inputs, outputs


def io_linkages_build(source: Path) -> dict:
    """The linkage tables of every benchmark year, with where they come from (source: ../shared/data/raw)."""
    import rdata  # build-time only (requirements-dev.txt): reads the R data files as published

    folder = source / "chnio_provincial_io"
    years = {}
    files = []
    for year in YEARS:
        path = folder / f"io{year}.rda"
        provinces = rdata.read_rda(str(path))[f"io{year}"]
        z = _aggregate(sum(_block(frame) for frame in provinces.values()), year)
        inputs, outputs = _shares(z)
        years[str(year)] = {
            "provinces": len(provinces),
            "input_share": [[round(float(v), 4) for v in row] for row in inputs],
            "output_share": [[round(float(v), 4) for v in row] for row in outputs],
        }
        files.append(
            {"file": f"chnio_provincial_io/io{year}.rda", "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
        )
    return {
        "about": "Supply-chain links between the 42 input-output sectors, national sums of the provincial tables' "
        "intermediate-use blocks; built by `manage.py build_demo_data` (apps/ingest/io_linkages_build.py). "
        "input_share[i][j]: share of sector j's intermediate inputs bought from sector i; output_share[i][j]: "
        "share of sector i's intermediate sales going to sector j; the diagonal is 0.",
        "citation": CITATION,
        "repository": REPOSITORY,
        "licence": LICENCE,
        "unit": "share (0–1) of intermediate use in 万元 at current producer prices",
        "classification": "io42",
        "not_strengths": {"S42": "public administration buys services but is not an industry a region builds on"},
        "concordance": {str(y): {f"sec{k:02d}": f"S{v:02d}" for k, v in m.items()} for y, m in CONCORDANCE.items()},
        "sectors": SECTORS,
        "raw_files": files,
        "years": years,
    }
