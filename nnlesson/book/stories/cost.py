"""The story of :doc:`/cost`: the cost of the untrained network, and its bound."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book import book_network
from nnlesson.book.prose import fixed, markdown_table
from nnlesson.book.stories._story import Story
from nnlesson.data import load_data
from nnlesson.network import Network


@dataclass(frozen=True)
class CostStory(Story):
    """Facts of :doc:`/cost`. See :func:`cost_story`."""

    y: np.ndarray
    y_hat: np.ndarray
    J: float
    zero_J: float  # the cost when every weight is zero

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
            "zero-J": fixed(self.zero_J),
            "bound": fixed(0.5 * float(np.sum(self.y**2))),
        }


def cost_story():
    """The untrained network's cost, student by student.

    Examples
    --------
    >>> from nnlesson.book.stories import cost_story
    >>> cost_story().texts()["bound"]
    '1.0499'
    """
    X, y = load_data()
    net = book_network()
    zero = Network(np.zeros((2, 3)), np.zeros((3, 1)))
    return CostStory(y=y, y_hat=net.forward(X), J=net.cost(X, y), zero_J=zero.cost(X, y))
