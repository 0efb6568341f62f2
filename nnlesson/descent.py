"""Gradient descent, batch and stochastic: one loop for one run or many.

Every descent in the package goes through :func:`descend`, which moves a
*stack* of runs (one row of weights per run) in lockstep, with one rule for
each step and one set of stopping rules. :func:`gradient_descent` and
:func:`stochastic_gradient_descent` are a stack of one; the studies
(:mod:`nnlesson.study`), the interactive figures and the restarts of
:func:`~nnlesson.classify_point` are stacks of many. A run's result does not
depend on the other runs beside it. Each step moves the chosen weights
against the gradient, ``w <- w - learning_rate * dJ/dw``
(:func:`descent_step`), or, with an ``optimizer``, by a method that
remembers earlier gradients (momentum, Adam: :class:`~nnlesson.Momentum`, :class:`~nnlesson.Adam`);
the loop, its records and its stopping rules are the same for every
method. See :doc:`/descent` and :doc:`/convexity`.
"""

from dataclasses import dataclass

import numpy as np

from nnlesson._checks import (MAX_STEPS, Indices, Inputs, Instance, Integer, Maybe, Real,
                              Targets, activations, memory, overflow, validate_params)
from nnlesson.network import Network, cost_and_gradient, unpack
from nnlesson.optimizers import OPTIMIZERS

#: Why a run stopped.
CONVERGED = "converged"
STEP_LIMIT = "step limit"
DIVERGED = "diverged"
SATURATED = "saturated"
#: A run is saturated once its largest weight is more than this many times
#: its start's largest (or 1, if that is larger): with inputs of about 1,
#: as the book's are, every sigmoid is then pinned at 0 or 1, and descent
#: has left the problem for a plateau. The book's runs grow their weights
#: by a factor of 134 at most (the explorer's run at a rate of 1e4).
SATURATION_GROWTH = 1e6
#: A run whose gradient's length underflows to 0 (every sigmoid that
#: carries it is pinned) is saturated, not converged, if its cost is above
#: this: below it, the network fits every example (a floor, not a plateau).
VANISHED_COST = 1e-16


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
        is shorter than ``tolerance``, and, with an optimizer, so is the
        step the run would take next, divided by the learning rate: flat
        and at rest, which is not the same as a minimum; see
        :func:`~nnlesson.classify_point`), ``"step limit"``
        (it took every step it was allowed; :attr:`n_rises` says whether it
        was still bouncing), ``"diverged"`` (a step would have taken the
        weights, the cost or the gradient out of the floating-point range,
        which happens when the weights grow without bound; that step was
        not taken), or ``"saturated"`` (the weights grew to more than a
        million times their start's size, ``SATURATION_GROWTH``, or the
        gradient's length underflowed to 0 above the floor,
        ``VANISHED_COST``: the sigmoids are pinned at 0 or 1, the gradient
        vanishes for that reason, and no step brings the run back; the last
        step was taken, and ``path`` shows where it went). A step that
        merely raises the cost is not divergence.
    rejected_cost : float or None
        For ``"diverged"``: the cost the refused step would have led to, or
        None if it was not finite.

    Examples
    --------
    >>> from nnlesson import Network, gradient_descent, load_data
    >>> X, y = load_data()
    >>> result = gradient_descent(Network.random(seed=0), X, y, learning_rate=1.0,
    ...                           max_steps=10, tolerance=0.0)
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

    @property
    def n_rises(self):
        """int: how many records had a higher cost than the record before.

        For batch descent, the steps that went uphill: a run that overshoots
        the bottom and bounces from side to side. For stochastic descent,
        the epochs that ended higher than they started.
        """
        return int(np.sum(np.diff(self.costs) > 0))


def descent_step(params, gradient, learning_rate, chosen):
    """Return the weights after one step: ``w - learning_rate * dJ/dw`` on ``chosen``.

    The update rule of :doc:`/descent`, for one network or a stack of them;
    weights not in ``chosen`` stay as they are. ``params`` is not changed.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.descent import descent_step
    >>> descent_step(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1, [0, 1])
    array([0.95, 2.1 ])
    """
    moved = params.copy()
    moved[..., chosen] -= learning_rate * gradient[..., chosen]
    return moved


def _run_checks(count, **more):
    """The checks of one run of at most ``count`` (an argument's name) steps or epochs.

    Its trace keeps a record per step or epoch: the weights, the cost, the
    gradient's length and the step count.
    """
    return validate_params(
        {"net": Instance(Network), "X": Inputs(), "y": Targets(),
         "learning_rate": Real(0, above=True), count: Integer(1, MAX_STEPS),
         "tolerance": Real(0), "indices": Indices(), **more,
         "optimizer": Maybe(Instance(OPTIMIZERS))},
        overflow("gradient"),
        memory(lambda a: (a[count] + 1) * (a["net"].n_params + 3)
               + activations(1, len(a["X"]), a["net"].sizes) + 3 * a["net"].n_params,
               f"a trace of {{{count}:,}} records of the weights of {{net}}",
               f"{count} and the size of net"))


@_run_checks("max_steps")
@np.errstate(over="ignore", invalid="ignore")  # a step that overflows is refused as diverged
def gradient_descent(net, X, y, learning_rate, max_steps, tolerance, indices=None,
                     optimizer=None):
    """Batch gradient descent on the weights ``indices`` of ``net``.

    Each step uses the gradient over all examples: plain descent, or
    momentum or Adam with ``optimizer``. The run stops when the gradient's
    length falls below ``tolerance`` (converged: flat, which is not the
    same as a minimum; with an optimizer, only if the run is also at rest,
    see below), after ``max_steps`` steps, or when a step
    would take the weights, the cost or the gradient out of the
    floating-point range (diverged: the weights grow without bound; that
    step is not taken). It also stops once it is saturated: its weights
    grew more than a million times (a learning rate of 1e300 does that in
    one step), or its gradient underflowed to exactly 0 at a cost above the
    floor, which a tolerance would otherwise call converged; the sigmoids
    are pinned at 0 or 1 and the cost sits on a plateau. A step that raises
    the cost is taken: with too large a learning rate the run overshoots the
    bottom and bounces, and it goes on bouncing (see
    :attr:`DescentResult.n_rises`).

    Parameters
    ----------
    net : Network
        The starting network; it is not changed.
    X, y : array_like
        Inputs ``(n, n_in)`` and targets ``(n, n_out)``.
    learning_rate : float
        Step size, a finite number above 0.
    max_steps : int
        At most this many steps, at least 1 and at most ``MAX_STEPS``
        (a million); the trace keeps a record of the weights per step, which
        must fit the memory budget (``MAX_FLOATS`` in ``nnlesson._checks``).
    tolerance : float
        Stop once the gradient's length is below this (at least 0).
    indices : sequence of int, optional
        Flat weight indices to descend on (see :attr:`Network.params`); the
        others stay fixed. Default: all weights.
    optimizer : Momentum or Adam, optional
        How each step is made (:class:`~nnlesson.Momentum`, :class:`~nnlesson.Adam`); default
        ``None``, plain descent, ``w <- w - learning_rate * dJ/dw``.

    Returns
    -------
    DescentResult

    Notes
    -----
    With an optimizer, "converged" asks for two things: the gradient is
    shorter than ``tolerance``, and the step the run would take next is
    shorter than ``tolerance * learning_rate``. A run with momentum can pass
    through a point where the gradient is short (the bottom of a valley it
    crosses, say) while still moving fast; the second condition keeps it
    from stopping there. For plain descent the next step is
    ``learning_rate`` times the gradient, so the second condition is the
    first one again, and plain descent is judged by the gradient alone,
    exactly as before.

    Examples
    --------
    >>> from nnlesson import Network, gradient_descent, load_data
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> result = gradient_descent(net, X, y, learning_rate=2.0, max_steps=500,
    ...                           tolerance=1e-6)
    >>> bool(result.costs[-1] < result.costs[0])
    True
    >>> result.reason in ("converged", "step limit", "diverged", "saturated")
    True
    >>> huge = gradient_descent(net, X, y, learning_rate=1e300, max_steps=10, tolerance=1e-4)
    >>> huge.reason, huge.n_steps, round(float(huge.costs[-1]), 4)
    ('saturated', 1, 0.0499)
    """
    runs = descend(net.params[None], net.sizes, X, y, learning_rate, max_steps, tolerance,
                   list(indices), keep_paths=True, optimizer=optimizer)
    return runs.result(0)


@_run_checks("max_epochs", seed=Integer(0))
@np.errstate(over="ignore", invalid="ignore")  # a step that overflows is refused as diverged
def stochastic_gradient_descent(
    net, X, y, learning_rate, max_epochs, tolerance, indices=None, seed=0, optimizer=None
):
    """Stochastic gradient descent: one example per step, in shuffled order.

    Each epoch visits every example once, in an order drawn from
    ``numpy.random.default_rng(seed)`` (see
    :func:`~nnlesson.descent.shuffled_order`), and takes one step per example
    using that example's gradient alone. A step may raise the whole data
    set's cost; that is normal for stochastic descent and never ends a run.
    At the end of every epoch the run records the whole data set's cost and
    gradient, and stops if that gradient is shorter than ``tolerance``
    (converged; with an ``optimizer``, the step it would take next on the
    whole data set's gradient must also be shorter than ``tolerance *
    learning_rate``, see :func:`gradient_descent`). It also stops after
    ``max_epochs`` epochs, or if a step would take the weights, the cost or
    the gradient out of the floating-point range (diverged; that step is not
    taken), or, judged at the end of an epoch, once it is saturated, as for
    :func:`gradient_descent`. With an optimizer, each
    one-example step is a step of that method, its memory carried from
    example to example and epoch to epoch.

    Parameters
    ----------
    net, X, y, learning_rate, tolerance, indices, optimizer
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
    runs = descend(net.params[None], net.sizes, X, y, learning_rate, max_epochs, tolerance,
                   list(indices), seeds=[seed], keep_paths=True, optimizer=optimizer)
    return runs.result(0)


def shuffled_order(rng, n, epochs=None):
    """Return a random order of ``range(n)``: the ranks of ``n`` uniform draws.

    With ``epochs=k`` return ``k`` orders, shape ``(k, n)``, drawing exactly
    what ``k`` calls with ``epochs=None`` would draw, in the same sequence.
    :func:`~nnlesson.descent.descend` draws every run's epochs in blocks this way.

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


# -- the engine ---------------------------------------------------------------
@dataclass(frozen=True)
class Lockstep:
    """Many descent runs, moved side by side by :func:`descend`.

    Records are numbered from 0 (the start); record ``r`` follows step ``r``
    (batch) or epoch ``r`` (stochastic). A run that stopped keeps repeating
    its last record.

    Attributes
    ----------
    sizes : tuple of int
        The layer sizes of every run's network.
    params : ndarray of shape (runs, n_params)
        Where each run ended: its weights after its last accepted step.
    costs, grad_norms : ndarray of shape (n_records, runs)
        ``J`` and the gradient's length over the chosen weights, on the whole
        data set, at each record (only the last, shape ``(1, runs)``, when
        :func:`descend` did not keep the history).
    steps : ndarray of int, shape (n_records, runs)
        Steps taken by each run at each record.
    paths : ndarray of shape (n_records, runs, n_params), or None
        The weights at each record, if kept.
    n_records : ndarray of int, shape (runs,)
        How many records each run made (the start included).
    n_cost_evaluations, n_example_gradients : ndarray of int, shape (runs,)
        As :class:`DescentResult` counts them, per run.
    reasons : ndarray of str, shape (runs,)
        Why each run stopped.
    rejected_costs : ndarray, shape (runs,)
        The cost a refused step would have led to; NaN where none was
        refused or the refused cost was not finite.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import Network, load_data
    >>> from nnlesson.descent import descend
    >>> X, y = load_data()
    >>> P = np.array([Network.random(seed=s).params for s in range(3)])
    >>> runs = descend(P, (2, 3, 1), X, y, 1.0, 5, 0.0)
    >>> runs.costs.shape, runs.reasons.tolist()
    ((6, 3), ['step limit', 'step limit', 'step limit'])
    """

    sizes: tuple
    params: np.ndarray
    costs: np.ndarray
    grad_norms: np.ndarray
    steps: np.ndarray
    paths: np.ndarray | None
    n_records: np.ndarray
    n_cost_evaluations: np.ndarray
    n_example_gradients: np.ndarray
    reasons: np.ndarray
    rejected_costs: np.ndarray

    def result(self, k):
        """Run ``k``'s :class:`DescentResult` (needs the paths: ``keep_paths=True``)."""
        if self.paths is None:
            raise ValueError("the paths were not kept: call descend with keep_paths=True")
        n = int(self.n_records[k])
        rejected = self.rejected_costs[k]
        return DescentResult(
            network=Network(*unpack(self.params[k], self.sizes)),
            path=self.paths[:n, k], steps=self.steps[:n, k], costs=self.costs[:n, k],
            grad_norms=self.grad_norms[:n, k],
            n_cost_evaluations=int(self.n_cost_evaluations[k]),
            n_example_gradients=int(self.n_example_gradients[k]),
            reason=str(self.reasons[k]),
            rejected_cost=None if np.isnan(rejected) else float(rejected))


@np.errstate(over="ignore", invalid="ignore")  # a step that overflows is refused as diverged
def descend(P, sizes, X, y, learning_rate, max_steps, tolerance, chosen=None, seeds=None,
            keep_paths=False, keep_history=True, optimizer=None):
    """Gradient descent for every row of ``P`` at once: the package's one descent loop.

    Batch descent (``seeds=None``): each of up to ``max_steps`` steps moves
    a run against its whole-data gradient. Stochastic descent (``seeds``,
    one per run): each of up to ``max_steps`` epochs takes one step per
    example, in an order drawn from ``numpy.random.default_rng`` of the
    run's seed, and the first epoch always runs. Either way, a run is
    recorded on the whole data set after each step (batch) or epoch
    (stochastic), and stops:

    - converged: at a record whose gradient over ``chosen`` is shorter than
      ``tolerance`` and, with an ``optimizer``, whose next step (on that
      gradient, from the method's memory at that record) is shorter than
      ``tolerance`` times the run's learning rate;
    - diverged: when a step would make its weights, its whole-data cost or
      its gradient non-finite (the weights grew without bound); the step is
      refused;
    - saturated: at a record whose largest weight is more than
      ``SATURATION_GROWTH`` times the start's largest (or 1), or whose
      gradient's length is 0.0 (it underflowed; it would pass any
      tolerance above 0) at a cost above ``VANISHED_COST``; checked before
      convergence, so such a run is never called converged;
    - at the step limit otherwise. A step that raises the cost is taken.

    Parameters
    ----------
    P : ndarray of shape (runs, n_params)
        Every run's starting weights (not changed).
    sizes : tuple of int
        The networks' layer sizes.
    X, y : ndarray
        The data, already checked.
    learning_rate : float or ndarray of shape (runs,)
        One rate for all runs, or one per run.
    max_steps : int
        Steps (batch) or epochs (stochastic) at most.
    tolerance : float
        The convergence threshold on the gradient's length.
    chosen : array of int, optional
        The flat indices of the weights that move; default all.
    seeds : sequence of int, optional
        One shuffling seed per run: stochastic descent.
    keep_paths : bool
        Keep every run's weights at every record.
    keep_history : bool
        Keep every record; without it (and without ``keep_paths``), only the
        last record is kept, so a long study needs no memory per step.
    optimizer : Momentum or Adam, optional
        How each step is made (:class:`~nnlesson.Momentum`, :class:`~nnlesson.Adam`); default plain
        descent (:func:`descent_step`). Every run has its own memory, which
        starts at zero.

    Inputs are not checked: the public functions check theirs.

    Returns
    -------
    Lockstep
    """
    runs, n_params = P.shape
    every = chosen is None or np.array_equal(chosen, np.arange(n_params))
    chosen = slice(None) if every else np.asarray(chosen)  # a slice is faster to index with
    rates = np.broadcast_to(np.asarray(learning_rate, dtype=float), (runs,))[:, None]
    # What the method remembers, one row per run (over the chosen weights).
    state = None if optimizer is None else optimizer._start(runs, P[:, chosen].shape[1])
    largest = SATURATION_GROWTH * np.maximum(1.0, np.max(np.abs(P), axis=-1))

    def move(which, W, gradient):
        """The weights ``W`` of the runs ``which`` after one step of the method."""
        if optimizer is None:
            return descent_step(W, gradient, rates[which], chosen)
        step, following = optimizer._step(tuple(part[which] for part in state),
                                          gradient[:, chosen], rates[which])
        for part, new in zip(state, following):
            part[which] = new
        moved = W.copy()
        moved[:, chosen] += step
        lost = ~np.all([np.isfinite(new).all(axis=-1) for new in following], axis=0)
        moved[lost] = np.nan  # a memory out of the float range: refused as diverged
        return moved

    def judge(P, J, G, norms):
        """Stop the active runs that are saturated, then those that settled."""
        _stop(active, reasons, active & (np.max(np.abs(P), axis=-1) > largest), SATURATED)
        flat = active & (norms < tolerance)
        vanished = flat & (norms == 0) & (J > VANISHED_COST)  # flat only as rounding sees it
        _stop(active, reasons, vanished, SATURATED)
        flat &= ~vanished
        if optimizer is not None and flat.any():  # and the next step is short
            step, _ = optimizer._step(state, G[:, chosen], rates)
            flat &= _lengths(step) < tolerance * rates[:, 0]
        _stop(active, reasons, flat, CONVERGED)

    stochastic = seeds is not None
    shuffles = _Shuffles(seeds, X.shape[0]) if stochastic else None
    J, G = _evaluate(P, sizes, X, y)
    norms = _lengths(G[:, chosen])
    steps = np.zeros(runs, dtype=int)
    n_records = np.ones(runs, dtype=int)
    evaluations = np.ones(runs, dtype=int)
    example_gradients = np.zeros(runs, dtype=int)
    reasons = np.full(runs, STEP_LIMIT, dtype=object)
    rejected = np.full(runs, np.nan)
    active = np.ones(runs, dtype=bool)
    history = [(J, norms, steps, P.copy() if keep_paths else None)]
    # Every record is a set of new arrays (never changed later), so the
    # history keeps references, not copies.
    for epoch in range(max_steps):
        if not stochastic:  # batch: a run that starts flat takes no step
            judge(P, J, G, norms)
        now = np.flatnonzero(active)
        if now.size == 0:
            break
        rows = slice(None) if now.size == runs else now
        if stochastic:
            moved = P[rows].copy()
            orders = shuffles.orders(epoch)[rows]
            going = np.arange(now.size)
            for position in range(X.shape[0]):
                examples = orders[going, position]
                _, G_example = cost_and_gradient(moved[going], sizes, X[examples, None],
                                                 y[examples, None])
                example_gradients[now[going]] += 1
                candidate = move(now[going], moved[going], G_example)
                finite = np.isfinite(candidate).all(axis=-1)
                moved[going[finite]] = candidate[finite]
                steps = steps.copy()
                steps[now[going[finite]]] += 1
                if not finite.all():  # those runs diverged: they take no more steps
                    _stop(active, reasons, now[going[~finite]], DIVERGED)
                    going = going[finite]
                    if going.size == 0:
                        break
        else:
            moved = move(rows, P[rows], G[rows])
        J_new, G_new = _evaluate(moved, sizes, X, y)
        evaluations[rows] += 1
        good = np.isfinite(J_new) & np.isfinite(G_new).all(axis=-1)
        if good.all() and now.size == runs:  # the usual case: every run moves on
            P, J, G, norms = moved, J_new, G_new, _lengths(G_new[:, chosen])
            if not stochastic:
                steps = steps + 1
            n_records += 1
        else:  # refuse the bad steps, stop those runs, and move the others on
            bad = now[~good]
            rejected[bad] = np.where(np.isfinite(J_new[~good]), J_new[~good], np.nan)
            _stop(active, reasons, bad, DIVERGED)
            kept = now[good]
            P, J, G, norms = P.copy(), J.copy(), G.copy(), norms.copy()
            P[kept], J[kept], G[kept] = moved[good], J_new[good], G_new[good]
            norms[kept] = _lengths(G_new[good][:, chosen])
            if not stochastic:
                steps = steps.copy()
                steps[kept] += 1
            n_records[kept] += 1
        if keep_history or keep_paths:
            history.append((J, norms, steps, P if keep_paths else None))
        else:
            history[0] = (J, norms, steps, None)
        if stochastic:  # judged at the end of each epoch
            judge(P, J, G, norms)
    if not stochastic:
        judge(P, J, G, norms)
    costs, lengths, counts, paths = zip(*history)
    return Lockstep(
        sizes=tuple(sizes), params=P, costs=np.array(costs), grad_norms=np.array(lengths),
        steps=np.array(counts), paths=np.array(paths) if keep_paths else None,
        n_records=n_records, n_cost_evaluations=evaluations,
        n_example_gradients=example_gradients, reasons=reasons.astype(str),
        rejected_costs=rejected)


def _stop(active, reasons, which, reason):
    """Stop the runs ``which`` (a mask or indices) for ``reason``."""
    reasons[which] = reason
    active[which] = False


class _Shuffles:
    """Every run's epoch orders, drawn ``block`` epochs at a time.

    Run ``k`` draws from its own ``default_rng(seeds[k])`` (see
    :func:`shuffled_order`); all runs are on the same epoch, so one block
    serves them all.
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


def _evaluate(P, sizes, X, y):
    """``(J, gradient)`` for a stack of weights; NaN where the weights are not finite.

    Called inside :func:`descend`, whose floating-point warnings are off.
    """
    J, G = cost_and_gradient(P, sizes, X, y)
    if not np.isfinite(P).all():
        bad = ~np.all(np.isfinite(P), axis=-1)
        J[bad], G[bad] = np.nan, np.nan
    return J, G


def _lengths(G):
    """The length of every row of ``G``: the square root of the sum of its squares."""
    return np.sqrt(np.sum(G**2, axis=-1))

