"""The search for a stuck start (:func:`nnlesson.book.stuck.bfgs_until_stuck`)."""

import numpy as np
import pytest

from nnlesson import Network, classify_point, load_data, train_bfgs
from nnlesson.book.stuck import bfgs_until_stuck

X, y = load_data()


def test_the_search_stops_at_the_first_local_minimum():
    runs, ends = bfgs_until_stuck(X, y, seeds=range(100))
    assert list(runs) == list(ends) == [0, 1, 2]  # every seed tried, in order, and no more
    assert [end.kind for end in ends.values()] == ["global minimum", "global minimum",
                                                   "local minimum"]
    # each entry is the single BFGS run from that seed, and its classification
    alone = train_bfgs(Network.random(seed=2), X, y)
    np.testing.assert_array_equal(runs[2].network.params, alone.network.params)
    assert ends[2].cost == classify_point(alone.network, X, y).cost


def test_the_seeds_are_tried_in_the_order_given():
    runs, ends = bfgs_until_stuck(X, y, seeds=[2, 0])
    assert list(ends) == [2] and ends[2].kind == "local minimum"


def test_a_search_that_finds_nothing_says_so():
    with pytest.raises(RuntimeError, match=r"no BFGS run from the seeds \[0, 1\]"):
        bfgs_until_stuck(X, y, seeds=[0, 1])
