import numpy as np
import pytest

from nnlesson import (
    Network,
    gradient_descent,
    load_data,
    stochastic_gradient_descent,
    train_bfgs,
)


@pytest.fixture
def data():
    return load_data()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_small_steps_never_increase_the_cost(data, seed):
    X, y = data
    result = gradient_descent(Network.random(seed=seed), X, y, 0.1, 300, 0.0)
    assert result.reason == "step limit"
    assert result.n_steps == 300
    assert np.all(np.diff(result.costs) <= 0)
    assert result.costs[-1] < result.costs[0]


def test_trace_is_consistent(data):
    X, y = data
    net = Network.random(seed=0)
    result = gradient_descent(net, X, y, 1.0, 50, 0.0)
    assert result.path.shape == (51, 9)
    assert result.costs.shape == result.grad_norms.shape == (51,)
    np.testing.assert_array_equal(result.network.params, result.path[-1])
    assert result.costs[-1] == pytest.approx(result.network.cost(X, y))
    assert result.n_cost_evaluations == 51 and result.n_example_gradients == 0


def test_descent_stops_when_converged(data):
    X, y = data
    result = gradient_descent(Network.random(seed=0), X, y, 5.0, 100_000, 1e-4)
    assert result.reason == "converged"
    assert result.grad_norms[-1] < 1e-4
    assert np.all(result.grad_norms[:-1] >= 1e-4)


def test_indices_restrict_descent(data):
    X, y = data
    net = Network.random(seed=0)
    result = gradient_descent(net, X, y, 1.0, 20, 0.0, indices=(0, 1))
    moved = np.any(result.path != net.params, axis=0)
    np.testing.assert_array_equal(np.flatnonzero(moved), [0, 1])


def test_a_step_that_raises_the_cost_is_taken_and_the_run_bounces_on(data):
    # From a trained network a rate of 1000 overshoots: the cost goes up,
    # which is a bounce, not divergence. The run keeps going.
    X, y = data
    trained = train_bfgs(Network.random(seed=0), X, y).network
    result = gradient_descent(trained, X, y, 1000.0, 100, 0.0)
    assert result.reason == "step limit" and result.n_steps == 100
    assert result.n_rises > 0 and result.costs.max() > result.costs[0]
    assert np.all(np.isfinite(result.costs)) and np.all(np.isfinite(result.path))


@pytest.mark.parametrize("optimizer", [gradient_descent, stochastic_gradient_descent])
def test_divergence_is_leaving_the_floating_point_range(data, optimizer):
    # Weights whose gradient is steep (the output's two big weights cancel, so
    # its sigmoid is not saturated) and a rate so large that the first step
    # overflows: that step is refused and the run stops.
    X, y = data
    net = Network(np.zeros((2, 3)), [[1e6], [-1e6], [0.0]])
    result = optimizer(net, X, y, 1e305, 5, 0.0)
    assert result.reason == "diverged" and result.rejected_cost is None
    np.testing.assert_array_equal(result.network.params, net.params)
    assert np.all(np.isfinite(result.costs)) and np.all(np.isfinite(result.grad_norms))


def test_huge_learning_rate_lands_on_a_plateau(data):
    # From an untrained start a huge step saturates the sigmoids: the cost is
    # still finite and the gradient almost vanishes. The trace shows it.
    X, y = data
    result = gradient_descent(Network.random(seed=0), X, y, 1e4, 5, 0.0)
    assert np.all(np.isfinite(result.costs))
    assert result.reason == "step limit" and result.n_steps == 5  # tolerance 0: never flat enough
    assert result.grad_norms[-1] < 1e-3 * result.grad_norms[0]


def test_descent_does_not_mutate_inputs(data):
    X, y = data
    X0, y0 = X.copy(), y.copy()
    net = Network.random(seed=0)
    before = net.params
    gradient_descent(net, X, y, 1.0, 10, 0.0)
    stochastic_gradient_descent(net, X, y, 1.0, 10, 0.0)
    np.testing.assert_array_equal(net.params, before)
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_sgd_is_seeded_and_counts_one_example_gradients(data):
    X, y = data
    net = Network.random(seed=1)
    a = stochastic_gradient_descent(net, X, y, 0.5, 40, 0.0, seed=3)
    b = stochastic_gradient_descent(net, X, y, 0.5, 40, 0.0, seed=3)
    c = stochastic_gradient_descent(net, X, y, 0.5, 40, 0.0, seed=4)
    np.testing.assert_array_equal(a.path, b.path)
    assert not np.array_equal(a.path, c.path)
    assert a.n_steps == 120 and a.n_example_gradients == 120
    assert a.costs[-1] < a.costs[0]


def test_bfgs_reaches_a_cost_far_below_the_start(data):
    X, y = data
    net = Network.random(seed=0)
    result = train_bfgs(net, X, y)
    assert result.success
    assert result.costs[-1] < 1e-3 * result.costs[0]
    assert result.costs[-1] == pytest.approx(result.network.cost(X, y))
    assert len(result.costs) == result.n_iterations + 1


def test_a_saturated_run_says_so(data):
    # Issue 24: at a learning rate of 1e300 one step multiplies the weights
    # by about 1e298 and pins every sigmoid at 0 or 1; the gradient
    # underflows to 0 on a plateau. That is not convergence.
    X, y = data
    trained = gradient_descent(Network.random(seed=0), X, y, 10.0, 20_000, 1e-4).network
    for start in (trained, Network.random(seed=0)):
        for tolerance in (1e-5, 0.0):
            result = gradient_descent(start, X, y, 1e300, 20, tolerance)
            assert (result.reason, result.n_steps) == ("saturated", 1)
            assert np.abs(result.network.params).max() > 1e6 * np.abs(start.params).max()
            assert result.grad_norms[-1] == 0.0 and result.costs[-1] > 0.04
            assert np.all(np.isfinite(result.path))
    sgd = stochastic_gradient_descent(Network.random(seed=0), X, y, 1e300, 20, 1e-4)
    assert (sgd.reason, sgd.n_steps) == ("saturated", 3)


def test_saturation_by_growth_alone_and_by_a_vanished_gradient_alone(data):
    X, y = data
    net = Network.random(seed=0)
    # Growth: a start whose largest weight is small still counts from 1.
    tiny = Network(net.W1 * 1e-3, net.W2 * 1e-3)
    result = gradient_descent(tiny, X, y, 1e7, 5, 0.0)
    grown = np.abs(result.path).max(axis=1)
    assert result.reason == "saturated" and grown[-1] > 1e6 and np.all(grown[:-1] <= 1e6)
    # A vanished gradient at a start that is already saturated: formerly
    # "converged" at step 0 for any tolerance above 0.
    pinned = Network(net.W1 * 1e4, net.W2 * 1e4)
    result = gradient_descent(pinned, X, y, 1.0, 5, 1e-4)
    assert (result.reason, result.n_steps, result.grad_norms[0]) == ("saturated", 0, 0.0)
    # With tolerance 0 a vanished gradient stops nothing (the run is never
    # flat enough) and does not grow: it uses its steps, in place.
    result = gradient_descent(pinned, X, y, 1.0, 5, 0.0)
    assert (result.reason, result.n_steps) == ("step limit", 5)


def test_a_flat_floor_is_not_saturation(data):
    # At the floor (cost about 0) a short gradient is convergence.
    X, y = data
    trained = train_bfgs(Network.random(seed=0), X, y).network
    result = gradient_descent(trained, X, y, 1.0, 5, 1e-4)
    assert (result.reason, result.n_steps) == ("converged", 0)
