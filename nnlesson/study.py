"""Training many networks at once, to measure how often each method works.

The claims chapter trains hundreds of random starting networks. One run at a
time that takes too long for a build, so :func:`descent_study` and
:func:`sgd_study` run every network in lockstep on stacked arrays: step for
step the same algorithm as :func:`~nnlesson.gradient_descent` and
:func:`~nnlesson.stochastic_gradient_descent` (the tests check that they
agree), just many runs per NumPy call. :func:`bfgs_study` calls
:func:`~nnlesson.train_bfgs` once per start. See :doc:`/claims`.
"""

from dataclasses import dataclass

import numpy as np

from nnlesson._checks import as_float_array
from nnlesson.activation import _sigmoid
from nnlesson.bfgs import train_bfgs
from nnlesson.descent import CONVERGED, DIVERGED, STEP_LIMIT, check_schedule, shuffled_order
from nnlesson.network import Network


@dataclass(frozen=True)
class StudyResult:
    """The outcome of one training method over many starting networks.

    Attributes
    ----------
    seeds : ndarray of int
        The seed of each starting network (``Network.random(seed=...)``).
    final_costs : ndarray
        ``J`` where each run ended.
    evaluations : ndarray of int
        Cost-and-gradient evaluations each run used. For stochastic descent,
        one-example gradient evaluations (steps).
    reasons : ndarray of str
        Why each run stopped: ``"converged"``, ``"step limit"`` or
        ``"diverged"``; for BFGS, ``"converged"`` or SciPy's failure.

    Examples
    --------
    >>> X, y = load_data()
    >>> study = descent_study([0, 1, 2], X, y, 10.0, 5, 0.0)
    >>> study.seeds.tolist(), study.reasons.tolist()
    ([0, 1, 2], ['step limit', 'step limit', 'step limit'])
    """

    seeds: np.ndarray
    final_costs: np.ndarray
    evaluations: np.ndarray
    reasons: np.ndarray


def descent_study(seeds, X, y, learning_rate, max_steps, tolerance, sizes=(2, 3, 1)):
    """Batch gradient descent from ``Network.random(sizes, seed)`` for every seed.

    Same rule, stopping test and counting as :func:`~nnlesson.gradient_descent`
    on all weights.

    Examples
    --------
    >>> X, y = load_data()
    >>> result = descent_study(range(4), X, y, 10.0, 50, 1e-4)
    >>> result.final_costs.shape, bool(np.all(result.evaluations == 51))
    ((4,), True)
    """
    seeds, P, X, y, shapes = _start(seeds, X, y, sizes)
    learning_rate, max_steps, tolerance = check_schedule(learning_rate, max_steps, tolerance)
    state = _Lockstep(P, X, y, shapes)
    evaluations = np.ones(len(seeds), dtype=int)
    for _ in range(max_steps):
        runs = state.running(tolerance)
        if runs.size == 0:
            break
        candidate = state.P[runs] - learning_rate * state.G[runs]
        evaluations[runs] += 1
        state.step(runs, candidate)
    return state.result(seeds, evaluations, tolerance)


def sgd_study(seeds, X, y, learning_rate, max_epochs, tolerance, sizes=(2, 3, 1)):
    """Stochastic gradient descent from ``Network.random(sizes, seed)`` for every seed.

    Run ``k`` shuffles with ``numpy.random.default_rng(seeds[k])``: the same
    as ``stochastic_gradient_descent(..., seed=seeds[k])``.

    Examples
    --------
    >>> X, y = load_data()
    >>> result = sgd_study(range(3), X, y, 10.0, 5, 1e-4)
    >>> result.evaluations.tolist()
    [15, 15, 15]
    """
    seeds, P, X, y, shapes = _start(seeds, X, y, sizes)
    learning_rate, max_epochs, tolerance = check_schedule(
        learning_rate, max_epochs, tolerance, "max_epochs"
    )
    n = X.shape[0]
    shuffles = [_Shuffles(np.random.default_rng(seed), n) for seed in seeds]
    state = _Lockstep(P, X, y, shapes)
    steps = np.zeros(len(seeds), dtype=int)
    for _ in range(max_epochs):
        runs = state.running(tolerance)
        if runs.size == 0:
            break
        orders = np.array([shuffles[k].next() for k in runs]).reshape(len(runs), n)
        for position in range(n):
            keep = state.active[runs]  # runs that diverged earlier this epoch stop
            now, examples = runs[keep], orders[keep, position]
            if now.size == 0:
                break
            _, G_example = _cost_and_gradient(
                state.P[now], X[examples, None], y[examples, None], shapes
            )
            steps[now] += 1
            state.step(now, state.P[now] - learning_rate * G_example)
    return state.result(seeds, steps, tolerance)


def bfgs_study(seeds, X, y, maxiter=200, sizes=(2, 3, 1)):
    """:func:`~nnlesson.train_bfgs` from ``Network.random(sizes, seed)`` for every seed.

    ``evaluations`` are SciPy's function evaluations (each also computes the
    gradient).

    Examples
    --------
    >>> X, y = load_data()
    >>> result = bfgs_study([0, 1], X, y)
    >>> result.reasons.tolist()
    ['converged', 'converged']
    """
    seeds, _, X, y, _ = _start(seeds, X, y, sizes)
    finals, evaluations, reasons = [], [], []
    for seed in seeds:
        result = train_bfgs(Network.random(sizes=sizes, seed=int(seed)), X, y, maxiter)
        finals.append(result.costs[-1])
        evaluations.append(result.n_function_evaluations)
        reasons.append(CONVERGED if result.success else result.message)
    return StudyResult(seeds, np.array(finals), np.array(evaluations), np.array(reasons))


def _start(seeds, X, y, sizes):
    """Check the arguments; stack the starting networks' parameters."""
    seeds = as_float_array(seeds, "seeds", ndim=1)
    if not np.all(seeds == np.round(seeds)) or np.any(seeds < 0):
        raise ValueError(f"seeds must be whole numbers >= 0, got {seeds!r}")
    seeds = seeds.astype(np.int64)
    networks = [Network.random(sizes=sizes, seed=int(seed)) for seed in seeds]
    X, y = networks[0]._check_data(X, y)
    shapes = (networks[0].W1.shape, networks[0].W2.shape)
    return seeds, np.array([net.params for net in networks]), X, y, shapes


class _Shuffles:
    """One run's epoch orders, drawn ``block`` epochs at a time (same stream)."""

    def __init__(self, rng, n, block=256):
        self._rng, self._n, self._block = rng, n, block
        self._orders, self._next = np.empty((0, n), dtype=int), 0

    def next(self):
        if self._next == len(self._orders):
            self._orders = shuffled_order(self._rng, self._n, epochs=self._block)
            self._next = 0
        self._next += 1
        return self._orders[self._next - 1]


class _Lockstep:
    """Many descent runs side by side: weights, costs, gradients, and status."""

    def __init__(self, P, X, y, shapes):
        self.P, self.X, self.y, self.shapes = P, X, y, shapes
        self.J, self.G = _cost_and_gradient(P, X, y, shapes)
        self.J0 = self.J.copy()
        self.norms = np.linalg.norm(self.G, axis=1)
        self.reasons = np.full(len(P), STEP_LIMIT, dtype=object)
        self.active = np.ones(len(P), dtype=bool)

    def running(self, tolerance):
        """Mark runs whose gradient is short enough as converged; return the rest."""
        done = self.active & (self.norms < tolerance)
        self.reasons[done] = CONVERGED
        self.active &= ~done
        return np.flatnonzero(self.active)

    def step(self, runs, candidate):
        """Move ``runs`` to ``candidate`` where J stays finite and no higher than at the start."""
        J_new, G_new = _cost_and_gradient(candidate, self.X, self.y, self.shapes)
        bad = ~np.isfinite(J_new) | (J_new > self.J0[runs])
        self.reasons[runs[bad]] = DIVERGED
        self.active[runs[bad]] = False
        good = ~bad
        taken = runs[good]
        self.P[taken] = candidate[good]
        self.J[taken] = J_new[good]
        self.G[taken] = G_new[good]
        self.norms[taken] = np.linalg.norm(G_new[good], axis=1)

    def result(self, seeds, evaluations, tolerance):
        """The :class:`StudyResult`, after a last convergence check."""
        self.running(tolerance)
        return StudyResult(seeds, self.J, evaluations, self.reasons.astype(str))


def _cost_and_gradient(P, X, y, shapes):
    """Equations 1 to 5 and backpropagation for a stack of networks.

    ``P`` is ``(runs, n_params)``; ``X`` and ``y`` are shared ``(n, ...)``
    arrays or one per run, ``(runs, n, ...)``. Returns ``J`` of shape
    ``(runs,)`` and the flat gradients ``(runs, n_params)``.
    """
    (n_in, n_hidden), (_, n_out) = shapes
    split = n_in * n_hidden
    W1 = P[:, :split].reshape(-1, n_in, n_hidden)
    W2 = P[:, split:].reshape(-1, n_hidden, n_out)
    with np.errstate(all="ignore"):  # a wild step is reported as diverged
        z2 = X @ W1  # (1)
        a2 = _sigmoid(z2)  # (2)
        z3 = a2 @ W2  # (3)
        y_hat = _sigmoid(z3)  # (4)
        error = y - y_hat
        J = 0.5 * np.sum(error**2, axis=(1, 2))  # (5)
        delta3 = -error * y_hat * _sigmoid(-z3)  # f'(z3) = f(z3) f(-z3)
        dJdW2 = np.swapaxes(a2, 1, 2) @ delta3
        delta2 = (delta3 @ np.swapaxes(W2, 1, 2)) * a2 * _sigmoid(-z2)  # f'(z2)
        dJdW1 = np.swapaxes(X, -1, -2) @ delta2
    gradient = np.concatenate([dJdW1.reshape(len(P), -1), dJdW2.reshape(len(P), -1)], axis=1)
    return J, gradient
