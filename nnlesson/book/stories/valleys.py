"""The story of :doc:`/valleys`: the valley floor on two weights, the explorer, all nine weights."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import promise_kept
from nnlesson.book.prose import fixed, plural, scientific
from nnlesson.book.stories._story import Story
from nnlesson.book.stories.descent import CLOSE
from nnlesson.endpoints import GLOBAL_MINIMUM


@dataclass(frozen=True)
class ValleysStory(Story):
    """The words of :doc:`/valleys`, from the chapter's settings and runs.

    Examples
    --------
    >>> from nnlesson.book.stories import ValleysStory
    >>> ValleysStory.TIGHTER, ValleysStory.LONGER
    (('tolerance', 'bottom_tolerance', 'bfgs_tolerance'), ('max_steps', 'bfgs_maxiter'))
    """

    eta: float  # the learning rate of the two-weight runs
    tolerance: float  # a run stops when the gradient is shorter than this ...
    max_steps: int  # ... or after this many steps
    bottom_tolerance: float  # the tolerance that finds the bottom of the two-weight map
    floor_steps: int  # the floor's direction: where ``two`` moved over its last steps
    two: object  # DescentResult on W1[0,0], W1[0,1] at eta, the book's tolerance
    bottom: object  # the same run with bottom_tolerance
    grid_size: int  # brute force's points on the same map
    along: float  # the curvature along the valley floor at the bottom
    across: float  # the curvature across it
    explorer_steps: int  # the explorer's budget, which its sentence names
    explorer_etas: list  # the explorer's learning rates
    eta_nine: float  # the learning rate of plain descent on all nine weights
    plain: object  # DescentResult on all nine weights at eta_nine
    bfgs: object  # BFGSResult on all nine weights
    ends: dict  # "plain", "bfgs" -> the kind of point the run ended at

    JUDGING = ("two-close", "ends", "promise")
    TIGHTER = ("tolerance", "bottom_tolerance", "bfgs_tolerance")
    LONGER = ("max_steps", "bfgs_maxiter")

    def texts(self):
        bottom_J = float(self.bottom.costs[-1])
        close = np.flatnonzero(self.two.costs <= (1 + CLOSE) * bottom_J)
        eta = self.eta
        # Everything derived from the curvatures follows from the shown, rounded values.
        a, b = (float(f"{value:.3g}") for value in (self.along, self.across))
        largest = 2 / b
        kept = {name: promise_kept(run.n_cost_evaluations, self.ends[name] == GLOBAL_MINIMUM)
                for name, run in (("plain", self.plain), ("bfgs", self.bfgs))}
        promise = {
            (True, False): "BFGS keeps that promise for this network; plain descent does not",
            (True, True): "both BFGS and plain descent keep that promise for this network",
            (False, True): "plain descent keeps that promise for this network, but BFGS does not",
            (False, False): "neither method keeps that promise for this network",
        }[(kept["bfgs"], kept["plain"])]
        return {
            "rate-two": f"{eta:g}",
            "tolerance": scientific(self.tolerance),
            "max-steps": f"{self.max_steps:,}",
            "explorer-steps": f"{self.explorer_steps:,}",
            "two-steps": plural(self.two.n_steps, "step"),
            "two-J": fixed(self.two.costs[-1], 7),
            "bottom-factor": f"{self.tolerance / self.bottom_tolerance:,.0f}",
            "bottom-J": fixed(bottom_J, 7),
            "close": f"{CLOSE:.0%}",
            "two-close": ("came within" if close.size else "never came within"),
            "two-close-evals": f"{close[0] + 1:,}" if close.size else "(never)",
            "grid-evals": f"{self.grid_size:,}",
            "floor-steps": str(self.floor_steps),
            "along": scientific(a, 3),
            "across": scientific(b, 3),
            "ratio": f"{b / a:.0f}",
            "along-share": f"{eta * a:.2%}",
            "along-keep": f"{1 - eta * a:.4f}",
            "across-share": f"{eta * b:.1%}",
            "largest-rate": scientific(largest, 2),
            "largest-along-share": f"{largest * a:.0%}",
            "tenfold-steps": scientific(np.log(10) / (eta * a), 2),
            "explorer-count": str(len(self.explorer_etas)),
            "explorer-low": f"{min(self.explorer_etas):g}",
            "explorer-high": f"{max(self.explorer_etas):g}",
            "rate-nine": f"{self.eta_nine:g}",
            "start-J": fixed(self.plain.costs[0]),
            "plain-evals": f"{self.plain.n_cost_evaluations:,}",
            "plain-J": scientific(self.plain.costs[-1]),
            "bfgs-evals": str(self.bfgs.n_cost_evaluations),
            "bfgs-J": scientific(self.bfgs.costs[-1]),
            "ends": ("Both stopped in the good valley"
                     if all(kind == GLOBAL_MINIMUM for kind in self.ends.values()) else
                     f"Plain descent stopped near a {self.ends['plain']}, BFGS near a "
                     f"{self.ends['bfgs']}"),
            "promise": promise,
        }
