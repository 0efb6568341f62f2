"""The book's fixed choices, and timing, in one place.

Every chapter starts from the same network and the same grids, so a number
in one chapter matches the same number in another. Change a choice here and
the whole book follows on the next build.
"""

import time
from dataclasses import dataclass

import numpy as np

from nnlesson._checks import as_float_array, count
from nnlesson.bruteforce import cost_grid
from nnlesson.network import Network

#: Seed of the book's untrained network: its predictions are too low for all
#: three students, as in the source.
BOOK_SEED = 160
#: The values brute force tries for each weight: 1000 points from -5 to 5.
GRID_VALUES = np.linspace(-5.0, 5.0, 1000)
#: W1[0,0], the single weight of the one-weight search.
ONE_WEIGHT = (0,)
#: W1[0,0] and W1[0,1], the pair of the two-weight search.
TWO_WEIGHTS = (0, 1)
#: The learning rate the book uses for plain gradient descent.
LEARNING_RATE = 10.0
#: Descent stops when the gradient is shorter than this.
TOLERANCE = 1e-4
#: Descent gives up after this many steps.
MAX_STEPS = 20_000


def book_network():
    """Return the book's untrained 2-3-1 network (seed ``BOOK_SEED``).

    Examples
    --------
    >>> book_network().sizes
    (2, 3, 1)
    """
    return Network.random(sizes=(2, 3, 1), seed=BOOK_SEED)


def seconds_per_call(function, repeats=3, number=1):
    """Return the best wall time of ``function()`` in seconds, over ``repeats`` tries.

    Each try calls ``function`` ``number`` times and divides by ``number``.
    The best try is the least disturbed by other work on the machine.

    Examples
    --------
    >>> seconds_per_call(lambda: sum(range(100))) > 0
    True
    """
    if not callable(function):
        raise TypeError(f"function must be callable, got {function!r}")
    repeats = count(repeats, "repeats")
    number = count(number, "number")
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            function()
        best = min(best, (time.perf_counter() - start) / number)
    return best


@dataclass(frozen=True)
class BruteForceTimes:
    """Brute-force timings measured on this machine, in seconds.

    Attributes
    ----------
    one_weight : float
        The loop over the 1000 values of ``W1[0,0]``, one network at a time.
    loop_per_evaluation : float
        The loop's time per network, measured on a ``corner x corner`` part
        of the two-weight grid.
    loop_evaluations_timed : int
        How many networks that corner holds.
    vectorized_full : float
        The vectorized two-weight grid, all ``len(values)**2`` networks.
    vectorized_per_evaluation : float
        ``vectorized_full`` per network.
    grid : ndarray
        The two-weight cost grid itself.

    Examples
    --------
    >>> X, y = load_data()
    >>> times = time_brute_force(book_network(), X, y, np.linspace(-5, 5, 20), corner=5, repeats=1)
    >>> times.ratio > 0, times.vectorized_per_evaluation == times.vectorized_full / 400
    (True, True)
    """

    one_weight: float
    loop_per_evaluation: float
    loop_evaluations_timed: int
    vectorized_full: float
    vectorized_per_evaluation: float
    grid: np.ndarray

    @property
    def ratio(self):
        """float: how many times faster per network the vectorized grid is."""
        return self.loop_per_evaluation / self.vectorized_per_evaluation


def time_brute_force(net, X, y, values=None, corner=100, repeats=3):
    """Time the book's brute-force searches on this machine.

    ``values`` defaults to ``GRID_VALUES`` (1000 values from -5 to 5).
    The one-weight loop runs in full. The two-weight loop is timed on the
    first ``corner`` values of each weight and scaled per network; the
    vectorized grid is timed on all of it. Each time is the best of
    ``repeats``. See :doc:`/brute-force`.

    Examples
    --------
    >>> X, y = load_data()
    >>> times = time_brute_force(book_network(), X, y, np.linspace(-5, 5, 50), corner=10, repeats=1)
    >>> times.grid.shape, times.loop_evaluations_timed
    ((50, 50), 100)
    """
    values = as_float_array(GRID_VALUES if values is None else values, "values", ndim=1)
    corner = count(corner, "corner")
    if corner > values.size:
        raise ValueError(f"corner must be at most len(values) = {values.size}, got {corner}")
    one = seconds_per_call(
        lambda: cost_grid(net, X, y, values, indices=ONE_WEIGHT, method="loop"), repeats)
    loop = seconds_per_call(
        lambda: cost_grid(net, X, y, values[:corner], indices=TWO_WEIGHTS, method="loop"),
        repeats)
    grid = cost_grid(net, X, y, values, indices=TWO_WEIGHTS)
    full = seconds_per_call(lambda: cost_grid(net, X, y, values, indices=TWO_WEIGHTS), repeats)
    return BruteForceTimes(
        one_weight=one,
        loop_per_evaluation=loop / corner**2,
        loop_evaluations_timed=corner**2,
        vectorized_full=full,
        vectorized_per_evaluation=full / grid.size,
        grid=grid,
    )
