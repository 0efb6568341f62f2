"""Brute-force timings on this machine, measured once per build.

:func:`time_brute_force` times the book's brute-force searches.
:func:`measured_times` is what chapters call: during a build of the book it
returns the one measurement the build made before any chapter ran (the
build's extension writes it to the file named by the environment variable
``NNLESSON_TIMINGS``), so every page shows the same numbers; anywhere else,
for example in a downloaded notebook, it measures afresh.
"""

import dataclasses
import math
import json
import os
import timeit

from nnlesson.bruteforce import cost_grid, evaluations
from nnlesson.data import load_data

#: :func:`seconds_per_call` calls its function at most this many times.
MAX_CALLS = 10**6
#: The environment variable that names the build's timing file.
TIMINGS_VARIABLE = "NNLESSON_TIMINGS"


def seconds_per_call(function, repeats=3, number=1):
    """Return the best wall time of ``function()`` in seconds, over ``repeats`` tries.

    Each try calls ``function`` ``number`` times (``timeit.repeat``) and
    divides by ``number``; at most ``MAX_CALLS`` calls in all. The best try
    is the least disturbed by other work on the machine.

    Examples
    --------
    >>> from nnlesson.book.timing import seconds_per_call
    >>> seconds_per_call(lambda: sum(range(100))) > 0
    True
    """
    return min(timeit.repeat(function, repeat=repeats, number=number)) / number


@dataclasses.dataclass(frozen=True)
class BruteForceTimes:
    """Brute-force timings measured on this machine.

    Attributes
    ----------
    one_weight_seconds : float
        The loop over every value of ``W1[0,0]``, one network at a time.
    loop_seconds_per_evaluation : float
        The loop's time per network, measured on a ``corner x corner`` part
        of the two-weight grid.
    loop_evaluations_timed : int
        How many networks that corner holds.
    vectorized_seconds : float
        The vectorized two-weight grid, all ``grid_evaluations`` networks.
    grid_evaluations : int
        How many networks the full two-weight grid holds.

    Examples
    --------
    >>> from nnlesson.book.timing import BruteForceTimes
    >>> times = BruteForceTimes(0.01, 1e-5, 10_000, 0.02, 1_000_000)
    >>> round(times.vectorized_seconds_per_evaluation, 12), round(times.ratio)
    (2e-08, 500)
    """

    one_weight_seconds: float
    loop_seconds_per_evaluation: float
    loop_evaluations_timed: int
    vectorized_seconds: float
    grid_evaluations: int

    @property
    def vectorized_seconds_per_evaluation(self):
        """float: ``vectorized_seconds`` per network."""
        return self.vectorized_seconds / self.grid_evaluations

    @property
    def ratio(self):
        """float: how many times faster per network the vectorized grid is."""
        return self.loop_seconds_per_evaluation / self.vectorized_seconds_per_evaluation


def _values(values):
    """The values each weight takes: ``values``, or the book's ``GRID_VALUES``."""
    from nnlesson.book import GRID_VALUES

    return GRID_VALUES if values is None else values


def _searches_fit(a):
    """Raise unless every timed search, times ``repeats``, fits the grid limits of ``cost_grid``."""
    n_values = _values(a["values"]).size
    evaluations(n_values, 1, "loop", a["repeats"])  # one weight, one network at a time
    evaluations(a["corner"], 2, "loop", a["repeats"])  # two weights, a corner of the grid
    evaluations(n_values, 2, "vectorized", a["repeats"])  # two weights, the whole grid


def time_brute_force(net, X, y, values=None, corner=100, repeats=3):
    """Time the book's brute-force searches on this machine.

    ``values`` defaults to the book's ``GRID_VALUES`` (1000 values from -5
    to 5). The one-weight loop runs in full. The two-weight loop is timed on
    the first ``corner`` values of each weight and scaled per network; the
    vectorized grid is timed on all of it. Each time is the best of
    ``repeats``. All the searches, times ``repeats``, must fit the grid
    limits of :func:`~nnlesson.cost_grid`. See :doc:`/brute-force`.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import load_data
    >>> from nnlesson.book import book_network, time_brute_force
    >>> X, y = load_data()
    >>> times = time_brute_force(book_network(), X, y, np.linspace(-5, 5, 50), corner=10, repeats=1)
    >>> times.grid_evaluations, times.loop_evaluations_timed, times.ratio > 0
    (2500, 100, True)
    """
    from nnlesson.book import ONE_WEIGHT, TWO_WEIGHTS

    values = _values(values)
    one = seconds_per_call(
        lambda: cost_grid(net, X, y, values, indices=ONE_WEIGHT, method="loop"), repeats)
    loop = seconds_per_call(
        lambda: cost_grid(net, X, y, values[:corner], indices=TWO_WEIGHTS, method="loop"),
        repeats)
    full = seconds_per_call(lambda: cost_grid(net, X, y, values, indices=TWO_WEIGHTS), repeats)
    return BruteForceTimes(
        one_weight_seconds=one,
        loop_seconds_per_evaluation=loop / corner**2,
        loop_evaluations_timed=corner**2,
        vectorized_seconds=full,
        grid_evaluations=values.size**2,
    )


def measured_times(path=None):
    """Return the book's brute-force timings: this build's, or fresh ones.

    ``path`` defaults to the file named by the environment variable
    ``NNLESSON_TIMINGS``, which the book's build sets; it holds the single
    measurement every page shows, and is read, not re-measured. With no
    such file (outside a build), the book's network is timed now with
    :func:`time_brute_force`, which takes a second or two.

    Examples
    --------
    >>> import os, tempfile
    >>> from nnlesson.book.timing import BruteForceTimes, measured_times, save_times
    >>> path = os.path.join(tempfile.mkdtemp(), "timings.json")
    >>> save_times(BruteForceTimes(0.01, 1e-5, 10_000, 0.02, 1_000_000), path)
    >>> measured_times(path).one_weight_seconds  # what a build's pages read
    0.01
    """
    path = path or os.environ.get(TIMINGS_VARIABLE)
    if path:
        with open(path, encoding="utf-8") as file:
            return BruteForceTimes(**json.load(file))
    from nnlesson.book import book_network

    X, y = load_data()
    return time_brute_force(book_network(), X, y)


def timing_texts(times):
    """Every timing the book prints, written out once: name -> text.

    Pages glue these strings (marked with their names, see
    :func:`~nnlesson.book.prose.timing_span`), so a measurement shown on
    two pages reads the same on both.

    Examples
    --------
    >>> from nnlesson.book.timing import BruteForceTimes, timing_texts
    >>> texts = timing_texts(BruteForceTimes(0.01, 1e-5, 10_000, 0.02, 1_000_000))
    >>> texts["one-weight"], texts["million-loop"], texts["nine-loop"]
    ('0.01 seconds', '10 seconds', '3.2 × 10¹⁴ years')
    """
    from nnlesson.book.prose import format_duration
    from nnlesson.bruteforce import brute_force_seconds

    loop, vector = times.loop_seconds_per_evaluation, times.vectorized_seconds_per_evaluation
    texts = {
        # One rate for every search: the corner's, the one measured on most networks.
        "one-weight": format_duration(loop * math.isqrt(times.grid_evaluations)),
        "million-loop": format_duration(loop * times.grid_evaluations),
        "million-vectorized": format_duration(times.vectorized_seconds),
        "speedup": f"{times.ratio:,.0f}",
    }
    for k in range(1, 10):
        texts[f"{k}-weights-loop"] = format_duration(brute_force_seconds(k, 1000, loop), True)
        texts[f"{k}-weights-vectorized"] = format_duration(brute_force_seconds(k, 1000, vector),
                                                           True)
    texts["nine-loop"] = texts["9-weights-loop"]
    texts["nine-vectorized"] = texts["9-weights-vectorized"]
    return texts


def save_times(times, path):
    """Write ``times`` to ``path`` as JSON, for :func:`measured_times` to read.

    Examples
    --------
    >>> import json, os, tempfile
    >>> from nnlesson.book.timing import BruteForceTimes, save_times
    >>> path = os.path.join(tempfile.mkdtemp(), "timings.json")
    >>> save_times(BruteForceTimes(0.01, 1e-5, 10_000, 0.02, 1_000_000), path)
    >>> with open(path) as file:
    ...     json.load(file)["one_weight_seconds"]
    0.01
    """
    with open(path, "w", encoding="utf-8") as file:
        json.dump(dataclasses.asdict(times), file)
