"""The story of :doc:`/descent`: one weight, the learning rate, and the bounce."""

from dataclasses import dataclass, field

import numpy as np

from nnlesson._checks import Real, validate_params
from nnlesson.book import (BOUNCE_RATES, BOUNCE_START, FEW_WEIGHTS_RATE, GRID_VALUES,
                           MAX_STEPS, ONE_WEIGHT, RATE_EXAMPLE_STEPS, RATE_EXAMPLES, TOLERANCE,
                           book_network)
from nnlesson.book.prose import fixed, markdown_table, plural, scientific
from nnlesson.book.stories._story import Story, budgets
from nnlesson.bruteforce import cost_grid
from nnlesson.data import load_data
from nnlesson.descent import gradient_descent
from nnlesson.endpoints import classify_point

#: "Close to the bottom": within this fraction of the bottom's cost, judged
#: along a run's path (which no tolerance changes).
CLOSE = 0.02
#: "Still far from the bottom": more than this many times the bottom's cost.
FAR = 2.0
#: The bottom of the W1[0,0] curve is found by descent with a tolerance this
#: many times smaller than the book's.
BOTTOM_FACTOR = 1e4
#: The curvature is the slope of the slope, measured this far either side.
CURVATURE_STEP = 1e-3


@validate_params({"rate": Real(0, above=True), "curvature": Real()})
def bounce_word(rate, curvature):
    """What one step does near the bottom, from the factor ``1 - rate * curvature``.

    Examples
    --------
    >>> from nnlesson.book.stories.descent import bounce_word
    >>> bounce_word(30.0, 6.8e-4), bounce_word(2500.0, 6.8e-4), bounce_word(3500.0, 6.8e-4)
    ('closes in from one side', 'overshoots, and settles', 'overshoots further each time: it cannot settle')
    """
    factor = 1 - rate * curvature
    if factor >= 0:
        return "closes in from one side"
    return "overshoots, and settles" if factor > -1 else \
        "overshoots further each time: it cannot settle"


@dataclass(frozen=True)
class DescentStory(Story):
    """Facts of :doc:`/descent`. See :func:`descent_story`."""

    tolerance: float
    one: object  # DescentResult on W1[0,0] at FEW_WEIGHTS_RATE
    bottom: object  # the same run with a tolerance BOTTOM_FACTOR times smaller
    grid: np.ndarray  # J over GRID_VALUES of W1[0,0]
    rates: dict = field(default_factory=dict)  # name -> DescentResult of RATE_EXAMPLES
    landing: object = None  # PointReport: where the too-large rate's first step lands
    curvature: float = 0.0  # of the W1[0,0] curve at its bottom
    bounces: dict = field(default_factory=dict)  # rate -> DescentResult from BOUNCE_START
    steps: int = RATE_EXAMPLE_STEPS  # the budget of the rate examples

    JUDGING = ("grid-vs-bottom", "small-words", "good-words", "large-words", "bounce-words",
               "bounce-measured")
    BUDGETED = ("small-words", "bounce-measured")

    @property
    def bottom_w(self):
        return float(self.bottom.path[-1, 0])

    @property
    def bottom_J(self):
        return float(self.bottom.costs[-1])

    def texts(self):
        one, bottom_J = self.one, self.bottom_J
        best = int(np.argmin(self.grid))
        small, good, large = (self.rates[name] for name in ("too small", "good", "too large"))
        close = np.flatnonzero(good.costs <= (1 + CLOSE) * bottom_J)
        c = float(f"{self.curvature:.3g}")  # everything derived follows from the value shown
        rows, words, measured = [], [], []
        for rate, run in self.bounces.items():
            word = bounce_word(rate, c)
            tail = run.path[len(run.path) // 2:, 0]  # the second half of the run
            seen = "settled" if run.reason == "converged" else "never settled"
            detail = (f"after {plural(run.n_steps, 'step')}" if run.reason == "converged" else
                      f": at the end it bounced between {tail.min():.2f} and {tail.max():.2f}")
            rows.append([f"{rate:g}", f"{rate * c:.2f}", f"{1 - rate * c:+.2f}".replace("-", "−"),
                         word, f"{seen}{'' if detail.startswith(':') else ' '}{detail}"])
            words.append(word)
            measured.append(seen)
        return {
            "rate-one": f"{FEW_WEIGHTS_RATE:g}",
            "tolerance": scientific(self.tolerance),
            "max-steps": f"{MAX_STEPS:,}",
            "one-steps": plural(one.n_steps, "step"),
            "one-w": fixed(one.path[-1, 0], 3),
            "one-J": fixed(one.costs[-1], 7),
            "bottom-tolerance": scientific(self.tolerance / BOTTOM_FACTOR),
            "bottom-w": fixed(self.bottom_w, 3),
            "bottom-J": fixed(bottom_J, 7),
            "grid-w": fixed(GRID_VALUES[best], 3),
            "grid-J": fixed(self.grid[best], 7),
            "grid-vs-bottom": "above" if self.grid[best] >= bottom_J else "below",  # cost
            "grid-gap": scientific(self.grid[best] - bottom_J),
            "rate-steps": plural(self.steps, "step"),
            "rate-too-small": f"{RATE_EXAMPLES['too small']:g}",
            "rate-good": f"{RATE_EXAMPLES['good']:g}",
            "rate-too-large": f"{RATE_EXAMPLES['too large']:g}",
            "small-w": fixed(small.path[-1, 0], 2),
            "small-J": fixed(small.costs[-1]),
            "small-words": ("is still far above the bottom" if small.costs.min() > FAR * bottom_J
                            else "gets near the bottom"),
            "close": f"{CLOSE:.0%}",
            "good-words": (f"gets within {CLOSE:.0%} of the bottom's cost" if close.size
                           else "does not get close to the bottom"),
            "good-close": plural(int(close[0]), "step") if close.size else "(never)",
            "large-w": fixed(large.path[1, 0], 1),
            "large-J": fixed(large.costs[1]),
            "large-vs-bottom": "above" if large.costs[1] > bottom_J else "below",
            "bottom-J4": fixed(bottom_J),
            "large-grad": scientific(large.grad_norms[1]),
            "large-words": f"lands on a {self.landing.kind}",
            "large-reason": large.reason,
            "curvature": scientific(c, 3),
            "two-over-c": scientific(2 / c, 3),
            "good-factor": f"{1 - FEW_WEIGHTS_RATE * c:.2f}",
            "good-share": f"{FEW_WEIGHTS_RATE * c:.0%}",
            "tenth-share": f"{FEW_WEIGHTS_RATE / 10 * c:.1%}",
            "bounce-start": f"{BOUNCE_START:g}",
            "bounce-table": markdown_table(
                ["η", "η c", "1 − η c", "near the bottom, each step ...",
                 f"within {self.steps:,} steps, the run ..."], rows,
                align=["right", "right", "right", "left", "left"]),
            "bounce-words": "; ".join(words),
            "bounce-measured": "; ".join(measured),
            "bounce-high": f"{max(self.bounces):g}",
            "bounce-high-measured": rows[-1][-1],
        }


@validate_params({"tighter": Real(0, above=True), "longer": Real(0, above=True)})
def descent_story(tighter=1, longer=1):
    """Compute the descent chapter's runs: tolerances divided by ``tighter``, budgets times ``longer``.

    Examples
    --------
    >>> from nnlesson.book.stories import descent_story
    >>> descent_story().words()["large-words"]
    'lands on a plateau'
    """
    tighter, steps = budgets(tighter, longer)
    tolerance = TOLERANCE / tighter
    X, y = load_data()
    net = book_network()

    def run(start, rate, steps, tol=tolerance):
        return gradient_descent(start, X, y, learning_rate=rate, max_steps=steps, tolerance=tol,
                                indices=ONE_WEIGHT)

    one = run(net, FEW_WEIGHTS_RATE, steps(MAX_STEPS))
    bottom = run(net, FEW_WEIGHTS_RATE, steps(MAX_STEPS), tolerance / BOTTOM_FACTOR)
    few = steps(RATE_EXAMPLE_STEPS)
    rates = {name: run(net, rate, few) for name, rate in RATE_EXAMPLES.items()}
    landing = classify_point(net.with_params(rates["too large"].path[1]), X, y, indices=ONE_WEIGHT)
    slope_at = lambda w: _slope(net, X, y, w)  # noqa: E731
    b = float(bottom.path[-1, 0])
    curvature = (slope_at(b + CURVATURE_STEP) - slope_at(b - CURVATURE_STEP)) / (2 * CURVATURE_STEP)
    params = net.params
    params[0] = BOUNCE_START
    near = net.with_params(params)
    fine = tolerance / BOTTOM_FACTOR  # settled means: at the bottom found above
    bounces = {rate: run(near, rate, few, fine) for rate in BOUNCE_RATES}
    return DescentStory(tolerance=tolerance, one=one, bottom=bottom,
                        grid=cost_grid(net, X, y, GRID_VALUES, ONE_WEIGHT), rates=rates,
                        landing=landing, curvature=curvature, bounces=bounces, steps=few)


def _slope(net, X, y, w):
    """The slope of J along W1[0,0] at ``w``, the other weights as in ``net``."""
    params = net.params
    params[0] = w
    return float(net.with_params(params).cost_and_gradient(X, y)[1][0])
