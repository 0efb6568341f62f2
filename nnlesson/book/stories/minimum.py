"""The story of :doc:`/minimum` (Going deeper): how the build certifies the stuck point."""

import re
from dataclasses import dataclass

import numpy as np

from nnlesson.book.prose import markdown_table, plural, scientific
from nnlesson.book.stories._story import Story
from nnlesson.endpoints import CRITICAL_GRADIENT, FLOOR_COST, LOCAL_MINIMUM, ZERO_CURVATURE

#: A number as Python's "e" format writes it ("-2.1e-06").
E_NUMBER = re.compile(r"-?\d+(\.\d+)?e[+-]?\d+")


@dataclass(frozen=True)
class MinimumStory(Story):
    """The words of :doc:`/minimum`, from the chapter's settings and classified points.

    Examples
    --------
    >>> from nnlesson.book.stories import MinimumStory
    >>> MinimumStory.TIGHTER, MinimumStory.LONGER
    (('tolerance', 'bfgs_tolerance'), ('max_steps',))
    """

    stuck_seed: int  # the start that BFGS leaves in a local minimum
    max_steps: int  # the step budget of the descents classified
    jump_eta: float  # the learning rate of the one step on W1[0,0]
    report: object  # PointReport of where BFGS stopped: the stuck point
    far: object  # the same point's PointReport with a wide perturbation test
    batch: object  # DescentResult: batch descent from the stuck seed
    batch_end: object  # PointReport of where it stopped
    plain: object  # DescentResult: batch descent from the book's network
    plain_end: object
    jump_end: object  # PointReport of where the one large step on W1[0,0] landed

    JUDGING = ("min-kind", "far-words", "valley-words", "cost-words", "gradient-words",
               "kind-bfgs", "kind-batch", "kind-plain", "kind-jump")
    AT_THE_STOP = ("kind-batch",)  # its row says after how many steps it stopped
    TIGHTER = ("tolerance", "bfgs_tolerance")
    LONGER = ("max_steps",)

    def texts(self):
        m, lam = self.report, self.report.eigenvalues
        curved = lam[m.n_flat:]
        test, far = m.perturbation, self.far.perturbation
        examples = {
            "bfgs": (f"BFGS from seed {self.stuck_seed}", m),
            "batch": (f"batch descent from seed {self.stuck_seed}, {_stopped(self.batch)}",
                      self.batch_end),
            "plain": (f"batch descent from the book's network, {_stopped(self.plain, False)}",
                      self.plain_end),
            "jump": (f"one step of η = {self.jump_eta:g} on W⁽¹⁾₀,₀ (that weight alone)",
                     self.jump_end),
        }
        rows = [[what, report.kind, scientific(report.cost), scientific(report.distance),
                 _readable(report.why)] for what, report in examples.values()]
        return {
            "stuck-seed": str(self.stuck_seed),
            "zero-curvature": scientific(ZERO_CURVATURE),
            "budget": f"{self.max_steps:,}",
            "jump-eta": f"{self.jump_eta:g}",
            "batch-steps": plural(self.batch.n_steps, "step"),
            "min-kind": m.kind,
            "n-flat": str(m.n_flat),
            "n-curved": str(len(lam) - m.n_flat),
            "eig-low": scientific(curved.min()),
            "eig-high": scientific(curved.max(), 3),
            "eig-flat": scientific(np.abs(lam[:m.n_flat]).max()),
            "pert-trials": str(test.n_trials),
            "pert-radius": f"{test.radius:g}",
            "pert-lowest": scientific(test.lowest_cost, 5),
            "far-radius": f"{far.radius:g}",
            "far-lower": f"{far.n_lower} of {far.n_trials}",
            "far-words": "finds lower ground" if far.n_lower else "finds none",
            "far-lowest": scientific(far.lowest_cost),
            "valley-words": _valley_words(m, test, far),
            "cost-words": (f"above the floor (a cost of at most {scientific(FLOOR_COST)})"
                           if m.cost > FLOOR_COST else "at the floor"),
            "gradient-words": ("zero, up to rounding" if m.grad_norm <= CRITICAL_GRADIENT
                               else "not zero"),
            "batch-distance": scientific(self.batch_end.distance),
            "kinds-table": markdown_table(["the point", "its kind", "refined $J$",
                                           "refinement moved", "why"], rows,
                                          align=["left", "left", "right", "right", "left"]),
            **{f"kind-{name}": report.kind for name, (_, report) in examples.items()},
        }


def _readable(text):
    """``text`` with every number in Python's "e" format written as the book writes numbers."""
    return E_NUMBER.sub(lambda match: scientific(float(match.group())), text)


def _valley_words(report, near, far):
    """What the two perturbation tests together say about the stuck point's surroundings."""
    if report.kind != LOCAL_MINIMUM:
        return ""
    if far.n_lower:
        return (f"So the restarts found no lower ground within {near.radius:g} of the point, "
                f"but some within {far.radius:g}: the valley that holds it is small.")
    return f"So the restarts found no lower ground within {far.radius:g} of the point either."


def _stopped(run, steps=True):
    """How a descent stopped, as a row of the table of kinds says it."""
    if run.reason != "converged":
        return f"not stopped by the tolerance: {run.reason} after {run.n_steps:,} steps"
    return f"stopped by the tolerance after {run.n_steps:,} steps" if steps else \
        "stopped by the tolerance"
