"""The studies: many runs through the single-run loop, each run exactly the single run."""

import numpy as np
import pytest

from nnlesson import (
    Network,
    gradient_descent,
    load_data,
    stochastic_gradient_descent,
    train_bfgs,
)
from nnlesson.study import bfgs_study, descent_study, sgd_study

X, y = load_data()
SEEDS = [0, 2, 5, 11]


def test_a_study_run_is_the_single_run_bit_for_bit():
    # One loop (nnlesson.descent.descend) behind both: the same numbers exactly.
    from nnlesson.book import book_network

    start, rates = book_network(), [0.5, 30.0, 1e4]
    study = descent_study(range(3), X, y, rates, 3000, 1e-4, start=start, indices=(0, 1),
                          classify=False, keep_paths=True)
    for rate, kept in zip(rates, study.runs):
        single = gradient_descent(start, X, y, rate, 3000, 1e-4, indices=(0, 1))
        for field in ("path", "steps", "costs", "grad_norms"):
            np.testing.assert_array_equal(getattr(kept, field), getattr(single, field))
        assert (kept.reason, kept.n_cost_evaluations) == (single.reason, single.n_cost_evaluations)
    assert {run.reason for run in study.runs} == {"converged", "step limit"}
    sgd = sgd_study(SEEDS, X, y, 10.0, 400, 1e-4, classify=False)
    for k, seed in enumerate(SEEDS):
        single = stochastic_gradient_descent(Network.random(seed=seed), X, y, 10.0, 400, 1e-4,
                                             seed=seed)
        np.testing.assert_array_equal(sgd.final_params[k], single.network.params)
        assert (sgd.counts[k], sgd.reasons[k]) == (single.n_example_gradients, single.reason)


def test_bfgs_study_matches_train_bfgs():
    study = bfgs_study(SEEDS[:2], X, y)
    for k, seed in enumerate(SEEDS[:2]):
        single = train_bfgs(Network.random(seed=seed), X, y)
        assert study.counts[k] == single.n_function_evaluations
        assert study.final_costs[k] == single.costs[-1]


def test_studies_work_for_other_sizes():
    rng = np.random.default_rng(1)
    X2, y2 = rng.uniform(0, 1, (5, 3)), rng.uniform(0, 1, (5, 2))
    study = descent_study([3, 4], X2, y2, 1.0, 50, 0.0, sizes=(3, 4, 2))
    single = gradient_descent(Network.random((3, 4, 2), seed=4), X2, y2, 1.0, 50, 0.0)
    assert study.final_costs[1] == pytest.approx(single.costs[-1], rel=1e-12)


@pytest.mark.parametrize("seeds, match", [([], "seeds must not be empty"),
                                          ([1.5], r"seeds\[0\] must be an integer, got 1.5"),
                                          ([-1], r"seeds\[0\] must be at least 0, got -1"),
                                          (["a"], r"seeds\[0\] must be an integer, got 'a'")])
def test_bad_seeds(seeds, match):
    with pytest.raises((ValueError, TypeError), match=match):
        descent_study(seeds, X, y, 1.0, 5, 0.0)


def test_bad_study_arguments():
    with pytest.raises(ValueError, match="learning_rate must be a finite number above 0, got -1.0"):
        descent_study([0], X, y, -1.0, 5, 0.0)
    with pytest.raises(ValueError, match="max_epochs must be at least 1, got 0"):
        sgd_study([0], X, y, 1.0, 0, 0.0)
    with pytest.raises(ValueError, match=r"X must have 2 columns"):
        bfgs_study([0], np.ones((3, 3)), y)
