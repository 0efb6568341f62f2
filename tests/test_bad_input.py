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


# -- issue 12: each example of bad or extreme input, as its own regression test --
import time  # noqa: E402

from nnlesson import classify_point, hessian  # noqa: E402
from nnlesson.study import bfgs_study, descent_study, sgd_study  # noqa: E402

HUGE_INT = 10**400  # above the largest float, about 1.8e308
STUDIES = [lambda **kw: descent_study([0, 1], X, y, 1.0, 3, 0.0, classify=False, **kw),
           lambda **kw: sgd_study([0, 1], X, y, 1.0, 3, 0.0, classify=False, **kw),
           lambda **kw: bfgs_study([0, 1], X, y, classify=False, **kw)]


# Silent inf or NaN
@pytest.mark.parametrize("call", [
    lambda t: NET.cost(X, t),
    lambda t: train_bfgs(NET, X, t),
    lambda t: gradient_descent(NET, X, t, 1.0, 5, 0.0),
    lambda t: stochastic_gradient_descent(NET, X, t, 1.0, 5, 0.0),
    lambda t: descent_study([0, 1], X, t, 1.0, 5, 0.0),
    lambda t: sgd_study([0, 1], X, t, 1.0, 5, 0.0),
    lambda t: bfgs_study([0, 1], X, t),
])
def test_a_target_a_sigmoid_cannot_reach_is_refused_not_an_infinite_cost(call):
    _raises(ValueError, r"y must lie in \[0, 1\]: a sigmoid output", call, [[1e155], [0.5], [0.5]])


def test_relative_error_of_huge_and_tiny_vectors():
    assert relative_error([1e200], [2e200]) == pytest.approx(1 / 3, rel=1e-15)
    assert relative_error([1e-200], [2e-200]) == pytest.approx(1 / 3, rel=1e-15)
    assert relative_error([1e308], [1e308]) == 0.0
    assert relative_error([1.0, 1e-200], [-1.0, 0.0]) == pytest.approx(2e200, rel=1e-15)


def test_relative_error_too_large_for_a_float_is_an_error():
    _raises(ValueError, r"relative error of a and b is too large to be a float",
            relative_error, [1.0, 0.0], [-1.0, 5e-324])


def test_a_grid_that_would_overflow_is_refused_not_nan():
    _raises(ValueError, r"X, values and the weights of net are too large together.*1e\+300",
            cost_grid, NET, X * 10, y, [1e308, -1e308], indices=(0, 3))


def test_numerical_gradient_blames_an_eps_that_overflows():
    _raises(ValueError, r"eps is too large for x: x \+ eps, x - eps or 2 \* eps overflows.*1e\+308",
            numerical_gradient, np.sum, [1.0, -2.0], eps=1e308)


def test_numerical_gradient_refuses_an_eps_that_rounds_away():
    _raises(ValueError, r"eps is too small for x: .* rounds back to x", numerical_gradient,
            np.sum, [1e300], eps=1e-300)


def test_numerical_gradient_slope_too_steep_for_a_float():
    _raises(ValueError, r"slope of f is too steep to be a float.*2 \* eps = 2e-300",
            numerical_gradient, lambda v: 1e308 * float(np.sign(v[0])), [0.0], eps=1e-300)


def test_brute_force_time_too_large_for_a_float():
    _raises(ValueError, r"too large to be a float.*10 \*\* 1 \* 1e\+308", brute_force_seconds,
            1, 10, 1e308)
    _raises(ValueError, r"too large to be a float.*1000 \*\* 200", brute_force_seconds,
            200, 1000, 1.0)
    # The grid alone does not fit in a float, the time does: computed exactly.
    assert brute_force_seconds(2, 10**200, 1e-300) == pytest.approx(1e100, rel=1e-15)


def test_network_refuses_weights_and_inputs_whose_sums_could_overflow():
    big = Network(np.full((2, 3), 1e300), np.full((3, 1), 1e300))
    for call in (big.forward, lambda a: big.cost(a, y), lambda a: big.gradients(a, y)):
        _raises(ValueError, r"X and this network's weights \(W1, W2\) are too large together",
                call, X)
    _raises(ValueError, r"X and the weights of net are too large together", hessian,
            Network(np.ones((2, 3)), np.full((3, 1), 1e200)), X * 1e100, y)
    # Large but safe: the cost is finite and the sigmoid saturates.
    assert np.isfinite(Network(np.full((2, 3), 1e150), np.ones((3, 1))).cost(X * 1e100, y))


# Garbage accepted
@pytest.mark.parametrize("call, name", [
    (lambda: sigmoid(["1", "2"]), "z"),
    (lambda: NET.cost([["0.3", "1"]] * 3, y), "X"),
    (lambda: NET.cost(X, [["0.75"]] * 3), "y"),
    (lambda: Network([["1"] * 3] * 2, np.ones((3, 1))), "W1"),
    (lambda: NET.with_params([str(v) for v in NET.params]), "params"),
    (lambda: Network.random(seed="1"), "seed"),
    (lambda: descent_study(["1"], X, y, 1.0, 3, 0.0), "seeds"),
    (lambda: sigmoid(np.array([1 + 0j, 2 + 0j])), "z"),
    (lambda: NET.forward(X + 0j), "X"),
    (lambda: sigmoid(np.ma.masked_array([1.0, 2.0], mask=[False, True])), "z"),
    (lambda: NET.cost(np.ma.masked_array(X), y), "X"),
    (lambda: format_duration(3e30, unicode="no"), "unicode"),
    (lambda: Network.random(sizes={1, 2, 3}), "sizes"),
    (lambda: numerical_gradient(lambda v: "1", [1.0]), "f"),
    (lambda: descent_study([2.0**53 + 1], X, y, 1.0, 3, 0.0), "seeds"),
    (lambda: gradient_descent(NET, X, y, True, 3, 0.0), "learning_rate"),
    (lambda: load_data(normalize=1), "normalize"),
])
def test_garbage_is_refused_by_name(call, name):
    with pytest.raises(TypeError, match=rf"^{name}\b"):
        call()


def test_a_seed_above_2_to_the_53_is_used_exactly():
    one = descent_study([2**53 + 1], X, y, 1.0, 3, 0.0, classify=False)
    assert one.seeds.tolist() == [2**53 + 1]
    other = descent_study([2**53], X, y, 1.0, 3, 0.0, classify=False)
    assert not np.array_equal(one.final_params, other.final_params)


# Unhelpful errors
@pytest.mark.parametrize("call, name", [
    (lambda: gradient_descent(NET, X, y, HUGE_INT, 3, 0.0), "learning_rate"),
    (lambda: gradient_descent(NET, X, y, 1.0, 3, HUGE_INT), "tolerance"),
    (lambda: stochastic_gradient_descent(NET, X, y, HUGE_INT, 3, 0.0), "learning_rate"),
    (lambda: train_bfgs(NET, X, y, tolerance=HUGE_INT), "tolerance"),
    (lambda: numerical_gradient(np.sum, [1.0], eps=HUGE_INT), "eps"),
    (lambda: format_duration(HUGE_INT), "seconds"),
    (lambda: brute_force_seconds(2, 10, HUGE_INT), "seconds_per_evaluation"),
    (lambda: classify_point(NET, X, y, radius=HUGE_INT), "radius"),
    (lambda: sigmoid([HUGE_INT]), "z"),
    (lambda: gradient_descent(NET, X, y, 1.0, 10**5000, 0.0), "max_steps"),
])
def test_an_int_too_large_for_a_float_is_a_value_error_by_name(call, name):
    with pytest.raises(ValueError, match=rf"^{name}\b"):
        call()


@pytest.mark.parametrize("call, name", [
    (lambda: Network.random(seed=-1), "seed"),
    (lambda: stochastic_gradient_descent(NET, X, y, 1.0, 3, 0.0, seed=-5), "seed"),
    (lambda: classify_point(NET, X, y, seed=-1), "seed"),
    (lambda: descent_study([0, -1], X, y, 1.0, 3, 0.0), r"seeds\[1\]"),
])
def test_negative_seeds_are_refused_by_name(call, name):
    with pytest.raises(ValueError, match=rf"^{name} must be at least 0, got -\d"):
        call()


def test_numerical_gradient_of_a_function_that_returns_a_vector():
    _raises(TypeError, r"f must return a single real number, got array\(\[1\.0001, 2\. +\]\)",
            numerical_gradient, lambda v: v, [1.0, 2.0])
    _raises(TypeError, r"f must return a single real number, got True", numerical_gradient,
            lambda v: True, [1.0])
    _raises(ValueError, r"the value that f returned is too large to be a float",
            numerical_gradient, lambda v: HUGE_INT, [1.0])


def test_relative_error_of_tiny_vectors_is_not_called_zero():
    assert relative_error([1e-200], [2e-200]) == pytest.approx(1 / 3, rel=1e-15)
    assert relative_error([5e-324], [5e-324]) == 0.0


def test_grid_method_given_as_an_array():
    _raises(TypeError, r"method must be one of \('loop', 'vectorized'\), got array",
            cost_grid, NET, X, y, [0.0, 1.0], method=np.array(["loop", "loop"]))


# Runaway time or memory: refused at once, saying how much would be needed
def _refused_quickly(error, match, call, *args, **kwargs):
    start = time.perf_counter()
    _raises(error, match, call, *args, **kwargs)
    assert time.perf_counter() - start < 1.0


def test_a_huge_network_is_refused_before_allocating():
    _refused_quickly(ValueError, r"sizes \(100000, 100000, 1\) needs 10,000,100,000 weights "
                     r"\(80 GB\), more than the limit", Network.random, sizes=(10**5, 10**5, 1))


def test_bfgs_and_the_hessian_of_a_large_network_are_refused():
    _refused_quickly(ValueError, r"BFGS on a network of sizes \(2, 1000000, 1\) needs a matrix "
                     r"of 9,000,000,000,000 floats", bfgs_study, [0], X, y, sizes=(2, 10**6, 1),
                     classify=False)
    _refused_quickly(ValueError, r"the Hessian of 1 network\(s\) of sizes \(2, 1000000, 1\)",
                     bfgs_study, [0], X, y, sizes=(2, 10**6, 1))
    wide = Network.random(sizes=(2, 10**4, 1))
    for call in (hessian, classify_point, train_bfgs):
        _refused_quickly(ValueError, r"network(\(s\))? of sizes \(2, 10000, 1\).* needs "
                         r"(a matrix of )?900,000,000 floats", call, wide, X, y)


@pytest.mark.parametrize("call, name", [
    (lambda: gradient_descent(NET, X, y, 1.0, 10**18, 0.0), "max_steps"),
    (lambda: stochastic_gradient_descent(NET, X, y, 1.0, 10**18, 0.0), "max_epochs"),
    (lambda: descent_study([0], X, y, 1.0, 10**18, 0.0), "max_steps"),
    (lambda: sgd_study([0], X, y, 1.0, 10**18, 0.0), "max_epochs"),
    (lambda: train_bfgs(NET, X, y, maxiter=10**18), "maxiter"),
])
def test_a_step_limit_beyond_the_budget_is_refused(call, name):
    _refused_quickly(ValueError, rf"^{name} must be at most [\d,]+", call)


def test_a_loop_grid_beyond_the_budget_is_refused():
    _refused_quickly(ValueError, r"a grid of 10000 values over 2 weights needs 1e\+08 "
                     r"evaluations, more than the limit of 3e\+05 for method='loop'",
                     cost_grid, NET, X, y, np.linspace(-5, 5, 10_000), (0, 1), method="loop")


@pytest.mark.parametrize("seeds", [range(10**9), np.arange(10**6)])
def test_too_many_seeds_are_refused_without_reading_them(seeds):
    _refused_quickly(ValueError, r"seeds holds [\d,]+ seeds, more than the limit of 20,000",
                     descent_study, seeds, X, y, 1.0, 3, 0.0)


def test_work_beyond_the_budget_names_the_arguments_behind_it():
    _refused_quickly(ValueError, r"max_steps must be at most [\d,]+ here \(MAX_WORK: each step "
                     r"evaluates 20,000 network\(s\)", descent_study, range(20_000), X, y, 1.0,
                     10_000, 0.0, classify=False)
    _refused_quickly(ValueError, r"classifying 1 point\(s\).* needs up to .* multiply-adds",
                     classify_point, NET, X, y, n_trials=10_000)
    _refused_quickly(ValueError, r"indices must not repeat a weight, and the network has only "
                     r"9 weights", gradient_descent, NET, X, y, 1.0, 3, 0.0, indices=range(10**8))
