"""The story of :doc:`/backprop`: the chain rule by hand, backpropagation, and its check."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book.claims import order_verdict
from nnlesson.book.prose import fixed, scientific
from nnlesson.book.source import CLAIMED
from nnlesson.book.stories._story import Story


@dataclass(frozen=True)
class BackpropStory(Story):
    """The words of :doc:`/backprop`, from the chapter's results at W1[0,0] = 1.1.

    Examples
    --------
    >>> from nnlesson.book.stories import BackpropStory
    >>> BackpropStory.example().words()
    {'check-verdict': 'holds'}
    """

    saturated: float  # a size of z where the sigmoid is saturated ...
    f_saturated: float  # ... f there ...
    f_prime_0: float  # ... f'(0) ...
    f_prime_saturated: float  # ... and f' there
    links: np.ndarray  # per student, the product of the three links for W2[0,0]
    package_slope: float  # dJ/dW2[0,0] from backpropagation
    links_first: np.ndarray  # per student, the product of the five links for W1[0,0]
    package_slope_first: float  # dJ/dW1[0,0] from backpropagation
    error: float  # relative error of backpropagation against the numerical gradient

    JUDGING = ("check-verdict",)

    def texts(self):
        by_hand = float(np.sum(self.links))
        by_hand_first = float(np.sum(self.links_first))
        return {
            "f-prime-0": f"{self.f_prime_0:g}",
            "f-prime-saturated": f"{self.f_prime_saturated:.4f}",
            "saturated": f"{self.saturated:g}",
            "f-saturated": f"{self.f_saturated:.3f}",
            "by-hand": fixed(by_hand, 6),
            "hand-agree": _agreement(by_hand, self.package_slope),
            "by-hand-1": fixed(by_hand_first, 6),
            "hand-agree-1": _agreement(by_hand_first, self.package_slope_first),
            "rel-error": scientific(self.error),
            "check-verdict": order_verdict(self.error, CLAIMED["gradient-check"]),
        }

    @classmethod
    def example(cls):
        """A story with the chapter's numbers, rounded (for examples and tests)."""
        return cls(saturated=4.0, f_saturated=0.98201379, f_prime_0=0.25,
                   f_prime_saturated=0.01766271, links=np.array([[-0.0039], [-0.0077], [-0.0184]]),
                   package_slope=-0.0300, links_first=np.array([[-0.0011], [-0.0027], [-0.0064]]),
                   package_slope_first=-0.0102, error=1.1e-9)


def _agreement(by_hand, package):
    """How a slope computed by hand agrees with the package's: exactly, or by how little.

    >>> from nnlesson.book.stories.backprop import _agreement
    >>> _agreement(0.25, 0.25), _agreement(0.1 + 0.2, 0.3)
    ('exactly equal', 'they differ by 5.6 × 10⁻¹⁷, in the last of their 17 digits: rounding')
    """
    gap = abs(by_hand - package)
    if gap == 0:
        return "exactly equal"
    return f"they differ by {scientific(gap)}, in the last of their 17 digits: rounding"
