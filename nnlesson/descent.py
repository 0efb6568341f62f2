"""Gradient descent, batch and stochastic, with a trace of every step.

Both optimizers take a network and return a :class:`DescentResult`; they
never print and never change the network they were given. Each step moves
the chosen weights against the gradient: ``w <- w - learning_rate * dJ/dw``.
See :doc:`/descent` and :doc:`/convexity`.
"""

from dataclasses import dataclass

import numpy as np

from nnlesson._checks import count, non_negative_number, positive_number, weight_indices
from nnlesson.network import Network, _flat_cost_and_gradient

#: Why a run stopped.
CONVERGED = "converged"
STEP_LIMIT = "step limit"
DIVERGED = "diverged"


@dataclass(frozen=True)
class DescentResult:
    """What a descent run did, step by step.

    Attributes
    ----------
    network : Network
        The network at the last accepted step.
    params : ndarray of shape (steps + 1, n_params)
        The weights before the first step and after each accepted step.
    costs : ndarray of shape (steps + 1,)
        ``J`` on the whole data set at each row of ``params``.
    grad_norms : ndarray of shape (steps + 1,)
        The length of the gradient over the descended weights (the whole
        data set's gradient), at each row of ``params``.
    n_cost_evaluations, n_gradient_evaluations : int
        How many times ``J`` and its gradient were computed. For stochastic
        descent a gradient evaluation uses one example.
    reason : str
        ``"converged"`` (gradient length below ``tolerance``), ``"step limit"``,
        or ``"diverged"`` (a step made ``J`` non-finite or higher than at the
        start; that step was not taken).
    rejected_cost : float or None
        For ``"diverged"``: the cost the refused step would have led to.

    Examples
    --------
    >>> X, y = load_data()
    >>> result = gradient_descent(Network.random(seed=0), X, y, 1.0, 10, 0.0)
    >>> result.n_steps, result.params.shape, result.reason
    (10, (11, 9), 'step limit')
    """

    network: Network
    params: np.ndarray
    costs: np.ndarray
    grad_norms: np.ndarray
    n_cost_evaluations: int
    n_gradient_evaluations: int
    reason: str
    rejected_cost: float | None = None

    @property
    def n_steps(self):
        """int: the number of accepted steps."""
        return len(self.costs) - 1


def gradient_descent(net, X, y, learning_rate, max_steps, tolerance, indices=None):
    """Batch gradient descent on the weights ``indices`` of ``net``.

    Each step uses the gradient over all examples. The run stops when the
    gradient's length falls below ``tolerance`` (converged), after
    ``max_steps`` steps, or when a step would make ``J`` non-finite or higher
    than where the run started (diverged; that step is not taken).

    Parameters
    ----------
    net : Network
        The starting network; it is not changed.
    X, y : array_like
        Inputs ``(n, n_in)`` and targets ``(n, n_out)``.
    learning_rate : float
        Step size, a finite number above 0.
    max_steps : int
        At most this many steps, at least 1.
    tolerance : float
        Stop once the gradient's length is below this (at least 0).
    indices : sequence of int, optional
        Flat weight indices to descend on (see :attr:`Network.params`); the
        others stay fixed. Default: all weights.

    Returns
    -------
    DescentResult

    Examples
    --------
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> result = gradient_descent(net, X, y, learning_rate=2.0, max_steps=500,
    ...                           tolerance=1e-6)
    >>> result.costs[-1] < result.costs[0]
    np.True_
    >>> result.reason in ("converged", "step limit", "diverged")
    True
    """
    net, X, y, learning_rate, max_steps, tolerance, chosen = _check(
        net, X, y, learning_rate, max_steps, tolerance, indices
    )
    params = net.params
    J, g = net.cost_and_gradient(X, y)
    evaluations = 1
    trace = [(params, J, float(np.linalg.norm(g[chosen])))]
    reason, rejected = STEP_LIMIT, None
    for _ in range(max_steps):
        if trace[-1][2] < tolerance:
            reason = CONVERGED
            break
        candidate = params.copy()
        candidate[chosen] -= learning_rate * g[chosen]
        J_new, g_new = _evaluate(net, candidate, X, y)
        evaluations += 1
        if not np.isfinite(J_new) or J_new > trace[0][1]:
            reason, rejected = DIVERGED, J_new
            break
        params, J, g = candidate, J_new, g_new
        trace.append((params, J, float(np.linalg.norm(g[chosen]))))
    else:
        if trace[-1][2] < tolerance:
            reason = CONVERGED
    return _result(net, trace, evaluations, evaluations, reason, rejected)


def stochastic_gradient_descent(
    net, X, y, learning_rate, max_epochs, tolerance, indices=None, seed=0
):
    """Stochastic gradient descent: one example per step, in shuffled order.

    Each epoch visits every example once, in an order drawn from
    ``numpy.random.default_rng(seed)`` (see ``shuffled_order``), and takes one step per example using
    that example's gradient alone. After every step the trace records the
    whole data set's cost and gradient length. The run stops at the end of an
    epoch whose full gradient is shorter than ``tolerance``, after
    ``max_epochs`` epochs, or when a step would make ``J`` non-finite or
    higher than at the start (diverged).

    Parameters
    ----------
    net, X, y, learning_rate, tolerance, indices
        As for :func:`gradient_descent`.
    max_epochs : int
        At most this many passes over the data, at least 1.
    seed : int, default 0
        Seed for the shuffling.

    Returns
    -------
    DescentResult
        ``n_gradient_evaluations`` counts one-example gradients.

    Examples
    --------
    >>> X, y = load_data()
    >>> result = stochastic_gradient_descent(Network.random(seed=0), X, y,
    ...     learning_rate=1.0, max_epochs=100, tolerance=1e-6, seed=0)
    >>> result.n_steps <= 300, result.costs[-1] < result.costs[0]
    (True, np.True_)
    """
    net, X, y, learning_rate, max_epochs, tolerance, chosen = _check(
        net, X, y, learning_rate, max_epochs, tolerance, indices, steps_name="max_epochs"
    )
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be an integer, got {seed!r}")
    rng = np.random.default_rng(seed)
    params = net.params
    J, g = net.cost_and_gradient(X, y)
    trace = [(params, J, float(np.linalg.norm(g[chosen])))]
    cost_evaluations, example_gradients = 1, 0
    reason, rejected = STEP_LIMIT, None
    for _ in range(max_epochs):
        if trace[-1][2] < tolerance:
            reason = CONVERGED
            break
        for example in shuffled_order(rng, X.shape[0]):
            rows = slice(example, example + 1)
            _, g_example = _evaluate(net, params, X[rows], y[rows])
            example_gradients += 1
            candidate = params.copy()
            candidate[chosen] -= learning_rate * g_example[chosen]
            J_new, g_new = _evaluate(net, candidate, X, y)  # for the trace
            cost_evaluations += 1
            if not np.isfinite(J_new) or J_new > trace[0][1]:
                reason, rejected = DIVERGED, J_new
                break
            params = candidate
            trace.append((params, J_new, float(np.linalg.norm(g_new[chosen]))))
        if reason == DIVERGED:
            break
    else:
        if trace[-1][2] < tolerance:
            reason = CONVERGED
    return _result(net, trace, cost_evaluations, example_gradients, reason, rejected)


def shuffled_order(rng, n, epochs=None):
    """Return a random order of ``range(n)``: the ranks of ``n`` uniform draws.

    With ``epochs=k`` return ``k`` orders, shape ``(k, n)``, drawing exactly
    what ``k`` calls with ``epochs=None`` would draw, in the same sequence.
    This lets many runs draw their shuffles in blocks (see
    :func:`~nnlesson.study.sgd_study`) yet match single runs step for step.

    Examples
    --------
    >>> a = shuffled_order(np.random.default_rng(0), 3, epochs=2)
    >>> rng = np.random.default_rng(0)
    >>> b = [shuffled_order(rng, 3), shuffled_order(rng, 3)]
    >>> bool(np.array_equal(a, b)), sorted(a[0].tolist())
    (True, [0, 1, 2])
    """
    draws = rng.random(n if epochs is None else (epochs, n))
    return np.argsort(draws, axis=-1, kind="stable")


def _check(net, X, y, learning_rate, steps, tolerance, indices, steps_name="max_steps"):
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    X, y = net._check_data(X, y)
    learning_rate, steps, tolerance = check_schedule(learning_rate, steps, tolerance, steps_name)
    return net, X, y, learning_rate, steps, tolerance, list(weight_indices(indices, net.n_params))


def check_schedule(learning_rate, steps, tolerance, steps_name="max_steps"):
    """Check a descent's learning rate, step (or epoch) limit and tolerance."""
    return (
        positive_number(learning_rate, "learning_rate"),
        count(steps, steps_name),
        non_negative_number(tolerance, "tolerance"),
    )


def _evaluate(net, params, X, y):
    """``(J, flat gradient)`` for ``net``'s shapes with weights ``params``.

    Inputs were checked at the boundary, so this calls the unchecked
    equations directly: it runs once per step.
    """
    if not np.all(np.isfinite(params)):
        return float("nan"), np.full_like(params, np.nan)
    with np.errstate(all="ignore"):  # a wild step is reported, not warned about
        return _flat_cost_and_gradient(params, net.W1.shape, net.W2.shape, X, y)


def _result(net, trace, cost_evaluations, gradient_evaluations, reason, rejected):
    params, costs, norms = zip(*trace)
    return DescentResult(
        network=net.with_params(params[-1]),
        params=np.array(params),
        costs=np.array(costs),
        grad_norms=np.array(norms),
        n_cost_evaluations=cost_evaluations,
        n_gradient_evaluations=gradient_evaluations,
        reason=reason,
        rejected_cost=None if rejected is None else float(rejected),
    )
