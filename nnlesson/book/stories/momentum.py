"""The story of :doc:`/momentum`: momentum and Adam on the book's network."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import share_comparison
from nnlesson.book.prose import markdown_table, percent, plural, scientific
from nnlesson.book.stories._story import Story
from nnlesson.endpoints import GLOBAL_MINIMUM, LOCAL_MINIMUM

#: Two costs are "the same minimum" when they agree to this fraction (as in the convexity story).
SAME_COST = 1e-6
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

    JUDGING = ("plain-words", "ball-words", "same-rate-words", "fast-words", "trap-sentence",
               "floor-sentence", "adam-sentence", "share-summary", "disguise")
    BUDGETED = ("same-rate-words", "fast-words", "trap-sentence", "floor-sentence",
                "adam-sentence", "share-summary", "disguise")
    TIGHTER = ("tolerance", "bfgs_tolerance")
    LONGER = ("max_steps",)

    def _in_minimum(self, report):
        return (report.kind == LOCAL_MINIMUM
                and abs(report.cost - self.minimum.cost) <= SAME_COST * self.minimum.cost)

    def _where(self, report):
        return ("stayed in the minimum" if self._in_minimum(report)
                else "bounced out, into the good valley" if report.kind == GLOBAL_MINIMUM
                else f"ended at a {report.kind}")

    def _how_far(self, run):
        """How far ``run`` went along the floor, against plain descent's run."""
        def travel(r):
            return float(np.linalg.norm(r.path[-1] - r.path[0]))
        ratio = travel(run) / travel(self.flat)
        return ("about as far along the floor as" if abs(ratio - 1) <= SAME_DISTANCE
                else "further along the floor than" if ratio > 1
                else "less far along the floor than")

    def texts(self):
        c = float(f"{self.c:.3g}")  # as shown; the bounds follow from it
        rows, told = [], []
        for method, study, bound in [("plain", self.plain_trap, 2 / c),
                                     ("momentum", self.ball_trap, 2 * (1 + self.beta) / c)]:
            words = []
            for rate, end in zip(self.trap_etas, study.ends):
                where = self._where(end)
                words.append(f"at {rate:g} {where}")
                rows.append([method, f"{rate:g}",
                             f"below {bound:.1f}: it can settle" if rate < bound else
                             f"above {bound:.1f}: it cannot settle at the bottom",
                             where, scientific(end.cost)])
            told.append(f"{'plain descent' if method == 'plain' else 'momentum'} "
                        + " and ".join(words))
        counts = {name: {kind: int(np.sum(study.kinds == kind))
                         for kind in (GLOBAL_MINIMUM, LOCAL_MINIMUM)}
                  for name, study in self.studies.items()}
        n = self.n_starts
        floor = {name: count[GLOBAL_MINIMUM] / n for name, count in counts.items()}
        local = {name: count[LOCAL_MINIMUM] / n for name, count in counts.items()}
        rates = {"plain": self.eta_nine, "momentum": self.eta_nine * (1 - self.beta),
                 "Adam": self.adam_eta}
        study_rows = [[name, f"{rates[name]:g}",
                       f"{counts[name][GLOBAL_MINIMUM]} ({percent(floor[name], 0)})",
                       f"{counts[name][LOCAL_MINIMUM]} ({percent(local[name], 0)})",
                       str(n - counts[name][GLOBAL_MINIMUM] - counts[name][LOCAL_MINIMUM]),
                       ", ".join(f"{k} {v}" for k, v in zip(*np.unique(
                           self.studies[name].reasons, return_counts=True)))]
                      for name in self.studies]
        floor_words = share_comparison(floor["momentum"], floor["plain"])
        adam_words = share_comparison(local["Adam"], local["plain"])
        floor_sentence = (
            f"momentum ended on the floor (a global minimum) in {counts['momentum'][GLOBAL_MINIMUM]} "
            f"of {n} runs, plain descent in {counts['plain'][GLOBAL_MINIMUM]}: at the same "
            f"effective rate, momentum reached the floor {floor_words} plain descent.")
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
            "c": scientific(c, 3),
            "plain-bound": f"{2 / c:.1f}",
            "momentum-bound": f"{2 * (1 + self.beta) / c:.1f}",
            "trap-etas": " and ".join(f"{rate:g}" for rate in self.trap_etas),
            "trap-steps": f"{self.trap_steps:,}",
            "trap-table": markdown_table(
                ["method", "η", "its bound", f"within {self.trap_steps:,} steps it ...",
                 "final $J$"], rows, align=["left", "right", "left", "left", "right"]),
            "trap-sentence": "; ".join(told) + ".",
            "n-starts": f"{n:,}",
            "study-steps": f"{self.study_steps:,}",
            "study-tolerance": scientific(self.study_tolerance),
            "eta-nine": f"{self.eta_nine:g}",
            "adam-eta": f"{self.adam_eta:g}",
            "study-table": markdown_table(
                ["method", "η", f"within {self.study_steps:,} steps: floor", "local minimum",
                 "elsewhere", "why the runs stopped"], study_rows,
                align=["left", "right", "right", "right", "right", "left"]),
            "floor-sentence": floor_sentence,
            "disguise": ("So over these starts momentum at an equal effective rate was not "
                         "plain descent in disguise: the overshoot changed where runs ended, "
                         "not only how fast they got there." if floor_words != "about as often as"
                         else "Over these starts momentum at an equal effective rate ended "
                         "about where plain descent did."),
            "adam-sentence": adam_sentence,
            "share-summary": (f"momentum at the same effective rate reached the floor "
                              f"{floor_words} plain descent ({percent(floor['momentum'], 0)} "
                              f"against {percent(floor['plain'], 0)}); Adam ended in a local "
                              f"minimum {adam_words} plain descent ({percent(local['Adam'], 0)} "
                              f"against {percent(local['plain'], 0)})"),
        }
