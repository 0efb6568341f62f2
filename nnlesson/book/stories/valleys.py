"""The story of :doc:`/valleys`: the valley floor on two weights, the explorer, all nine weights."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import promise_kept
from nnlesson.book.prose import fixed, plural, scientific
from nnlesson.book.stories._story import Story
from nnlesson.book.stories.descent import CLOSE, bounce_word
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
    runs: dict  # learning rate -> the explorer's DescentResult on the two weights
    explorer: dict  # the explorer's data (explorer_data), as the page shows it
    eta_nine: float  # the learning rate of plain descent on all nine weights
    plain: object  # DescentResult on all nine weights at eta_nine
    bfgs: object  # BFGSResult on all nine weights
    ends: dict  # "plain", "bfgs" -> the kind of point the run ended at
    steepest: float  # the steepest curvature at the bottom where plain descent stopped
    larger: dict  # learning rate -> DescentResult on nine weights at a rate above eta_nine
    compare_steps: int  # the budget of those runs, which their sentence names

    JUDGING = ("two-close", "ends", "promise", "overshoot-words", "nine-word", "nine-fast-word",
               "nine-high-end")
    BUDGETED = ("nine-high-end",)
    TIGHTER = ("tolerance", "bottom_tolerance", "bfgs_tolerance")
    LONGER = ("max_steps", "bfgs_maxiter")

    def texts(self):
        bottom_J = float(self.bottom.costs[-1])
        close = np.flatnonzero(self.two.costs <= (1 + CLOSE) * bottom_J)
        eta = self.eta
        # Everything derived from the curvatures follows from the shown, rounded values.
        a, b = (round(float(value), 7) for value in (self.along, self.across))
        largest = 2 / b
        kept = {name: promise_kept(run.n_cost_evaluations, self.ends[name] == GLOBAL_MINIMUM)
                for name, run in (("plain", self.plain), ("bfgs", self.bfgs))}
        promise = {
            (True, False): "BFGS keeps that promise for this network; plain descent does not",
            (True, True): "both BFGS and plain descent keep that promise for this network",
            (False, True): "plain descent keeps that promise for this network, but BFGS does not",
            (False, False): "neither method keeps that promise for this network",
        }[(kept["bfgs"], kept["plain"])]
        texts = {
            "rate-two": f"{eta:g}",
            "tolerance": scientific(self.tolerance),
            "max-steps": f"{self.max_steps:,}",
            "explorer-steps": f"{self.explorer_steps:,}",
            "two-steps": plural(self.two.n_steps, "step"),
            "two-J": fixed(self.two.costs[-1], 7),
            "bottom-factor": f"{self.tolerance / self.bottom_tolerance:,.0f}",
            "bottom-J": fixed(bottom_J, 7),
            "bottom-steps": plural(self.bottom.n_steps, "step"),
            "close": f"{CLOSE:.0%}",
            "two-close": ("came within" if close.size else "never came within"),
            "two-close-evals": f"{close[0] + 1:,}" if close.size else "(never)",
            "grid-evals": f"{self.grid_size:,}",
            "floor-steps": str(self.floor_steps),
            "along": fixed(a, 7),
            "across": fixed(b, 7),
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
        texts.update(self._explorer_texts(bottom_J))
        texts.update(self._nine_texts())
        return texts

    def _explorer_texts(self, bottom_J):
        """How many points the explorer keeps, and the fastest rate's overshoot."""
        whole, cut = [], []
        for run in self.explorer["runs"]:
            (whole if len(run["steps"]) == run["n_steps"] + 1 else cut).append(run)
        rates = [run["learning_rate"] for run in whole]
        if not cut:
            kept = "Every run keeps every step, so Step is always one descent step"
        else:
            low, high = (min(len(run["steps"]) for run in cut),
                         max(len(run["steps"]) for run in cut))
            shown = f"{low}" if low == high else f"{low} to {high}"
            some = ("including the run the slider opens on"
                    if self.explorer["initial"] < len(self.explorer["runs"]) and
                    self.explorer["runs"][self.explorer["initial"]] in whole
                    else "though not the run the slider opens on")
            cut_steps = [run["n_steps"] for run in cut]
            listed = [f"{rate:g}" for rate in rates]
            if rates == sorted(self.runs)[-len(rates):]:  # the largest rates
                listed = f"{rates[0]:g} and above"
            elif len(listed) > 1:
                listed = ", ".join(listed[:-1]) + " and " + listed[-1]
            else:
                listed = listed[0]
            kept = (f"The runs at η = {listed} keep every step, {some}, so for them "
                    f"Step is one descent step; the other "
                    f"{len(cut)}, of {min(cut_steps):,} to {max(cut_steps):,} steps, keep "
                    f"{shown} of their points each")
        # The fastest: the largest rate whose run ends near the bottom of the map.
        rates = list(self.runs)
        near = [rate for rate, run in self.runs.items()
                if run.costs[-1] <= (1 + CLOSE) * bottom_J]
        fast = max(near)
        k = rates.index(fast)
        below, above = rates[k - 1], rates[min(k + 1, len(rates) - 1)]
        landing = self.runs[fast].path[1, :2]
        bottom_w = self.bottom.path[-1, :2]
        past = landing[0] > bottom_w[0]  # the start is left of the bottom
        off = max(abs(landing)) > max(abs(np.asarray(self.explorer["map"]["x"])))
        words = ("jumps right past the valley" if past else "stops short of the valley")
        words += " and off the map" if off else ", on the map"
        return {
            "explorer-kept": kept,
            "overshoot-rate": f"{fast:g}",
            "overshoot-steps": plural(self.runs[fast].n_steps, "step"),
            "overshoot-below": f"{below:g}",
            "overshoot-below-steps": plural(self.runs[below].n_steps, "step"),
            "overshoot-above": f"{above:g}",
            "overshoot-above-J": fixed(self.runs[above].costs[-1]),
            "overshoot-above-steps": plural(self.runs[above].n_steps, "step"),
            "overshoot-point": f"{fixed(landing[0], 2)}, {fixed(landing[1], 2)}",
            "overshoot-words": words,
        }

    def _nine_texts(self):
        """Why the book's rate on nine weights, against larger ones."""
        c = float(f"{self.steepest:.4f}")  # as the page prints it
        fast, high = sorted(self.larger)
        fast_run, high_run = self.larger[fast], self.larger[high]
        return {
            "nine-eta-c": f"{self.eta_nine * c:.2f}",
            "nine-word": bounce_word(self.eta_nine, c),
            "nine-fast": f"{fast:g}",
            "nine-fast-evals": f"{fast_run.n_cost_evaluations:,}",
            "nine-fast-eta-c": f"{fast * c:.2f}",
            "nine-fast-word": bounce_word(fast, c),
            "nine-high": f"{high:g}",
            "compare-steps": f"{self.compare_steps:,}",
            "nine-high-rises": f"{high_run.n_rises / high_run.n_steps:.0%}",
            "nine-high-end": ("never met the tolerance" if high_run.reason == "step limit" else
                              f"stopped: {high_run.reason}"),
        }
