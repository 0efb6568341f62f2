"""The story of :doc:`/descent`: one weight, the learning rate, and the bounce."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.prose import fixed, markdown_table, plural, scientific
from nnlesson.book.stories._story import Story

#: "Close to the bottom": within this fraction of the bottom's cost, judged
#: along a run's path (which no tolerance changes).
CLOSE = 0.02
#: "Still far from the bottom": more than this many times the bottom's cost.
FAR = 2.0


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
    """The words of :doc:`/descent`, from the chapter's settings and runs.

    Examples
    --------
    >>> from nnlesson.book.stories import DescentStory
    >>> DescentStory.TIGHTER, DescentStory.LONGER
    (('tolerance', 'fine_tolerance'), ('max_steps',))
    """

    eta: float  # the learning rate of the one-weight runs
    tolerance: float  # a run stops when the gradient is shorter than this ...
    max_steps: int  # ... or after this many steps
    fine_tolerance: float  # the tolerance that finds the bottom
    short_steps: int  # the budget of the rate examples and the bounces
    one: object  # DescentResult on W1[0,0] at eta, the book's tolerance
    bottom: object  # the same run with fine_tolerance
    grid: np.ndarray  # brute force's values of W1[0,0] ...
    grid_J: np.ndarray  # ... and J at each
    runs: dict  # learning rate -> DescentResult: too small, good, too large
    landing: str  # the kind of point the too-large rate's first step lands on
    c: float  # the curvature of the W1[0,0] curve at its bottom
    bounce_start: float
    bounces: dict  # learning rate -> DescentResult from bounce_start

    JUDGING = ("grid-vs-bottom", "small-words", "good-words", "good-side", "large-words",
               "bounce-words", "bounce-measured")
    BUDGETED = ("small-words", "bounce-measured")
    TIGHTER = ("tolerance", "fine_tolerance")
    LONGER = ("max_steps",)

    def texts(self):
        one, bottom_J = self.one, float(self.bottom.costs[-1])
        bottom_w = float(self.bottom.path[-1, 0])
        best = int(np.argmin(self.grid_J))
        small, good, large = self.runs.values()
        close = np.flatnonzero(good.costs <= (1 + CLOSE) * bottom_J)
        c = float(f"{self.c:.3g}")  # everything derived follows from the value shown
        rows, words, measured = [], [], []
        for rate, run in self.bounces.items():
            word = bounce_word(rate, c)
            tail = run.path[len(run.path) // 2:, 0]  # the second half of the run
            seen = "settled" if run.reason == "converged" else "never settled"
            detail = (f" after {plural(run.n_steps, 'step')}" if run.reason == "converged" else
                      f": at the end it bounced between {tail.min():.2f} and {tail.max():.2f}")
            rows.append([f"{rate:g}", f"{rate * c:.2f}", f"{1 - rate * c:+.2f}".replace("-", "−"),
                         word, seen + detail])
            words.append(word)
            measured.append(seen)
        return {
            "rate-one": f"{self.eta:g}",
            "tolerance": scientific(self.tolerance),
            "max-steps": f"{self.max_steps:,}",
            "bottom-tolerance": scientific(self.fine_tolerance),
            "one-steps": plural(one.n_steps, "step"),
            "bottom-w": fixed(self.bottom.path[-1, 0], 3),
            "grid-vs-bottom": "above" if self.grid_J[best] >= bottom_J else "below",  # cost
            "grid-gap": scientific(self.grid_J[best] - bottom_J),
            "rate-steps": plural(self.short_steps, "step"),
            "rate-too-small": f"{min(self.runs):g}",
            "rate-too-large": f"{max(self.runs):g}",
            "small-w": fixed(small.path[-1, 0], 2),
            "small-words": ("is still far above the bottom" if small.costs.min() > FAR * bottom_J
                            else "gets near the bottom"),
            "good-words": (f"gets within {CLOSE:.0%} of the bottom's cost" if close.size
                           else "does not get close to the bottom"),
            "good-close": plural(int(close[0]), "step") if close.size else "(never)",
            "good-side": ("no step passes the bottom" if good.path[:, 0].max() <= bottom_w
                          else "some steps pass the bottom"),
            "large-w": fixed(large.path[1, 0], 1),
            "large-J": fixed(large.costs[1]),
            "large-vs-bottom": "above" if large.costs[1] > bottom_J else "below",
            "bottom-J4": fixed(bottom_J),
            "large-grad": scientific(large.grad_norms[1]),
            "large-words": f"lands on a {self.landing}",
            "large-reason": large.reason,
            "curvature": fixed(c, 6),
            "two-over-c": scientific(2 / c, 3),
            "good-factor": f"{1 - self.eta * c:.2f}",
            "good-share": f"{self.eta * c:.0%}",
            "tenth-share": f"{self.eta / 10 * c:.1%}",
            "bounce-start": f"{self.bounce_start:g}",
            "bounce-table": markdown_table(
                ["η", "η c", "1 − η c", "near the bottom, each step ...",
                 f"within {self.short_steps:,} steps, the run ..."], rows,
                align=["right", "right", "right", "left", "left"]),
            "bounce-words": "; ".join(words),
            "bounce-measured": "; ".join(measured),
            "bounce-high": f"{max(self.bounces):g}",
            "bounce-high-measured": rows[-1][-1],
        }

