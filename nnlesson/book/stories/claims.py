"""The story of :doc:`/claims` (Going deeper): the series' claims, checked."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import (MACHINE, bound_verdict, convexity_verdict, order_verdict,
                                  promise_share, share_verdict, sometimes_verdict,
                                  timing_verdict)
from nnlesson.book.prose import (fixed, how_often, markdown_table, percent, plural, scientific,
                                 shown_seconds, timing_span)
from nnlesson.book.source import CLAIMED, quote
from nnlesson.book.stories._story import Story, Timed
from nnlesson.book.timing import BruteForceTimes, timing_texts
from nnlesson.bruteforce import brute_force_seconds
from nnlesson.endpoints import GLOBAL_MINIMUM, KINDS, LOCAL_MINIMUM, PLATEAU, SADDLE_POINT

YEAR = 365 * 24 * 3600
#: The series' words that the table of claims quotes.
QUOTED = ("one-weight-time", "million-time", "three-weights", "nine-weights", "cost-2-8", "convex",
          "promise", "stochastic", "gradient-check")
#: A kind of point as a sentence names it.
ARTICLE = {GLOBAL_MINIMUM: "the global minimum", LOCAL_MINIMUM: "a local minimum",
           SADDLE_POINT: "a saddle point", PLATEAU: "a plateau"}


@dataclass(frozen=True)
class ClaimsStory(Story):
    """The words of :doc:`/claims`, from the chapter's settings, checks and studies.

    Examples
    --------
    >>> from nnlesson.book.stories import ClaimsStory
    >>> ClaimsStory.TIGHTER, ClaimsStory.LONGER, ClaimsStory.BUDGETED
    (('tolerance', 'bfgs_tolerance'), ('bfgs_maxiter',), ('stuck-words',))

    The stricter studies (``strict_*``) run the same starts again with
    settings of their own, which the robustness test leaves as they are.
    """

    times: BruteForceTimes  # the build's one measurement of brute force
    n_starts: int  # the studies train Network.random(seed=s) for s in range(n_starts)
    bfgs_tolerance: float
    bfgs_maxiter: int  # BFGS gives up after this many iterations
    eta_nine: float  # the learning rate of both descents
    tolerance: float  # a descent run stops when the gradient is shorter than this ...
    study_steps: int  # ... or after this many steps
    n_students: int  # a stochastic step uses one of them: a third of an evaluation
    J_at_w: float  # J where the series says "J is 2.8"
    bound: float  # half the sum of the squared targets: no weights reach it
    sign_changes: int  # how often the curvature along W1[0,0] changes sign
    errors: np.ndarray  # gradient-check relative errors, one per starting network
    bfgs: object  # StudyResult
    plain: object
    sgd: object
    strict_bfgs_tolerance: float  # the same studies again, with a stricter stop
    strict_maxiter: int
    strict_tolerance: float
    strict_steps: int
    strict_bfgs: object  # StudyResult of the same starts with the stricter stop
    strict_plain: object
    strict_sgd: object

    JUDGING = ("c1-verdict", "c2-verdict", "c3-verdict", "c4-verdict", "c5-verdict",
               "c6-verdict", "c7-verdict", "c7-bfgs-verdict", "c8-verdict", "c9-verdict", "stuck-words",
               "timings-summary", "unconverged", "strict-unconverged", "flat-words")
    BUDGETED = ("stuck-words",)  # "Within the descent runs' budget of 20,000 steps, ..."
    # How the runs stopped, in sentences that say after how many steps at most.
    AT_THE_STOP = ("unconverged", "flat-words")
    TIGHTER = ("tolerance", "bfgs_tolerance")
    LONGER = ("bfgs_maxiter",)

    @property
    def studies(self):
        """The three studies by name, in the tables' order."""
        return {"BFGS": self.bfgs, "gradient descent": self.plain, "stochastic descent": self.sgd}

    @property
    def strict_studies(self):
        """The same three studies with the stricter stop, by name."""
        return {"BFGS": self.strict_bfgs, "gradient descent": self.strict_plain,
                "stochastic descent": self.strict_sgd}

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
        limit = CLAIMED["promise"]
        # The promise in each study's own unit of work: a stochastic step is a
        # 1/n_students of an evaluation, so 100 evaluations are 100 * n_students steps.
        limits = {name: limit * (self.n_students if study.count_unit == "one-example steps" else 1)
                  for name, study in self.studies.items()}
        kept = {name: promise_share(study.counts, study.kinds, limits[name])
                for name, study in self.studies.items()}
        n_kept = {name: round(share * self.n_starts) for name, share in kept.items()}
        work = []
        stuck = {}
        for name, study in self.studies.items():
            unit = study.count_unit.replace("one-example", "one-student")
            work.append([f"{name} ({unit})", f"{np.median(study.counts):,.0f}",
                         percent(kept[name]), f"{study.counts.max():,}"])
            stuck[name] = int(np.sum(study.kinds == LOCAL_MINIMUM))
        words = ("some runs of every method were heading for a local minimum when they stopped"
                 if all(stuck.values())
                 else "; ".join(f"{name}: {plural(n, 'run')} heading for a local minimum"
                                for name, n in stuck.items()))
        # Starts from which batch descent heads for a local minimum and stochastic
        # descent, same start and rate, for the global minimum (and the reverse).
        sgd_helped, sgd_hurt, plain_stuck = {}, {}, {}
        for when, plain, sgd in (("first", self.plain, self.sgd),
                                 ("strict", self.strict_plain, self.strict_sgd)):
            plain_stuck[when] = int(np.sum(plain.kinds == LOCAL_MINIMUM))
            sgd_helped[when] = int(np.sum((plain.kinds == LOCAL_MINIMUM)
                                          & (sgd.kinds == GLOBAL_MINIMUM)))
            sgd_hurt[when] = int(np.sum((plain.kinds == GLOBAL_MINIMUM)
                                        & (sgd.kinds == LOCAL_MINIMUM)))
        quotes = {f"q-{key}": quote(key) for key in QUOTED}
        verdicts = [timing_verdict(one, CLAIMED["one-weight-seconds"]),
                    timing_verdict(million, CLAIMED["million-seconds"]),
                    timing_verdict(three, CLAIMED["three-weights-seconds"]),
                    timing_verdict(nine / YEAR, CLAIMED["nine-weights-years"])]
        if all(v.endswith("faster") for v in verdicts):
            timings = f"are {MACHINE}: this machine is faster than the one that typed them"
        elif all(v.endswith("slower") for v in verdicts):
            timings = f"are {MACHINE}: this machine is slower than the one that typed them"
        elif all(v == verdicts[0] for v in verdicts):
            timings = "hold on this machine"
        else:
            timings = f"hold on this machine for some searches and are {MACHINE} for others"
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
                            f"{how_often(self.sign_changes)}; the study below finds starts whose "
                            "runs head for a local minimum"),
            "c7-verdict": share_verdict(kept["gradient descent"]),
            "c7-measured": (f"gradient descent with η = {self.eta_nine:g} stopped within "
                            f"{limit} evaluations heading for the global minimum from "
                            f"{n_kept['gradient descent']} of {self.n_starts} starts "
                            f"({percent(kept['gradient descent'])}); median "
                            f"{np.median(self.plain.counts):,.0f} evaluations, fewest "
                            f"{self.plain.counts.min():,}"),
            "c7-bfgs-verdict": share_verdict(kept["BFGS"]),
            "c7-bfgs-measured": (f"BFGS stopped within {limit} evaluations heading for the "
                                 f"global minimum from {n_kept['BFGS']} of {self.n_starts} "
                                 f"starts ({percent(kept['BFGS'])}); median "
                                 f"{np.median(bfgs.counts):.0f} evaluations, worst "
                                 f"{bfgs.counts.max()}"),
            "c9-verdict": sometimes_verdict(sgd_helped["strict"]),
            "c9-measured": (f"within {self.strict_steps:,} steps, from {sgd_helped['strict']} of "
                            f"the {plain_stuck['strict']} starts where batch descent heads for a "
                            "local minimum, stochastic descent heads for the global minimum; "
                            f"{_reverse(sgd_hurt['strict'])}; within {self.study_steps:,} steps, "
                            f"from {sgd_helped['first']} of {plain_stuck['first']}, and the other "
                            f"way round from {sgd_hurt['first'] or 'none'}"),
            "c8-verdict": order_verdict(float(self.errors.max()), CLAIMED["gradient-check"]),
            "c8-measured": (f"worst {scientific(float(self.errors.max()))}, median "
                            f"{scientific(float(np.median(self.errors)))} over "
                            f"{len(self.errors)} starting networks"),
            "timings-summary": Timed(timings),
            "study-size": str(self.n_starts),
            "promise-limit": str(limit),
            "promise-steps": f"{limits['stochastic descent']:,}",
            "bfgs-maxiter": f"{self.bfgs_maxiter:,}",
            "tolerance": scientific(self.tolerance),
            "bfgs-tolerance": scientific(self.bfgs_tolerance),
            "budget": f"{self.study_steps:,}",
            "rate": f"{self.eta_nine:g}",
            "work-table": markdown_table(
                ["method (work counted in)", "median", "heading for the global minimum "
                 f"within {limit} evaluations", "worst"], work),
            "ends-table": _ends_table(self.studies),
            "strict-table": _ends_table(self.strict_studies),
            "stuck-words": words,
            "stuck-shares": ", ".join(f"{percent(np.mean(study.kinds == LOCAL_MINIMUM))} with "
                                      f"{name}" for name, study in self.studies.items()),
            "shares-move": ", ".join(
                f"from {percent(np.mean(study.kinds == LOCAL_MINIMUM))} to "
                f"{percent(np.mean(strict.kinds == LOCAL_MINIMUM))} with {name}"
                for (name, study), strict in zip(self.studies.items(),
                                                 self.strict_studies.values())),
            "flat-fates": _fates(self.studies, self.strict_studies),
            "flat-words": _flat_words(self.studies, self.strict_studies),
            "best-final": _lowest(self.studies),
            "strict-best-final": _lowest(self.strict_studies),
            "unconverged": _reasons(self.studies),
            "strict-unconverged": _reasons(self.strict_studies),
            "strict-tolerance": scientific(self.strict_tolerance),
            "strict-bfgs-tolerance": scientific(self.strict_bfgs_tolerance),
            "strict-budget": f"{self.strict_steps:,}",
            "strict-maxiter": f"{self.strict_maxiter:,}",
        }


def _reverse(starts):
    """The starts from which batch descent found the bottom and stochastic descent did not."""
    if not starts:
        return "from none was it the other way round"
    return (f"from {plural(starts, 'start')} it was the other way round (batch descent headed "
            "for the global minimum, stochastic descent for a local one)")


def _ends_table(studies):
    """Where each method's runs were heading, and how far refinement moved them."""
    rows = []
    for name, study in studies.items():
        good = study.kinds == GLOBAL_MINIMUM
        shares = [percent(np.mean(study.kinds == kind)) for kind in KINDS]
        if good.any():
            shares[0] += f" (stopped at J ≤ {scientific(study.final_costs[good].max())})"
        moved = max(end.distance for end in study.ends)
        rows.append([name, *shares, scientific(moved)])
    return markdown_table(["method", *(f"heading for {ARTICLE[kind]}" for kind in KINDS),
                           "refinement moved up to"], rows)


def _fates(studies, strict_studies):
    """Where the runs that first stopped heading for a saddle point or a plateau head when
    run again with the stricter stop, method by method."""
    parts = []
    for (name, study), strict in zip(studies.items(), strict_studies.values()):
        flat = np.isin(study.kinds, (SADDLE_POINT, PLATEAU))
        if not flat.any():
            continue
        counts = [(int(np.sum(strict.kinds[flat] == kind)), ARTICLE[kind]) for kind in KINDS]
        where = [f"{n} for {kind}" for n, kind in counts if n]
        where[0] = where[0].replace(" for ", " now head for ", 1)
        listed = where[0] if len(where) == 1 else ", ".join(where[:-1]) + " and " + where[-1]
        parts.append(f"of those {plural(int(flat.sum()), f'{name} run')}, {listed}")
    return "; ".join(parts) if parts else "no run stopped at one"


def _flat_words(studies, strict_studies):
    """What the fates of the runs that stopped at a saddle point or a plateau show."""
    trapped = sum(int(np.sum(strict.kinds[np.isin(study.kinds, (SADDLE_POINT, PLATEAU))]
                             == LOCAL_MINIMUM))
                  for study, strict in zip(studies.values(), strict_studies.values()))
    if trapped:
        return ("So a saddle point or a plateau where a run stopped is no sign that the run is "
                "free: given a stricter stop, some of those runs head for a local minimum.")
    return ("Given a stricter stop, none of those runs heads for a local minimum; that is this "
            "study's finding, not a rule.")


def _lowest(studies):
    """The lowest cost at which any run stopped, and which method's run it was."""
    name, study = min(studies.items(), key=lambda item: item[1].final_costs.min())
    return f"{scientific(study.final_costs.min())} ({name})"


def _reasons(studies):
    """Why the runs stopped, unless every one stopped because its gradient was short."""
    late = {name: int(np.sum(study.reasons != "converged")) for name, study in studies.items()}
    if not any(late.values()):
        return "every run stopped because its gradient was short"
    others = sorted({reason for study in studies.values() for reason in study.reasons}
                    - {"converged"})
    what = ("used the whole budget" if others == ["step limit"]
            else f"stopped for another reason ({', '.join(others)})")
    return ", ".join(f"{plural(n, f'{name} run')}" for name, n in late.items() if n) + " " + what

