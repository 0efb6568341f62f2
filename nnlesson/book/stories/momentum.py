"""The story of :doc:`/momentum`: momentum and Adam on the book's network."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import in_minimum, share_comparison
from nnlesson.book.prose import markdown_table, percent, plural, scientific
from nnlesson.book.stories._story import Story
from nnlesson.endpoints import GLOBAL_MINIMUM, LOCAL_MINIMUM

#: Two runs went "about as far" when their distances from the start agree to this fraction.
SAME_DISTANCE = 0.01


@dataclass(frozen=True)
class MomentumStory(Story):
    """The words of :doc:`/momentum`, from the chapter's settings and runs.

    Examples
    --------
    >>> from nnlesson.book.stories import MomentumStory
    >>> MomentumStory.TIGHTER, MomentumStory.LONGER
    (('tolerance', 'bfgs_tolerance'), ('max_steps',))
    """

    eta: float  # plain descent's rate on one and two weights
    beta: float  # momentum's share of the last step
    tolerance: float  # the one-weight runs stop when the gradient is shorter than this
    map_steps: int  # the two-weight runs' budget (named in its sentence)
    plain: object  # plain descent on one weight at eta
    ball: object  # momentum on one weight at eta * (1 - beta)
    flat: object  # plain descent on two weights, map_steps steps
    same_rate: object  # momentum on two weights at eta * (1 - beta)
    fast: object  # momentum on two weights at eta
    J_bottom: float  # the bottom of the two-weight map
    close: float  # "near the bottom": a cost within this fraction of J_bottom
    c: float  # the stuck valley's steepest curvature
    trap_etas: list  # the rates of ...
    trap_steps: int  # ... the runs from the stuck minimum, with this budget (named)
    plain_trap: object  # StudyResult: plain descent from the minimum at each rate
    ball_trap: object  # StudyResult: momentum from the minimum at each rate
    minimum: object  # PointReport of the stuck minimum
    n_starts: int  # the studies' starts
    eta_nine: float  # plain descent's rate in the study
    adam_eta: float  # Adam's rate in the study
    study_steps: int  # the studies' budget (named)
    study_tolerance: float  # the studies' tolerance (named)
    studies: dict  # "plain", "momentum", "Adam" -> StudyResult

    JUDGING = ("plain-words", "ball-words", "one-weight-words", "same-rate-words", "fast-words",
               "near-sentence", "near-lower", "trap-sentence", "trap-moral", "floor-sentence",
               "adam-sentence", "share-summary", "disguise")
    BUDGETED = ("same-rate-words", "fast-words", "near-sentence", "near-lower", "trap-sentence",
                "trap-moral", "floor-sentence", "adam-sentence", "share-summary", "disguise")
    TIGHTER = ("tolerance", "bfgs_tolerance")
    LONGER = ("max_steps",)

    def _in_minimum(self, report):
        return in_minimum(report, self.minimum)

    def _where(self, report):
        return ("stayed in the minimum" if self._in_minimum(report)
                else "left it for the good valley" if report.kind == GLOBAL_MINIMUM
                else f"ended at a {report.kind}")

    def _first_near(self, run):
        """The first step of ``run`` whose cost is within ``close`` of the bottom, or None."""
        near = np.flatnonzero(np.asarray(run.costs) <= self.J_bottom * (1 + self.close))
        return int(near[0]) if len(near) else None

    def _near_sentence(self, capital=True):
        """When each two-weight run first came near the bottom, grouped: those that did, those not."""
        names = ["plain descent", "momentum at the same effective rate", "momentum at the same η"]
        steps = [self._first_near(run) for run in (self.flat, self.same_rate, self.fast)]
        came = [f"{name} at step {step:,}" for name, step in zip(names, steps) if step is not None]
        never = [name for name, step in zip(names, steps) if step is None]
        parts = []
        if came:
            parts.append(", ".join(came) + (" came that near" if len(came) == 1 else " did"))
        if never:
            parts.append(" and ".join(never) + f" did not within {self.map_steps:,} steps")
        text = "; ".join(parts) + "."
        return text[0].upper() + text[1:] if capital else text

    @staticmethod
    def _rates(rates):
        return " and ".join(f"{rate:g}" for rate in rates)

    def _how_far(self, run):
        """How far ``run`` went along the floor, against plain descent's run."""
        def travel(r):
            return float(np.linalg.norm(r.path[-1] - r.path[0]))
        ratio = travel(run) / travel(self.flat)
        return ("about as far along the floor as" if abs(ratio - 1) <= SAME_DISTANCE
                else "further along the floor than" if ratio > 1
                else "less far along the floor than")

    def texts(self):
        c = self.c  # the bounds are formatted from the value, as the chapter prints them
        rows, told, wheres = [], [], {}
        for method, study, bound in [("plain", self.plain_trap, 2 / c),
                                     ("momentum", self.ball_trap, 2 * (1 + self.beta) / c)]:
            by_where = {}  # each outcome, with the rates that had it, in order
            for rate, end in zip(self.trap_etas, study.ends):
                where = self._where(end)
                by_where.setdefault(where, []).append(rate)
                wheres[method, rate] = where
                rows.append([method,
                             f"{rate:g} < {bound:.1f}: can rest here" if rate < bound else
                             f"{rate:g} > {bound:.1f}: cannot rest here",
                             where, scientific(end.cost)])
            told.append(f"{'plain descent' if method == 'plain' else 'momentum'} "
                        + " and ".join(f"at {self._rates(rates)} {where}"
                                       for where, rates in by_where.items()))
        stay = "stayed in the minimum"
        kept = [r for r in self.trap_etas
                if wheres["momentum", r] == stay and wheres["plain", r] != stay]
        lost = [r for r in self.trap_etas
                if wheres["plain", r] == stay and wheres["momentum", r] != stay]
        morals = []
        if kept:
            between = all(2 / c < r < 2 * (1 + self.beta) / c for r in kept)
            morals.append(f"At η = {self._rates(kept)}"
                          + (", between the two bounds," if between else "")
                          + " momentum stayed in the minimum and plain descent did not.")
        if lost:
            morals.append(f"At η = {self._rates(lost)} plain descent stayed in the minimum "
                          f"and momentum did not.")
        trap_moral = " ".join(morals) or "At these rates both methods ended alike."
        ball_more = self.ball.n_steps - self.plain.n_steps
        one_weight = ("needed more steps than" if ball_more > 0
                      else "needed fewer steps than" if ball_more < 0
                      else "needed as many steps as")
        counts = {name: {kind: int(np.sum(study.kinds == kind))
                         for kind in (GLOBAL_MINIMUM, LOCAL_MINIMUM)}
                  for name, study in self.studies.items()}
        n = self.n_starts
        floor = {name: count[GLOBAL_MINIMUM] / n for name, count in counts.items()}
        local = {name: count[LOCAL_MINIMUM] / n for name, count in counts.items()}
        rates = {"plain": self.eta_nine, "momentum": self.eta_nine * (1 - self.beta),
                 "Adam": self.adam_eta}
        shown = {"plain": f"{rates['plain']:g}", "Adam": f"{rates['Adam']:g}",
                 "momentum": f"{rates['momentum']:g} (effective {self.eta_nine:g})"}
        study_rows = [[name, shown[name],
                       f"{counts[name][GLOBAL_MINIMUM]} ({percent(floor[name], 0)})",
                       f"{counts[name][LOCAL_MINIMUM]} ({percent(local[name], 0)})",
                       str(n - counts[name][GLOBAL_MINIMUM] - counts[name][LOCAL_MINIMUM]),
                       ", ".join(f"{k} {v}" for k, v in zip(*np.unique(
                           self.studies[name].reasons, return_counts=True)))]
                      for name in self.studies]
        floor_words = share_comparison(floor["momentum"], floor["plain"])
        adam_words = share_comparison(local["Adam"], local["plain"])
        floor_sentence = (
            f"momentum ended in the good valley (a global minimum) in "
            f"{counts['momentum'][GLOBAL_MINIMUM]} of {n} runs, plain descent in "
            f"{counts['plain'][GLOBAL_MINIMUM]}: at the same effective rate, momentum reached "
            f"the good valley {floor_words} plain descent.")
        adam_sentence = (
            f"Adam ended in a local minimum in {counts['Adam'][LOCAL_MINIMUM]} of {n} runs, "
            f"plain descent in {counts['plain'][LOCAL_MINIMUM]}: Adam ended stuck "
            f"{adam_words} plain descent.")
        return {
            "eta": f"{self.eta:g}",
            "eta-small": f"{self.eta * (1 - self.beta):g}",
            "beta": f"{self.beta:g}",
            "boost": f"{1 / (1 - self.beta):g}",
            "bound-factor": f"{1 + self.beta:g}",
            "plain-words": "came to rest" if self.plain.reason == "converged" else
                           "was still moving",
            "ball-words": "came to rest" if self.ball.reason == "converged" else
                          "was still moving",
            "plain-steps": plural(self.plain.n_steps, "step"),
            "ball-steps": plural(self.ball.n_steps, "step"),
            "ball-rises": f"{self.ball.n_rises:,}",
            "map-steps": f"{self.map_steps:,}",
            "same-rate-words": self._how_far(self.same_rate),
            "fast-words": "went " + self._how_far(self.fast) + " plain descent",
            "one-weight-words": one_weight,
            "close": f"{self.close * 100:g}%",
            "bottom-J": f"{self.J_bottom:.7f}",
            "near-sentence": self._near_sentence(),
            "near-lower": self._near_sentence(capital=False),
            "trap-moral": trap_moral,
            "c": f"{c:.4f}",
            "plain-bound": f"{2 / c:.1f}",
            "momentum-bound": f"{2 * (1 + self.beta) / c:.1f}",
            "trap-etas": " and ".join(f"{rate:g}" for rate in self.trap_etas),
            "trap-steps": f"{self.trap_steps:,}",
            "trap-table": markdown_table(
                ["method", "η against its bound", f"within {self.trap_steps:,} steps it ...",
                 "final $J$"], rows, align=["left", "left", "left", "right"]),
            "trap-sentence": "; ".join(told) + ".",
            "n-starts": f"{n:,}",
            "study-steps": f"{self.study_steps:,}",
            "study-tolerance": scientific(self.study_tolerance),
            "eta-nine": f"{self.eta_nine:g}",
            "adam-eta": f"{self.adam_eta:g}",
            "study-table": markdown_table(
                ["method", "η", f"within {self.study_steps:,} steps: good valley", "local minimum",
                 "elsewhere", "why the runs stopped"], study_rows,
                align=["left", "right", "right", "right", "right", "left"]),
            "floor-sentence": floor_sentence,
            "disguise": ("So over these starts momentum at an equal effective rate did not "
                         "end where plain descent did." if floor_words != "about as often as"
                         else "Over these starts momentum at an equal effective rate ended "
                         "about where plain descent did."),
            "adam-sentence": adam_sentence,
            "share-summary": (f"momentum at the same effective rate reached the good valley "
                              f"{floor_words} plain descent ({percent(floor['momentum'], 0)} "
                              f"against {percent(floor['plain'], 0)}); Adam ended in a local "
                              f"minimum {adam_words} plain descent ({percent(local['Adam'], 0)} "
                              f"against {percent(local['plain'], 0)})"),
        }
