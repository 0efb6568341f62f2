"""Momentum and Adam through the one descent loop, against a loop written here by hand.

The reference loops below use nothing of the engine but the network's
gradient (``nnlesson.network.cost_and_gradient``, tested on its own against
numerical gradients): the update rules, the bias correction and the
stopping rule are written again from their formulas, so a slip in the
engine's bookkeeping (a state not carried, a step taken twice, a wrong
count ``t``) makes the paths differ.
"""

import numpy as np
import pytest

from nnlesson import Network, gradient_descent, load_data, stochastic_gradient_descent
from nnlesson.network import cost_and_gradient
from nnlesson.optimizers import Adam, Momentum
from nnlesson.study import descent_study, sgd_study

X, y = load_data()


def gradient(w):
    J, G = cost_and_gradient(w[None], (2, 3, 1), X, y)
    return float(J[0]), G[0]


def reference(net, rate, steps, tolerance, method, beta=0.9, beta1=0.9, beta2=0.999, eps=1e-8):
    """Descent from ``net`` by the formulas: the path, and the reason it stopped."""
    w = net.params.copy()
    v, m, s = np.zeros_like(w), np.zeros_like(w), np.zeros_like(w)
    path = [w.copy()]

    def next_step(g, t):  # the step from w, and the memory after it
        if method == "plain":
            return -rate * g, (v, m, s)
        if method in ("heavy ball", "nesterov"):
            v_new = beta * v - rate * g
            return (v_new if method == "heavy ball" else beta * v_new - rate * g), (v_new, m, s)
        m_new = beta1 * m + (1 - beta1) * g
        s_new = beta2 * s + (1 - beta2) * g * g
        m_hat, s_hat = m_new / (1 - beta1**t), s_new / (1 - beta2**t)
        return -(rate * m_hat / (np.sqrt(s_hat) + eps)), (v, m_new, s_new)

    for t in range(1, steps + 2):
        _, g = gradient(w)
        step, memory = next_step(g, t)
        if np.linalg.norm(g) < tolerance and (
                method == "plain" or np.linalg.norm(step) < tolerance * rate):
            return np.array(path), "converged"
        if t == steps + 1:
            return np.array(path), "step limit"
        v, m, s = memory
        w = w + step
        path.append(w.copy())


@pytest.mark.parametrize("method, optimizer, rate", [
    ("plain", None, 10.0),
    ("heavy ball", Momentum(0.9), 1.0),
    ("nesterov", Momentum(0.9, nesterov=True), 1.0),
    ("adam", Adam(), 0.05),
])
@pytest.mark.parametrize("seed", [0, 3])
def test_the_engine_follows_the_formulas_step_for_step(method, optimizer, rate, seed):
    net = Network.random(seed=seed)
    expected, reason = reference(net, rate, 400, 0.0, method)
    run = gradient_descent(net, X, y, rate, 400, 0.0, optimizer=optimizer)
    if method == "adam":
        # NumPy's power of an array and Python's ** can differ in the last
        # bit (0.999 ** 7): the paths agree to rounding, not bit for bit.
        np.testing.assert_allclose(run.path, expected, rtol=1e-12, atol=1e-14)
    else:
        np.testing.assert_array_equal(run.path, expected)
    assert run.reason == reason == "step limit"


@pytest.mark.parametrize("method, optimizer", [("heavy ball", Momentum(0.9)),
                                               ("nesterov", Momentum(0.5, nesterov=True))])
def test_the_stopping_rule_follows_the_formulas(method, optimizer):
    net = Network.random(seed=0)
    beta = optimizer.beta
    expected, reason = reference(net, 2.0, 20_000, 1e-4, method, beta=beta)
    run = gradient_descent(net, X, y, 2.0, 20_000, 1e-4, optimizer=optimizer)
    assert run.reason == reason == "converged"
    assert run.n_steps == len(expected) - 1
    np.testing.assert_allclose(run.path, expected, rtol=1e-12, atol=0)


def test_plain_descent_is_the_loop_it_always_was():
    # The default (no optimizer) is w <- w - rate * dJ/dw, stopped by the
    # gradient alone: the same path, bit for bit, as before the optimizers.
    for seed in (0, 1, 2):
        net = Network.random(seed=seed)
        expected, reason = reference(net, 10.0, 20_000, 1e-4, "plain")
        run = gradient_descent(net, X, y, 10.0, 20_000, 1e-4)
        np.testing.assert_array_equal(run.path, expected)
        assert run.reason == reason
        np.testing.assert_array_equal(
            gradient_descent(net, X, y, 10.0, 300, 1e-4, optimizer=None).path, run.path[:301])


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_with_beta_0_is_plain_descent_bit_for_bit(nesterov):
    for seed in (0, 4):
        net = Network.random(seed=seed)
        plain = gradient_descent(net, X, y, 10.0, 20_000, 1e-4)
        zero = gradient_descent(net, X, y, 10.0, 20_000, 1e-4,
                                optimizer=Momentum(0.0, nesterov=nesterov))
        np.testing.assert_array_equal(zero.path, plain.path)
        np.testing.assert_array_equal(zero.costs, plain.costs)
        assert zero.reason == plain.reason == "converged"
        sgd = stochastic_gradient_descent(net, X, y, 1.0, 300, 1e-4, seed=seed)
        sgd_zero = stochastic_gradient_descent(net, X, y, 1.0, 300, 1e-4, seed=seed,
                                               optimizer=Momentum(0.0, nesterov=nesterov))
        np.testing.assert_array_equal(sgd_zero.path, sgd.path)


def test_nesterov_looks_ahead():
    net = Network.random(seed=0)
    _, g = gradient(net.params)
    heavy = gradient_descent(net, X, y, 1.0, 3000, 1e-4, optimizer=Momentum(0.9))
    ahead = gradient_descent(net, X, y, 1.0, 3000, 1e-4, optimizer=Momentum(0.9, nesterov=True))
    # The first step: heavy ball moves -rate g, Nesterov (1 + beta) times as far.
    np.testing.assert_allclose(heavy.path[1] - net.params, -g, rtol=1e-12)
    np.testing.assert_allclose(ahead.path[1] - net.params, -1.9 * g, rtol=1e-12)
    # Both settle (flat and at rest), far below where they started; looking
    # ahead damps the swings, so Nesterov's cost goes up less often.
    for run in (heavy, ahead):
        assert run.reason == "converged" and run.costs[-1] < 0.1 * run.costs[0]
    assert ahead.n_rises < heavy.n_rises


def test_momentum_does_not_stop_where_it_only_passes_a_short_gradient():
    # Heavy ball at rate 10 swings through the bottom of the valley: some
    # records have a gradient shorter than the tolerance while the run still
    # moves fast. Judged by the gradient alone it would have stopped there.
    net = Network.random(seed=0)
    tolerance = 1e-4
    run = gradient_descent(net, X, y, 10.0, 20_000, tolerance, optimizer=Momentum(0.9))
    assert run.reason == "converged"
    moves = np.linalg.norm(np.diff(run.path, axis=0), axis=1)  # moves[k]: record k to k + 1
    passed = np.flatnonzero(run.grad_norms[:-1] < tolerance)
    assert passed.size > 0, "no record with a short gradient before the end: pick another run"
    assert np.all(moves[passed] > tolerance * 10.0)
    assert moves[-1] < 10 * tolerance * 10.0 and run.grad_norms[-1] < tolerance


def test_momentum_at_rest_on_flat_ground_takes_no_step_and_adam_does():
    trained = gradient_descent(Network.random(seed=0), X, y, 10.0, 20_000, 1e-6).network
    run = gradient_descent(trained, X, y, 1.0, 100, 1e-5, optimizer=Momentum(0.9))
    assert (run.reason, run.n_steps) == ("converged", 0)
    # Adam's first step is -rate * g / (|g| + eps) (the bias correction
    # makes m_hat = g and s_hat = g**2): about the learning rate in every
    # weight whose slope is well above eps, however short the gradient.
    _, g = gradient(trained.params)
    assert np.linalg.norm(g) < 1e-5
    run = gradient_descent(trained, X, y, 1e-3, 1, 1e-5, optimizer=Adam())
    assert (run.reason, run.n_steps) == ("step limit", 1)
    np.testing.assert_allclose(run.path[1] - run.path[0], -1e-3 * g / (np.abs(g) + 1e-8),
                               rtol=1e-9)
    assert np.linalg.norm(run.path[1] - run.path[0]) > 1e3 * 1e-5 * 1e-3


def test_a_study_with_a_method_is_its_single_runs():
    seeds = [0, 2, 5, 11]
    for optimizer in (Momentum(0.9), Momentum(0.9, nesterov=True), Adam()):
        rate = 0.05 if isinstance(optimizer, Adam) else 1.0
        study = descent_study(seeds, X, y, rate, 2000, 1e-4, classify=False, keep_paths=True,
                              optimizer=optimizer)
        for k, seed in enumerate(seeds):
            single = gradient_descent(Network.random(seed=seed), X, y, rate, 2000, 1e-4,
                                      optimizer=optimizer)
            np.testing.assert_array_equal(study.runs[k].path, single.path)
            assert study.reasons[k] == single.reason
        sgd = sgd_study(seeds, X, y, rate, 200, 1e-4, classify=False, optimizer=optimizer)
        for k, seed in enumerate(seeds):
            single = stochastic_gradient_descent(Network.random(seed=seed), X, y, rate, 200,
                                                 1e-4, seed=seed, optimizer=optimizer)
            np.testing.assert_array_equal(sgd.final_params[k], single.network.params)
            assert (sgd.counts[k], sgd.reasons[k]) == (single.n_example_gradients, single.reason)


def test_a_study_run_with_other_runs_stopping_beside_it_is_unchanged():
    # Runs that stop early leave the others' memories where they were.
    rates = [1.0, 10.0, 0.3]
    study = descent_study([0, 1, 2], X, y, rates, 3000, 1e-4, classify=False,
                          keep_paths=True, optimizer=Momentum(0.9))
    for k, rate in enumerate(rates):
        single = gradient_descent(Network.random(seed=k), X, y, rate, 3000, 1e-4,
                                  optimizer=Momentum(0.9))
        np.testing.assert_array_equal(study.runs[k].path, single.path)
    assert len({run.n_steps for run in study.runs}) == 3


def test_each_run_has_its_own_learning_rate_and_memory():
    one = gradient_descent(Network.random(seed=0), X, y, 0.3, 200, 0.0, optimizer=Momentum(0.8))
    study = descent_study([0, 0], X, y, [0.3, 3.0], 200, 0.0, classify=False,
                          optimizer=Momentum(0.8))
    np.testing.assert_array_equal(study.final_params[0], one.network.params)
    assert not np.array_equal(study.final_params[1], one.network.params)
