"""The story of :doc:`/network`: the data, the sigmoid, the untrained network."""

import math
from dataclasses import dataclass

import numpy as np

from nnlesson.book.prose import markdown_table
from nnlesson.book.stories._story import Story


@dataclass(frozen=True)
class NetworkStory(Story):
    """The words of :doc:`/network`, from the chapter's data and results.

    Examples
    --------
    >>> from nnlesson.book.stories import NetworkStory
    >>> texts = NetworkStory.example().texts()
    >>> texts["too-low"], texts["gap-min"], texts["gap-max"], texts["f-saturated"]
    ('all three are too low', '8', '34', '0.982')
    """

    X_raw: np.ndarray  # hours of sleep and study, as recorded
    y_raw: np.ndarray  # scores, as recorded
    X: np.ndarray  # the same, normalized
    y: np.ndarray
    saturated: float  # beyond this size of z the sigmoid is called saturated ...
    f_saturated: float  # ... f(saturated) ...
    f_minus_saturated: float  # ... and f(-saturated)
    seed: int  # the seed of the book's network
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
            "saturated": f"{self.saturated:g}",
            "f-saturated": f"{self.f_saturated:.3f}",
            "f-minus-saturated": f"{self.f_minus_saturated:.3f}",
            "seed": str(self.seed),
            "too-low": "all three are too low" if low else "they are off in both directions",
            "gap-min": f"{abs(gaps).min():.0f}",
            "gap-max": f"{abs(gaps).max():.0f}",
        }

    @classmethod
    def example(cls):
        """The chapter's story, from its numbers written out (for examples and tests)."""
        X_raw, y_raw = np.array([[3.0, 5.0], [5.0, 1.0], [10.0, 2.0]]), np.array([[75.0], [82.0], [93.0]])
        return cls(X_raw=X_raw, y_raw=y_raw, X=X_raw / X_raw.max(axis=0), y=y_raw / 100,
                   saturated=4.0, f_saturated=0.98201379, f_minus_saturated=0.01798621, seed=160,
                   y_hat=np.array([[0.66544046], [0.66525407], [0.58815179]]))
