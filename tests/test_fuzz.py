"""Property: numbers at the extremes give a finite result or an error that names them.

The network's functions, with Hypothesis: each numeric argument keeps its
good value or takes an extreme one (huge, tiny, negative, zero, NaN or
infinite floats, ints too large for a float, arrays of them), several at
once, so that sizes that only overflow together meet. Each call must either
return a result with no NaN or inf in it, or raise a ValueError or TypeError
that names one of the arguments it was given. Any other exception, and any
warning (pytest turns warnings into errors), fails the test. Values of the
wrong kind are tested from the declared tables (tests/test_params.py).

Hypothesis runs a fixed number of examples with a fixed seed
(``derandomize``), so the run is the same on every machine.
"""

import dataclasses
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlesson import (Network, brute_force_seconds, cost_grid, load_data, numerical_gradient,
                      relative_error, sigmoid, sigmoid_prime)

X, y = load_data()
NET = Network.random(seed=0)
EXAMPLES = 25

MAX = 1.7976931348623157e308
EXTREMES = [MAX, -MAX, 1e308, -1e308, 1e200, -1e200, 1e155, 5e-324, -5e-324, 1e-200, 0.0, -0.0,
            -1.0, 1.0, 0.5, math.nan, math.inf, -math.inf]
number = st.sampled_from(EXTREMES) | st.floats() | st.integers(-(2**70), 2**70) | st.sampled_from(
    [10**400, -(10**400), 2**1024])


def extreme(good):
    """The good value, or an extreme one of its kind: a number, or an array of its shape."""
    if isinstance(good, (int, float)):
        return st.just(good) | number
    shape = np.shape(good)
    return st.just(good) | hnp.arrays(float, shape, elements=st.sampled_from(EXTREMES)) | \
        st.lists(number, min_size=1, max_size=4).map(lambda items: np.array(items, dtype=object))


def _network(W1, W2):
    return Network(W1, W2)


#: The network's functions with good arguments; every one of them may turn extreme.
FUNCTIONS = {
    "Network": (_network, {"W1": NET.W1, "W2": NET.W2}),
    "forward": (lambda W1, W2, X: Network(W1, W2).forward(X), {"W1": NET.W1, "W2": NET.W2, "X": X}),
    "cost": (lambda W1, W2, X, y: Network(W1, W2).cost(X, y),
             {"W1": NET.W1, "W2": NET.W2, "X": X, "y": y}),
    "gradients": (lambda W1, W2, X, y: Network(W1, W2).gradients(X, y),
                  {"W1": NET.W1, "W2": NET.W2, "X": X, "y": y}),
    "cost_and_gradient": (lambda W1, W2, X, y: Network(W1, W2).cost_and_gradient(X, y),
                          {"W1": NET.W1, "W2": NET.W2, "X": X, "y": y}),
    "sigmoid": (sigmoid, {"z": np.array([0.0, 1.0])}),
    "sigmoid_prime": (sigmoid_prime, {"z": np.array([0.0, 1.0])}),
    "numerical_gradient": (lambda x, eps: numerical_gradient(np.sum, x, eps),
                           {"x": np.array([1.0, -2.0]), "eps": 1e-4}),
    "relative_error": (relative_error, {"a": np.array([1.0, 2.0]), "b": np.array([1.0, 2.1])}),
    "cost_grid": (lambda W1, W2, X, y, values: cost_grid(Network(W1, W2), X, y, values, (0, 6)),
                  {"W1": NET.W1, "W2": NET.W2, "X": X, "y": y, "values": np.array([-1.0, 1.0])}),
    "brute_force_seconds": (brute_force_seconds, {"n_weights": 2, "points_per_weight": 1000,
                                                  "seconds_per_evaluation": 1e-5}),
}


def _finite(value):
    """True if ``value`` holds no NaN or inf, looking into arrays, tuples and networks."""
    if isinstance(value, Network):
        return _finite(value.params)
    if dataclasses.is_dataclass(value):
        return all(_finite(getattr(value, field.name)) for field in dataclasses.fields(value))
    if isinstance(value, tuple):
        return all(_finite(item) for item in value)
    return bool(np.all(np.isfinite(value)))


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(data=st.data())
def test_extremes_give_a_finite_result_or_an_error_that_names_them(name, data):
    function, good = FUNCTIONS[name]
    arguments = {argument: data.draw(extreme(value), label=argument)
                 for argument, value in good.items()}
    try:
        result = function(**arguments)
    except (ValueError, TypeError) as error:
        named = [argument for argument in arguments if re.search(rf"\b{argument}\b", str(error))]
        assert named, f"{name} raised {type(error).__name__} without naming an argument: {error}"
    else:
        assert _finite(result), f"{name}({arguments}) returned NaN or inf: {result!r}"
