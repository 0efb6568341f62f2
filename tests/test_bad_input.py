"""Examples of bad or extreme input, each with the error it gets (issue 12's examples).

The checks are declared and tested from their tables (tests/test_params.py);
these are the particular examples worth keeping, with the wording of their
errors. The last ones are calls too large to run: each is refused before it
allocates or computes anything, which the test proves by making the
allocation or the computation raise.
"""

import re

import numpy as np
import pytest
import scipy.optimize

from nnlesson import (Adam, Momentum, Network, brute_force_seconds, classify_point, cost_grid, format_duration,
                      gradient_descent, hessian, load_data, numerical_gradient, relative_error,
                      sigmoid, sigmoid_prime, stochastic_gradient_descent, train_bfgs)
from nnlesson import bruteforce, descent, endpoints, study
from nnlesson.study import bfgs_study, descent_study, sgd_study

X, y = load_data()
NET = Network.random(seed=0)
HUGE_INT = 10**400  # above the largest float, about 1.8e308

# Each section: (call, error, the message's regular expression).
EXAMPLES = {
    "Weights": [
        (lambda: Network(np.ones((2, 3)), np.ones((4, 1))), ValueError,
         r"W1 columns must match W2 rows.*\(2, 3\).*\(4, 1\)"),
        (lambda: Network(np.ones(3), np.ones((3, 1))), ValueError, r"W1 must have 2 dimension.*\(3,\)"),
        (lambda: Network(np.ones((2, 0)), np.ones((0, 1))), ValueError,
         r"W1 must not be empty.*\(2, 0\)"),
        (lambda: Network([[1, np.nan, 1], [1, 1, 1]], np.ones((3, 1))), ValueError,
         r"W1 must hold only finite.*nan"),
        (lambda: Network(np.ones((2, 3)), [[1], [np.inf], [1]]), ValueError,
         r"W2 must hold only finite.*inf"),
        (lambda: Network([["a", "b", "c"], ["d", "e", "f"]], np.ones((3, 1))), TypeError,
         r"W1 must be numeric.*'a'"),
        (lambda: Network("weights", np.ones((3, 1))), TypeError, r"W1 must be numeric.*'weights'"),
        (lambda: NET.with_params(np.ones(8)), ValueError, r"params must hold 9 weights.*\(8,\)"),
        (lambda: NET.with_params(np.ones((3, 3))), ValueError,
         r"params must have 1 dimension.*\(3, 3\)"),
        (lambda: NET.with_params(np.r_[np.ones(8), np.nan]), ValueError,
         r"params must hold only finite.*nan"),
        (lambda: Network.random(sizes=(2, 0, 1)), ValueError, r"sizes\[1\] must be at least 1, got 0"),
        (lambda: Network.random(sizes=(2, 3)), ValueError, r"sizes must be three layer sizes.*\(2, 3\)"),
        (lambda: Network.random(seed=1.5), TypeError, r"seed must be an integer, got 1.5"),
    ],
    "Inputs and the sigmoid": [
        (lambda: NET.forward(np.ones((3, 1))), ValueError, r"X must have 2 columns.*\(3, 1\)"),
        (lambda: NET.forward([["x", "y"]]), TypeError, r"X must be numeric"),
        (lambda: sigmoid("one"), TypeError, r"z must be numeric.*'one'"),
        *[(lambda z=z, f=f: f(z), ValueError, r"z must hold only finite")
          for z in (np.nan, np.inf, [0.0, np.nan]) for f in (sigmoid, sigmoid_prime)],
    ],
    "The brute-force grid": [
        (lambda: cost_grid(np.ones(9), X, y, [1.0]), TypeError, r"net must be a Network, got ndarray"),
        (lambda: cost_grid(NET, X, y, []), ValueError, r"values must not be empty"),
        (lambda: cost_grid(NET, X, y, [[1.0, 2.0]]), ValueError, r"values must have 1 dimension"),
        (lambda: cost_grid(NET, X, y, [0.0, np.nan]), ValueError, r"values must hold only finite.*nan"),
        (lambda: cost_grid(NET, X, y, [0.0], (9,)), ValueError, r"indices must lie in 0..8.*\(9,\)"),
        (lambda: cost_grid(NET, X, y, [0.0], (-1,)), ValueError, r"indices must lie in 0..8.*\(-1,\)"),
        (lambda: cost_grid(NET, X, y, [0.0], (0, 0)), ValueError, r"indices must not repeat.*\(0, 0\)"),
        (lambda: cost_grid(NET, X, y, [0.0], ()), ValueError, r"indices must not be empty"),
        (lambda: cost_grid(NET, X, y, [0.0], (0.5,)), TypeError, r"indices must hold integers.*0\.5"),
        (lambda: cost_grid(NET, X, y, [0.0], method="fast"), ValueError, r"method must be one of.*'fast'"),
        (lambda: cost_grid(NET, X, y, [0.0], chunk_size=0), ValueError,
         r"chunk_size must be at least 1, got 0"),
        (lambda: cost_grid(NET, X, y, np.zeros(1000), (0, 1, 2)), ValueError, r"needs 1e\+09 evaluations"),
        (lambda: cost_grid(NET, X, y, [0.0], method=np.array(["loop", "loop"])), TypeError,
         r"method must be one of \('loop', 'vectorized'\), got array"),
        (lambda: cost_grid(NET, X * 10, y, [1e308, -1e308], indices=(0, 3)), ValueError,
         r"X, values and the weights of net are too large together.*1e\+300"),
    ],
    "Descent": [
        *[(lambda rate=rate, optimizer=optimizer: optimizer(NET, X, y, rate, 10, 0.0), error,
           rf"learning_rate must be {text}")
          for rate, error, text in [(0.0, ValueError, "a finite number above 0, got 0.0"),
                                    (-1.0, ValueError, "a finite number above 0, got -1.0"),
                                    (np.nan, ValueError, "a finite number above 0, got nan"),
                                    (np.inf, ValueError, "a finite number above 0, got inf"),
                                    ("fast", TypeError, "a real number, got 'fast'"),
                                    (True, TypeError, "a real number, got True")]
          for optimizer in (gradient_descent, stochastic_gradient_descent)],
        *[example for steps in (0, -3) for example in [
            (lambda s=steps: gradient_descent(NET, X, y, 1.0, s, 0.0), ValueError,
             rf"max_steps must be at least 1, got {steps}"),
            (lambda s=steps: stochastic_gradient_descent(NET, X, y, 1.0, s, 0.0), ValueError,
             rf"max_epochs must be at least 1, got {steps}"),
            (lambda s=steps: train_bfgs(NET, X, y, maxiter=s), ValueError,
             rf"maxiter must be at least 1, got {steps}")]],
        (lambda: gradient_descent(NET, X, y, 1.0, 2.5, 0.0), TypeError,
         r"max_steps must be an integer, got 2.5"),
        (lambda: gradient_descent(NET, X, y, 1.0, 5, -1.0), ValueError,
         r"tolerance must be a finite number >= 0, got -1.0"),
        (lambda: gradient_descent(NET, X, y, 1.0, 5, 0.0, indices=(0, 12)), ValueError,
         r"indices must lie in 0..8.*\(0, 12\)"),
        (lambda: stochastic_gradient_descent(NET, X, y, 1.0, 5, 0.0, indices=[1, 1]), ValueError,
         r"indices must not repeat.*\[1, 1\]"),
        (lambda: stochastic_gradient_descent(NET, X, y, 1.0, 5, 0.0, seed="a"), TypeError,
         r"seed must be an integer, got 'a'"),
    ],
    "Momentum and Adam": [
        (lambda: Momentum(1.0), ValueError, r"beta must be a finite number >= 0 and below 1, got 1.0"),
        (lambda: Momentum(-0.1), ValueError, r"beta must be a finite number >= 0 and below 1, got -0.1"),
        (lambda: Momentum(0.9, nesterov=1), TypeError, r"nesterov must be True or False, got 1"),
        (lambda: Adam(beta2=1.0), ValueError, r"beta2 must be a finite number >= 0 and below 1, got 1.0"),
        (lambda: Adam(beta1=np.nan), ValueError, r"beta1 must be .*, got nan"),
        (lambda: Adam(eps=0.0), ValueError, r"eps must be a finite number above 0, got 0.0"),
        (lambda: gradient_descent(NET, X, y, 1.0, 5, 0.0, optimizer="adam"), TypeError,
         r"optimizer must be a Momentum or Adam, got str"),
        (lambda: descent_study([0], X, y, 1.0, 5, 0.0, optimizer=Momentum), TypeError,
         r"optimizer must be a Momentum or Adam, got type"),
    ],
    "Studies": [
        (lambda: descent_study([], X, y, 1.0, 5, 0.0), ValueError, r"seeds must not be empty"),
        (lambda: descent_study([1.5], X, y, 1.0, 5, 0.0), TypeError,
         r"seeds\[0\] must be an integer, got 1.5"),
        (lambda: descent_study(["a"], X, y, 1.0, 5, 0.0), TypeError,
         r"seeds\[0\] must be an integer, got 'a'"),
        (lambda: descent_study([0], X, y, -1.0, 5, 0.0), ValueError,
         r"learning_rate must be a finite number above 0, got -1.0"),
        (lambda: descent_study([0, 1], X, y, [1.0, 2.0, 3.0], 5, 0.0), ValueError,
         r"learning_rate must be one number or one per seed \(2\), got 3"),
        (lambda: sgd_study([0], X, y, 1.0, 0, 0.0), ValueError, r"max_epochs must be at least 1, got 0"),
        (lambda: bfgs_study([0], np.ones((3, 3)), y), ValueError, r"X must have 2 columns"),
        (lambda: sgd_study([0], X, y, 1.0, 3, 0.0, start=NET.W1), TypeError,
         r"start must be a Network, got ndarray"),
    ],
    "Derivatives and their check": [
        (lambda: numerical_gradient(3, [1.0]), TypeError, r"f must be callable"),
        (lambda: numerical_gradient(np.sum, [1.0], eps=0.0), ValueError,
         r"eps must be a finite number above 0, got 0.0"),
        (lambda: numerical_gradient(np.sum, [np.nan]), ValueError, r"x must hold only finite.*nan"),
        (lambda: numerical_gradient(lambda v: np.nan, [1.0]), ValueError,
         r"f must return finite values, got nan"),
        (lambda: numerical_gradient(np.sum, [1.0, -2.0], eps=1e308), ValueError,
         r"eps is too large for x: x \+ eps, x - eps or 2 \* eps overflows.*1e\+308"),
        (lambda: numerical_gradient(np.sum, [1e300], eps=1e-300), ValueError,
         r"eps is too small for x: .* rounds back to x"),
        (lambda: numerical_gradient(lambda v: 1e308 * float(np.sign(v[0])), [0.0], eps=1e-300),
         ValueError, r"slope of f is too steep to be a float.*2 \* eps = 2e-300"),
        (lambda: numerical_gradient(lambda v: v, [1.0, 2.0]), TypeError,
         r"f must return a single real number, got array\(\[1\.0001, 2\. +\]\)"),
        (lambda: numerical_gradient(lambda v: True, [1.0]), TypeError,
         r"f must return a single real number, got True"),
        (lambda: numerical_gradient(lambda v: "1", [1.0]), TypeError,
         r"f must return a single real number, got '1'"),
        (lambda: numerical_gradient(lambda v: HUGE_INT, [1.0]), ValueError,
         r"the value that f returned is too large to be a float"),
        (lambda: relative_error([1, 2], [1, 2, 3]), ValueError,
         r"a and b must have the same shape, got \(2,\) and \(3,\)"),
        (lambda: relative_error([1.0], [-1.0]), ValueError, r"norm\(a \+ b\) is zero"),
        (lambda: relative_error([1.0], [np.nan]), ValueError, r"b must hold only finite.*nan"),
        (lambda: relative_error([1.0, 0.0], [-1.0, 5e-324]), ValueError,
         r"relative error of a and b is too large to be a float"),
    ],
    "Durations and times": [
        (lambda: format_duration(-1), ValueError, r"seconds must be a finite number >= 0, got -1.0"),
        (lambda: format_duration(np.nan), ValueError, r"seconds must be a finite number >= 0, got nan"),
        (lambda: format_duration("3"), TypeError, r"seconds must be a real number, got '3'"),
        (lambda: brute_force_seconds(0, 1000, 1e-5), ValueError, r"n_weights must be at least 1, got 0"),
        (lambda: brute_force_seconds(2, 0, 1e-5), ValueError,
         r"points_per_weight must be at least 1, got 0"),
        (lambda: brute_force_seconds(2, 10, np.inf), ValueError,
         r"seconds_per_evaluation must be a finite number >= 0, got inf"),
        (lambda: brute_force_seconds(1, 10, 1e308), ValueError,
         r"too large to be a float.*10 \*\* 1 \* 1e\+308"),
        (lambda: brute_force_seconds(200, 1000, 1.0), ValueError, r"too large to be a float.*1000 \*\* 200"),
        (lambda: load_data(normalize="yes"), TypeError, r"normalize must be True or False, got 'yes'"),
    ],
    "Sums that could overflow inside the network": [
        *[(lambda call=call: call(Network(np.full((2, 3), 1e300), np.full((3, 1), 1e300)), X),
           ValueError, r"X and this network's weights \(W1, W2\) are too large together")
          for call in (Network.forward, lambda net, X: net.cost(X, y),
                       lambda net, X: net.gradients(X, y))],
        (lambda: hessian(Network(np.ones((2, 3)), np.full((3, 1), 1e200)), X * 1e100, y), ValueError,
         r"X and the weights of net are too large together"),
    ],
}
# Garbage accepted before issue 12: a TypeError that names the argument.
EXAMPLES["Garbage, by name"] = [(call, TypeError, rf"^{name}\b") for call, name in [
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
]]
# Unhelpful errors before issue 12: a ValueError that names the argument.
EXAMPLES["Bad numbers, by name"] = [(call, ValueError, rf"^{name}\b") for call, name in [
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
    (lambda: Network.random(seed=-1), r"seed must be at least 0, got -1"),
    (lambda: stochastic_gradient_descent(NET, X, y, 1.0, 3, 0.0, seed=-5), r"seed must be at least 0"),
    (lambda: classify_point(NET, X, y, seed=-1), r"seed must be at least 0, got -1"),
    (lambda: descent_study([0, -1], X, y, 1.0, 3, 0.0), r"seeds\[1\] must be at least 0, got -1"),
    *[(lambda call=call: call([[1e155], [0.5], [0.5]]), r"y must lie in \[0, 1\]: a sigmoid output")
      for call in (lambda t: NET.cost(X, t), lambda t: train_bfgs(NET, X, t),
                   lambda t: gradient_descent(NET, X, t, 1.0, 5, 0.0),
                   lambda t: stochastic_gradient_descent(NET, X, t, 1.0, 5, 0.0),
                   lambda t: descent_study([0, 1], X, t, 1.0, 5, 0.0),
                   lambda t: sgd_study([0, 1], X, t, 1.0, 5, 0.0),
                   lambda t: bfgs_study([0, 1], X, t))],
]]
EXAMPLES["Bad data, for every function that takes it"] = [
    (lambda call=call, data=data: call(*data[:2]), ValueError, data[2])
    for call in (NET.cost, NET.gradients, lambda X, y: cost_grid(NET, X, y, [0.0, 1.0]),
                 lambda X, y: gradient_descent(NET, X, y, 1.0, 1, 0.0),
                 lambda X, y: stochastic_gradient_descent(NET, X, y, 1.0, 1, 0.0),
                 lambda X, y: train_bfgs(NET, X, y))
    for data in [(np.ones((3, 3)), y, r"X must have 2 columns.*\(3, 3\)"),
                 (X, np.ones((2, 1)), r"y must have one row per row of X \(3\).*\(2, 1\)"),
                 (X, np.ones((3, 2)), r"y must have 1 column.*\(3, 2\)"),
                 (X, np.ones(3), r"y must have 2 dimension.*\(3,\)"),
                 (np.empty((0, 2)), np.empty((0, 1)), r"X must not be empty.*\(0, 2\)"),
                 ([[0.3, np.nan], [0.5, 0.2], [1, 0.4]], y, r"X must hold only finite.*nan"),
                 (X, [[0.75], [np.inf], [0.93]], r"y must hold only finite.*inf")]]


def _outcome(call, error, match):
    """None if ``call()`` raises ``error`` with a message that matches ``match``; else what it did."""
    try:
        call()
    except Exception as raised:  # noqa: BLE001 - its type is the test
        if type(raised) is error and re.search(match, str(raised)):
            return None
        return f"raised {raised!r}"
    return "returned"


@pytest.mark.parametrize("section", EXAMPLES)
def test_each_example_gets_its_error(section):
    wrong = [f"expected {error.__name__} matching {match!r}, {outcome}"
             for call, error, match in EXAMPLES[section]
             if (outcome := _outcome(call, error, match))]
    assert not wrong, "\n".join(wrong)


def test_extreme_values_that_are_computed_exactly():
    assert relative_error([1e200], [2e200]) == pytest.approx(1 / 3, rel=1e-15)
    assert relative_error([1e-200], [2e-200]) == pytest.approx(1 / 3, rel=1e-15)
    assert relative_error([1e308], [1e308]) == 0.0
    assert relative_error([5e-324], [5e-324]) == 0.0
    assert relative_error([1.0, 1e-200], [-1.0, 0.0]) == pytest.approx(2e200, rel=1e-15)
    # The grid alone does not fit in a float, the time does: computed exactly.
    assert brute_force_seconds(2, 10**200, 1e-300) == pytest.approx(1e100, rel=1e-15)
    # Large but safe: the cost is finite and the sigmoid saturates.
    assert np.isfinite(Network(np.full((2, 3), 1e150), np.ones((3, 1))).cost(X * 1e100, y))


def test_a_seed_above_2_to_the_53_is_used_exactly():
    one = descent_study([2**53 + 1], X, y, 1.0, 3, 0.0, classify=False)
    assert one.seeds.tolist() == [2**53 + 1]
    other = descent_study([2**53], X, y, 1.0, 3, 0.0, classify=False)
    assert not np.array_equal(one.final_params, other.final_params)


# -- too large to run: refused before allocating or computing anything ------------------
WIDE = Network.random(sizes=(2, 10**4, 1))  # 30,000 weights: a Hessian of 9e8 floats
STARTS = [(Network, "random"), (study, "_starts")]  # a study's starting networks
TOO_LARGE = [
    (lambda: Network.random(sizes=(10**5, 10**5, 1)), [(np.random, "default_rng")],
     r"a network of sizes \(100000, 100000, 1\) needs 10,000,100,000 floats \(80 GB\), more "
     r"than the memory budget of [\d,]+ floats .*: it grows with sizes"),
    (lambda: bfgs_study([0], X, y, sizes=(2, 10**6, 1), classify=False),
     STARTS + [(study, "train_bfgs")], r"a study of 1 run\(s\) needs 9,000,00[\d,]+ floats"),
    (lambda: hessian(WIDE, X, y), [(endpoints, "hessians")],
     r"the Hessian of Network\(sizes=\(2, 10000, 1\)\) on 3 rows of X needs 900,180,000 floats"),
    (lambda: classify_point(WIDE, X, y), [(endpoints, "classify_stack")],
     r"classifying Network\(sizes=\(2, 10000, 1\)\) .* needs 901,[\d,]+ floats"),
    (lambda: train_bfgs(WIDE, X, y), [(scipy.optimize, "minimize"), (Network, "cost")],
     r"BFGS's matrix for Network\(sizes=\(2, 10000, 1\)\) needs 900,[\d,]+ floats"),
    (lambda: gradient_descent(NET, X, y, 1.0, 10**18, 0.0), [(descent, "descend")],
     r"^max_steps must be at most 1,000,000"),
    (lambda: stochastic_gradient_descent(NET, X, y, 1.0, 10**18, 0.0), [(descent, "descend")],
     r"^max_epochs must be at most 1,000,000"),
    (lambda: descent_study([0], X, y, 1.0, 10**18, 0.0), STARTS,
     r"^max_steps must be at most 1,000,000"),
    (lambda: sgd_study([0], X, y, 1.0, 10**18, 0.0), STARTS, r"^max_epochs must be at most"),
    (lambda: train_bfgs(NET, X, y, maxiter=10**18), [(scipy.optimize, "minimize")],
     r"^maxiter must be at most 1,000,000"),
    (lambda: cost_grid(NET, X, y, np.linspace(-5, 5, 10_000), (0, 1), method="loop"),
     [(bruteforce, "_grid_loop")], r"a grid of 10000 values over 2 weights needs 1e\+08 "
     r"evaluations, more than the limit of 3e\+05 for method='loop'"),
    (lambda: descent_study(range(10**9), X, y, 1.0, 3, 0.0), STARTS,
     r"seeds holds 1,000,000,000 seeds, more than the limit of 20,000"),
    (lambda: descent_study(np.arange(10**6), X, y, 1.0, 3, 0.0), STARTS,
     r"seeds holds 1,000,000 seeds, more than the limit of 20,000"),
    (lambda: descent_study(range(20_000), X, y, 1.0, 10_000, 0.0, classify=False,
                           keep_paths=True), STARTS,
     r"a study of 20,000 run\(s\) needs 2,400,660,000 floats .*: it grows with seeds, sizes, "
     r"max_steps, keep_paths"),
    (lambda: classify_point(NET, X, y, n_trials=10_000), [(endpoints, "classify_stack")],
     r"^n_trials must be at most 1,000, got 10000"),
    (lambda: gradient_descent(NET, X, y, 1.0, 3, 0.0, indices=range(10**8)), [(descent, "descend")],
     r"indices must not repeat a weight, and the network has only 9 weights"),
]


def test_too_large_is_refused_before_any_allocation(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("allocated or computed before refusing")

    wrong = []
    for call, work, match in TOO_LARGE:
        with monkeypatch.context() as patch:
            for owner, name in work:
                patch.setattr(owner, name, refuse)
            if outcome := _outcome(call, ValueError, match):
                wrong.append(f"expected ValueError matching {match!r}, {outcome}")
    assert not wrong, "\n".join(wrong)
