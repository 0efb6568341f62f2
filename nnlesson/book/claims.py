"""Verdicts on the source's claims, decided by rules rather than by hand.

The claims chapter compares what the source says with what the build
measures. These functions turn the two numbers into the verdict printed in
its table, so the wording follows the measurement. See :doc:`/claims`.
"""

from nnlesson.book.prose import scientific
from nnlesson.endpoints import GLOBAL_MINIMUM, LOCAL_MINIMUM

HOLDS = "holds"
HOLDS_HERE = "holds on this machine at this speed"
SOMETIMES = "holds only sometimes"
FAILS = "does not hold"
#: A timing outside the factor of 2: it belongs to the machine that measured it.
MACHINE = "machine-dependent"


def timing_verdict(measured, claimed, factor=2.0):
    """Compare a measured time with a claimed one (both in seconds, or both in years).

    Within ``factor`` (at least 1) either way, inclusive, the claim holds on
    this machine; otherwise the claimed time belongs to another machine, and
    the verdict says how many times faster or slower this machine is, with enough digits that the number shown also lies
    outside ``factor``: a reader who applies the rule to the printed number
    reaches the printed verdict. Both times must be above 0, and their ratio
    must fit in a float either way up.

    Examples
    --------
    >>> from nnlesson.book.claims import timing_verdict
    >>> timing_verdict(0.05, 0.07)
    'holds on this machine at this speed'
    >>> timing_verdict(0.01, 0.07)
    'machine-dependent: this machine is 7 times faster'
    >>> timing_verdict(150.0, 62.0)
    'machine-dependent: this machine is 2.4 times slower'
    >>> timing_verdict(2.01, 1.0), timing_verdict(1.0, 2.001)
    ('machine-dependent: this machine is 2.01 times slower', 'machine-dependent: this machine is 2.001 times faster')
    """
    ratio = measured / claimed
    if 1 / factor <= ratio <= factor:
        return HOLDS_HERE
    if ratio < 1:
        return f"{MACHINE}: this machine is {_times(1 / ratio, factor)} times faster"
    return f"{MACHINE}: this machine is {_times(ratio, factor)} times slower"


def _times(x, factor):
    """``x`` (above ``factor``) with the fewest significant digits that still print above it."""
    for digits in range(2, 18):
        text = scientific(x, digits)
        if "×" in text or float(text.replace(",", "")) > factor:  # a power of ten is far above
            return text
    return repr(x)


def order_verdict(value, order):
    """Verdict on "of the order of ``order`` or less": it holds while ``value`` is below ten times ``order``.

    Examples
    --------
    >>> from nnlesson.book.claims import order_verdict
    >>> order_verdict(1.1e-9, 1e-8), order_verdict(9e-8, 1e-8), order_verdict(1e-7, 1e-8)
    ('holds', 'holds', 'does not hold')
    """
    return HOLDS if value < 10 * order else FAILS


def bound_verdict(claimed, bound):
    """Verdict on a claimed value that no weights can reach: it fails at or above ``bound``.

    Examples
    --------
    >>> from nnlesson.book.claims import bound_verdict
    >>> bound_verdict(2.8, 1.05), bound_verdict(0.5, 1.05)
    ('does not hold', 'holds')
    """
    return FAILS if claimed >= bound else HOLDS


def convexity_verdict(sign_changes):
    """Verdict on "the cost is convex": it fails if its second derivative changes sign.

    Examples
    --------
    >>> from nnlesson.book.claims import convexity_verdict
    >>> convexity_verdict(2), convexity_verdict(0)
    ('does not hold', 'holds')
    """
    return FAILS if sign_changes else HOLDS


def sometimes_verdict(cases):
    """Verdict on a claim that something happens "sometimes": it holds if it happened in at least one case.

    ``cases`` counts the cases where it happened (an int, at least 0).

    Examples
    --------
    >>> from nnlesson.book.claims import sometimes_verdict
    >>> sometimes_verdict(8), sometimes_verdict(1), sometimes_verdict(0)
    ('holds', 'holds', 'does not hold')
    """
    if cases < 0:
        raise ValueError(f"cases must be at least 0, got {cases!r}")
    return HOLDS if cases else FAILS


def promise_kept(evaluations, reached_bottom, limit=100):
    """Whether one run keeps the series' promise: the bottom in fewer than ``limit`` evaluations.

    A run keeps it only if it reached the global minimum (``reached_bottom``)
    and used fewer than ``limit`` evaluations: stopping early somewhere else
    does not count.

    Examples
    --------
    >>> from nnlesson.book.claims import promise_kept
    >>> promise_kept(77, True), promise_kept(77, False), promise_kept(1306, True)
    (True, False, False)
    """
    return reached_bottom and evaluations < limit


def promise_share(counts, kinds, limit=100):
    """The share of a study's runs that keep the promise (:func:`promise_kept`).

    ``counts`` are the runs' cost evaluations and ``kinds`` where each was
    heading when it stopped (``"global minimum"`` is the bottom).

    Examples
    --------
    >>> from nnlesson.book.claims import promise_share
    >>> promise_share([77, 77, 1306, 50], ["global minimum", "local minimum",
    ...                                     "global minimum", "global minimum"])
    0.5
    """
    if len(counts) != len(kinds) or not len(counts):
        raise ValueError(f"counts and kinds must be as long as each other and not empty, "
                         f"got {len(counts)} and {len(kinds)}")
    return sum(bool(promise_kept(count, kind == GLOBAL_MINIMUM, limit))
               for count, kind in zip(counts, kinds)) / len(counts)


def share_verdict(share):
    """Verdict for a claim that should hold in every case; ``share`` is where it did.

    Examples
    --------
    >>> from nnlesson.book.claims import share_verdict
    >>> share_verdict(1.0), share_verdict(0.965), share_verdict(0.0)
    ('holds', 'holds only sometimes', 'does not hold')
    """
    if share == 1:
        return HOLDS
    return SOMETIMES if share > 0 else FAILS


#: Two shares of runs (fractions of the same starts) read "about as often"
#: when they differ by at most this much: 5 percentage points.
SAME_SHARE = 0.05


def share_comparison(share, other):
    """How ``share`` compares with ``other`` (fractions of the same starts), in words.

    "about as often as" within ``SAME_SHARE`` (inclusive), otherwise "more
    often than" or "less often than".

    Examples
    --------
    >>> from nnlesson.book.claims import share_comparison
    >>> share_comparison(0.975, 0.88), share_comparison(0.9, 0.88), share_comparison(0.2, 0.3)
    ('more often than', 'about as often as', 'less often than')
    """
    if abs(share - other) <= SAME_SHARE:
        return "about as often as"
    return "more often than" if share > other else "less often than"


#: Two end points are "the same minimum" when both are local minima whose
#: costs agree to this fraction.
SAME_COST = 1e-6


def in_minimum(end, minimum):
    """Whether the end point ``end`` lies in the local minimum ``minimum``.

    Both are :class:`~nnlesson.endpoints.PointReport` (``kind`` and
    ``cost``): ``end`` is a local minimum at ``minimum``'s cost, within
    ``SAME_COST`` of it. A flat floor of minima counts as one minimum.

    Examples
    --------
    >>> from types import SimpleNamespace as Point
    >>> from nnlesson.book.claims import in_minimum
    >>> stuck = Point(kind="local minimum", cost=0.00122618)
    >>> (in_minimum(Point(kind="local minimum", cost=0.001226180001), stuck),
    ...  in_minimum(Point(kind="local minimum", cost=0.0013), stuck),
    ...  in_minimum(Point(kind="global minimum", cost=0.0), stuck))
    (True, False, False)
    """
    return (end.kind == LOCAL_MINIMUM
            and abs(end.cost - minimum.cost) <= SAME_COST * minimum.cost)
