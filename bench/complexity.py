"""Relatedness and complexity pipeline (RCA, presence, proximity, density, ECI/PCI, COI/COG) on synthetic
regions x industries matrices, side by side with the Growth Lab's `ecomplexity` package on the same matrix:
2,875 counties x 600 industries, 370 prefectures x 600, 31 provinces x 42. Prints seconds (median of
repeats for ours, one call for ecomplexity with and without its log-supermodularity check) and the largest
absolute difference between the two results.

    .venv/bin/python bench/complexity.py
"""

import contextlib
import io
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.recommendations.domain.complexity import complexity  # noqa: E402

SIZES = [(2875, 600), (370, 600), (31, 42)]


def synthetic(n: int, m: int, seed: int = 2026) -> np.ndarray:
    """Heavy-tailed amounts; about 40 % of cells empty, region size and industry size both skewed."""
    rng = np.random.default_rng(seed)
    size = rng.lognormal(0, 1.0, size=(n, 1)) * rng.lognormal(0, 1.0, size=(1, m))
    return size * rng.lognormal(0, 1.2, size=(n, m)) * (rng.random((n, m)) > 0.4)


def ours(x: np.ndarray, repeats: int = 5):
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = complexity(x)
        times.append(time.perf_counter() - started)
    return result, statistics.median(times)


def reference(x: np.ndarray, check: bool):
    from ecomplexity import ecomplexity

    n, m = x.shape
    loc, prod = np.meshgrid(np.arange(n), np.arange(m), indexing="ij")
    frame = pd.DataFrame({"t": 0, "loc": loc.ravel(), "prod": prod.ravel(), "val": x.ravel()})
    cols = {"time": "t", "loc": "loc", "prod": "prod", "val": "val"}
    started = time.perf_counter()
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        out = ecomplexity(frame, cols, check_logsupermodularity=check, verbose=False)
    elapsed = time.perf_counter() - started
    return out.sort_values(["loc", "prod"]), elapsed


def main() -> None:
    try:
        import ecomplexity  # noqa: F401
    except ImportError:
        ecomplexity = None
    print(f"{'matrix':>12} {'ours s':>8} {'ecomplexity s':>14} {'(no check) s':>13} {'speed-up':>9} {'max |diff|':>11}")
    for n, m in SIZES:
        x = synthetic(n, m)
        result, ours_s = ours(x)
        if ecomplexity is None:
            print(f"{n:>5} x {m:<4} {ours_s:8.3f}   (ecomplexity not installed: pip install -r requirements-dev.txt)")
            continue
        _, with_check = reference(x, check=True)
        ref, without_check = reference(x, check=False)
        diff = 0.0
        for key in ("rca", "density", "cog"):
            diff = max(diff, np.nanmax(np.abs(ref[key].to_numpy().reshape(n, m) - getattr(result, key))))
        diff = max(diff, np.nanmax(np.abs(ref["eci"].to_numpy().reshape(n, m)[:, 0] - result.eci)))
        diff = max(diff, np.nanmax(np.abs(ref["pci"].to_numpy().reshape(n, m)[0] - result.pci)))
        print(
            f"{n:>5} x {m:<4} {ours_s:8.3f} {with_check:14.2f} {without_check:13.2f} "
            f"{without_check / ours_s:8.0f}x {diff:11.1e}"
        )


if __name__ == "__main__":
    main()
