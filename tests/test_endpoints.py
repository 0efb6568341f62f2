"""The Hessian, and what kind of point a run stopped at."""

import math

import numpy as np
import pytest

from nnlesson import (
    Network,
    classify_point,
    gradient_descent,
    hessian,
    load_data,
    stochastic_gradient_descent,
    train_bfgs,
)
from nnlesson.endpoints import FLOOR_COST, ZERO_CURVATURE, hessians
from nnlesson.network import cost_and_gradient

X, y = load_data()


def f(z):
    return 1 / (1 + math.exp(-z))


def test_hessian_of_a_one_one_one_network_worked_by_hand():
    w1, w2, x, t = 0.7, -1.3, 0.6, 0.8
    z1 = w1 * x
    a = f(z1)
    z3 = w2 * a
    r = t - f(z3)
    d1, d3 = f(z1) * (1 - f(z1)), f(z3) * (1 - f(z3))  # f'
    dd1, dd3 = d1 * (1 - 2 * f(z1)), d3 * (1 - 2 * f(z3))  # f''
    H22 = d3**2 * a**2 - r * dd3 * a**2
    H12 = d3**2 * w2 * d1 * x * a - r * dd3 * w2 * d1 * x * a - r * d3 * d1 * x
    H11 = (d3 * w2 * d1 * x) ** 2 - r * dd3 * (w2 * d1 * x) ** 2 - r * d3 * w2 * dd1 * x**2
    H = hessian(Network([[w1]], [[w2]]), [[x]], [[t]])
    np.testing.assert_allclose(H, [[H11, H12], [H12, H22]], rtol=1e-13, atol=1e-16)


@pytest.mark.parametrize("sizes, seed", [((2, 3, 1), 0), ((2, 3, 1), 2), ((3, 4, 2), 1), ((1, 2, 3), 5)])
def test_hessian_matches_central_differences_of_the_gradient(sizes, seed):
    rng = np.random.default_rng(seed)
    X_, y_ = rng.uniform(0, 1, (5, sizes[0])), rng.uniform(0, 1, (5, sizes[2]))
    net = Network.random(sizes, seed=seed)
    p, h = net.params, 1e-5
    numeric = np.empty((p.size, p.size))
    for i in range(p.size):
        e = np.zeros_like(p)
        e[i] = h
        numeric[:, i] = (cost_and_gradient(p + e, sizes, X_, y_)[1]
                         - cost_and_gradient(p - e, sizes, X_, y_)[1]) / (2 * h)
    H = hessian(net, X_, y_)
    np.testing.assert_allclose(H, numeric, rtol=0, atol=2e-10)
    np.testing.assert_allclose(H, H.T, rtol=0, atol=1e-15)


def test_hessians_of_a_stack_match_one_at_a_time():
    P = np.array([Network.random(seed=s).params for s in range(4)])
    stacked = hessians(P, (2, 3, 1), X, y)
    for k in range(4):
        np.testing.assert_array_equal(stacked[k], hessian(Network.random(seed=k), X, y))


def test_a_good_start_ends_at_the_global_minimum():
    report = classify_point(train_bfgs(Network.random(seed=0), X, y).network, X, y)
    assert report.kind == "global minimum"
    assert report.cost <= FLOOR_COST and report.grad_norm < 1e-10
    assert report.perturbation is None  # the floor needs no restarts


def test_the_stuck_start_is_a_local_minimum_with_flat_directions():
    report = classify_point(train_bfgs(Network.random(seed=2), X, y).network, X, y)
    assert report.kind == "local minimum"
    assert report.cost > 1e-3 and report.grad_norm < 1e-12
    assert report.n_flat == 4
    assert np.all(report.eigenvalues[report.n_flat:] > 1e-5)  # the rest clearly positive
    assert report.perturbation.n_lower == 0 and report.perturbation.n_trials >= 20
    assert report.perturbation.lowest_cost >= report.cost * (1 - 1e-9)
    # Far enough away, descent does find lower ground: the test can say "lower".
    far = classify_point(report.network, X, y, radius=4.0)
    assert far.kind == "plateau" and far.perturbation.n_lower > 0


def test_a_saturated_start_is_a_plateau_not_a_success():
    saturated = Network([[20.0] * 3] * 2, [[20.0]] * 3)
    report = classify_point(saturated, X, y)
    assert report.kind == "plateau" and "saturated" in report.why
    assert np.max(np.abs(report.eigenvalues)) <= ZERO_CURVATURE
    bfgs = train_bfgs(saturated, X, y)
    assert bfgs.scipy_success and not bfgs.success and bfgs.reason == "no progress"
    descent = gradient_descent(saturated, X, y, 10.0, 100, 1e-4)
    assert descent.reason == "converged" and descent.n_steps == 0  # flat is not a minimum


def test_a_descent_stopped_near_a_saddle_point():
    # From seed 2, batch descent with the book's tolerance stops beside a
    # saddle point; with a tighter tolerance it goes on to the good valley.
    loose = gradient_descent(Network.random(seed=2), X, y, 10.0, 20_000, 1e-4)
    assert classify_point(loose.network, X, y).kind == "saddle point"
    tight = gradient_descent(Network.random(seed=2), X, y, 10.0, 100_000, 1e-6)
    assert classify_point(tight.network, X, y).kind == "global minimum"


def test_classification_only_over_chosen_weights():
    net = Network.random(seed=160)
    one = gradient_descent(net, X, y, 30.0, 2000, 1e-8, indices=(0,))
    report = classify_point(one.network, X, y, indices=(0,))
    assert report.kind == "local minimum" and report.eigenvalues.shape == (1,)
    np.testing.assert_array_equal(report.network.params[1:], net.params[1:])


def test_stochastic_descent_from_a_minimum_takes_its_epochs():
    # Started at a flat point, stochastic descent still runs (its first
    # epoch always does, and tolerance 0 never stops it); at a small rate
    # it ends in the minimum where it began.
    minimum = classify_point(train_bfgs(Network.random(seed=2), X, y).network, X, y).network
    run = stochastic_gradient_descent(minimum, X, y, 3.0, 50, 0.0, seed=0)
    assert run.reason == "step limit" and run.n_steps == 150
    assert classify_point(run.network, X, y).kind == "local minimum"
