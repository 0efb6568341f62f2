"""The story of :doc:`/convexity`: a start that gets stuck, why, and what gets it out."""

from dataclasses import dataclass

import numpy as np

from nnlesson.activation import sigmoid
from nnlesson.bfgs import train_bfgs
from nnlesson.book import (BFGS_TOLERANCE, LEARNING_RATE, MAX_STEPS, SGD_RATES, SGD_SEEDS, TOLERANCE,
                           book_network)
from nnlesson.book.claims import convexity_verdict
from nnlesson.book.prose import fixed, how_often, markdown_table, plural, scientific
from nnlesson.book.stories._story import Story, budgets
from nnlesson.bruteforce import cost_grid
from nnlesson.data import load_data
from nnlesson.descent import gradient_descent
from nnlesson.endpoints import GLOBAL_MINIMUM, LOCAL_MINIMUM, classify_point
from nnlesson.network import Network, forward_pass
from nnlesson.study import descent_study, sgd_study

#: The slice of J along W1[0,0] whose bending the chapter shows.
SLICE = np.linspace(-10.0, 10.0, 2001)
#: Batch descent from the stuck minimum at these learning rates: below the
#: largest rate its valley holds (2 / its steepest curvature), and above it.
BOUNCE_OUT_RATES = (10.0, 25.0, 30.0)
#: Two costs are "the same minimum" when they agree to this fraction.
SAME_COST = 1e-6


@dataclass(frozen=True)
class ConvexityStory(Story):
    """Facts of :doc:`/convexity`. See :func:`convexity_story`."""

    tolerance: float
    budget: int  # the step budget of every run
    sign_changes: np.ndarray  # where the slice's second derivative changes sign
    seed: int  # the first seed whose BFGS run ends in a local minimum
    tried: dict  # seed -> kind of its BFGS end point
    minimum: object  # PointReport of that end point
    good: Network  # a start's BFGS end in the good valley, for comparison
    batch: object  # batch descent from the stuck start, stopped by the tolerance
    batch_end: object  # PointReport of where it stopped
    batch_long: object  # the same with the whole budget and no early stop
    batch_long_end: object
    bounce: object  # StudyResult: batch descent from the minimum at BOUNCE_OUT_RATES
    sgd: object  # StudyResult: stochastic descent from the minimum, SGD_SEEDS per rate
    sgd_rates: np.ndarray

    JUDGING = ("convex-verdict", "min-kind", "neurons-alike", "batch-words", "bounce-words",
               "bounce-sentence", "sgd-words", "sgd-book-words", "sgd-summary", "step-vs-noise",
               "batch-end-kind")
    BUDGETED = ("batch-words", "bounce-words", "bounce-sentence", "sgd-words", "sgd-book-words",
                "sgd-summary", "step-vs-noise")
    AT_THE_STOP = ("batch-end-kind",)  # "It stopped after N steps ... close to a saddle point"
    BUDGET_FREE = ("convex-verdict", "min-kind", "neurons-alike")  # a grid, BFGS, its weights

    def _in_minimum(self, report):
        """Whether ``report`` is this story's minimum: a local minimum at the same cost."""
        return (report.kind == LOCAL_MINIMUM
                and abs(report.cost - self.minimum.cost) <= SAME_COST * self.minimum.cost)

    def sgd_ends(self):
        """Learning rate -> the PointReports of its stochastic runs' end points."""
        return {float(rate): [end for end, r in zip(self.sgd.ends, self.sgd_rates) if r == rate]
                for rate in dict.fromkeys(self.sgd_rates.tolist())}

    def _where(self, report):
        return ("stayed in the minimum" if self._in_minimum(report)
                else "reached the good valley" if report.kind == GLOBAL_MINIMUM
                else f"ended at a {report.kind}")

    def texts(self):
        X, y = load_data()
        stuck = self.minimum.network
        z2, a2, z3, y_hat = forward_pass(X, stuck.W1, stuck.W2)
        u = float(z2[1].mean())  # every neuron's weighted input for student 2
        spread = float(z2[1].max() - z2[1].min())
        t = np.linspace(0.01, 10, 100_000)
        best = float(np.max(sigmoid(2 * t) / sigmoid(t)))
        logit = np.log(y / (1 - y)).ravel()
        needed = logit[2] / logit[1]
        errors = 100 * (y - y_hat).ravel()
        lam_max = float(f"{self.minimum.eigenvalues.max():.3g}")  # as shown; all below follows
        largest = 2 / lam_max
        rows, sgd_words = [], []
        for rate, ends in self.sgd_ends().items():
            stayed = sum(self._in_minimum(end) for end in ends)
            escaped = sum(end.kind == GLOBAL_MINIMUM for end in ends)
            word = ("always stayed in the minimum" if stayed == len(ends) else
                    "always reached the good valley" if escaped == len(ends) else
                    f"stayed in {stayed} of {len(ends)} runs, reached the good valley in "
                    f"{escaped}")
            sgd_words.append(word)
            rows.append([f"{rate:g}", word, ", ".join(scientific(end.cost) for end in ends)])
        told = [_told(rate * lam_max > 2, self._in_minimum(end), end.kind)
                for rate, end in zip(BOUNCE_OUT_RATES, self.bounce.ends)]
        bounce_rows = [[f"{rate:g}", f"{rate * lam_max:.2f}",
                        "below 2: it can settle" if rate * lam_max < 2 else
                        "above 2: it cannot settle at the bottom", what, scientific(end.cost)]
                       for rate, what, end in zip(BOUNCE_OUT_RATES, told, self.bounce.ends)]
        good = [str(seed) for seed, kind in self.tried.items() if seed != self.seed]
        batch_out = self.bounce.ends[-1].kind == GLOBAL_MINIMUM
        sgd_stayed = self._in_minimum(self.sgd_ends()[LEARNING_RATE][0]) and all(
            self._in_minimum(end) for end in self.sgd_ends()[LEARNING_RATE])
        return {
            "convex-verdict": convexity_verdict(len(self.sign_changes)),
            "n-changes": how_often(len(self.sign_changes)),
            "changes": ", ".join(fixed(c, 2) for c in self.sign_changes),
            "good-seeds": ((" and ".join(good) + (" reach" if len(good) > 1 else " reaches")
                            + " the good valley; ") if good else ""),
            "stuck-seed": str(self.seed),
            "min-kind": self.minimum.kind,
            "min-J": scientific(self.minimum.cost, 5),
            "stuck-errors": _errors_in_words(errors),
            "stuck-yhat": ", ".join(f"{p:.3f}" for p in y_hat.ravel()),
            "u": f"{u:.3f}",
            "twice-u": f"{2 * u:.3f}",
            "spread": scientific(spread),
            "neurons-alike": ("all three neurons give student 2 the same weighted input"
                              if spread < 1e-6 else "the neurons differ for student 2"),
            "best-ratio": f"{best:.3f}",
            "needed-ratio": f"{needed:.3f}",
            "logit-2": f"{logit[1]:.3f}",
            "logit-3": f"{logit[2]:.3f}",
            "good-w2": ", ".join(fixed(w, 2) for w in self.good.W2.ravel()),
            "stuck-w2-signs": _signs(stuck.W2),
            "good-w2-signs": _signs(self.good.W2),
            "batch-end-kind": self.batch_end.kind,
            "rate": f"{LEARNING_RATE:g}",
            "tolerance": scientific(self.tolerance),
            "budget": f"{self.budget:,}",
            "batch-steps": plural(self.batch.n_steps, "step"),
            "batch-J": scientific(self.batch.costs[-1], 6),
            "batch-words": self._where(self.batch_long_end),
            "long-J": scientific(self.batch_long.costs[-1]),
            "lam-max": scientific(lam_max, 3),
            "largest-rate": f"{largest:.1f}",
            "bounce-table": markdown_table(
                ["η", "η c", "near the bottom",
                 f"within {self.budget:,} steps it ...", "final $J$"], bounce_rows,
                align=["right", "right", "left", "left", "right"]),
            "bounce-words": "; ".join(row[3] for row in bounce_rows),
            "bounce-sentence": "; ".join(f"at {rate:g} it {what}" for rate, what in
                                         zip(BOUNCE_OUT_RATES, told)) + ".",
            "step-vs-noise": (
                f"Batch descent at {BOUNCE_OUT_RATES[-1]:g}, with no noise at all, also left "
                "the valley: in this small example the size of the steps, more than their "
                "noise, decides." if batch_out and sgd_stayed else ""),
            "sgd-seeds": str(len(SGD_SEEDS)),
            "sgd-epochs": f"{self.budget // 3:,}",
            "sgd-steps": f"{self.budget // 3 * 3:,}",
            "sgd-summary": "; ".join(f"at {rate:g} the runs {word}" for rate, word in
                                     zip(self.sgd_ends(), sgd_words)),
            "sgd-table": markdown_table(
                ["learning rate", f"within {self.budget // 3 * 3:,} one-student steps, the runs ...",
                 "final $J$ of each run"], rows, align=["right", "left", "left"]),
            "sgd-words": "; ".join(sgd_words),
            "sgd-book-words": sgd_words[list(self.sgd_ends()).index(LEARNING_RATE)],
        }


def _told(above, stayed, kind):
    """What a run from the minimum did, as the bounce table and its sentence say it."""
    if stayed:
        return "bounced, but stayed in the valley" if above else "settled"
    if kind == GLOBAL_MINIMUM:
        return "bounced out, and walked downhill into the good valley" if above else \
            "left the minimum"
    return f"ended at a {kind}"


def _signs(W):
    """"all positive", "all negative", or how many of the weights are negative."""
    negative = int(np.sum(np.asarray(W) < 0))
    return ("all positive" if negative == 0 else "all negative" if negative == np.size(W)
            else f"{negative} negative" if negative > 1 else "one negative")


def _errors_in_words(errors):
    """Each student's error in points of 100, in words: "3.3 points too high for student 2"."""
    def one(k, error):
        if abs(error) < 0.05:
            return f"exactly right for student {k}"
        return f"{abs(error):.1f} points too {'low' if error > 0 else 'high'} for student {k}"

    return ", ".join(one(k + 1, error) for k, error in enumerate(errors))


def find_stuck_start(tighter=1, search=range(100)):
    """The first seed of ``search`` whose BFGS run ends in a certified local minimum.

    Returns ``(seed, start, minimum, tried, good)``: the seed, its starting
    Network, the PointReport of its BFGS end, the kind reached from every
    seed tried, and the first BFGS end in the good valley (or None).

    Examples
    --------
    >>> from nnlesson.book.stories.convexity import find_stuck_start
    >>> seed, start, minimum, tried, good = find_stuck_start()
    >>> seed, minimum.kind, tried[0]
    (2, 'local minimum', 'global minimum')
    """
    X, y = load_data()
    tried, good = {}, None
    for seed in search.tolist():
        start = Network.random(seed=seed)
        bfgs = train_bfgs(start, X, y, tolerance=BFGS_TOLERANCE / tighter)
        minimum = classify_point(bfgs.network, X, y)
        tried[seed] = minimum.kind
        if minimum.kind == GLOBAL_MINIMUM and good is None:
            good = bfgs.network
        if minimum.kind == LOCAL_MINIMUM:
            return seed, start, minimum, tried, good
    raise RuntimeError(f"no BFGS run from seeds {search} ended in a local minimum")


def convexity_story(tighter=1, longer=1, search=range(100)):
    """Find a start that BFGS leaves in a local minimum, and run descent from it.

    BFGS runs from ``Network.random(seed=s)`` for ``s`` in ``search`` until
    one ends at a point :func:`~nnlesson.classify_point` calls a local
    minimum. From that start, batch descent (stopped by the tolerance, and
    with the whole budget and no early stop); from the minimum itself, batch
    descent at ``BOUNCE_OUT_RATES`` and stochastic descent at every rate in
    ``SGD_RATES`` with every shuffling seed in ``SGD_SEEDS``, all with the
    whole budget and no early stop (from a flat point a tolerance would
    stop them before they moved). Tolerances are the book's divided by
    ``tighter``, budgets the book's times ``longer``.

    Examples
    --------
    >>> from nnlesson.book.stories import convexity_story
    >>> story = convexity_story(longer=0.01)  # every run 200 steps long, to be quick
    >>> story.seed, story.budget, story.words()["min-kind"]
    (2, 200, 'local minimum')
    """
    tighter, steps = budgets(tighter, longer)
    tolerance = TOLERANCE / tighter
    budget = steps(MAX_STEPS)
    X, y = load_data()
    curvature = np.gradient(np.gradient(cost_grid(book_network(), X, y, SLICE), SLICE), SLICE)
    changes = SLICE[1:][np.diff((curvature < 0).astype(int)) != 0]
    seed, start, minimum, tried, good = find_stuck_start(tighter, search)
    batch = gradient_descent(start, X, y, learning_rate=LEARNING_RATE, max_steps=budget,
                             tolerance=tolerance)
    batch_long = gradient_descent(start, X, y, learning_rate=LEARNING_RATE, max_steps=budget,
                                  tolerance=0.0)
    bounce = descent_study(range(len(BOUNCE_OUT_RATES)), X, y, list(BOUNCE_OUT_RATES), budget, 0.0,
                           start=minimum.network)
    rates = np.repeat(SGD_RATES, len(SGD_SEEDS))
    seeds = np.tile(np.asarray(SGD_SEEDS), len(SGD_RATES))
    sgd = sgd_study(seeds, X, y, rates, budget // len(X), 0.0, start=minimum.network,
                    keep_costs=True)  # as the chapter's figure draws them
    return ConvexityStory(
        tolerance=tolerance, budget=budget, sign_changes=changes, seed=seed, tried=tried,
        minimum=minimum, good=good, batch=batch, batch_end=classify_point(batch.network, X, y),
        batch_long=batch_long,
        batch_long_end=classify_point(batch_long.network, X, y), bounce=bounce, sgd=sgd,
        sgd_rates=rates)
