"""The story of :doc:`/backprop`: the chain rule by hand, backpropagation, and its check."""

import math
from dataclasses import dataclass

import numpy as np

from nnlesson.activation import sigmoid, sigmoid_prime
from nnlesson.book import book_network
from nnlesson.book.claims import order_verdict
from nnlesson.book.prose import fixed, scientific
from nnlesson.book.stories._story import Story
from nnlesson.book.stories.slope import W_POINT
from nnlesson.data import load_data
from nnlesson.gradcheck import numerical_gradient, relative_error
from nnlesson.network import forward_pass

#: Beyond this size of z the sigmoid is "saturated" (as in :doc:`/network`).
SATURATED = 4.0
#: Part 5 of the series: a correct gradient checks to this order or less.
PART5_ORDER = 1e-8


@dataclass(frozen=True)
class BackpropStory(Story):
    """Facts of :doc:`/backprop`. See :func:`backprop_story`."""

    links: np.ndarray  # per student: -(y - y_hat), f'(z3), a2[:, 0], their product
    package_slope: float  # dJ/dW2[0,0] from backpropagation
    error: float  # relative error of backpropagation against the numerical gradient
    e_slope: float  # the numerical slope of e^z at z = 1

    JUDGING = ("check-verdict",)

    def texts(self):
        by_hand = float(self.links[:, 3].sum())
        gap = abs(by_hand - self.package_slope)
        return {
            "e": f"{math.e:.4f}",
            "e-slope": f"{self.e_slope:.4f}",
            "f-prime-0": f"{sigmoid_prime(0.0):g}",
            "f-prime-saturated": f"{sigmoid_prime(SATURATED):.4f}",
            "saturated": f"{SATURATED:g}",
            "f-saturated": f"{sigmoid(SATURATED):.3f}",
            "w": f"{W_POINT:g}",
            "by-hand": fixed(by_hand, 6),
            "hand-agree": ("exactly equal" if gap == 0 else
                           f"they differ by {scientific(gap)}, in the last of their 17 "
                           "digits: rounding"),
            "rel-error": scientific(self.error),
            "part5-order": scientific(PART5_ORDER),
            "check-verdict": order_verdict(self.error, PART5_ORDER),
        }


def backprop_story():
    """The chain rule for W2[0,0], and the gradient check, at W1[0,0] = 1.1.

    Examples
    --------
    >>> from nnlesson.book.stories import backprop_story
    >>> backprop_story().words()["check-verdict"]
    'holds'
    """
    X, y = load_data()
    net = book_network()
    params = net.params
    params[0] = W_POINT
    point = net.with_params(params)
    z2, a2, z3, y_hat = forward_pass(X, point.W1, point.W2)
    f_prime = y_hat * (1 - y_hat)
    links = np.column_stack([-(y - y_hat), f_prime, a2[:, [0]], -(y - y_hat) * f_prime * a2[:, [0]]])
    _, analytic = point.cost_and_gradient(X, y)
    numeric = numerical_gradient(lambda p: net.with_params(p).cost(X, y), params)
    return BackpropStory(links=links, package_slope=float(analytic[6]),
                         error=relative_error(analytic, numeric),
                         e_slope=(math.exp(1 + 1e-4) - math.exp(1 - 1e-4)) / 2e-4)
