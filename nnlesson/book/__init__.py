"""The book's own helpers, on top of the numerical core.

This module holds the choices every chapter shares: the same untrained
network and the same grids, so a number in one chapter matches the same
number in another. Each chapter states its own settings (tolerances, step
budgets, learning rates, seeds) in its first code cell, tagged
``parameters``; a setting with the same name has the same value in every
chapter (a test checks).

The submodules serve the chapters only: :mod:`~nnlesson.book.prose` (numbers
in words, and glue), :mod:`~nnlesson.book.plotting` (figures),
:mod:`~nnlesson.book.claims` (verdicts), :mod:`~nnlesson.book.timing`
(brute-force timings, measured once per build) and ``bench`` (the
benchmark). The core (``nnlesson.network`` and its neighbours) never imports
them.
"""

import numpy as np

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


def book_network():
    """Return the book's untrained 2-3-1 network (seed ``BOOK_SEED``).

    Examples
    --------
    >>> from nnlesson.book import book_network
    >>> book_network().sizes
    (2, 3, 1)
    """
    return Network.random(sizes=(2, 3, 1), seed=BOOK_SEED)


from nnlesson.book.timing import BruteForceTimes, time_brute_force  # noqa: E402

__all__ = ["BOOK_SEED", "GRID_VALUES", "ONE_WEIGHT", "TWO_WEIGHTS", "BruteForceTimes",
           "book_network", "time_brute_force"]
