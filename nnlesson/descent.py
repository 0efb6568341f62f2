"""Gradient descent, batch and stochastic, with a trace of every step.

Both optimizers take a network and return a :class:`DescentResult`; they
never print and never change the network they were given. Each step moves
the chosen weights against the gradient, ``w <- w - learning_rate * dJ/dw``
(:func:`descent_step`). See :doc:`/descent` and :doc:`/convexity`.
"""

from dataclasses import dataclass

import numpy as np

from nnlesson import _checks
from nnlesson.network import Network, trial_cost_and_gradient

#: Why a run stopped.
CONVERGED = "converged"
STEP_LIMIT = "step limit"
DIVERGED = "diverged"
#: Batch descent diverges when a step raises the cost above where the run
#: started by more than this fraction of it. Smaller rises are rounding
#: (about 1e-16 of the cost), as at a minimum, where a step changes nothing.
RISE_MARGIN = 1e-9


@dataclass(frozen=True)
class DescentResult:
    """What a descent run did, record by record.

    Batch descent keeps a record after every step; stochastic descent after
    every epoch (each example once), since its single steps may go up and
    down. ``steps`` says which step each record follows.

    Attributes
    ----------
    network : Network
        The network at the last accepted step.
    path : ndarray of shape (n_records, n_params)
        The flat weights at each record: the start, then after each step
        (batch) or each epoch (stochastic).
    steps : ndarray of int, shape (n_records,)
        How many steps had been taken at each record (0 for the start).
    costs : ndarray of shape (n_records,)
        ``J`` on the whole data set at each record.
    grad_norms : ndarray of shape (n_records,)
        The length of the whole data set's gradient over the descended
        weights, at each record.
    n_cost_evaluations : int
        How many times ``J`` was computed on the whole data set (each time
        with its gradient).
    n_example_gradients : int
        Stochastic descent: how many one-example gradients its steps used.
        Batch descent: 0 (its gradients come with the cost evaluations).
    reason : str
        Why the run stopped: ``"converged"`` (the whole data set's gradient
        is shorter than ``tolerance``: flat, which is not the same as a
        minimum; see :func:`~nnlesson.classify_point`), ``"step limit"``,
        or ``"diverged"`` (see each optimizer for its rule; the step that
        diverged was not taken).
    rejected_cost : float or None
        For ``"diverged"``: the cost the refused step would have led to, or
        None if it had none (its weights or its cost were not finite).

    Examples
    --------
    >>> from nnlesson import Network, gradient_descent, load_data
    >>> X, y = load_data()
    >>> result = gradient_descent(Network.random(seed=0), X, y, 1.0, 10, 0.0)
    >>> result.n_steps, result.path.shape, result.steps[-3:].tolist(), result.reason
    (10, (11, 9), [8, 9, 10], 'step limit')
    """

    network: Network
    path: np.ndarray
    steps: np.ndarray
    costs: np.ndarray
    grad_norms: np.ndarray
    n_cost_evaluations: int
    n_example_gradients: int
    reason: str
    rejected_cost: float | None = None

    @property
    def n_steps(self):
        """int: the number of steps taken (accepted)."""
        return int(self.steps[-1])

    @property
    def params(self):
        """The same array as :attr:`path` (its earlier name)."""
        return self.path


def descent_step(params, gradient, learning_rate, chosen):
    """Return the weights after one step: ``w - learning_rate * dJ/dw`` on ``chosen``.

    The update rule of :doc:`/descent`, for one network or a stack of them;
    weights not in ``chosen`` stay as they are. ``params`` is not changed.
    """
    moved = params.copy()
    moved[..., chosen] -= learning_rate * gradient[..., chosen]
    return moved


@np.errstate(over="ignore", invalid="ignore")  # a step that overflows is refused as diverged
def gradient_descent(net, X, y, learning_rate, max_steps, tolerance, indices=None):
    """Batch gradient descent on the weights ``indices`` of ``net``.

    Each step uses the gradient over all examples. The run stops when the
    gradient's length falls below ``tolerance`` (converged: flat, which is
    not the same as a minimum), after ``max_steps`` steps, or when a step
    would make ``J`` non-finite or higher than where the run started
    (diverged: for batch descent, with a cost that only goes down when the
    learning rate suits the slope, that means the rate is too large; the step
    is not taken).

    Parameters
    ----------
    net : Network
        The starting network; it is not changed.
    X, y : array_like
        Inputs ``(n, n_in)`` and targets ``(n, n_out)``.
    learning_rate : float
        Step size, a finite number above 0.
    max_steps : int
        At most this many steps, at least 1, and within the package's time
        and memory budget (``MAX_STEPS``, ``MAX_TRACE_FLOATS`` and
        ``MAX_WORK`` in ``nnlesson._checks``): the error says the limit.
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
    >>> from nnlesson import Network, gradient_descent, load_data
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> result = gradient_descent(net, X, y, learning_rate=2.0, max_steps=500,
    ...                           tolerance=1e-6)
    >>> bool(result.costs[-1] < result.costs[0])
    True
    >>> result.reason in ("converged", "step limit", "diverged")
    True
    """
    net, X, y, chosen = _check_run(net, X, y, indices)
    learning_rate, max_steps, tolerance = _checks.schedule(
        learning_rate, max_steps, tolerance, net.sizes, X.shape[0])
    trace = _Trace(net, X, y, chosen)
    for step in range(1, max_steps + 1):
        if trace.grad_norm < tolerance:
            break
        candidate = descent_step(trace.params, trace.gradient, learning_rate, chosen)
        if not trace.record(candidate, step, refuse_above=trace.costs[0] * (1 + RISE_MARGIN)):
            break
    return trace.result(tolerance)


@np.errstate(over="ignore", invalid="ignore")  # a step that overflows is refused as diverged
def stochastic_gradient_descent(
    net, X, y, learning_rate, max_epochs, tolerance, indices=None, seed=0
):
    """Stochastic gradient descent: one example per step, in shuffled order.

    Each epoch visits every example once, in an order drawn from
    ``numpy.random.default_rng(seed)`` (see
    :func:`~nnlesson.descent.shuffled_order`), and takes one step per example
    using that example's gradient alone. A step may raise the whole data
    set's cost; that is normal for stochastic descent and never ends a run.
    At the end of every epoch the run records the whole data set's cost and
    gradient, and stops if that gradient is shorter than ``tolerance``
    (converged). It also stops after ``max_epochs`` epochs, or if a step
    would make the weights or the cost non-finite (diverged; that step is
    not taken). That is the only divergence: the cost of a sigmoid network
    is bounded, so a step that is too large strands the weights on a
    plateau rather than blowing the cost up.

    Parameters
    ----------
    net, X, y, learning_rate, tolerance, indices
        As for :func:`gradient_descent`.
    max_epochs : int
        At most this many passes over the data, at least 1. The first epoch
        always runs, so a run that starts at a flat point still moves.
    seed : int, default 0
        Seed for the shuffling, at least 0.

    Returns
    -------
    DescentResult
        One record per epoch; ``n_example_gradients`` counts the steps.

    Examples
    --------
    >>> from nnlesson import Network, load_data, stochastic_gradient_descent
    >>> X, y = load_data()
    >>> result = stochastic_gradient_descent(Network.random(seed=0), X, y,
    ...     learning_rate=1.0, max_epochs=100, tolerance=1e-6, seed=0)
    >>> result.n_steps, result.steps[:3].tolist(), bool(result.costs[-1] < result.costs[0])
    (300, [0, 3, 6], True)
    """
    net, X, y, chosen = _check_run(net, X, y, indices)
    learning_rate, max_epochs, tolerance = _checks.schedule(
        learning_rate, max_epochs, tolerance, net.sizes, X.shape[0], "max_epochs",
        per_epoch=X.shape[0])
    rng = np.random.default_rng(_checks.seed(seed))
    trace = _Trace(net, X, y, chosen)
    params, steps = trace.params, 0
    for _ in range(max_epochs):
        for example in shuffled_order(rng, X.shape[0]):
            rows = slice(example, example + 1)
            _, gradient = _evaluate(params, net.sizes, X[rows], y[rows])
            trace.n_example_gradients += 1
            candidate = descent_step(params, gradient, learning_rate, chosen)
            if not np.all(np.isfinite(candidate)):
                trace.reason, trace.rejected_cost = DIVERGED, None
                break
            params, steps = candidate, steps + 1
        if not trace.record(params, steps) or trace.reason == DIVERGED:
            break
        if trace.grad_norm < tolerance:
            break
    return trace.result(tolerance)


def shuffled_order(rng, n, epochs=None):
    """Return a random order of ``range(n)``: the ranks of ``n`` uniform draws.

    With ``epochs=k`` return ``k`` orders, shape ``(k, n)``, drawing exactly
    what ``k`` calls with ``epochs=None`` would draw, in the same sequence.
    This lets many runs draw their shuffles in blocks (see
    :func:`~nnlesson.study.sgd_study`) yet match single runs step for step.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.descent import shuffled_order
    >>> a = shuffled_order(np.random.default_rng(0), 3, epochs=2)
    >>> rng = np.random.default_rng(0)
    >>> b = [shuffled_order(rng, 3), shuffled_order(rng, 3)]
    >>> bool(np.array_equal(a, b)), sorted(a[0].tolist())
    (True, [0, 1, 2])
    """
    draws = rng.random(n if epochs is None else (epochs, n))
    return np.argsort(draws, axis=-1, kind="stable")


class _Trace:
    """A run's history: weights, step count, cost and gradient length at every record."""

    def __init__(self, net, X, y, chosen):
        self.net, self.X, self.y, self.chosen = net, X, y, chosen
        self.params = net.params
        self.cost, self.gradient = _evaluate(self.params, net.sizes, X, y)
        self.path, self.steps = [self.params], [0]
        self.costs, self.norms = [self.cost], [self.grad_norm]
        self.n_cost_evaluations, self.n_example_gradients = 1, 0
        self.reason, self.rejected_cost = STEP_LIMIT, None

    @property
    def grad_norm(self):
        return float(np.linalg.norm(self.gradient[self.chosen]))

    def record(self, params, step, refuse_above=np.inf):
        """Evaluate ``params`` on all data and record them as ``step``.

        Refuse them instead, and stop the run as diverged, if the cost is
        not finite or above ``refuse_above``. Return whether they were
        recorded.
        """
        cost, gradient = _evaluate(params, self.net.sizes, self.X, self.y)
        self.n_cost_evaluations += 1
        if not np.isfinite(cost) or cost > refuse_above:
            self.reason, self.rejected_cost = DIVERGED, float(cost) if np.isfinite(cost) else None
            return False
        self.params, self.cost, self.gradient = params, cost, gradient
        self.path.append(params)
        self.steps.append(step)
        self.costs.append(cost)
        self.norms.append(self.grad_norm)
        return True

    def result(self, tolerance):
        if self.reason != DIVERGED and self.grad_norm < tolerance:
            self.reason = CONVERGED
        return DescentResult(
            network=self.net.with_params(self.params),
            path=np.array(self.path),
            steps=np.array(self.steps),
            costs=np.array(self.costs),
            grad_norms=np.array(self.norms),
            n_cost_evaluations=self.n_cost_evaluations,
            n_example_gradients=self.n_example_gradients,
            reason=self.reason,
            rejected_cost=self.rejected_cost,
        )


def _check_run(net, X, y, indices):
    net = _checks.instance(net, Network, "net")
    X, y = _checks.data(X, y, net.sizes)
    _checks.scale(X, net.params, net.sizes, "gradient", "X and the weights of net")
    return net, X, y, list(_checks.weight_indices(indices, net.n_params))


def _evaluate(params, sizes, X, y):
    """``(J, flat gradient)`` as a float and a vector; NaN for weights that are not finite."""
    if not np.all(np.isfinite(params)):
        return float("nan"), np.full_like(params, np.nan)
    J, gradient = trial_cost_and_gradient(params, sizes, X, y)
    return float(J), gradient
