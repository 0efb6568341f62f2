"""The story of :doc:`/convexity`: a start that gets stuck, why, and what gets it out."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import convexity_verdict, in_minimum
from nnlesson.book.prose import fixed, how_often, markdown_table, plural, scientific
from nnlesson.book.stories._story import Story
from nnlesson.endpoints import GLOBAL_MINIMUM, ZERO_CURVATURE

#: A walk along the floor "stays at the stuck cost" when J changes by less
#: than this fraction of it (rounding leaves about 1e-16).
LEVEL = 1e-12
#: A run "moved" when it ended farther than this from where it started;
#: rounding alone moves a batch run at the minimum by about 1e-16.
MOVED = 1e-6
#: A run rests "at the edge" when eta * c at its end lies between this and 2.
EDGE = 1.9


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
    curvatures: np.ndarray  # the nine curvatures (Hessian eigenvalues) at the stuck point
    edge: float  # how far along the floor an output weight reaches 0 (signed)
    walked: np.ndarray  # the signed distances of the floor walk's points
    J_change: list  # J - J_stuck at points of the floor walk
    smallest: list  # the smallest curvature at each of them (the last: past the edge)
    past_end: object  # PointReport of the last point, as far again past the edge
    nudge: float  # how far the saddle point was nudged
    nudged_J: list  # J after the nudge, either way
    way_out_end: object  # PointReport of BFGS's end from the first nudge
    moved: list  # how far each bounce run moved from the stuck point
    c_end: list  # the steepest curvature where each bounce run ended
    sgd_moved: list  # how far each stochastic run at eta_nine ended from the stuck point
    batch_moved: float  # how far the batch run at eta_nine moved
    tried: object  # StudyResult of the exercise: stochastic descent at 20, ten seeds
    first: list  # the one-student step at which each of its runs fell below 1e-6

    JUDGING = ("convex-verdict", "min-kind", "bfgs-seeds", "neurons-alike", "n-curved-words",
               "floor-level", "before-curvature-words", "past-curvature-words", "past-kind", "way-out-words",
               "batch-words", "batch-trap", "bounce-words", "bounce-sentence", "bounce-rest",
               "edge-words", "edge-walk", "bounce-summary", "sgd-words", "sgd-book-words", "sgd-summary",
               "step-vs-noise", "noise-summary", "tried-words", "nudge-words", "batch-end-kind", "sgd-above",
               "batch-vs-min", "batch-end-words")
    BUDGETED = ("batch-words", "batch-trap", "bounce-words", "bounce-sentence", "bounce-rest",
                "edge-words", "edge-walk", "bounce-summary", "sgd-words", "sgd-book-words", "sgd-summary",
                "step-vs-noise", "noise-summary", "tried-words", "sgd-above")
    # "It stopped after N steps, at a cost below J_stuck ... refining reaches a saddle point"
    AT_THE_STOP = ("batch-end-kind", "batch-vs-min", "batch-end-words")
    TIGHTER = ("tolerance", "bfgs_tolerance")
    LONGER = ("max_steps",)

    @property
    def minimum(self):
        """The PointReport of the stuck BFGS end."""
        return self.ends[self.stuck_seed]

    def _in_minimum(self, report):
        return in_minimum(report, self.minimum)

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
            finals = [J for J, r in zip(self.sgd.final_costs, self.sgd_rates) if r == rate]
            rows.append([f"{rate:g}", word, ", ".join(scientific(J) for J in finals)])
        told = [self._told(rate * lam_max > 2, end, moved)
                for rate, end, moved in zip(self.bounce_out_etas, self.bounce.ends, self.moved)]
        bounce_rows = [[f"{rate:g}", f"{rate * lam_max:.2f}", what, scientific(moved),
                        f"{c_end:.5f}", f"{rate * c_end:.3f}", scientific(J)]
                       for rate, what, moved, c_end, J in
                       zip(self.bounce_out_etas, told, self.moved, self.c_end,
                           self.bounce.final_costs)]
        above = [(rate, what) for rate, what in zip(self.bounce_out_etas, told)
                 if rate * lam_max > 2]
        # the first run above the stuck point's largest rate: where did it end?
        slid = next(k for k, rate in enumerate(self.bounce_out_etas) if rate * lam_max > 2)
        slid_rate, slid_c = self.bounce_out_etas[slid], self.c_end[slid]
        at_edge = (self._in_minimum(self.bounce.ends[slid]) and self.moved[slid] > MOVED
                   and EDGE < slid_rate * slid_c < 2)
        curved = np.asarray(self.curvatures)
        flat = curved[np.abs(curved) <= ZERO_CURVATURE]
        level = max(abs(float(dJ)) for dJ in self.J_change)
        # the smallest curvature up to where an output weight reaches 0, and beyond it
        reach = abs(float(self.edge)) * (1 + 1e-9)
        before = [c for d, c in zip(self.walked, self.smallest) if abs(d) <= reach]
        past = [c for d, c in zip(self.walked, self.smallest) if abs(d) > reach]
        book_ends = sgd_ends[self.eta_nine]
        sgd_stayed = all(self._in_minimum(end) for end in book_ends)
        noise_moves = sgd_stayed and min(self.sgd_moved) > MOVED > self.batch_moved
        reached = [step for step in self.first if step is not None]
        return {
            "convex-verdict": convexity_verdict(len(self.changes)),
            "n-changes": how_often(len(self.changes)),
            "bfgs-seeds": self._bfgs_seeds(),
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
            "target-2": f"{float(self.y.ravel()[1]):g}",
            "target-3": f"{float(self.y.ravel()[2]):g}",
            "logit-2": f"{logit[1]:.3f}",
            "logit-3": f"{logit[2]:.3f}",
            "good-w2": ", ".join(fixed(w, 2) for w in self.good.W2.ravel()),
            "stuck-w2-signs": _signs(self.minimum.network.W2),
            "good-w2-signs": _signs(self.good.W2),
            "n-curved-words": (f"{int(np.sum(curved > ZERO_CURVATURE))} of the "
                               f"{curved.size} curvatures"),
            "n-flat": str(flat.size),
            "flat-example": (scientific(float(flat[np.argmax(np.abs(flat))])) if flat.size
                             else "0"),
            "zero-curvature": scientific(ZERO_CURVATURE),
            "floor-level": ("stays at the stuck cost, to the computer's last digits"
                            if level < LEVEL * self.minimum.cost else "changes"),
            "floor-change": scientific(level),
            "edge-distance": f"{abs(self.edge):.2f}",
            "before-curvature-words": ("is zero, to rounding: nowhere does the ground curve down"
                                       if all(c >= -ZERO_CURVATURE for c in before)
                                       else "is already negative somewhere"),
            "past-curvature-words": ("is negative at every point printed"
                                     if past and all(c < -ZERO_CURVATURE for c in past)
                                     else "is not negative at every point printed"),
            "past-distance": f"{abs(float(self.walked[-1])):.2f}",
            "past-curvature": scientific(float(self.smallest[-1])),
            "past-kind": self.past_end.kind,
            "nudge": f"{self.nudge:g}",
            "nudge-words": ("both nudges lower the cost below the stuck cost"
                            if max(self.nudged_J) < self.minimum.cost
                            else "the nudges do not both lower the cost"),
            "way-out-words": ("walks down into the good valley"
                              if self.way_out_end.kind == GLOBAL_MINIMUM
                              else f"ends at a {self.way_out_end.kind}"),
            "batch-end-kind": self.batch_end.kind,
            "batch-end-distance": f"{self.batch_end.distance:.2f}",
            "batch-vs-min": ("a little below" if self.batch.costs[-1] < self.minimum.cost
                             else "above"),
            "batch-end-words": (
                "not close. A short gradient only says that the ground is gently sloped, "
                "not that a place where the gradient is zero is near."
                if self.batch_end.distance > 0.1
                else "close: the run was passing near it."),
            "rate": f"{self.eta_nine:g}",
            "tolerance": scientific(self.tolerance),
            "budget": f"{self.long_steps:,}",
            "batch-steps": plural(self.batch.n_steps, "step"),
            "batch-words": self._where(self.long_end),
            "batch-trap": (
                "The gentle ground where the tolerance stopped it was a place to creep "
                "through, not a trap: from this start plain descent is not stuck; only BFGS "
                "ended in the minimum." if self.long_end.kind == GLOBAL_MINIMUM
                else f"From this start plain descent too ends at a {self.long_end.kind}."),
            "lam-max": scientific(lam_max, 3),
            "largest-rate": f"{largest:.1f}",
            "bounce-table": markdown_table(
                ["η", "η c at the stuck point", f"within {self.long_steps:,} steps it ...",
                 "moved", "c where it ended", "η c there", "$J$ where it ended"], bounce_rows,
                align=["right", "right", "left", "right", "right", "right", "right"]),
            "bounce-words": "; ".join(row[2] for row in bounce_rows),
            "bounce-sentence": "; ".join(f"at {rate:g} it {what}" for rate, what in
                                         zip(self.bounce_out_etas, told)) + ".",
            "bounce-rest": (
                "Every run ended where η c < 2 for the steepest curvature c there."
                if all(rate * c_end < 2 for rate, c_end in zip(self.bounce_out_etas, self.c_end))
                else "Not every run ended where η c < 2."),
            "edge-rate": f"{slid_rate:g}",
            "edge-moved": scientific(self.moved[slid]),
            "edge-c": f"{slid_c:.5f}",
            "edge-limit": f"2/{slid_rate:g} = {2 / slid_rate:g}",
            "edge-words": ("just below" if at_edge else "not just below"),
            "edge-walk": ("It walked along the floor just as far as its rate "
                          "required." if at_edge else ""),
            "bounce-summary": "; ".join(f"the run at {rate:g} {what}" for rate, what in above),
            "sgd-moved": f"{min(self.sgd_moved):.2f} to {max(self.sgd_moved):.2f}",
            "batch-moved": scientific(self.batch_moved),
            "step-vs-noise": ("At equal step size, it is the noise that moves the run, and it "
                              "moves it along the flat floor." if noise_moves
                              else "The noise did not move the stochastic runs more than "
                              "batch descent moved."),
            "noise-summary": (
                "At the same rate, its noise moves a run along the floor where batch descent "
                "does not move at all." if noise_moves else ""),
            "tried-words": self._tried_words(reached),
            "tried-range": (f"{min(reached):,} to {max(reached):,}" if reached else "none"),
            "sgd-seeds": str(len(book_ends)),
            "sgd-epochs": f"{len(self.sgd.cost_history) - 1:,}",
            "sgd-steps": f"{sgd_steps:,}",
            "sgd-summary": "; ".join(f"at {_and(rates)} the runs {word}" for word, rates in
                                     _by_word(sgd_ends, sgd_words).items()),
            "sgd-above": self._sgd_above()[0],
            "sgd-above-most": self._sgd_above()[1],
            "sgd-table": markdown_table(
                ["learning rate", f"within {sgd_steps:,} one-student steps, the runs ...",
                 "$J$ where each run ended"], rows, align=["right", "left", "left"]),
            "sgd-words": "; ".join(sgd_words),
            "sgd-book-words": sgd_words[list(sgd_ends).index(self.eta_nine)],
        }

    def _bfgs_seeds(self):
        """Where BFGS took each seed, in one sentence."""
        others = {}
        for seed, end in self.ends.items():
            if seed != self.stuck_seed:
                where = ("reaches the good valley" if end.kind == GLOBAL_MINIMUM
                         else f"ends at a {end.kind}")
                others.setdefault(where, []).append(str(seed))
        before = "".join(f"From seed{'s' if len(seeds) > 1 else ''} {' and '.join(seeds)} "
                         f"BFGS {where}; " for where, seeds in others.items())
        last = f"from seed {self.stuck_seed} it ends in a {self.minimum.kind}."
        return before + last if before else f"F{last[1:]}".replace(" it ", " BFGS ", 1)

    def _sgd_above(self):
        """Where the runs that stayed ended, against J_stuck: "a little above", and how much."""
        stayed = [J for J, end in zip(self.sgd.final_costs, self.sgd.ends) if self._in_minimum(end)]
        if not stayed:
            return "(no run stayed)", "none"
        J_stuck = self.minimum.cost
        words = "a little above" if min(stayed) >= J_stuck else "on both sides of"
        return words, f"at most {100 * (max(stayed) / J_stuck - 1):.0f}% above"

    def _told(self, above, end, moved):
        """What a run from the minimum did, as the bounce table and its sentences say it."""
        if self._in_minimum(end):
            if moved <= MOVED:
                return "stayed where it started"
            return "bounced, slid along the flat floor, and stayed on it"
        if end.kind == GLOBAL_MINIMUM:
            return ("bounced out, and walked downhill into the good valley" if above
                    else "left the minimum")
        return f"ended at a {end.kind}"

    def _tried_words(self, reached):
        """The exercise at rate 20: does the shuffling seed decide?"""
        n = len(self.first)
        if not reached:
            return "no seed reaches the good valley: at this rate the runs stay"
        if len(reached) < n:
            return (f"{len(reached)} of the {n} seeds reach the good valley: at this rate the "
                    "shuffle decides")
        same = (max(reached) - min(reached)) <= 0.1 * min(reached)
        return (f"every one of the {n} seeds reaches the good valley"
                + (", at nearly the same step: at this rate the outcome does not depend on the shuffle"
                   if same else ", at different steps"))


def _by_word(rates, words):
    """Word -> the rates that earned it, in order."""
    grouped = {}
    for rate, word in zip(rates, words):
        grouped.setdefault(word, []).append(rate)
    return grouped


def _and(rates):
    """"3", "3 and 10", "3, 10 and 30"."""
    names = [f"{rate:g}" for rate in rates]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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
