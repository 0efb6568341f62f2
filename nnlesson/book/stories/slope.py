"""The story of :doc:`/slope`: slopes, derivatives and the gradient at one point."""

from dataclasses import dataclass

import numpy as np

from nnlesson.book import book_network
from nnlesson.book.prose import fixed, scientific, weight_text
from nnlesson.book.stories._story import Story
from nnlesson.data import load_data
from nnlesson.gradcheck import numerical_gradient

#: The point the chapter stands at: W1[0,0] of the book's network set to this.
W_POINT = 1.1
#: The source's cost at that point (Part 3, "J is 2.8").
SOURCE_J = 2.8
#: The steps along minus the gradient whose predicted and actual changes are compared.
STEP_SIZES = (0.01, 0.1, 1.0, 10.0)


@dataclass(frozen=True)
class SlopeStory(Story):
    """Facts of :doc:`/slope`. See :func:`slope_story`."""

    J: float  # J at the point
    bound: float  # 1/2 sum y^2
    slopes: dict  # eps -> central-difference slope along W1[0,0]
    gradient: np.ndarray  # the numerical gradient of all nine weights at the point
    changes: dict  # step size -> (predicted change, actual change)

    JUDGING = ("sign", "downhill", "can-reach")

    def texts(self):
        fine = self.slopes[min(self.slopes)]
        steepest = int(np.argmax(np.abs(self.gradient)))
        small, large = min(self.changes), max(self.changes)
        (p_small, a_small), (p_large, a_large) = self.changes[small], self.changes[large]
        return {
            "w": f"{W_POINT:g}",
            "J-at-w": fixed(self.J),
            "source-J": f"{SOURCE_J:g}",
            "bound": fixed(self.bound),
            "can-reach": "cannot happen" if SOURCE_J >= self.bound else "could happen",
            "ratio": f"{SOURCE_J / self.bound:.1f}",
            "slope-rough": fixed(self.slopes[max(self.slopes)]),
            "slope-fine": fixed(fine, 6),
            "sign": "negative" if fine < 0 else "positive",
            "downhill": ("right, towards larger weights" if fine < 0
                         else "left, towards smaller weights"),
            "grad-length": scientific(float(np.linalg.norm(self.gradient)), 3),
            "steepest": weight_text(steepest),
            "steepest-slope": fixed(self.gradient[steepest]),
            "small-eta": f"{small:g}",
            "small-agree": f"{100 * abs(a_small / p_small - 1):.2g}%",
            "large-eta": f"{large:g}",
            "large-share": f"{100 * a_large / p_large:.0f}%",
        }


def slope_story():
    """Slopes of the book's network at W1[0,0] = 1.1.

    Examples
    --------
    >>> from nnlesson.book.stories import slope_story
    >>> slope_story().words()["can-reach"]
    'cannot happen'
    """
    X, y = load_data()
    net = book_network()
    params = net.params
    params[0] = W_POINT
    point = net.with_params(params)

    def J_of(w):
        moved = params.copy()
        moved[0] = w
        return net.with_params(moved).cost(X, y)

    slopes = {eps: (J_of(W_POINT + eps) - J_of(W_POINT - eps)) / (2 * eps)
              for eps in (1.0, 0.1, 0.01, 0.001, 0.0001)}
    gradient = numerical_gradient(lambda p: net.with_params(p).cost(X, y), params)
    J = point.cost(X, y)
    changes = {eta: (-eta * float(gradient @ gradient),
                     point.with_params(params - eta * gradient).cost(X, y) - J)
               for eta in STEP_SIZES}
    return SlopeStory(J=J, bound=0.5 * float(np.sum(y**2)), slopes=slopes, gradient=gradient,
                      changes=changes)
