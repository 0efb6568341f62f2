"""The book's own helpers, on top of the numerical core.

This module holds the book's fixed choices: every chapter starts from the
same network, the same grids and the same descent settings, so a number in
one chapter matches the same number in another. Change a choice here and the
whole book follows on the next build.

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
#: The learning rate the book uses for plain gradient descent.
LEARNING_RATE = 10.0
#: Descent stops when the gradient is shorter than this.
TOLERANCE = 1e-4
#: Descent gives up after this many steps.
MAX_STEPS = 20_000
#: The learning rate for descent on one or two weights (W1[0,0], W1[0,1]).
FEW_WEIGHTS_RATE = 30.0
#: The three learning rates the descent chapter compares on W1[0,0] ...
RATE_EXAMPLES = {"too small": 0.3, "good": 30.0, "too large": 1000.0}
#: ... each allowed this many steps.
RATE_EXAMPLE_STEPS = 200
#: The runs that overshoot start here, close to the bottom of the W1[0,0] curve ...
BOUNCE_START = 3.95
#: ... with these learning rates: one below 1/c, one between 1/c and 2/c, and
#: one above 2/c, where c is the curve's curvature at its bottom.
BOUNCE_RATES = (1000.0, 2500.0, 3500.0)
#: The claims study trains Network.random(seed=s) for s in range(STUDY_SIZE).
STUDY_SIZE = 200
#: BFGS stops when no gradient component exceeds this: SciPy's default,
#: which the series used.
BFGS_TOLERANCE = 1e-5
#: Stochastic descent from a local minimum: these learning rates (the book's
#: among them), each with these shuffling seeds.
SGD_RATES = (3.0, 10.0, 30.0, 100.0)
SGD_SEEDS = range(5)


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

__all__ = [
    "BFGS_TOLERANCE",
    "BOUNCE_RATES",
    "BOUNCE_START",
    "BOOK_SEED",
    "FEW_WEIGHTS_RATE",
    "RATE_EXAMPLES",
    "RATE_EXAMPLE_STEPS",
    "SGD_RATES",
    "SGD_SEEDS",
    "STUDY_SIZE",
    "GRID_VALUES",
    "LEARNING_RATE",
    "MAX_STEPS",
    "ONE_WEIGHT",
    "TOLERANCE",
    "TWO_WEIGHTS",
    "BruteForceTimes",
    "book_network",
    "time_brute_force",
]
