"""Training many networks at once, to measure how often each method works.

The claims chapter trains hundreds of random starting networks.
:func:`descent_study` and :func:`sgd_study` hand them all to
:func:`nnlesson.descent.descend`, the same loop that runs a single
:func:`~nnlesson.gradient_descent` or
:func:`~nnlesson.stochastic_gradient_descent`, as one stack: each run is
exactly the single run from the same start, just many runs per NumPy call.
:func:`bfgs_study` calls :func:`~nnlesson.train_bfgs` once per start. See
:doc:`/claims`.
"""

import dataclasses
from dataclasses import dataclass

import numpy as np

from nnlesson import _checks
from nnlesson._checks import (MAX_STEPS, Flag, Indices, Inputs, Instance, Integer, Maybe, Rates,
                              Real, Seeds, Sizes, Targets, activations, memory, n_params,
                              sizes_of, validate_params)
from nnlesson.bfgs import train_bfgs
from nnlesson.descent import descend
from nnlesson.endpoints import PERTURBATION_TRIALS, _classification_floats, classify_stack
from nnlesson.network import Network
from nnlesson.optimizers import OPTIMIZERS

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
        Why each run stopped: ``"converged"``, ``"step limit"``,
        ``"diverged"`` or ``"saturated"`` (see
        :class:`~nnlesson.DescentResult`); for BFGS,
        :attr:`nnlesson.BFGSResult.reason`.
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


def _study_checks(count, kept=None, bfgs=False, **more):
    """The checks of a study: one run per seed, each of at most ``count`` (an argument) steps.

    Its memory: the starting weights; every run's last record (cost,
    gradient length, step count), and with the flag ``kept`` every step's
    record and weights;
    one evaluation's activations; BFGS's matrix; and, with ``classify``, the
    end points' classification.
    """
    def floats(a):
        runs, sizes, rows = len(a["seeds"]), sizes_of(a), len(a["X"])
        records = a[count] + 1 if kept and a[kept] else 1
        record = 3 + (n_params(sizes) if kept and a[kept] else 0)
        memory_of_method = 3 * runs * n_params(sizes) if a.get("optimizer") else 0
        return (runs * (n_params(sizes) + records * record) + activations(runs, rows, sizes)
                + memory_of_method
                + (n_params(sizes) ** 2 if bfgs else 0)
                + (_classification_floats(runs, sizes, rows, PERTURBATION_TRIALS)
                   if a["classify"] else 0))

    return validate_params(
        {"seeds": Seeds(), "sizes": Sizes(), **more, "X": Inputs(), "y": Targets(),
         count: Integer(1, MAX_STEPS), "tolerance": Real(0, above=bfgs), "classify": Flag()},
        memory(floats, "a study of {seeds.size:,} run(s)",
               f"seeds, sizes, {count}{f', {kept}' if kept else ''} and classify"))


@_study_checks("max_steps", "keep_paths", start=Maybe(Instance(Network)), learning_rate=Rates(),
               indices=Indices(), keep_paths=Flag(), optimizer=Maybe(Instance(OPTIMIZERS)))
def descent_study(seeds, X, y, learning_rate, max_steps, tolerance, sizes=(2, 3, 1),
                  start=None, classify=True, indices=None, keep_paths=False, optimizer=None):
    """Batch gradient descent from ``Network.random(sizes, seed)`` for every seed.

    The runs go through :func:`~nnlesson.descent.descend`, the loop behind
    :func:`~nnlesson.gradient_descent`, side by side: each run is exactly
    the single run from the same start. ``learning_rate`` is one rate for
    every run, or one per seed. With ``start`` (a Network), every run starts
    there instead. ``indices`` are the weights that descend (default: all).
    With ``classify``, each end point is classified
    (:func:`~nnlesson.classify_point`); with ``keep_paths``, each run's
    whole trace is kept (:attr:`StudyResult.runs`). ``optimizer`` is the
    method of every run, as for :func:`~nnlesson.gradient_descent` (default
    plain descent); each run has its own memory.

    Examples
    --------
    >>> from nnlesson import load_data
    >>> from nnlesson.study import descent_study
    >>> X, y = load_data()
    >>> result = descent_study(range(4), X, y, 10.0, 50, 1e-4, classify=False)
    >>> result.final_costs.shape, result.counts.tolist()
    ((4,), [51, 51, 51, 51])
    """
    P, sizes = _starts(seeds, X, sizes, start, classify)
    chosen = np.array(indices)
    runs = descend(P, sizes, X, y, learning_rate, max_steps, tolerance, chosen,
                   keep_paths=keep_paths, keep_history=keep_paths, optimizer=optimizer)
    result = _result(seeds, runs, runs.n_cost_evaluations, COST_EVALUATIONS, X, y, chosen,
                     classify)
    if not keep_paths:
        return result
    return dataclasses.replace(result, runs=tuple(runs.result(k) for k in range(len(seeds))))


@_study_checks("max_epochs", "keep_costs", start=Maybe(Instance(Network)),
               learning_rate=Rates(), keep_costs=Flag(), optimizer=Maybe(Instance(OPTIMIZERS)))
def sgd_study(seeds, X, y, learning_rate, max_epochs, tolerance, sizes=(2, 3, 1), start=None,
              classify=True, keep_costs=False, optimizer=None):
    """Stochastic gradient descent from ``Network.random(sizes, seed)`` for every seed.

    Run ``k`` shuffles with ``numpy.random.default_rng(seeds[k])``: exactly
    ``stochastic_gradient_descent(..., seed=seeds[k])``, through the same
    loop (:func:`~nnlesson.descent.descend`). ``learning_rate`` is one rate
    for every run, or a sequence of one rate per seed. With ``start`` (a
    Network), every run starts there and the seeds only shuffle. With
    ``classify``, each end point is classified; with ``keep_costs``, every
    run's cost at every epoch's end is kept. ``optimizer`` is the method of
    every run, as for :func:`~nnlesson.stochastic_gradient_descent`.

    Examples
    --------
    >>> from nnlesson import load_data
    >>> from nnlesson.study import sgd_study
    >>> X, y = load_data()
    >>> result = sgd_study(range(3), X, y, 10.0, 5, 1e-4, classify=False)
    >>> result.counts.tolist(), result.count_unit
    ([15, 15, 15], 'one-example steps')
    """
    P, sizes = _starts(seeds, X, sizes, start, classify)
    chosen = np.arange(P.shape[1])
    runs = descend(P, sizes, X, y, learning_rate, max_epochs, tolerance, chosen,
                   seeds=seeds.tolist(), keep_history=keep_costs, optimizer=optimizer)
    result = _result(seeds, runs, runs.n_example_gradients, EXAMPLE_STEPS, X, y, chosen,
                     classify)
    if not keep_costs:
        return result
    return dataclasses.replace(result, cost_history=runs.costs)


@_study_checks("maxiter", bfgs=True)
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
    P, sizes = _starts(seeds, X, sizes, None, classify)
    chosen = np.arange(P.shape[1])
    results = [train_bfgs(Network.random(sizes=sizes, seed=int(seed)), X, y, maxiter, tolerance)
               for seed in seeds]
    ends = np.array([result.network.params for result in results])
    ends_classified = classify_stack(ends, sizes, X, y, chosen) if classify else None
    return StudyResult(
        seeds, np.array([result.costs[-1] for result in results]), ends,
        np.array([result.n_function_evaluations for result in results]), COST_EVALUATIONS,
        np.array([result.reason for result in results]),
        None if ends_classified is None else tuple(ends_classified))


def _starts(seeds, X, sizes, start, classify):
    """Every run's starting weights, ``(runs, n_params)``, and their layer sizes.

    The overflow guard is checked here, on the drawn weights: random
    starting weights exist only once drawn.
    """
    if start is None:
        P = np.array([Network.random(sizes=sizes, seed=int(seed)).params for seed in seeds])
    else:
        sizes, P = start.sizes, np.tile(start.params, (len(seeds), 1))
    _checks.scale(X, P, sizes, "hessian" if classify else "gradient",
                  "X and the starting weights (start, or sizes and seeds)")
    return P, sizes


def _result(seeds, runs, counts, count_unit, X, y, chosen, classify):
    """The :class:`StudyResult` of ``runs`` (a Lockstep), each end point classified if asked."""
    ends = (tuple(classify_stack(runs.params, runs.sizes, X, y, chosen)) if classify else None)
    return StudyResult(seeds, runs.costs[-1].copy(), runs.params.copy(), counts.copy(),
                       count_unit, runs.reasons, ends)
