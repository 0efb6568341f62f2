"""The story of :doc:`/valleys`: the valley floor on two weights, the explorer, all nine weights."""

from dataclasses import dataclass, field

import numpy as np

from nnlesson.bfgs import train_bfgs
from nnlesson.book import (BFGS_TOLERANCE, FEW_WEIGHTS_RATE, GRID_VALUES, LEARNING_RATE, MAX_STEPS,
                           TOLERANCE, TWO_WEIGHTS, book_network)
from nnlesson.book.claims import promise_kept
from nnlesson.book.explorer import EXPLORER_RATES
from nnlesson.book.prose import fixed, plural, scientific
from nnlesson.book.stories._story import Story, budgets
from nnlesson.book.stories.descent import CLOSE

#: (Until the valleys chapter computes its own runs.)
CURVATURE_STEP = 1e-3
from nnlesson.data import load_data
from nnlesson.descent import gradient_descent
from nnlesson.endpoints import GLOBAL_MINIMUM, classify_point

#: The bottom of the two-weight map is found by descent with a tolerance this
#: many times smaller than the book's (it must stop by that tolerance).
BOTTOM_FACTOR = 1e5
#: The floor's direction: where the two-weight run moved over its last this many steps.
FLOOR_STEPS = 100
#: The series' promise (Part 3, about its final video): fewer than this many evaluations.
PROMISE = 100


@dataclass(frozen=True)
class ValleysStory(Story):
    """Facts of :doc:`/valleys`. See :func:`valleys_story`."""

    tolerance: float
    two: object  # DescentResult on W1[0,0], W1[0,1] at FEW_WEIGHTS_RATE
    bottom: object  # the same run with a tolerance BOTTOM_FACTOR times smaller
    along: float  # curvature along the valley floor at the bottom
    across: float  # curvature across it
    grid_size: int
    plain: object = None  # all nine weights, LEARNING_RATE
    bfgs: object = None
    ends: dict = field(default_factory=dict)  # "plain", "bfgs" -> PointReport

    JUDGING = ("two-close", "plain-end", "bfgs-end", "ends", "promise")

    def texts(self):
        bottom_J = float(self.bottom.costs[-1])
        close = np.flatnonzero(self.two.costs <= (1 + CLOSE) * bottom_J)
        eta = FEW_WEIGHTS_RATE
        # Everything derived from the curvatures follows from the shown, rounded values.
        a, b = (float(f"{value:.3g}") for value in (self.along, self.across))
        largest = 2 / b
        kept = {name: promise_kept(run, self.ends[name].kind == GLOBAL_MINIMUM)
                for name, run in (("plain", self.plain.n_cost_evaluations),
                                  ("bfgs", self.bfgs.n_function_evaluations))}
        promise = {
            (True, False): "BFGS keeps that promise for this network; plain descent does not",
            (True, True): "both BFGS and plain descent keep that promise for this network",
            (False, True): "plain descent keeps that promise for this network, but BFGS does not",
            (False, False): "neither method keeps that promise for this network",
        }[(kept["bfgs"], kept["plain"])]
        return {
            "rate-two": f"{FEW_WEIGHTS_RATE:g}",
            "tolerance": scientific(self.tolerance),
            "max-steps": f"{MAX_STEPS:,}",
            "two-steps": plural(self.two.n_steps, "step"),
            "two-J": fixed(self.two.costs[-1], 7),
            "bottom-factor": f"{BOTTOM_FACTOR:,.0f}",
            "bottom-steps": f"{self.bottom.n_steps:,}",
            "bottom-J": fixed(bottom_J, 7),
            "close": f"{CLOSE:.0%}",
            "two-close": ("came within" if close.size else "never came within"),
            "two-close-evals": f"{close[0] + 1:,}" if close.size else "(never)",
            "grid-evals": f"{self.grid_size:,}",
            "floor-steps": str(FLOOR_STEPS),
            "along": scientific(a, 3),
            "across": scientific(b, 3),
            "ratio": f"{b / a:.0f}",
            "along-share": f"{eta * a:.2%}",
            "along-keep": f"{1 - eta * a:.4f}",
            "across-share": f"{eta * b:.1%}",
            "largest-rate": scientific(largest, 2),
            "largest-along-share": f"{largest * a:.0%}",
            "tenfold-steps": scientific(np.log(10) / (eta * a), 2),
            "explorer-count": str(len(EXPLORER_RATES)),
            "explorer-low": f"{min(EXPLORER_RATES):g}",
            "explorer-high": f"{max(EXPLORER_RATES):g}",
            "rate-nine": f"{LEARNING_RATE:g}",
            "start-J": fixed(self.plain.costs[0]),
            "plain-evals": f"{self.plain.n_cost_evaluations:,}",
            "plain-J": scientific(self.plain.costs[-1]),
            "bfgs-evals": str(self.bfgs.n_function_evaluations),
            "bfgs-J": scientific(self.bfgs.costs[-1]),
            "plain-end": self.ends["plain"].kind,
            "bfgs-end": self.ends["bfgs"].kind,
            "ends": ("Both stopped in the good valley" if all(
                end.kind == GLOBAL_MINIMUM for end in self.ends.values()) else
                f"Plain descent stopped near a {self.ends['plain'].kind}, BFGS near a "
                f"{self.ends['bfgs'].kind}"),
            "promise-limit": str(PROMISE),
            "promise": promise,
        }


def valleys_story(tighter=1, longer=1):
    """Descent on two weights, the curvature of its valley, and all nine weights.

    Examples
    --------
    >>> from nnlesson.book.stories import valleys_story
    >>> valleys_story().words()["promise"]
    'BFGS keeps that promise for this network; plain descent does not'
    """
    tighter, steps = budgets(tighter, longer)
    tolerance = TOLERANCE / tighter
    X, y = load_data()
    net = book_network()
    two = gradient_descent(net, X, y, learning_rate=FEW_WEIGHTS_RATE, max_steps=steps(MAX_STEPS),
                           tolerance=tolerance, indices=TWO_WEIGHTS)
    # The reference the runs are measured against: not a run the chapter
    # judges, so its budget does not change with ``longer``.
    bottom = gradient_descent(net, X, y, learning_rate=FEW_WEIGHTS_RATE, max_steps=MAX_STEPS,
                              tolerance=tolerance / BOTTOM_FACTOR, indices=TWO_WEIGHTS)
    if bottom.reason != "converged":  # the chapter measures "close" against this bottom
        raise RuntimeError(f"the two-weight bottom was not reached in {bottom.n_steps:,} steps")
    floor = two.path[-1, :2] - two.path[-1 - FLOOR_STEPS, :2]
    floor /= np.linalg.norm(floor)
    across = np.array([-floor[1], floor[0]])
    at = bottom.path[-1, :2]
    plain = gradient_descent(net, X, y, learning_rate=LEARNING_RATE, max_steps=steps(MAX_STEPS),
                             tolerance=tolerance)
    bfgs = train_bfgs(net, X, y, tolerance=BFGS_TOLERANCE / tighter)
    return ValleysStory(
        tolerance=tolerance, two=two, bottom=bottom,
        along=_curvature(net, X, y, at, floor), across=_curvature(net, X, y, at, across),
        grid_size=GRID_VALUES.size**2, plain=plain, bfgs=bfgs,
        ends={"plain": classify_point(plain.network, X, y),
              "bfgs": classify_point(bfgs.network, X, y)})


def _curvature(net, X, y, at, direction):
    """The slope of the slope of J at the two weights ``at``, along ``direction``."""
    def slope(point):
        params = net.params
        params[list(TWO_WEIGHTS)] = point
        return float(net.with_params(params).cost_and_gradient(X, y)[1][list(TWO_WEIGHTS)] @ direction)

    h = CURVATURE_STEP
    return (slope(at + h * direction) - slope(at - h * direction)) / (2 * h)

