"""The story of :doc:`/claims` (Going deeper): every claim of the series, checked."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import (bound_verdict, convexity_verdict, order_verdict, share_verdict,
                                  timing_verdict)
from nnlesson.book.prose import (fixed, how_often, markdown_table, percent, plural, scientific,
                                 shown_seconds, timing_span)
from nnlesson.book.source import CLAIMED, quote
from nnlesson.book.stories._story import Story, Timed
from nnlesson.book.timing import BruteForceTimes, timing_texts
from nnlesson.bruteforce import brute_force_seconds
from nnlesson.endpoints import GLOBAL_MINIMUM, KINDS, LOCAL_MINIMUM

YEAR = 365 * 24 * 3600
#: The series' words that the table of claims quotes.
QUOTED = ("one-weight-time", "million-time", "three-weights", "nine-weights", "cost-2-8", "convex",
          "promise", "gradient-check")


@dataclass(frozen=True)
class ClaimsStory(Story):
    """The words of :doc:`/claims`, from the chapter's settings, checks and studies.

    Examples
    --------
    >>> from nnlesson.book.stories import ClaimsStory
    >>> ClaimsStory.TIGHTER, ClaimsStory.LONGER, ClaimsStory.BUDGETED
    (('tolerance', 'bfgs_tolerance'), ('bfgs_maxiter',), ('stuck-words',))
    """

    times: BruteForceTimes  # the build's one measurement of brute force
    n_starts: int  # the studies train Network.random(seed=s) for s in range(n_starts)
    bfgs_tolerance: float
    eta_nine: float  # the learning rate of both descents
    tolerance: float  # a descent run stops when the gradient is shorter than this ...
    study_steps: int  # ... or after this many steps
    J_at_w: float  # J where the series says "J is 2.8"
    bound: float  # half the sum of the squared targets: no weights reach it
    sign_changes: int  # how often the curvature along W1[0,0] changes sign
    errors: np.ndarray  # gradient-check relative errors, one per starting network
    bfgs: object  # StudyResult
    plain: object
    sgd: object

    JUDGING = ("c1-verdict", "c2-verdict", "c3-verdict", "c4-verdict", "c5-verdict",
               "c6-verdict", "c7-verdict", "c8-verdict", "stuck-words", "timings-summary")
    BUDGETED = ("stuck-words",)  # "Within the descent runs' budget of 20,000 steps, ..."
    TIGHTER = ("tolerance", "bfgs_tolerance")
    LONGER = ("bfgs_maxiter",)

    @property
    def studies(self):
        """The three studies by name, in the tables' order."""
        return {"BFGS": self.bfgs, "gradient descent": self.plain, "stochastic descent": self.sgd}

    def texts(self):
        t = self.times
        texts = timing_texts(t)

        def span(name):
            return timing_span(texts[name], name)

        # Each verdict's ratio follows from the rounded time the page shows beside it.
        one = shown_seconds(t.loop_seconds_per_evaluation * 1000)
        million = shown_seconds(t.loop_seconds_per_evaluation * t.grid_evaluations)
        three = shown_seconds(brute_force_seconds(3, 1000, t.loop_seconds_per_evaluation))
        nine = shown_seconds(brute_force_seconds(9, 1000, t.loop_seconds_per_evaluation))
        bfgs = self.bfgs
        reached = bfgs.kinds == GLOBAL_MINIMUM
        kept = reached & (bfgs.counts < CLAIMED["promise"])
        work = []
        ends = []
        stuck = {}
        for name, study in self.studies.items():
            good = study.kinds == GLOBAL_MINIMUM
            unit = study.count_unit.replace("one-example", "one-student")
            work.append([f"{name} ({unit})", f"{np.median(study.counts):,.0f}",
                         percent(np.mean(good & (study.counts < CLAIMED["promise"]))),
                         f"{study.counts.max():,}"])
            ends.append([name] + [percent(np.mean(study.kinds == kind)) for kind in KINDS])
            stuck[name] = int(np.sum(study.kinds == LOCAL_MINIMUM))
        words = ("some runs of every method end in a local minimum" if all(stuck.values())
                 else "; ".join(f"{name}: {plural(n, 'run')} end in a local minimum"
                                for name, n in stuck.items()))
        others = sorted({reason for study in self.studies.values() for reason in study.reasons}
                        - {"converged"})
        unconverged = sum(int(np.sum(study.reasons != "converged"))
                          for study in self.studies.values())
        quotes = {f"q-{key}": quote(key) for key in QUOTED}
        verdicts = [timing_verdict(one, CLAIMED["one-weight-seconds"]),
                    timing_verdict(million, CLAIMED["million-seconds"]),
                    timing_verdict(three, CLAIMED["three-weights-seconds"]),
                    timing_verdict(nine / YEAR, CLAIMED["nine-weights-years"])]
        if all(v.endswith("faster") for v in verdicts):
            timings = ("do not hold on this machine, which is faster than the one that "
                       "typed them")
        elif all(v.endswith("slower") for v in verdicts):
            timings = "do not hold on this machine, which is slower than the one that typed them"
        elif all(v == verdicts[0] for v in verdicts):
            timings = "hold on this machine"
        else:
            timings = "hold on this machine for some searches and not for others"
        return {
            **quotes,
            "c1-verdict": Timed(verdicts[0]),
            "c1-measured": span("one-weight"),
            "c2-verdict": Timed(verdicts[1]),
            "c2-measured": (f"{span('million-loop')} one at a time (scaled up from "
                            f"{t.loop_evaluations_timed:,} timed); {span('million-vectorized')} "
                            "vectorized"),
            "c3-verdict": Timed(verdicts[2]),
            "c3-measured": f"{span('3-weights-loop')} at this machine's loop rate",
            "c4-verdict": Timed(verdicts[3]),
            "c4-measured": f"{span('nine-loop')} at this machine's loop rate",
            "c5-verdict": bound_verdict(CLAIMED["cost-2-8"], self.bound),
            "c5-measured": (f"J = {fixed(self.J_at_w)}; no weights can give "
                            f"{fixed(self.bound)} or more"),
            "c6-verdict": convexity_verdict(self.sign_changes),
            "c6-measured": (f"the curvature along one weight changes sign "
                            f"{how_often(self.sign_changes)}; the study below finds starts that "
                            "end in a local minimum"),
            "c7-verdict": share_verdict(float(np.mean(kept))),
            "c7-measured": (f"BFGS reached the global minimum in fewer than "
                            f"{CLAIMED['promise']} evaluations from {percent(np.mean(kept))} of "
                            f"{len(kept)} starts ({int(kept.sum())} of them; median "
                            f"{np.median(bfgs.counts):.0f}, worst {bfgs.counts.max()}); plain "
                            f"descent: median {np.median(self.plain.counts):,.0f}"),
            "c8-verdict": order_verdict(float(self.errors.max()), CLAIMED["gradient-check"]),
            "c8-measured": (f"worst {scientific(float(self.errors.max()))}, median "
                            f"{scientific(float(np.median(self.errors)))} over "
                            f"{len(self.errors)} starting networks"),
            "timings-summary": Timed(timings),
            "study-size": str(self.n_starts),
            "promise-limit": str(CLAIMED["promise"]),
            "tolerance": scientific(self.tolerance),
            "bfgs-tolerance": scientific(self.bfgs_tolerance),
            "budget": f"{self.study_steps:,}",
            "rate": f"{self.eta_nine:g}",
            "work-table": markdown_table(
                ["method (work counted in)", "median", "reached the global minimum in under "
                 f"{CLAIMED['promise']}", "worst"], work),
            "ends-table": markdown_table(["method", *KINDS], ends),
            "stuck-words": words,
            "stuck-shares": ", ".join(f"{percent(np.mean(study.kinds == LOCAL_MINIMUM))} with "
                                      f"{name}" for name, study in self.studies.items()),
            "best-final": scientific(min(study.final_costs.min()
                                         for study in self.studies.values())),
            "unconverged": ("every run stopped because its gradient was short" if not unconverged
                            else f"{plural(unconverged, 'run')} stopped for another reason "
                                 f"({', '.join(others)})"),
        }

