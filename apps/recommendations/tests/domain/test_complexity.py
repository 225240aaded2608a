"""The complexity maths against the Growth Lab's `ecomplexity` package on the same matrices: random ones and
the real provincial input-output and NBS employment tables (skipped only without ../shared; in CI a skip
fails the run)."""

import contextlib
import io
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from ecomplexity import ecomplexity
from ecomplexity import proximity as ec_proximity

from apps.recommendations.domain.complexity import complexity, eci_ranks, rca

RAW = Path(__file__).resolve().parents[5] / "shared" / "data" / "raw"
TOL = 1e-9


def _long(x: np.ndarray) -> pd.DataFrame:
    n, m = x.shape
    loc, prod = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
    return pd.DataFrame(
        {
            "t": 0,
            "loc": [f"r{i:05d}" for i in loc.ravel()],
            "prod": [f"p{j:04d}" for j in prod.ravel()],
            "val": x.ravel(),
        }
    )


COLS = {"time": "t", "loc": "loc", "prod": "prod", "val": "val"}


def reference(x: np.ndarray) -> dict:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = ecomplexity(_long(x), COLS, check_logsupermodularity=False, verbose=False)
        with contextlib.redirect_stdout(io.StringIO()):  # it prints the year
            prox = ec_proximity(_long(x), COLS)
    out = out.sort_values(["loc", "prod"])
    n, m = x.shape
    grid = {k: out[k].to_numpy().reshape(n, m) for k in ("rca", "mcp", "density", "cog", "eci", "pci", "coi")}
    ref = {k: grid[k] for k in ("rca", "mcp", "density", "cog")}
    ref["eci"], ref["coi"], ref["pci"] = grid["eci"][:, 0], grid["coi"][:, 0], grid["pci"][0]
    matrix = prox.pivot_table(index="prod_1", columns="prod_2", values="proximity").sort_index().sort_index(axis=1)
    ref["proximity"] = matrix.to_numpy()
    return ref


def assert_matches(x: np.ndarray) -> None:
    ours, ref = complexity(x), reference(x)
    for key, expected in ref.items():
        np.testing.assert_allclose(getattr(ours, key), expected, rtol=0, atol=TOL, err_msg=key)


@pytest.mark.parametrize("seed", range(6))
def test_random_matrices_match_ecomplexity(seed):
    rng = np.random.default_rng(seed)
    n, m = rng.integers(8, 120), rng.integers(5, 50)
    x = rng.lognormal(sigma=1.5, size=(n, m)) * (rng.random((n, m)) > rng.uniform(0, 0.6))
    x[rng.integers(n), :] = 0  # an empty region and an empty industry are left out, as ecomplexity does
    x[:, rng.integers(m)] = 0
    keep_r, keep_c = x.sum(axis=1) > 0, x.sum(axis=0) > 0
    assert_matches(x[np.ix_(keep_r, keep_c)])
    # with the empty rows and columns in place our results there are NaN and the rest is unchanged
    full, sub = complexity(x), complexity(x[np.ix_(keep_r, keep_c)])
    assert np.isnan(full.eci[~keep_r]).all() and np.isnan(full.pci[~keep_c]).all()
    np.testing.assert_allclose(full.eci[keep_r], sub.eci, atol=TOL)


def test_properties():
    rng = np.random.default_rng(7)
    x = rng.pareto(1.2, size=(40, 25))
    c = complexity(x)
    np.testing.assert_allclose(c.proximity, c.proximity.T)
    np.testing.assert_allclose(np.diag(c.proximity), 1.0)
    # ECI is the mean PCI of a region's industries, after standardisation
    np.testing.assert_allclose(c.eci, (c.mcp @ c.pci) / c.mcp.sum(axis=1), atol=1e-9)
    assert np.corrcoef(c.eci, c.diversity)[0, 1] > 0
    assert c.cog[c.mcp == 1].max() == 0  # no gain from what a region already has
    assert list(eci_ranks(np.array([0.5, np.nan, 2.0, -1.0]))[[0, 2, 3]]) == [2, 1, 3]


def test_size_guard_keeps_slivers_out():
    x = np.array([[500.0, 300, 0.0], [400, 500, 0.0], [300, 300, 2.0], [0.02, 0.0, 0.0001]])
    # the fourth region is tiny: its share of industry 0 is high relative to its own total
    plain, guarded = complexity(x), complexity(x, min_size=0.1)
    assert plain.rca[3, 0] > 1 and plain.mcp[3, 0] == 1
    assert guarded.mcp[3, 0] == 0 and guarded.rca[3, 0] == plain.rca[3, 0]
    assert guarded.mcp[2, 2] == 1  # a real (if small-sector) specialisation stays


def test_rca_by_hand():
    x = np.array([[10.0, 30.0], [30.0, 30.0]])
    np.testing.assert_allclose(
        rca(x), [[(10 / 40) / (40 / 100), (30 / 40) / (60 / 100)], [(30 / 60) / (40 / 100), (30 / 60) / (60 / 100)]]
    )


needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason="../shared/data/raw is not present")


@needs_raw
@pytest.mark.parametrize("year", [2012, 2017])
@pytest.mark.parametrize("measure", ["gross_output", "value_added"])
def test_provincial_io_tables_match_ecomplexity(year, measure):
    frame = pd.read_csv(RAW / "chnio_provincial_io" / "chnio_province_sector_long.csv", dtype={"region_code": str})
    frame = frame.query("year == @year and measure == @measure")
    x = frame.pivot_table(index="region_code", columns="sector_code", values="value").fillna(0).clip(lower=0)
    assert x.shape == (31, 42)
    assert_matches(x.to_numpy())


@needs_raw
@pytest.mark.parametrize("year", [2010, 2019])
def test_nbs_employment_by_section_matches_ecomplexity(year):
    frame = pd.read_csv(
        RAW / "nbs_provincial_2000_2019" / "nbs_region_by_industry_long.csv", dtype={"region_code": str}
    )
    frame = frame.query("year == @year and measure == 'urban_unit_employment'")
    x = frame.pivot_table(index="region_code", columns="sector_code", values="value").fillna(0)
    assert x.shape[0] == 31 and x.shape[1] >= 18
    assert_matches(x.to_numpy())
