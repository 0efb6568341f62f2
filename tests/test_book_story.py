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


# -- verdicts agree with their rules ------------------------------------------
import re  # noqa: E402

import pytest  # noqa: E402

from nnlesson.book.claims import HOLDS_HERE, timing_verdict  # noqa: E402


@pytest.mark.parametrize("ratio, verdict", [(1.99, HOLDS_HERE), (2.0, HOLDS_HERE),
                                            (2.01, "2.01 times slower"),
                                            (2.0000001, "2.0000001 times slower"),
                                            (1 / 1.99, HOLDS_HERE), (0.5, HOLDS_HERE),
                                            (1 / 2.01, "2.01 times faster"), (7.0, "7 times slower")])
def test_timing_verdicts_at_the_boundaries(ratio, verdict):
    text = timing_verdict(ratio, 1.0)
    assert text.endswith(verdict)
    shown = re.search(r"([\d.,]+) times", text)
    if shown:  # a reader applying "within a factor of 2" to the printed number agrees
        assert float(shown.group(1).replace(",", "")) > 2.0


# -- judging words survive a tolerance 100 times tighter -----------------------
from nnlesson.book.stories import convexity_story, descent_story, study_story  # noqa: E402


@pytest.mark.parametrize("story", [descent_story, convexity_story, study_story])
def test_judging_words_survive_a_tighter_tolerance(story):
    book, tighter = story(), story(tighter=100)
    assert tighter.tolerance == pytest.approx(book.tolerance / 100)
    assert book.words() == tighter.words()
    assert all(isinstance(word, str) and word for word in book.words().values())
