"""The story of :doc:`/cost`: the cost of the untrained network, and its bound."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.prose import fixed, markdown_table
from nnlesson.book.stories._story import Story


@dataclass(frozen=True)
class CostStory(Story):
    """The words of :doc:`/cost`, from the chapter's data and results.

    Examples
    --------
    >>> from nnlesson.book.stories import CostStory
    >>> texts = CostStory.example().texts()
    >>> texts["J"], texts["worst-student"], texts["worst-share"], texts["bound"]
    ('0.0740', '3', '79%', '1.0499')
    """

    y: np.ndarray  # the targets, one row per student
    y_hat: np.ndarray  # the untrained network's predictions
    J: float  # its cost
    bound: float  # half the sum of the squared targets: no cost reaches it
    zero_J: float  # the cost with every weight zero (an exercise)

    JUDGING = ("zero-compare", "zero-guess")

    def texts(self):
        errors = (self.y - self.y_hat).ravel()
        halves = 0.5 * errors**2
        worst = int(np.argmax(halves))
        rows = [[k + 1, fixed(t, 2), fixed(p), fixed(e), fixed(h)]
                for k, (t, p, e, h) in enumerate(zip(self.y.ravel(), self.y_hat.ravel(), errors,
                                                     halves))]
        rows.append(["**sum**", "", "", "", f"**{fixed(halves.sum())}**"])
        return {
            "J": fixed(self.J),
            "error-table": markdown_table(
                ["student", "target $y$", r"prediction $\hat{y}$", r"error $y - \hat{y}$",
                 r"half its square $\frac{1}{2}(y - \hat{y})^2$"], rows),
            "worst-student": str(worst + 1),
            "worst-share": f"{100 * halves[worst] / halves.sum():.0f}%",
            "bound": fixed(self.bound),
            "zero-compare": "larger" if self.zero_J > self.J else "smaller",
            "zero-guess": "a worse" if self.zero_J > self.J else "a better",
        }

    @classmethod
    def example(cls):
        """The chapter's story, from its numbers written out (for examples and tests)."""
        y = np.array([[0.75], [0.82], [0.93]])
        y_hat = np.array([[0.66544046], [0.66525407], [0.58815179]])
        return cls(y=y, y_hat=y_hat, J=0.07397840678840883, bound=1.0499, zero_J=0.1749)
