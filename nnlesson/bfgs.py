"""Training all weights at once with BFGS, as Part 6 of the series does.

BFGS is a quasi-Newton method: it follows the gradient, but also learns the
cost's curvature from the gradients it has seen, so it takes longer, better
aimed steps than plain gradient descent. SciPy does the work; the cost and
gradient come from :func:`nnlesson.network.cost_and_gradient`.
"""

from dataclasses import dataclass

import numpy as np

from nnlesson._checks import (MAX_STEPS, Inputs, Instance, Integer, Real, Targets, activations,
                              memory, overflow, validate_params)
from nnlesson.network import Network, cost_and_gradient


#: Why a BFGS run stopped (``BFGSResult.reason``).
CONVERGED = "converged"
NO_PROGRESS = "no progress"
ITERATION_LIMIT = "iteration limit"
STOPPED = "stopped early"


@dataclass(frozen=True)
class BFGSResult:
    """What :func:`train_bfgs` did.

    Attributes
    ----------
    network : Network
        The trained network.
    costs : ndarray
        ``J`` at the start and after each iteration.
    n_iterations, n_function_evaluations, n_gradient_evaluations : int
        As SciPy counts them; each function evaluation here also computes the
        gradient.
    reason : str
        ``"converged"``: SciPy reports success after at least one iteration
        (the gradient got short: flat, which is not the same as a minimum;
        see :func:`~nnlesson.classify_point`). ``"no progress"``: the start
        was already flat by the tolerance, so BFGS never moved; SciPy calls
        that a success, this package does not. ``"iteration limit"``, or
        ``"stopped early"`` (SciPy's other failures, such as precision loss).
    message : str
        SciPy's own reason for stopping.
    scipy_success : bool
        SciPy's own verdict.

    Examples
    --------
    >>> from nnlesson import Network, load_data, train_bfgs
    >>> X, y = load_data()
    >>> result = train_bfgs(Network.random(seed=0), X, y, maxiter=5)
    >>> len(result.costs), result.n_iterations, result.reason, result.success
    (6, 5, 'iteration limit', False)
    >>> saturated = Network([[20.0] * 3] * 2, [[20.0]] * 3)
    >>> stuck = train_bfgs(saturated, X, y)
    >>> stuck.reason, stuck.scipy_success, stuck.n_iterations
    ('no progress', True, 0)
    """

    network: Network
    costs: np.ndarray
    n_iterations: int
    n_function_evaluations: int
    n_gradient_evaluations: int
    reason: str
    message: str
    scipy_success: bool

    @property
    def n_cost_evaluations(self):
        """int: :attr:`n_function_evaluations` by the name descent uses for the same count.

        Examples
        --------
        >>> from nnlesson import Network, load_data, train_bfgs
        >>> X, y = load_data()
        >>> result = train_bfgs(Network.random(seed=0), X, y, maxiter=5)
        >>> result.n_cost_evaluations == result.n_function_evaluations
        True
        """
        return self.n_function_evaluations

    @property
    def success(self):
        """bool: ``reason == "converged"``."""
        return self.reason == CONVERGED


@validate_params(
    {"net": Instance(Network), "X": Inputs(), "y": Targets(), "maxiter": Integer(1, MAX_STEPS),
     "tolerance": Real(0, above=True)},
    overflow("gradient"),
    memory(lambda a: a["net"].n_params ** 2 + a["maxiter"]
           + activations(1, len(a["X"]), a["net"].sizes),
           "BFGS's matrix for {net}", "the size of net"))
def train_bfgs(net, X, y, maxiter=200, tolerance=1e-5):
    """Train every weight of ``net`` with BFGS (``scipy.optimize.minimize``).

    Parameters
    ----------
    net : Network
        The starting network; it is not changed.
    X, y : array_like
        Inputs ``(n, n_in)`` and targets ``(n, n_out)``.
    maxiter : int, default 200
        At most this many iterations, and at most ``MAX_STEPS`` (a
        million). BFGS keeps a matrix of ``n_params ** 2`` floats, which
        must fit the memory budget (``MAX_FLOATS`` in ``nnlesson._checks``).
    tolerance : float, default 1e-5
        Stop when no component of the gradient is larger than this (SciPy's
        ``gtol``; its default).

    Returns
    -------
    BFGSResult

    Examples
    --------
    >>> from nnlesson import Network, load_data, train_bfgs
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> result = train_bfgs(net, X, y)
    >>> bool(result.costs[-1] < 0.01 * result.costs[0]), result.reason
    (True, 'converged')
    >>> result.n_function_evaluations >= result.n_iterations
    True
    """
    from scipy.optimize import minimize  # here: importing SciPy's optimizers is slow

    costs = [net.cost(X, y)]

    def record(intermediate_result):
        costs.append(float(intermediate_result.fun))

    found = minimize(
        lambda params: cost_and_gradient(params, net.sizes, X, y),
        net.params,
        jac=True,
        method="BFGS",
        callback=record,
        options={"maxiter": maxiter, "gtol": tolerance},
    )
    if found.success:
        reason = CONVERGED if found.nit > 0 else NO_PROGRESS
    else:
        reason = ITERATION_LIMIT if found.nit >= maxiter else STOPPED
    return BFGSResult(
        network=net.with_params(found.x),
        costs=np.array(costs),
        n_iterations=int(found.nit),
        n_function_evaluations=int(found.nfev),
        n_gradient_evaluations=int(found.njev),
        reason=reason,
        message=str(found.message),
        scipy_success=bool(found.success),
    )
