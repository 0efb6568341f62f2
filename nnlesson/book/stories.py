"""The computations behind the chapters' judging sentences, in one place.

A sentence that judges ("stuck", "escaped", "keeps the promise", "above
the bottom") is only as true as the rule behind it, and a stopping tolerance
is not a minimum. So each chapter that judges gets its facts from a
function here, which computes them at the book's tolerance divided by
``tighter``. Its ``words()`` method gives every judging phrase the chapter prints;
the tests recompute each story with ``tighter=100`` and require the same
words. Numbers (costs, step counts) may move with the tolerance; the words
may not.
"""

from dataclasses import dataclass, field

import numpy as np

from nnlesson import _checks
from nnlesson.bfgs import train_bfgs
from nnlesson.bruteforce import cost_grid
from nnlesson.data import load_data
from nnlesson.descent import gradient_descent
from nnlesson.endpoints import GLOBAL_MINIMUM, LOCAL_MINIMUM, classify_point
from nnlesson.network import Network
from nnlesson.study import bfgs_study, descent_study, sgd_study

from nnlesson.book import (
    BFGS_TOLERANCE,
    FEW_WEIGHTS_RATE,
    GRID_VALUES,
    LEARNING_RATE,
    MAX_STEPS,
    ONE_WEIGHT,
    RATE_EXAMPLE_STEPS,
    RATE_EXAMPLES,
    SGD_RATES,
    SGD_SEEDS,
    STUDY_SIZE,
    TOLERANCE,
    TWO_WEIGHTS,
    book_network,
)

#: "Close to the bottom" in the descent chapter: within this fraction of the
#: lowest cost, judged along a run's path (which no tolerance changes).
CLOSE = 0.02
#: "Still far from the bottom": more than this many times the lowest cost.
FAR = 2.0
#: The series' promise: fewer than this many evaluations.
PROMISE = 100
#: Two costs are "the same minimum" when they agree to this fraction.
SAME_COST = 1e-6


def _tolerances(tighter):
    tighter = _checks.positive(tighter, "tighter")
    return TOLERANCE / tighter, BFGS_TOLERANCE / tighter


# -- the descent chapter ------------------------------------------------------
@dataclass(frozen=True)
class DescentStory:
    """Facts of :doc:`/descent`. See :func:`descent_story`."""

    tolerance: float
    one: object  # DescentResult on W1[0,0]
    one_bottom: object  # PointReport: the lowest point along W1[0,0]
    one_grid: np.ndarray
    two: object
    two_bottom: object
    two_grid: np.ndarray
    two_close_evaluations: int | None
    rates: dict = field(default_factory=dict)  # name -> DescentResult
    large_landing: object = None  # PointReport after the too-large first step
    plain: object = None
    plain_end: object = None
    bfgs: object = None
    bfgs_end: object = None

    def words(self):
        """Every judging phrase of the chapter, as a dict."""
        small, good = self.rates["too small"], self.rates["good"]
        bottom = self.one_bottom.cost
        return {
            "grid-vs-bottom": "above" if self.one_grid.min() >= bottom else "below",
            "two-close": "came within" if self.two_close_evaluations is not None
                         else "never came within",
            "small": ("is still far above the bottom" if small.costs.min() > FAR * bottom
                      else "gets near the bottom"),
            "good": (f"gets within {CLOSE:.0%} of the bottom's cost"
                     if good.costs.min() <= (1 + CLOSE) * bottom
                     else "does not get close to the bottom"),
            "large": f"lands on a {self.large_landing.kind}",
            "promise": _promise(self.bfgs.n_function_evaluations < PROMISE,
                                self.plain.n_cost_evaluations < PROMISE),
            "plain-end": self.plain_end.kind,
            "bfgs-end": self.bfgs_end.kind,
        }


def _promise(bfgs_keeps, plain_keeps):
    return {
        (True, False): "BFGS keeps that promise for this network; plain descent does not",
        (True, True): "both BFGS and plain descent keep that promise for this network",
        (False, True): "plain descent keeps that promise for this network, but BFGS does not",
        (False, False): "neither method keeps that promise for this network",
    }[(bfgs_keeps, plain_keeps)]


def descent_story(tighter=1):
    """Compute the descent chapter's runs, at the book's tolerance divided by ``tighter``.

    Examples
    --------
    >>> from nnlesson.book.stories import descent_story
    >>> descent_story().words()["large"]
    'lands on a plateau'
    """
    tolerance, bfgs_tolerance = _tolerances(tighter)
    X, y = load_data()
    net = book_network()
    one = gradient_descent(net, X, y, FEW_WEIGHTS_RATE, MAX_STEPS, tolerance, ONE_WEIGHT)
    two = gradient_descent(net, X, y, FEW_WEIGHTS_RATE, MAX_STEPS, tolerance, TWO_WEIGHTS)
    two_bottom = classify_point(two.network, X, y, indices=TWO_WEIGHTS)
    close = np.flatnonzero(two.costs <= (1 + CLOSE) * two_bottom.cost)
    rates = {name: gradient_descent(net, X, y, rate, RATE_EXAMPLE_STEPS, tolerance, ONE_WEIGHT)
             for name, rate in RATE_EXAMPLES.items()}
    first_jump = net.with_params(rates["too large"].path[1])
    plain = gradient_descent(net, X, y, LEARNING_RATE, MAX_STEPS, tolerance)
    bfgs = train_bfgs(net, X, y, tolerance=bfgs_tolerance)
    return DescentStory(
        tolerance=tolerance,
        one=one,
        one_bottom=classify_point(one.network, X, y, indices=ONE_WEIGHT),
        one_grid=cost_grid(net, X, y, GRID_VALUES, ONE_WEIGHT),
        two=two,
        two_bottom=two_bottom,
        two_grid=cost_grid(net, X, y, GRID_VALUES, TWO_WEIGHTS),
        two_close_evaluations=int(close[0]) + 1 if close.size else None,
        rates=rates,
        large_landing=classify_point(first_jump, X, y, indices=ONE_WEIGHT),
        plain=plain,
        plain_end=classify_point(plain.network, X, y),
        bfgs=bfgs,
        bfgs_end=classify_point(bfgs.network, X, y),
    )


# -- the convexity chapter --------------------------------------------------
@dataclass(frozen=True)
class ConvexityStory:
    """Facts of :doc:`/convexity`. See :func:`convexity_story`."""

    tolerance: float
    seed: int  # the first seed whose BFGS run ends in a certified local minimum
    tried: dict  # seed -> kind of its BFGS end point, for every seed tried
    start: Network
    bfgs: object
    minimum: object  # PointReport of the BFGS end point
    far: object  # PointReport with a wide perturbation test
    batch: object  # batch descent from the start, stopped by the book's tolerance
    batch_long: object  # the same, with the whole step budget and no early stop
    batch_long_end: object
    sgd: object  # StudyResult: stochastic descent from the minimum, SGD_SEEDS for each rate
    sgd_rates: np.ndarray  # each of those runs' learning rate

    def words(self):
        """Every judging phrase of the chapter, as a dict."""
        words = {
            "minimum": self.minimum.kind,
            "far": "finds lower ground" if self.far.perturbation.n_lower else "finds none",
            "batch": ("stays in this same minimum" if self._in_minimum(self.batch_long_end)
                      else "reaches the good valley" if self.batch_long_end.kind == GLOBAL_MINIMUM
                      else f"ends at a {self.batch_long_end.kind}"),
        }
        for rate, ends in self.sgd_ends().items():
            escaped = sum(end.kind == GLOBAL_MINIMUM for end in ends)
            stayed = sum(self._in_minimum(end) for end in ends)
            runs = len(ends)
            words[f"sgd-{rate:g}"] = (
                "always escaped to the good valley" if escaped == runs
                else "always stayed in the minimum" if stayed == runs
                else "never escaped" if escaped == 0
                else "escaped in some runs")
        return words

    def sgd_ends(self):
        """Learning rate -> the PointReports of its stochastic runs' end points."""
        return {float(rate): [end for end, r in zip(self.sgd.ends, self.sgd_rates) if r == rate]
                for rate in dict.fromkeys(self.sgd_rates.tolist())}

    def _in_minimum(self, report):
        """Whether ``report`` is this story's minimum: a local minimum at the same cost."""
        return (report.kind == LOCAL_MINIMUM
                and abs(report.cost - self.minimum.cost) <= SAME_COST * self.minimum.cost)


def convexity_story(tighter=1, search=range(100)):
    """Find a start that BFGS leaves in a local minimum, certify it, and test it.

    BFGS runs from ``Network.random(seed=s)`` for ``s`` in ``search`` until
    one ends at a point :func:`~nnlesson.classify_point` calls a local
    minimum. Then batch descent runs from the same start (stopped by the
    tolerance, for its numbers; and with the whole step budget and no early
    stop, for the judgment), and stochastic descent from the minimum itself, at every rate in ``SGD_RATES`` with
    every shuffling seed in ``SGD_SEEDS``. The stochastic runs take the
    book's whole step budget with no early stop (tolerance 0): from a flat
    point a tolerance would stop them before they moved. Tolerances are the
    book's divided by ``tighter``.

    Examples
    --------
    >>> from nnlesson.book.stories import convexity_story
    >>> story = convexity_story()
    >>> story.seed, story.minimum.kind, story.words()["batch"]
    (2, 'local minimum', 'reaches the good valley')
    """
    tolerance, bfgs_tolerance = _tolerances(tighter)
    X, y = load_data()
    tried = {}
    for seed in search:
        start = Network.random(seed=seed)
        bfgs = train_bfgs(start, X, y, tolerance=bfgs_tolerance)
        minimum = classify_point(bfgs.network, X, y)
        tried[seed] = minimum.kind
        if minimum.kind == LOCAL_MINIMUM:
            break
    else:
        raise RuntimeError(f"no BFGS run from seeds {search} ended in a local minimum")
    batch = gradient_descent(start, X, y, LEARNING_RATE, MAX_STEPS, tolerance)
    batch_long = gradient_descent(start, X, y, LEARNING_RATE, MAX_STEPS, 0.0)
    rates = np.repeat(SGD_RATES, len(SGD_SEEDS))
    seeds = np.tile(np.asarray(SGD_SEEDS), len(SGD_RATES))
    sgd = sgd_study(seeds, X, y, rates, MAX_STEPS // len(X), 0.0, start=minimum.network,
                    keep_costs=True)
    return ConvexityStory(
        tolerance=tolerance, seed=seed, tried=tried, start=start, bfgs=bfgs, minimum=minimum,
        far=classify_point(minimum.network, X, y, radius=FAR_RADIUS),
        batch=batch, batch_long=batch_long,
        batch_long_end=classify_point(batch_long.network, X, y), sgd=sgd, sgd_rates=rates)


#: The wide perturbation test of the convexity chapter: restarts this far
#: away do find lower ground, which shows the test can say "lower".
FAR_RADIUS = 2.0


# -- the claims chapter ------------------------------------------------------
@dataclass(frozen=True)
class StudyStory:
    """The many-start study of :doc:`/claims`. See :func:`study_story`."""

    tolerance: float
    bfgs: object
    plain: object
    sgd: object

    @property
    def studies(self):
        """The three studies by name, in the table's order."""
        return {"BFGS": self.bfgs, "gradient descent": self.plain,
                "stochastic descent": self.sgd}

    def words(self):
        """Every judging phrase of the chapter, as a dict."""
        from nnlesson.book.claims import share_verdict

        words = {"promise": share_verdict(float(np.mean(self.bfgs.counts < PROMISE)))}
        for name, study in self.studies.items():
            stuck = int(study.stuck.sum())
            words[f"{name}-stuck"] = "some starts get stuck" if stuck else "no start gets stuck"
        return words


def study_story(tighter=1, size=STUDY_SIZE):
    """Train ``size`` random starts three ways, and classify where each ended.

    Examples
    --------
    >>> from nnlesson.book.stories import study_story
    >>> story = study_story(size=4)
    >>> list(story.studies), story.bfgs.kinds.tolist()
    (['BFGS', 'gradient descent', 'stochastic descent'], ['global minimum', 'global minimum', 'local minimum', 'global minimum'])
    """
    tolerance, bfgs_tolerance = _tolerances(tighter)
    X, y = load_data()
    seeds = np.arange(_checks.integer(size, "size"))
    return StudyStory(
        tolerance=tolerance,
        bfgs=bfgs_study(seeds, X, y, tolerance=bfgs_tolerance),
        plain=descent_study(seeds, X, y, LEARNING_RATE, MAX_STEPS, tolerance),
        sgd=sgd_study(seeds, X, y, LEARNING_RATE, MAX_STEPS // len(X), tolerance),
    )
