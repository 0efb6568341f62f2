import numpy as np
import pytest

from nnlesson import Network, load_data, sigmoid, sigmoid_prime


def test_data_matches_the_source():
    X, y = load_data()
    np.testing.assert_array_equal(X, [[0.3, 1.0], [0.5, 0.2], [1.0, 0.4]])
    np.testing.assert_array_equal(y, [[0.75], [0.82], [0.93]])
    raw_X, raw_y = load_data(normalize=False)
    np.testing.assert_array_equal(raw_X, [[3, 5], [5, 1], [10, 2]])
    np.testing.assert_array_equal(raw_y, [[75], [82], [93]])


def test_load_data_returns_fresh_arrays():
    X, _ = load_data()
    X[0, 0] = 99.0
    assert load_data()[0][0, 0] == 0.3


@pytest.mark.parametrize("z", [1000.0, -1000.0])
def test_sigmoid_is_stable_at_extremes(z):
    with np.errstate(all="raise"):
        s, ds = sigmoid(z), sigmoid_prime(z)
    assert s == (1.0 if z > 0 else 0.0)
    assert ds == 0.0


def test_sigmoid_prime_matches_the_exponential_form():
    z = np.linspace(-20, 20, 101)
    expected = np.exp(-z) / (1 + np.exp(-z)) ** 2
    np.testing.assert_allclose(sigmoid_prime(z), expected, rtol=1e-12, atol=1e-300)


def test_zero_weights_give_a_hand_computable_cost():
    X, y = load_data()
    net = Network(np.zeros((2, 3)), np.zeros((3, 1)))
    np.testing.assert_array_equal(net.forward(X), np.full((3, 1), 0.5))
    # J = 1/2 (0.25^2 + 0.32^2 + 0.43^2) = 0.1749
    assert net.cost(X, y) == pytest.approx(0.1749, abs=1e-12)
    assert type(net.cost(X, y)) is float


def test_forward_follows_the_equations():
    X, y = load_data()
    net = Network.random(seed=3)
    a2 = 1 / (1 + np.exp(-(X @ net.W1)))
    y_hat = 1 / (1 + np.exp(-(a2 @ net.W2)))
    np.testing.assert_allclose(net.forward(X), y_hat, rtol=1e-14)
    assert net.cost(X, y) == pytest.approx(0.5 * np.sum((y - y_hat) ** 2), rel=1e-14)


def test_random_is_repeatable_and_seeded():
    a, b, c = Network.random(seed=7), Network.random(seed=7), Network.random(seed=8)
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)
    assert Network.random(sizes=(4, 5, 2)).sizes == (4, 5, 2)


def test_params_order_and_round_trip():
    net = Network([[1, 2, 3], [4, 5, 6]], [[7], [8], [9]])
    np.testing.assert_array_equal(net.params, np.arange(1, 10))
    assert net.params[1] == net.W1[0, 1]
    again = net.with_params(net.params * 2)
    np.testing.assert_array_equal(again.W2, [[14], [16], [18]])
    np.testing.assert_array_equal(net.W2, [[7], [8], [9]])


def test_network_copies_and_never_mutates_inputs():
    W1, W2 = np.ones((2, 3)), np.ones((3, 1))
    net = Network(W1, W2)
    W1[0, 0] = 5.0
    assert net.W1[0, 0] == 1.0
    with pytest.raises(ValueError):
        net.W1[0, 0] = 2.0  # read-only
    p = net.params
    p[0] = 3.0
    assert net.W1[0, 0] == 1.0
