import numpy as np
import pytest

from nnlesson import Network, brute_force_seconds, cost_grid, format_duration, load_data


@pytest.mark.parametrize(
    "sizes, indices",
    [
        ((2, 3, 1), (0,)),
        ((2, 3, 1), (0, 1)),  # the book's pair: two different hidden units
        ((2, 3, 1), (0, 3)),  # two weights into the same hidden unit
        ((2, 3, 1), (6, 0)),  # a W2 weight and a W1 weight
        ((2, 3, 1), (8,)),
        ((3, 4, 2), (12, 13, 1)),  # several outputs, a row of W2
        ((3, 4, 2), (0, 4, 8)),  # a whole column of W1
    ],
)
def test_loop_and_vectorized_agree_and_leave_net_alone(sizes, indices):
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (4, sizes[0]))
    y = rng.uniform(0, 1, (4, sizes[2]))
    net = Network.random(sizes=sizes, seed=5)
    before = net.params
    values = np.linspace(-5, 5, 13)
    loop = cost_grid(net, X, y, values, indices, method="loop")
    # A small chunk forces several blocks, including a partial last one.
    fast = cost_grid(net, X, y, values, indices, method="vectorized", chunk_size=20)
    assert loop.shape == fast.shape == (13,) * len(indices)
    np.testing.assert_allclose(fast, loop, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(net.params, before)


def test_grid_entries_are_the_cost_of_that_network():
    X, y = load_data()
    net = Network.random(seed=0)
    values = np.linspace(-5, 5, 7)
    grid = cost_grid(net, X, y, values, indices=(0, 1))
    p = net.params
    p[0], p[1] = values[2], values[5]
    assert grid[2, 5] == pytest.approx(net.with_params(p).cost(X, y), abs=1e-14)


def test_grid_minimum_beats_the_starting_network():
    X, y = load_data()
    net = Network.random(seed=0)
    # The grid holds the start's own W1[0,0], so its best point is no worse.
    values = np.sort(np.append(np.linspace(-5, 5, 1000), net.W1[0, 0]))
    grid = cost_grid(net, X, y, values)
    assert grid.min() <= net.cost(X, y)
    assert grid.min() < net.cost(X, y) - 1e-3  # and here strictly better


def test_brute_force_seconds():
    assert brute_force_seconds(1, 1000, 2e-5) == pytest.approx(0.02)
    assert brute_force_seconds(9, 1000, 1.0) == pytest.approx(1e27)


@pytest.mark.parametrize(
    "seconds, text",
    [
        (0, "0 seconds"),
        (0.0156, "0.016 seconds"),
        (0.02, "0.02 seconds"),
        (0.0042, "4.2 milliseconds"),
        (1.1e-5, "11 microseconds"),
        (1, "1 second"),
        (59, "59 seconds"),
        (90, "1.5 minutes"),
        (11 * 3600, "11 hours"),
        (3 * 86400, "3 days"),
        (365 * 86400, "1 year"),
        (1234 * 365 * 86400, "1,200 years"),
        (3.2e16 * 365 * 86400, "3.2e16 years"),
    ],
)
def test_format_duration(seconds, text):
    assert format_duration(seconds) == text


def test_format_duration_unicode():
    assert format_duration(1.27e15 * 365 * 86400, unicode=True) == "1.3 × 10¹⁵ years"
