"""nnlesson: the code behind the book "Gradient descent, computed".

A two-layer sigmoid network without biases, its cost, brute-force search,
derivatives and gradient descent: everything the book's chapters compute.
The numerical modules never print or plot; :mod:`nnlesson.plotting` draws.
"""

from nnlesson.activation import sigmoid, sigmoid_prime
from nnlesson.bfgs import BFGSResult, train_bfgs
from nnlesson.bruteforce import brute_force_seconds, cost_grid, format_duration
from nnlesson.data import load_data
from nnlesson.descent import DescentResult, gradient_descent, stochastic_gradient_descent
from nnlesson.gradcheck import numerical_gradient, relative_error
from nnlesson.network import Network

__all__ = [
    "BFGSResult",
    "DescentResult",
    "Network",
    "brute_force_seconds",
    "cost_grid",
    "format_duration",
    "gradient_descent",
    "load_data",
    "numerical_gradient",
    "relative_error",
    "sigmoid",
    "sigmoid_prime",
    "stochastic_gradient_descent",
    "train_bfgs",
]

__version__ = "0.1.0"
