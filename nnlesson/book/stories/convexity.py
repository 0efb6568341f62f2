"""The story of :doc:`/convexity`: a start that gets stuck, why, and what gets it out."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import convexity_verdict
from nnlesson.book.prose import fixed, how_often, markdown_table, plural, scientific
from nnlesson.book.stories._story import Story
from nnlesson.endpoints import GLOBAL_MINIMUM, LOCAL_MINIMUM

#: Two costs are "the same minimum" when they agree to this fraction.
SAME_COST = 1e-6


@dataclass(frozen=True)
class ConvexityStory(Story):
    """The words of :doc:`/convexity`, from the chapter's settings and runs.

    Examples
    --------
    >>> from nnlesson.book.stories import ConvexityStory
    >>> ConvexityStory.TIGHTER, ConvexityStory.LONGER
    (('tolerance', 'bfgs_tolerance'), ('max_steps',))
    """

    changes: np.ndarray  # where the slice's curvature changes sign
    tolerance: float  # batch descent stops when the gradient is shorter than this
    long_steps: int  # the budget of the runs with no early stop (named in sentences)
    eta_nine: float  # the book's learning rate on all nine weights
    ends: dict  # seed -> PointReport of its BFGS end, in the order tried
    stuck_seed: int  # the first seed whose BFGS run ends in a local minimum
    y: np.ndarray  # the targets
    y_hat: np.ndarray  # the stuck network's predictions
    z2: np.ndarray  # its hidden neurons' weighted inputs, one row per student
    z3_target: np.ndarray  # the output's weighted inputs that would fit each target
    ratio: np.ndarray  # f(2u) / f(u) on a grid of u
    good: object  # Network: BFGS's end from a start that reaches the good valley
    batch: object  # batch descent from the stuck start, stopped by the tolerance
    batch_end: object  # PointReport of where it stopped
    long: object  # the same with its whole budget and no early stop
    long_end: object  # PointReport of its end
    c: float  # the valley's steepest curvature
    bounce_out_etas: list  # the learning rates of ...
    bounce: object  # ... StudyResult: batch descent from the minimum at each
    sgd: object  # StudyResult: stochastic descent from the minimum
    sgd_rates: np.ndarray  # the learning rate of each of its runs

    JUDGING = ("convex-verdict", "min-kind", "neurons-alike", "batch-words", "bounce-words",
               "bounce-sentence", "sgd-words", "sgd-book-words", "sgd-summary", "step-vs-noise",
               "batch-end-kind")
    BUDGETED = ("batch-words", "bounce-words", "bounce-sentence", "sgd-words", "sgd-book-words",
                "sgd-summary", "step-vs-noise")
    AT_THE_STOP = ("batch-end-kind",)  # "It stopped after N steps ... close to a saddle point"
    TIGHTER = ("tolerance", "bfgs_tolerance")
    LONGER = ("max_steps",)

    @property
    def minimum(self):
        """The PointReport of the stuck BFGS end."""
        return self.ends[self.stuck_seed]

    def _in_minimum(self, report):
        """Whether ``report`` is this story's minimum: a local minimum at the same cost."""
        return (report.kind == LOCAL_MINIMUM
                and abs(report.cost - self.minimum.cost) <= SAME_COST * self.minimum.cost)

    def sgd_ends(self):
        """Learning rate -> the PointReports of its stochastic runs' end points."""
        rates = np.asarray(self.sgd_rates)
        return {float(rate): [end for end, r in zip(self.sgd.ends, rates) if r == rate]
                for rate in dict.fromkeys(rates.tolist())}

    def _where(self, report):
        return ("stayed in the minimum" if self._in_minimum(report)
                else "reached the good valley" if report.kind == GLOBAL_MINIMUM
                else f"ended at a {report.kind}")

    def texts(self):
        u = float(self.z2[1].mean())  # every neuron's weighted input for student 2
        spread = float(self.z2[1].max() - self.z2[1].min())
        logit = self.z3_target.ravel()
        errors = 100 * (self.y - self.y_hat).ravel()
        lam_max = float(f"{self.c:.3g}")  # as shown; all below follows
        largest = 2 / lam_max
        sgd_ends = self.sgd_ends()
        sgd_steps = int(self.sgd.counts.max())  # one-student steps, every run the same
        rows, sgd_words = [], []
        for rate, ends in sgd_ends.items():
            stayed = sum(self._in_minimum(end) for end in ends)
            escaped = sum(end.kind == GLOBAL_MINIMUM for end in ends)
            word = ("always stayed in the minimum" if stayed == len(ends) else
                    "always reached the good valley" if escaped == len(ends) else
                    f"stayed in {stayed} of {len(ends)} runs, reached the good valley in "
                    f"{escaped}")
            sgd_words.append(word)
            rows.append([f"{rate:g}", word, ", ".join(scientific(end.cost) for end in ends)])
        told = [_told(rate * lam_max > 2, self._in_minimum(end), end.kind)
                for rate, end in zip(self.bounce_out_etas, self.bounce.ends)]
        bounce_rows = [[f"{rate:g}", f"{rate * lam_max:.2f}",
                        "below 2: it can settle" if rate * lam_max < 2 else
                        "above 2: it cannot settle at the bottom", what, scientific(end.cost)]
                       for rate, what, end in zip(self.bounce_out_etas, told, self.bounce.ends)]
        good = [str(seed) for seed in self.ends if seed != self.stuck_seed]
        batch_out = self.bounce.ends[-1].kind == GLOBAL_MINIMUM
        book_ends = sgd_ends[self.eta_nine]
        sgd_stayed = all(self._in_minimum(end) for end in book_ends)
        return {
            "convex-verdict": convexity_verdict(len(self.changes)),
            "n-changes": how_often(len(self.changes)),
            "good-seeds": ((" and ".join(good) + (" reach" if len(good) > 1 else " reaches")
                            + " the good valley; ") if good else ""),
            "stuck-seed": str(self.stuck_seed),
            "min-kind": self.minimum.kind,
            "min-J": scientific(self.minimum.cost, 5),
            "stuck-errors": _errors_in_words(errors),
            "u": f"{u:.3f}",
            "twice-u": f"{2 * u:.3f}",
            "neurons-alike": ("all three neurons give student 2 the same weighted input"
                              if spread < 1e-6 else "the neurons differ for student 2"),
            "best-ratio": f"{float(self.ratio.max()):.3f}",
            "needed-ratio": f"{logit[2] / logit[1]:.3f}",
            "logit-2": f"{logit[1]:.3f}",
            "logit-3": f"{logit[2]:.3f}",
            "good-w2": ", ".join(fixed(w, 2) for w in self.good.W2.ravel()),
            "stuck-w2-signs": _signs(self.minimum.network.W2),
            "good-w2-signs": _signs(self.good.W2),
            "batch-end-kind": self.batch_end.kind,
            "rate": f"{self.eta_nine:g}",
            "tolerance": scientific(self.tolerance),
            "budget": f"{self.long_steps:,}",
            "batch-steps": plural(self.batch.n_steps, "step"),
            "batch-words": self._where(self.long_end),
            "lam-max": scientific(lam_max, 3),
            "largest-rate": f"{largest:.1f}",
            "bounce-table": markdown_table(
                ["η", "η c", "near the bottom",
                 f"within {self.long_steps:,} steps it ...", "final $J$"], bounce_rows,
                align=["right", "right", "left", "left", "right"]),
            "bounce-words": "; ".join(row[3] for row in bounce_rows),
            "bounce-sentence": "; ".join(f"at {rate:g} it {what}" for rate, what in
                                         zip(self.bounce_out_etas, told)) + ".",
            "step-vs-noise": (
                f"Batch descent at {self.bounce_out_etas[-1]:g}, with no noise at all, also left "
                "the valley: in this small example the size of the steps, more than their "
                "noise, decides." if batch_out and sgd_stayed else ""),
            "sgd-seeds": str(len(book_ends)),
            "sgd-epochs": f"{len(self.sgd.cost_history) - 1:,}",
            "sgd-steps": f"{sgd_steps:,}",
            "sgd-summary": "; ".join(f"at {rate:g} the runs {word}" for rate, word in
                                     zip(sgd_ends, sgd_words)),
            "sgd-table": markdown_table(
                ["learning rate", f"within {sgd_steps:,} one-student steps, the runs ...",
                 "final $J$ of each run"], rows, align=["right", "left", "left"]),
            "sgd-words": "; ".join(sgd_words),
            "sgd-book-words": sgd_words[list(sgd_ends).index(self.eta_nine)],
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
