"""The story of :doc:`/network`: the data, the sigmoid, the untrained network."""

import math
from dataclasses import dataclass

import numpy as np

from nnlesson.activation import sigmoid
from nnlesson.book import BOOK_SEED, book_network
from nnlesson.book.prose import markdown_table
from nnlesson.book.stories._story import Story
from nnlesson.data import load_data

#: Beyond this size of z the sigmoid is "saturated": within 0.02 of 0 or 1.
SATURATED = 4.0


@dataclass(frozen=True)
class NetworkStory(Story):
    """Facts of :doc:`/network`. See :func:`network_story`."""

    X_raw: np.ndarray
    y_raw: np.ndarray
    X: np.ndarray
    y: np.ndarray
    y_hat: np.ndarray  # the untrained network's predictions

    JUDGING = ("too-low",)

    def texts(self):
        gaps = 100 * (self.y - self.y_hat).ravel()
        low = bool(np.all(gaps > 0))
        return {
            "raw-table": markdown_table(
                ["student", "sleep (hours)", "study (hours)", "score (of 100)"],
                [[k + 1, f"{a:g}", f"{b:g}", f"{s:g}"]
                 for k, ((a, b), (s,)) in enumerate(zip(self.X_raw, self.y_raw))]),
            "norm-table": markdown_table(
                ["student", "sleep / max", "study / max", "score / 100"],
                [[k + 1, f"{a:g}", f"{b:g}", f"{s:g}"]
                 for k, ((a, b), (s,)) in enumerate(zip(self.X, self.y))]),
            "max-sleep": f"{self.X_raw[:, 0].max():g}",
            "max-study": f"{self.X_raw[:, 1].max():g}",
            "e": f"{math.e:.3f}",
            "saturated": f"{SATURATED:g}",
            "f-saturated": f"{sigmoid(SATURATED):.3f}",
            "f-minus-saturated": f"{sigmoid(-SATURATED):.3f}",
            "seed": str(BOOK_SEED),
            "too-low": "all three are too low" if low else "they are off in both directions",
            "gap-min": f"{abs(gaps).min():.0f}",
            "gap-max": f"{abs(gaps).max():.0f}",
        }


def network_story():
    """The data and the book's untrained network.

    Examples
    --------
    >>> from nnlesson.book.stories import network_story
    >>> network_story().texts()["too-low"]
    'all three are too low'
    """
    X_raw, y_raw = load_data(normalize=False)
    X, y = load_data()
    return NetworkStory(X_raw=X_raw, y_raw=y_raw, X=X, y=y, y_hat=book_network().forward(X))
