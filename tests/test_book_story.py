"""Facts the chapters' sentences rely on, checked against the package.

The prose glues every number, but some sentences describe a behaviour
("every prediction is too low", "the too-large rate lands on a plateau").
If a change to nnlesson or to the book's choices breaks one of these, this
file fails before a reader meets a sentence that is no longer true.
"""

import numpy as np

from nnlesson import cost_grid, gradient_descent, load_data, train_bfgs
from nnlesson.book import (FEW_WEIGHTS_RATE, GRID_VALUES, MAX_STEPS, ONE_WEIGHT,
                           RATE_EXAMPLE_STEPS, RATE_EXAMPLES, TOLERANCE, TWO_WEIGHTS,
                           book_network)

X, y = load_data()
NET = book_network()


def test_untrained_predictions_are_all_too_low():  # network.md
    assert np.all(NET.forward(X) < y)


def test_brute_force_minima_lie_inside_the_grid():  # brute-force.md, descent.md
    one = cost_grid(NET, X, y, GRID_VALUES, ONE_WEIGHT)
    assert 0 < np.argmin(one) < GRID_VALUES.size - 1
    two = cost_grid(NET, X, y, GRID_VALUES, TWO_WEIGHTS)
    i, j = np.unravel_index(np.argmin(two), two.shape)
    assert 0 < i < GRID_VALUES.size - 1 and 0 < j < GRID_VALUES.size - 1


def test_the_three_learning_rates_behave_as_the_chapter_says():  # descent.md
    small, good, large = (
        gradient_descent(NET, X, y, RATE_EXAMPLES[name], RATE_EXAMPLE_STEPS, TOLERANCE, ONE_WEIGHT)
        for name in ("too small", "good", "too large"))
    assert small.reason == "step limit"
    assert good.reason == "converged"
    # One giant step onto a plateau: "converged" with a flat slope, higher cost.
    assert large.reason == "converged" and large.n_steps == 1
    assert large.costs[-1] > good.costs[-1]
    assert large.path[-1, 0] > GRID_VALUES[-1]  # off the plotted grid


def test_one_weight_descent_converges_within_its_budget():  # descent.md
    result = gradient_descent(NET, X, y, FEW_WEIGHTS_RATE, MAX_STEPS, TOLERANCE, ONE_WEIGHT)
    assert result.reason == "converged"


def test_convexity_slice_bends_both_ways():  # convexity.md
    w = np.linspace(-10, 10, 2001)
    curvature = np.gradient(np.gradient(cost_grid(NET, X, y, w), w), w)
    assert np.any(curvature < 0) and np.any(curvature > 0)


def test_bfgs_trains_the_book_network():  # descent.md
    result = train_bfgs(NET, X, y)
    assert result.success and result.costs[-1] < 1e-6
