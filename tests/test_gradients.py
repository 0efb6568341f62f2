import numpy as np
import pytest

from nnlesson import Network, load_data, numerical_gradient, relative_error


def _flat_cost(net, X, y):
    return lambda p: net.with_params(p).cost(X, y)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_backprop_matches_numerical_gradient(seed):
    X, y = load_data()
    net = Network.random(seed=seed)
    dJdW1, dJdW2 = net.gradients(X, y)
    analytic = np.concatenate([dJdW1.ravel(), dJdW2.ravel()])
    numeric = numerical_gradient(_flat_cost(net, X, y), net.params)
    assert relative_error(analytic, numeric) < 1e-8


@pytest.mark.parametrize("sizes", [(3, 5, 2), (1, 1, 1), (4, 2, 3)])
def test_backprop_for_other_layer_sizes(sizes):
    rng = np.random.default_rng(42)
    X = rng.uniform(0, 1, (6, sizes[0]))
    y = rng.uniform(0, 1, (6, sizes[2]))
    net = Network.random(sizes=sizes, seed=1)
    J, g = net.cost_and_gradient(X, y)
    assert J == pytest.approx(net.cost(X, y))
    numeric = numerical_gradient(_flat_cost(net, X, y), net.params)
    assert relative_error(g, numeric) < 1e-8


def test_gradient_shapes_follow_weights():
    X, y = load_data()
    dJdW1, dJdW2 = Network.random().gradients(X, y)
    assert dJdW1.shape == (2, 3) and dJdW2.shape == (3, 1)


def test_numerical_gradient_of_a_known_function():
    x = np.array([0.5, -1.0, 2.0])
    before = x.copy()
    g = numerical_gradient(lambda v: float(np.sum(v**3)), x)
    np.testing.assert_allclose(g, 3 * before**2, rtol=1e-7)
    np.testing.assert_array_equal(x, before)


def test_relative_error_values():
    assert relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(1.0)
    assert type(relative_error([1.0], [2.0])) is float
