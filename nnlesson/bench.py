"""Benchmark: the loop against the vectorized cost grid, in one run.

Run ``python -m nnlesson.bench``. It times both methods on the book's grid,
1000 x 1000 values of ``W1[0,0]`` and ``W1[0,1]`` from -5 to 5, and prints
seconds per evaluation and their ratio. The loop is timed on the first rows
of the grid and extrapolated; the vectorized grid is timed in full. The ratio
is the figure to compare across machines: both sides run on the same machine
at the same moment.
"""

import argparse

import numpy as np

from nnlesson.book import seconds_per_call
from nnlesson.bruteforce import cost_grid
from nnlesson.data import load_data
from nnlesson.network import Network

TARGET_RATIO = 100.0


def time_grid(net, X, y, values, method, repeats=1):
    """Return the best wall time in seconds of ``repeats`` calls of :func:`cost_grid`."""
    return seconds_per_call(
        lambda: cost_grid(net, X, y, values, indices=(0, 1), method=method), repeats
    )


def measure(points=1000, loop_rows=100, repeats=3):
    """Time both methods; return a dict of seconds per evaluation and the ratio."""
    X, y = load_data()
    net = Network.random(seed=0)
    values = np.linspace(-5, 5, points)
    # The loop over loop_rows full rows: loop_rows * points evaluations.
    loop = time_grid(net, X, y, values[:loop_rows], "loop", repeats) / loop_rows**2
    vectorized = time_grid(net, X, y, values, "vectorized", repeats) / points**2
    return {
        "points": points,
        "loop_evaluations_timed": loop_rows**2,
        "loop_seconds_per_evaluation": loop,
        "vectorized_seconds_per_evaluation": vectorized,
        "ratio": loop / vectorized,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--loop-rows", type=int, default=100,
                        help="time the loop on a loop-rows x loop-rows corner")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    result = measure(args.points, args.loop_rows, args.repeats)
    n = args.points**2
    print(f"grid: {args.points} x {args.points} = {n:,} evaluations "
          f"over W1[0,0] and W1[0,1] in [-5, 5]; best of {args.repeats} runs")
    print(f"loop:       {result['loop_seconds_per_evaluation']:.3e} s per evaluation "
          f"(timed on {result['loop_evaluations_timed']:,} evaluations, extrapolated: "
          f"{result['loop_seconds_per_evaluation'] * n:.2f} s for the full grid)")
    print(f"vectorized: {result['vectorized_seconds_per_evaluation']:.3e} s per evaluation "
          f"(timed on the full grid: {result['vectorized_seconds_per_evaluation'] * n:.3f} s)")
    verdict = "meets" if result["ratio"] >= TARGET_RATIO else "MISSES"
    print(f"ratio: vectorized is {result['ratio']:.0f} times faster per evaluation "
          f"({verdict} the target of {TARGET_RATIO:.0f}x)")
    return 0 if result["ratio"] >= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
