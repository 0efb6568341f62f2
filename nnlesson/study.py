"""Training many networks at once, to measure how often each method works.

The claims chapter trains hundreds of random starting networks. One run at a
time that takes too long for a build, so :func:`descent_study` and
:func:`sgd_study` run every network in lockstep: the same equations
(:func:`nnlesson.network.cost_and_gradient` on a stack of weight vectors)
and the same update rule (:func:`nnlesson.descent.descent_step`) as
:func:`~nnlesson.gradient_descent` and
:func:`~nnlesson.stochastic_gradient_descent`, step for step (the tests
check that they agree), just many runs per NumPy call. :func:`bfgs_study`
calls :func:`~nnlesson.train_bfgs` once per start. See :doc:`/claims`.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from nnlesson import _checks
from nnlesson.bfgs import train_bfgs
from nnlesson.descent import (CONVERGED, DIVERGED, RISE_MARGIN, STEP_LIMIT, DescentResult,
                              descent_step, shuffled_order)
from nnlesson.endpoints import (NEWTON_STEPS, PERTURBATION_STEPS, PERTURBATION_TRIALS,
                                 classify_stack)
from nnlesson.network import Network, trial_cost_and_gradient, unpack

#: What :attr:`StudyResult.counts` counts, by method.
COST_EVALUATIONS = "cost evaluations"
EXAMPLE_STEPS = "one-example steps"


@dataclass(frozen=True)
class StudyResult:
    """The outcome of one training method over many starting networks.

    Attributes
    ----------
    seeds : ndarray of int
        The seed of each run: of its starting network
        (``Network.random(seed=...)``), or, for runs from one given start,
        of its shuffling.
    final_costs : ndarray
        ``J`` where each run ended.
    final_params : ndarray of shape (runs, n_params)
        The flat weights where each run ended.
    counts : ndarray of int
        The work each run used, in :attr:`count_unit`.
    count_unit : str
        ``"cost evaluations"`` (whole-data evaluations of ``J`` and its
        gradient: batch descent and BFGS) or ``"one-example steps"``
        (stochastic descent).
    reasons : ndarray of str
        Why each run stopped: ``"converged"``, ``"step limit"`` or
        ``"diverged"``; for BFGS, :attr:`nnlesson.BFGSResult.reason`.
    ends : tuple of PointReport, or None
        What :func:`~nnlesson.classify_point` found at each run's end
        (``None`` if not classified).
    cost_history : ndarray of shape (epochs + 1, runs), or None
        Stochastic descent with ``keep_costs=True``: every run's cost at the
        start and at the end of each epoch (a run that stopped keeps its
        last cost).
    runs : tuple of DescentResult, or None
        Batch descent with ``keep_paths=True``: each run's whole trace, as
        :func:`~nnlesson.gradient_descent` would return it.

    Examples
    --------
    >>> from nnlesson import load_data
    >>> from nnlesson.study import descent_study
    >>> X, y = load_data()
    >>> study = descent_study([0, 1, 2], X, y, 10.0, 5, 0.0, classify=False)
    >>> study.seeds.tolist(), study.reasons.tolist(), study.count_unit
    ([0, 1, 2], ['step limit', 'step limit', 'step limit'], 'cost evaluations')
    """

    seeds: np.ndarray
    final_costs: np.ndarray
    final_params: np.ndarray
    counts: np.ndarray
    count_unit: str
    reasons: np.ndarray
    ends: tuple | None = None
    cost_history: np.ndarray | None = None
    runs: tuple | None = None

    @property
    def kinds(self):
        """ndarray of str: the kind of point each run ended at (see :attr:`ends`)."""
        return None if self.ends is None else np.array([end.kind for end in self.ends])

    @property
    def stuck(self):
        """ndarray of bool: runs that ended at a local minimum or saddle point above the floor."""
        return np.isin(self.kinds, ("local minimum", "saddle point"))


@np.errstate(over="ignore", invalid="ignore")  # a step that overflows is refused as diverged
def descent_study(seeds, X, y, learning_rate, max_steps, tolerance, sizes=(2, 3, 1),
                  start=None, classify=True, indices=None, keep_paths=False):
    """Batch gradient descent from ``Network.random(sizes, seed)`` for every seed.

    Same rule, stopping test and counting as :func:`~nnlesson.gradient_descent`.
    ``learning_rate`` is one rate for every run, or one per seed. With
    ``start`` (a Network), every run starts there instead. ``indices`` are
    the weights that descend (default: all). With ``classify``, each end
    point is classified (:func:`~nnlesson.classify_point`); with
    ``keep_paths``, each run's whole trace is kept (:attr:`StudyResult.runs`).

    Examples
    --------
    >>> from nnlesson import load_data
    >>> from nnlesson.study import descent_study
    >>> X, y = load_data()
    >>> result = descent_study(range(4), X, y, 10.0, 50, 1e-4, classify=False)
    >>> result.final_costs.shape, result.counts.tolist()
    ((4,), [51, 51, 51, 51])
    """
    seeds, state = _start(seeds, X, y, sizes, start, classify, indices)
    rates = _checks.rates(learning_rate, len(seeds))
    _, max_steps, tolerance = _checks.schedule(
        rates.max(), max_steps, tolerance, state.sizes, state.X.shape[0], runs=len(seeds),
        trace=False)
    if _checks.flag(keep_paths, "keep_paths"):
        _checks.kept_paths(len(seeds), max_steps, state.sizes)
    evaluations = np.ones(len(seeds), dtype=int)
    history = [(state.P.copy(), state.J.copy(), state.norms.copy())] if keep_paths else None
    for _ in range(max_steps):
        runs = state.running(tolerance)
        if runs.size == 0:
            break
        evaluations[runs] += 1
        state.step(runs, descent_step(state.P[runs], state.G[runs], rates[runs, None],
                                      state.chosen))
        if keep_paths:
            history.append((state.P.copy(), state.J.copy(), state.norms.copy()))
    state.running(tolerance)
    result = state.result(seeds, evaluations, COST_EVALUATIONS, _flag(classify))
    if not keep_paths:
        return result
    return dataclasses.replace(result, runs=state.traces(history, evaluations))


@np.errstate(over="ignore", invalid="ignore")  # a step that overflows is refused as diverged
def sgd_study(seeds, X, y, learning_rate, max_epochs, tolerance, sizes=(2, 3, 1), start=None,
              classify=True, keep_costs=False):
    """Stochastic gradient descent from ``Network.random(sizes, seed)`` for every seed.

    Run ``k`` shuffles with ``numpy.random.default_rng(seeds[k])``: the same
    as ``stochastic_gradient_descent(..., seed=seeds[k])``, with the same
    rules (a step that raises the cost is normal; convergence is judged on
    the whole data set at the end of each epoch). ``learning_rate`` is one
    rate for every run, or a sequence of one rate per seed. With ``start``
    (a Network), every run starts there and the seeds only shuffle. With
    ``classify``, each end point is classified; with ``keep_costs``, every
    run's cost at every epoch's end is kept.

    Examples
    --------
    >>> from nnlesson import load_data
    >>> from nnlesson.study import sgd_study
    >>> X, y = load_data()
    >>> result = sgd_study(range(3), X, y, 10.0, 5, 1e-4, classify=False)
    >>> result.counts.tolist(), result.count_unit
    ([15, 15, 15], 'one-example steps')
    """
    seeds, state = _start(seeds, X, y, sizes, start, classify)
    n = state.X.shape[0]
    rates = _checks.rates(learning_rate, len(seeds))
    _, max_epochs, tolerance = _checks.schedule(
        rates.max(), max_epochs, tolerance, state.sizes, n, "max_epochs", runs=len(seeds),
        per_epoch=n, trace=False)
    shuffles = _Shuffles(seeds, n)
    history = [state.J.copy()] if _checks.flag(keep_costs, "keep_costs") else None
    steps = np.zeros(len(seeds), dtype=int)
    everything = np.arange(state.P.shape[1])
    for epoch in range(max_epochs):
        runs = np.flatnonzero(state.active)
        if runs.size == 0:
            break
        orders = shuffles.orders(epoch)[runs]
        for position in range(n):
            keep = state.active[runs]  # runs that diverged earlier this epoch stop
            now, examples = runs[keep], orders[keep, position]
            if now.size == 0:
                break
            _, G_example = trial_cost_and_gradient(
                state.P[now], state.sizes, state.X[examples, None], state.y[examples, None])
            steps[now] += 1
            candidate = descent_step(state.P[now], G_example, rates[now, None], everything)
            finite = np.all(np.isfinite(candidate), axis=-1)
            state.P[now[finite]] = candidate[finite]
            state.reasons[now[~finite]] = DIVERGED
            state.active[now[~finite]] = False
        state.record(runs)
        state.running(tolerance)
        if history is not None:
            history.append(state.J.copy())
    result = state.result(seeds, steps, EXAMPLE_STEPS, _flag(classify))
    if history is None:
        return result
    return dataclasses.replace(result, cost_history=np.array(history))


def bfgs_study(seeds, X, y, maxiter=200, tolerance=1e-5, sizes=(2, 3, 1), classify=True):
    """:func:`~nnlesson.train_bfgs` from ``Network.random(sizes, seed)`` for every seed.

    ``counts`` are SciPy's function evaluations (each also computes the
    gradient). With ``classify``, each end point is classified.

    Examples
    --------
    >>> from nnlesson import load_data
    >>> from nnlesson.study import bfgs_study
    >>> X, y = load_data()
    >>> result = bfgs_study([0, 1], X, y)
    >>> result.reasons.tolist(), result.kinds.tolist()
    (['converged', 'converged'], ['global minimum', 'global minimum'])
    """
    seeds, state = _start(seeds, X, y, sizes, None, classify)
    maxiter, tolerance = _checks.iterations(maxiter, tolerance, state.sizes, state.X.shape[0],
                                            runs=len(seeds))
    evaluations, reasons = [], []
    for k, seed in enumerate(seeds):
        result = train_bfgs(Network.random(sizes=state.sizes, seed=int(seed)), state.X,
                            state.y, maxiter, tolerance)
        state.P[k] = result.network.params
        state.J[k] = result.costs[-1]
        evaluations.append(result.n_function_evaluations)
        reasons.append(result.reason)
    state.reasons = np.array(reasons, dtype=object)
    return state.result(seeds, np.array(evaluations), COST_EVALUATIONS, _flag(classify))


def _flag(classify):
    return _checks.flag(classify, "classify")


def _start(seeds, X, y, sizes, start, classify, indices=None):
    """Check the arguments; return the seeds and the runs' starting state."""
    seeds = _checks.seeds(seeds)
    if start is None:
        sizes = _checks.layer_sizes(sizes)
    else:
        sizes = _checks.instance(start, Network, "start").sizes
    X, y = _checks.data(X, y, sizes)
    _checks.stack(len(seeds), sizes, X.shape[0], "seeds")
    if _flag(classify):
        _checks.classification(len(seeds), sizes, X.shape[0], PERTURBATION_TRIALS, NEWTON_STEPS,
                               PERTURBATION_STEPS)
    if start is None:
        P = np.array([Network.random(sizes=sizes, seed=int(seed)).params for seed in seeds])
    else:
        P = np.tile(start.params, (len(seeds), 1))
    _checks.scale(X, P, sizes, "hessian" if classify else "gradient",
                  "X and the starting weights (start, or sizes and seeds)")
    chosen = np.array(_checks.weight_indices(indices, P.shape[1]))
    return seeds, _Lockstep(P, sizes, X, y, chosen)


class _Shuffles:
    """Every run's epoch orders, drawn ``block`` epochs at a time.

    Run ``k`` draws from its own ``default_rng(seeds[k])``, in the same
    sequence as a single :func:`~nnlesson.stochastic_gradient_descent` run;
    all runs are on the same epoch, so one block serves them all.
    """

    def __init__(self, seeds, n, block=256):
        self._rngs = [np.random.default_rng(seed) for seed in seeds]
        self._n, self._block = n, block
        self._first, self._orders = None, None

    def orders(self, epoch):
        """``(runs, n)``: each run's order of the examples in ``epoch``."""
        if self._first is None or epoch >= self._first + self._block:
            self._first = epoch
            self._orders = np.stack([shuffled_order(rng, self._n, epochs=self._block)
                                     for rng in self._rngs])
        return self._orders[:, epoch - self._first]


class _Lockstep:
    """Many descent runs side by side: weights, costs, gradients, and status."""

    def __init__(self, P, sizes, X, y, chosen):
        self.P, self.sizes, self.X, self.y, self.chosen = P, sizes, X, y, chosen
        self.J, self.G = trial_cost_and_gradient(P, sizes, X, y)
        self.J0 = self.J.copy()
        self.norms = _lengths(self.G[:, chosen])
        self.rejected = np.full(len(P), np.nan)  # the cost a refused step would have led to
        self.reasons = np.full(len(P), STEP_LIMIT, dtype=object)
        self.active = np.ones(len(P), dtype=bool)
        self.recorded = P.copy()  # SGD: the weights at the last epoch's end

    def running(self, tolerance):
        """Mark runs whose gradient is short enough as converged; return the rest."""
        done = self.active & (self.norms < tolerance)
        self.reasons[done] = CONVERGED
        self.active &= ~done
        return np.flatnonzero(self.active)

    def step(self, runs, candidate):
        """Move ``runs`` to ``candidate`` where J stays finite and no higher than at the start."""
        J_new, G_new = trial_cost_and_gradient(candidate, self.sizes, self.X, self.y)
        bad = ~np.isfinite(J_new) | (J_new > self.J0[runs] * (1 + RISE_MARGIN))
        if bad.any():  # rare: refuse those steps, and stop those runs
            self.reasons[runs[bad]] = DIVERGED
            self.rejected[runs[bad]] = J_new[bad]
            self.active[runs[bad]] = False
            runs, candidate, J_new, G_new = runs[~bad], candidate[~bad], J_new[~bad], G_new[~bad]
        self.P[runs], self.J[runs], self.G[runs] = candidate, J_new, G_new
        self.norms[runs] = _lengths(G_new[:, self.chosen])

    def record(self, runs):
        """Evaluate ``runs`` on all data (an epoch's end); refuse non-finite costs."""
        J_new, G_new = trial_cost_and_gradient(self.P[runs], self.sizes, self.X, self.y)
        bad = ~np.isfinite(J_new)
        self.reasons[runs[bad]] = DIVERGED
        self.active[runs[bad]] = False
        self.P[runs[bad]] = self.recorded[runs[bad]]
        good = runs[~bad]
        self.J[good], self.G[good] = J_new[~bad], G_new[~bad]
        self.norms[good] = _lengths(G_new[~bad][:, self.chosen])
        self.recorded[good] = self.P[good]

    def traces(self, history, evaluations):
        """Each batch run's :class:`~nnlesson.DescentResult` from the kept ``history``.

        A run's weights change only at its accepted steps, and it stops at
        its first refused step, so rows 0 to n of the history are its path.
        """
        P, J, norms = (np.array(column) for column in zip(*history))
        template = Network(*unpack(np.zeros(self.P.shape[1]), self.sizes))
        traces = []
        for k in range(len(self.P)):
            diverged = self.reasons[k] == DIVERGED
            n = evaluations[k] - 1 - diverged
            traces.append(DescentResult(
                network=template.with_params(P[n, k]), path=P[:n + 1, k], steps=np.arange(n + 1),
                costs=J[:n + 1, k], grad_norms=norms[:n + 1, k],
                n_cost_evaluations=int(evaluations[k]), n_example_gradients=0,
                reason=str(self.reasons[k]),
                rejected_cost=float(self.rejected[k]) if diverged else None))
        return tuple(traces)

    def result(self, seeds, counts, count_unit, classify):
        """The :class:`StudyResult`, with each end point classified if asked."""
        ends = (tuple(classify_stack(self.P, self.sizes, self.X, self.y, self.chosen))
                if classify else None)
        return StudyResult(seeds, self.J.copy(), self.P.copy(), counts, count_unit,
                           self.reasons.astype(str), ends)


def _lengths(G):
    """The length of every row of ``G``."""
    return np.sqrt(np.einsum("ij,ij->i", G, G))
