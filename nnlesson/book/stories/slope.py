"""The story of :doc:`/slope`: slopes, derivatives and the gradient at one point."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import FAILS, bound_verdict
from nnlesson.book.prose import fixed, scientific, weight_text
from nnlesson.book.source import CLAIMED
from nnlesson.book.stories._story import Story

#: The point the chapter stands at, W1[0,0] = 1.1 (still read by the claims
#: chapter's story, until it takes the point from its own cells).
W_POINT = 1.1


@dataclass(frozen=True)
class SlopeStory(Story):
    """The words of :doc:`/slope`, from the chapter's results at W1[0,0] = 1.1.

    Examples
    --------
    >>> from nnlesson.book.stories import SlopeStory
    >>> SlopeStory.example().words()
    {'sign': 'negative', 'downhill': 'right, towards larger weights', 'can-reach': 'cannot happen'}
    """

    bound: float  # 1/2 sum y^2: no cost reaches it
    slopes: dict  # eps -> rise over run along W1[0,0]
    gradient: np.ndarray  # the numerical gradient of all nine weights at the point
    length: float  # its length
    changes: dict  # step size eta -> (predicted change of J, actual change)

    JUDGING = ("sign", "downhill", "can-reach")

    def texts(self):
        claimed = CLAIMED["cost-2-8"]
        fine = self.slopes[min(self.slopes)]
        steepest = int(np.argmax(np.abs(self.gradient)))
        small, large = min(self.changes), max(self.changes)
        (p_small, a_small), (p_large, a_large) = self.changes[small], self.changes[large]
        return {
            "source-J": f"{claimed:g}",
            "bound": fixed(self.bound),
            "can-reach": ("cannot happen" if bound_verdict(claimed, self.bound) == FAILS
                          else "could happen"),
            "ratio": f"{claimed / self.bound:.1f}",
            "slope-fine": fixed(fine, 6),
            "sign": "negative" if fine < 0 else "positive",
            "downhill": ("right, towards larger weights" if fine < 0
                         else "left, towards smaller weights"),
            "grad-length": scientific(float(self.length), 3),
            "steepest": weight_text(steepest),
            "small-eta": f"{small:g}",
            "small-agree": f"{100 * abs(a_small / p_small - 1):.2g}%",
            "large-eta": f"{large:g}",
            "large-share": f"{100 * a_large / p_large:.0f}%",
        }

    @classmethod
    def example(cls):
        """A story with the chapter's numbers, rounded (for examples and tests)."""
        gradient = np.array([-0.0102, -0.0067, -0.0034, -0.0011, 0.0013, -0.0000, -0.0300,
                             -0.0188, -0.0200])
        return cls(bound=1.0499, slopes={1.0: -0.0113, 0.0001: -0.010222}, gradient=gradient,
                   length=0.0407, changes={0.01: (-1.66e-5, -1.66e-5), 10.0: (-0.0166, -0.009)})
