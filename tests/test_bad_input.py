"""Every public function rejects bad input with an error that names it."""

import numpy as np
import pytest

from nnlesson import (
    Network,
    brute_force_seconds,
    cost_grid,
    format_duration,
    gradient_descent,
    load_data,
    numerical_gradient,
    relative_error,
    sigmoid,
    sigmoid_prime,
    stochastic_gradient_descent,
    train_bfgs,
)

X, y = load_data()
NET = Network.random(seed=0)


def _raises(error, match, call, *args, **kwargs):
    with pytest.raises(error, match=match):
        call(*args, **kwargs)


@pytest.mark.parametrize(
    "W1, W2, error, match",
    [
        (np.ones((2, 3)), np.ones((4, 1)), ValueError, r"W1 columns must match W2 rows.*\(2, 3\).*\(4, 1\)"),
        (np.ones(3), np.ones((3, 1)), ValueError, r"W1 must have 2 dimension.*\(3,\)"),
        (np.ones((2, 0)), np.ones((0, 1)), ValueError, r"W1 must not be empty.*\(2, 0\)"),
        ([[1, np.nan, 1], [1, 1, 1]], np.ones((3, 1)), ValueError, r"W1 must hold only finite.*nan"),
        (np.ones((2, 3)), [[1], [np.inf], [1]], ValueError, r"W2 must hold only finite.*inf"),
        ([["a", "b", "c"], ["d", "e", "f"]], np.ones((3, 1)), TypeError, r"W1 must be numeric.*'a'"),
        ("weights", np.ones((3, 1)), TypeError, r"W1 must be numeric.*'weights'"),
    ],
)
def test_bad_weights(W1, W2, error, match):
    _raises(error, match, Network, W1, W2)


@pytest.mark.parametrize(
    "bad_X, bad_y, match",
    [
        (np.ones((3, 3)), y, r"X must have 2 columns.*\(3, 3\)"),
        (X, np.ones((2, 1)), r"y must have one row per row of X \(3\).*\(2, 1\)"),
        (X, np.ones((3, 2)), r"y must have 1 column.*\(3, 2\)"),
        (X, np.ones(3), r"y must have 2 dimension.*\(3,\)"),
        (np.empty((0, 2)), np.empty((0, 1)), r"X must not be empty.*\(0, 2\)"),
        ([[0.3, np.nan], [0.5, 0.2], [1, 0.4]], y, r"X must hold only finite.*nan"),
        (X, [[0.75], [np.inf], [0.93]], r"y must hold only finite.*inf"),
    ],
)
@pytest.mark.parametrize(
    "call",
    [
        lambda a, b: NET.cost(a, b),
        lambda a, b: NET.gradients(a, b),
        lambda a, b: cost_grid(NET, a, b, [0.0, 1.0]),
        lambda a, b: gradient_descent(NET, a, b, 1.0, 1, 0.0),
        lambda a, b: stochastic_gradient_descent(NET, a, b, 1.0, 1, 0.0),
        lambda a, b: train_bfgs(NET, a, b),
    ],
)
def test_bad_data(call, bad_X, bad_y, match):
    _raises(ValueError, match, call, bad_X, bad_y)


def test_forward_checks_X():
    _raises(ValueError, r"X must have 2 columns.*\(3, 1\)", NET.forward, np.ones((3, 1)))
    _raises(TypeError, r"X must be numeric", NET.forward, [["x", "y"]])


@pytest.mark.parametrize(
    "params, match",
    [
        (np.ones(8), r"params must hold 9 weights.*\(8,\)"),
        (np.ones((3, 3)), r"params must have 1 dimension.*\(3, 3\)"),
        (np.r_[np.ones(8), np.nan], r"params must hold only finite.*nan"),
    ],
)
def test_bad_params(params, match):
    _raises(ValueError, match, NET.with_params, params)


@pytest.mark.parametrize("value", [np.nan, np.inf, [0.0, np.nan]])
def test_sigmoid_rejects_non_finite(value):
    _raises(ValueError, r"z must hold only finite", sigmoid, value)
    _raises(ValueError, r"z must hold only finite", sigmoid_prime, value)


def test_sigmoid_rejects_text():
    _raises(TypeError, r"z must be numeric.*'one'", sigmoid, "one")


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"values": []}, ValueError, r"values must not be empty"),
        ({"values": [[1.0, 2.0]]}, ValueError, r"values must have 1 dimension"),
        ({"values": [0.0, np.nan]}, ValueError, r"values must hold only finite.*nan"),
        ({"indices": (9,)}, ValueError, r"indices must lie in 0..8.*\(9,\)"),
        ({"indices": (-1,)}, ValueError, r"indices must lie in 0..8.*\(-1,\)"),
        ({"indices": (0, 0)}, ValueError, r"indices must not repeat.*\(0, 0\)"),
        ({"indices": ()}, ValueError, r"indices must not be empty"),
        ({"indices": (0.5,)}, TypeError, r"indices must hold integers.*0\.5"),
        ({"method": "fast"}, ValueError, r"method must be one of.*'fast'"),
        ({"chunk_size": 0}, ValueError, r"chunk_size must be at least 1, got 0"),
        ({"values": np.zeros(1000), "indices": (0, 1, 2)}, ValueError, r"needs 1e\+09 evaluations"),
    ],
)
def test_bad_grid_arguments(kwargs, error, match):
    arguments = {"values": [0.0, 1.0], "indices": (0,), **kwargs}
    _raises(error, match, cost_grid, NET, X, y, **arguments)


def test_grid_needs_a_network():
    _raises(TypeError, r"net must be a Network, got ndarray", cost_grid, np.ones(9), X, y, [1.0])


@pytest.mark.parametrize(
    "learning_rate, error, match",
    [
        (0.0, ValueError, r"learning_rate must be a finite number above 0, got 0.0"),
        (-1.0, ValueError, r"learning_rate must be a finite number above 0, got -1.0"),
        (np.nan, ValueError, r"learning_rate must be a finite number above 0, got nan"),
        (np.inf, ValueError, r"learning_rate must be a finite number above 0, got inf"),
        ("fast", TypeError, r"learning_rate must be a real number, got 'fast'"),
        (True, TypeError, r"learning_rate must be a real number, got True"),
    ],
)
@pytest.mark.parametrize("optimizer", [gradient_descent, stochastic_gradient_descent])
def test_bad_learning_rate(optimizer, learning_rate, error, match):
    _raises(error, match, optimizer, NET, X, y, learning_rate, 10, 0.0)


@pytest.mark.parametrize("steps", [0, -3])
def test_step_counts_below_one(steps):
    _raises(ValueError, rf"max_steps must be at least 1, got {steps}", gradient_descent, NET, X, y, 1.0, steps, 0.0)
    _raises(ValueError, rf"max_epochs must be at least 1, got {steps}", stochastic_gradient_descent, NET, X, y, 1.0, steps, 0.0)
    _raises(ValueError, rf"maxiter must be at least 1, got {steps}", train_bfgs, NET, X, y, maxiter=steps)


def test_step_count_must_be_an_integer():
    _raises(TypeError, r"max_steps must be an integer, got 2.5", gradient_descent, NET, X, y, 1.0, 2.5, 0.0)


def test_bad_tolerance_and_indices_in_descent():
    _raises(ValueError, r"tolerance must be a finite number >= 0, got -1.0", gradient_descent, NET, X, y, 1.0, 5, -1.0)
    _raises(ValueError, r"indices must lie in 0..8.*\(0, 12\)", gradient_descent, NET, X, y, 1.0, 5, 0.0, indices=(0, 12))
    _raises(ValueError, r"indices must not repeat.*\[1, 1\]", stochastic_gradient_descent, NET, X, y, 1.0, 5, 0.0, indices=[1, 1])
    _raises(TypeError, r"seed must be an integer, got 'a'", stochastic_gradient_descent, NET, X, y, 1.0, 5, 0.0, seed="a")


def test_bad_random_network_arguments():
    _raises(ValueError, r"sizes\[1\] must be at least 1, got 0", Network.random, sizes=(2, 0, 1))
    _raises(ValueError, r"sizes must be three layer sizes.*\(2, 3\)", Network.random, sizes=(2, 3))
    _raises(TypeError, r"seed must be an integer, got 1.5", Network.random, seed=1.5)


def test_bad_numerical_gradient_arguments():
    _raises(TypeError, r"f must be callable", numerical_gradient, 3, [1.0])
    _raises(ValueError, r"eps must be a finite number above 0, got 0.0", numerical_gradient, np.sum, [1.0], eps=0.0)
    _raises(ValueError, r"x must hold only finite.*nan", numerical_gradient, np.sum, [np.nan])
    _raises(ValueError, r"f must return finite values, got nan", numerical_gradient, lambda v: np.nan, [1.0])


def test_bad_relative_error_arguments():
    _raises(ValueError, r"a and b must have the same shape, got \(2,\) and \(3,\)", relative_error, [1, 2], [1, 2, 3])
    _raises(ValueError, r"norm\(a \+ b\) is zero", relative_error, [1.0], [-1.0])
    _raises(ValueError, r"b must hold only finite.*nan", relative_error, [1.0], [np.nan])


def test_bad_duration_arguments():
    _raises(ValueError, r"seconds must be a finite number >= 0, got -1.0", format_duration, -1)
    _raises(ValueError, r"seconds must be a finite number >= 0, got nan", format_duration, np.nan)
    _raises(TypeError, r"seconds must be a real number, got '3'", format_duration, "3")
    _raises(ValueError, r"n_weights must be at least 1, got 0", brute_force_seconds, 0, 1000, 1e-5)
    _raises(ValueError, r"points_per_weight must be at least 1, got 0", brute_force_seconds, 2, 0, 1e-5)
    _raises(ValueError, r"seconds_per_evaluation must be a finite number >= 0, got inf", brute_force_seconds, 2, 10, np.inf)


def test_load_data_flag_must_be_boolean():
    _raises(TypeError, r"normalize must be True or False, got 'yes'", load_data, normalize="yes")
