"""Benchmark: the loop against the vectorized cost grid, in one run.

Run ``python -m nnlesson.book.bench`` (or ``make bench``). It times both
methods of :func:`~nnlesson.cost_grid` on the book's grid, 1000 x 1000
values of ``W1[0,0]`` and ``W1[0,1]`` from -5 to 5, and prints seconds per
evaluation and their ratio. The loop is timed on a 100 x 100 corner of the
grid and scaled per evaluation; the vectorized grid is timed in full. The
ratio is the figure to compare across machines: both sides run on the same
machine at the same moment. Exits with status 1 if the ratio misses
``TARGET_RATIO``.
"""

import argparse

import numpy as np

from nnlesson.book import book_network
from nnlesson.book.timing import time_brute_force
from nnlesson.data import load_data

#: The vectorized grid must be at least this many times faster per evaluation.
TARGET_RATIO = 100.0


def main(argv=None):
    """Time both grid methods and print the comparison; return the exit status.

    Examples
    --------
    >>> from nnlesson.book.bench import main
    >>> status = main(["--points", "40", "--loop-rows", "10", "--repeats", "1"])  # doctest: +ELLIPSIS
    grid: 40 x 40 = 1,600 evaluations over W1[0,0] and W1[0,1] in [-5, 5]; best of 1 runs
    loop: ...
    vectorized: ...
    ratio: ...
    >>> status in (0, 1)
    True
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--loop-rows", type=int, default=100,
                        help="time the loop on a loop-rows x loop-rows corner")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    X, y = load_data()
    times = time_brute_force(book_network(), X, y, np.linspace(-5, 5, args.points),
                             args.loop_rows, args.repeats)
    n = times.grid_evaluations
    print(f"grid: {args.points} x {args.points} = {n:,} evaluations "
          f"over W1[0,0] and W1[0,1] in [-5, 5]; best of {args.repeats} runs")
    print(f"loop:       {times.loop_seconds_per_evaluation:.3e} s per evaluation "
          f"(timed on {times.loop_evaluations_timed:,} evaluations, scaled up: "
          f"{times.loop_seconds_per_evaluation * n:.2f} s for the full grid)")
    print(f"vectorized: {times.vectorized_seconds_per_evaluation:.3e} s per evaluation "
          f"(timed on the full grid: {times.vectorized_seconds:.3f} s)")
    met = times.ratio >= TARGET_RATIO
    print(f"ratio: vectorized is {times.ratio:.0f} times faster per evaluation "
          f"({'meets' if met else 'MISSES'} the target of {TARGET_RATIO:.0f}x)")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
