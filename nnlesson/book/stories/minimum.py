"""The story of :doc:`/minimum` (Going deeper): how the build certifies the stuck point."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book import LEARNING_RATE, MAX_STEPS, ONE_WEIGHT, RATE_EXAMPLES, TOLERANCE, book_network
from nnlesson.book.prose import markdown_table, plural, scientific
from nnlesson.book.stories._story import Story, budgets
from nnlesson.book.stories.convexity import find_stuck_start
from nnlesson.data import load_data
from nnlesson.descent import gradient_descent
from nnlesson.endpoints import ZERO_CURVATURE, classify_point

#: The wide perturbation test: restarts this far away do find lower ground,
#: which shows the test can say "lower".
FAR_RADIUS = 2.0


@dataclass(frozen=True)
class MinimumStory(Story):
    """Facts of :doc:`/minimum`. See :func:`minimum_story`."""

    seed: int
    budget: int  # the step budget of the descents classified
    batch_steps: int  # where the tolerance stopped the batch run from the stuck seed
    minimum: object  # PointReport of the stuck BFGS end
    far: object  # PointReport with the wide perturbation test
    examples: tuple  # (what, PointReport) for the table of kinds

    JUDGING = ("min-kind", "far-words", "kind-bfgs", "kind-batch", "kind-plain", "kind-jump")
    AT_THE_STOP = ("kind-batch",)  # its row says after how many steps it stopped

    def texts(self):
        m, lam = self.minimum, self.minimum.eigenvalues
        curved = lam[m.n_flat:]
        test, far = m.perturbation, self.far.perturbation
        rows = [[what, report.kind, scientific(report.cost), report.why]
                for what, report in self.examples]
        return {
            "stuck-seed": str(self.seed),
            "zero-curvature": scientific(ZERO_CURVATURE),
            "budget": f"{self.budget:,}",
            "batch-steps": plural(self.batch_steps, "step"),
            "min-kind": m.kind,
            "min-J": scientific(m.cost, 5),
            "min-grad": scientific(m.grad_norm),
            "n-flat": str(m.n_flat),
            "n-curved": str(len(lam) - m.n_flat),
            "eig-low": scientific(curved.min()),
            "eig-high": scientific(curved.max(), 3),
            "eig-flat": scientific(np.abs(lam[:m.n_flat]).max()),
            "eig-list": ", ".join(scientific(value) for value in lam),
            "pert-trials": str(test.n_trials),
            "pert-radius": f"{test.radius:g}",
            "pert-lowest": scientific(test.lowest_cost, 5),
            "far-radius": f"{far.radius:g}",
            "far-lower": f"{far.n_lower} of {far.n_trials}",
            "far-words": "finds lower ground" if far.n_lower else "finds none",
            "far-lowest": scientific(far.lowest_cost),
            "kinds-table": markdown_table(["the point", "its kind", "refined $J$", "why"], rows,
                                          align=["left", "left", "right", "left"]),
            **{f"kind-{name}": report.kind
               for name, (_, report) in zip(("bfgs", "batch", "plain", "jump"), self.examples)},
        }


def minimum_story(tighter=1, longer=1):
    """Certify the stuck point, and classify a few other points the book meets.

    Examples
    --------
    >>> from nnlesson.book.stories import minimum_story
    >>> minimum_story().words()["far-words"]
    'finds lower ground'
    """
    tighter, steps = budgets(tighter, longer)
    X, y = load_data()
    seed, start, minimum, _, _ = find_stuck_start(tighter)
    net = book_network()
    jump = gradient_descent(net, X, y, learning_rate=RATE_EXAMPLES["too large"], max_steps=1,
                            tolerance=0.0, indices=ONE_WEIGHT)
    batch = gradient_descent(start, X, y, learning_rate=LEARNING_RATE, max_steps=steps(MAX_STEPS),
                             tolerance=TOLERANCE / tighter)
    plain = gradient_descent(net, X, y, learning_rate=LEARNING_RATE, max_steps=steps(MAX_STEPS),
                             tolerance=TOLERANCE / tighter)
    examples = (
        (f"BFGS from seed {seed}", minimum),
        (f"batch descent from seed {seed}, stopped by the tolerance after "
         f"{batch.n_steps:,} steps", classify_point(batch.network, X, y)),
        ("batch descent from the book's network, stopped by the tolerance",
         classify_point(plain.network, X, y)),
        (f"one step of η = {RATE_EXAMPLES['too large']:g} on W⁽¹⁾₀,₀ (that weight alone)",
         classify_point(jump.network, X, y, indices=ONE_WEIGHT)),
    )
    return MinimumStory(seed=seed, budget=steps(MAX_STEPS), batch_steps=batch.n_steps,
                        minimum=minimum,
                        far=classify_point(minimum.network, X, y, radius=FAR_RADIUS),
                        examples=examples)
