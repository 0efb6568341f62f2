"""nnlesson: the code behind the book "Gradient descent, computed".

A two-layer sigmoid network without biases, its cost, brute-force search,
derivatives and gradient descent: everything the book's chapters compute.

The map, one module per job. The numerical core never prints, plots or
imports :mod:`nnlesson.book`::

    data          the three students (X, y)
    activation    the sigmoid f and its slope f'
    network       equations 1 to 5 and backpropagation, for one network or
                  a stack of them; Network, the object the chapters use
    gradcheck     numerical gradient, relative error
    bruteforce    the cost on a grid of weights; the curse of dimensionality
    descent       batch and stochastic gradient descent: the one descent loop
    optimizers    momentum (heavy ball, Nesterov) and Adam, for that loop
    endpoints     the Hessian; what kind of point a run stopped at
    bfgs          BFGS through SciPy
    study         many starting networks in lockstep
    _checks       the declared argument checks: constraints, validate_params,
                  the overflow guard and the memory guard

    book/         the book's own helpers, on top of the core:
      __init__    its fixed choices (seed, grids, learning rate, ...)
      prose       numbers written for people, and glue into the text
      plotting    the figures (needs matplotlib)
      claims      verdicts on the source's claims
      timing      brute-force timings, measured once per build
      bench       the benchmark, ``python -m nnlesson.book.bench``
"""

from nnlesson.activation import sigmoid, sigmoid_prime
from nnlesson.bfgs import BFGSResult, train_bfgs
from nnlesson.bruteforce import brute_force_seconds, cost_grid
from nnlesson.data import load_data
from nnlesson.descent import DescentResult, gradient_descent, stochastic_gradient_descent
from nnlesson.endpoints import PointReport, classify_point, hessian
from nnlesson.gradcheck import numerical_gradient, relative_error
from nnlesson.network import Network
from nnlesson.optimizers import Adam, Momentum

__all__ = [
    "Adam",
    "BFGSResult",
    "DescentResult",
    "Network",
    "PointReport",
    "brute_force_seconds",
    "classify_point",
    "cost_grid",
    "format_duration",
    "gradient_descent",
    "hessian",
    "load_data",
    "Momentum",
    "numerical_gradient",
    "relative_error",
    "sigmoid",
    "sigmoid_prime",
    "stochastic_gradient_descent",
    "train_bfgs",
]

__version__ = "0.1.0"


def __getattr__(name):
    """``nnlesson.format_duration``, loaded only when asked for: the book's formatter
    (:func:`nnlesson.book.prose.format_duration`), kept importable from here for
    code written before it moved, without loading the book on ``import nnlesson``."""
    if name == "format_duration":
        from nnlesson.book.prose import format_duration

        return format_duration
    raise AttributeError(f"module 'nnlesson' has no attribute {name!r}")
