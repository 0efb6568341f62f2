"""The book's fixed choices, and timing, in one place.

Every chapter starts from the same network and the same grids, so a number
in one chapter matches the same number in another. Change a choice here and
the whole book follows on the next build.
"""

import time

import numpy as np

from nnlesson._checks import count
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
