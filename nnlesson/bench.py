"""Benchmark: the loop against the vectorized cost grid, in one run.

Run ``python -m nnlesson.bench``. It times both methods on the book's grid,
1000 x 1000 values of ``W1[0,0]`` and ``W1[0,1]`` from -5 to 5, and prints
seconds per evaluation and their ratio. The loop is timed on a 100 x 100
corner of the grid and extrapolated per evaluation; the vectorized grid is timed in full. The ratio
is the figure to compare across machines: both sides run on the same machine
at the same moment.
"""

import argparse

import numpy as np
from scipy.special import expit

from nnlesson.book import book_network, seconds_per_call, time_brute_force
from nnlesson.data import load_data

TARGET_RATIO = 100.0


def plain_loop(net, X, y, values):
    """The source's brute force as plainly as Python allows: the reference
    that ``method="loop"`` must not be slower than. Returns the cost grid."""
    W1, W2 = net.W1.copy(), net.W2.copy()
    costs = np.empty((values.size, values.size))
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            W1[0, 0], W1[0, 1] = a, b
            y_hat = expit(expit(X @ W1) @ W2)
            costs[i, j] = 0.5 * float(np.sum((y - y_hat) ** 2))
    return costs


def plain_seconds_per_evaluation(loop_rows=100, repeats=3):
    """Seconds per evaluation of :func:`plain_loop` on a ``loop_rows`` corner."""
    X, y = load_data()
    values = np.linspace(-5, 5, 1000)[:loop_rows]
    return seconds_per_call(lambda: plain_loop(book_network(), X, y, values), repeats) / loop_rows**2


def measure(points=1000, loop_rows=100, repeats=3):
    """Time both methods; return the :class:`~nnlesson.book.BruteForceTimes`."""
    X, y = load_data()
    values = np.linspace(-5, 5, points)
    return time_brute_force(book_network(), X, y, values, loop_rows, repeats)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--loop-rows", type=int, default=100,
                        help="time the loop on a loop-rows x loop-rows corner")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    times = measure(args.points, args.loop_rows, args.repeats)
    n = args.points**2
    print(f"grid: {args.points} x {args.points} = {n:,} evaluations "
          f"over W1[0,0] and W1[0,1] in [-5, 5]; best of {args.repeats} runs")
    print(f"loop:       {times.loop_per_evaluation:.3e} s per evaluation "
          f"(timed on {times.loop_evaluations_timed:,} evaluations, extrapolated: "
          f"{times.loop_per_evaluation * n:.2f} s for the full grid)")
    print(f"vectorized: {times.vectorized_per_evaluation:.3e} s per evaluation "
          f"(timed on the full grid: {times.vectorized_full:.3f} s)")
    plain = plain_seconds_per_evaluation(args.loop_rows, args.repeats)
    print(f"reference:  {plain:.3e} s per evaluation for a plain Python loop over the "
          f"forward pass; method='loop' takes {times.loop_per_evaluation / plain:.2f} times that")
    verdict = "meets" if times.ratio >= TARGET_RATIO else "MISSES"
    print(f"ratio: vectorized is {times.ratio:.0f} times faster per evaluation "
          f"({verdict} the target of {TARGET_RATIO:.0f}x)")
    return 0 if times.ratio >= TARGET_RATIO else 1


if __name__ == "__main__":
    raise SystemExit(main())
