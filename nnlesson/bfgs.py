"""Training all weights at once with BFGS, as Part 6 of the series does.

BFGS is a quasi-Newton method: it follows the gradient, but also learns the
cost's curvature from the gradients it has seen, so it takes longer, better
aimed steps than plain gradient descent. SciPy does the work; the cost and
gradient come from :func:`nnlesson.network.cost_and_gradient`.
"""

from dataclasses import dataclass

import numpy as np

from nnlesson import _checks
from nnlesson.network import Network, cost_and_gradient


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
    success : bool
        Whether SciPy reports convergence.
    message : str
        SciPy's reason for stopping.

    Examples
    --------
    >>> from nnlesson import Network, load_data, train_bfgs
    >>> X, y = load_data()
    >>> result = train_bfgs(Network.random(seed=0), X, y, maxiter=5)
    >>> len(result.costs), result.n_iterations, result.success
    (6, 5, False)
    """

    network: Network
    costs: np.ndarray
    n_iterations: int
    n_function_evaluations: int
    n_gradient_evaluations: int
    success: bool
    message: str


def train_bfgs(net, X, y, maxiter=200):
    """Train every weight of ``net`` with BFGS (``scipy.optimize.minimize``).

    Parameters
    ----------
    net : Network
        The starting network; it is not changed.
    X, y : array_like
        Inputs ``(n, n_in)`` and targets ``(n, n_out)``.
    maxiter : int, default 200
        At most this many iterations.

    Returns
    -------
    BFGSResult

    Examples
    --------
    >>> from nnlesson import Network, load_data, train_bfgs
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> result = train_bfgs(net, X, y)
    >>> bool(result.costs[-1] < 0.01 * result.costs[0])
    True
    >>> result.n_function_evaluations >= result.n_iterations
    True
    """
    from scipy.optimize import minimize  # here: importing SciPy's optimizers is slow

    net = _checks.instance(net, Network, "net")
    X, y = _checks.data(X, y, net.sizes)
    maxiter = _checks.integer(maxiter, "maxiter", maximum=_checks.MAX_STEPS)
    costs = [net.cost(X, y)]

    def record(intermediate_result):
        costs.append(float(intermediate_result.fun))

    found = minimize(
        lambda params: cost_and_gradient(params, net.sizes, X, y),
        net.params,
        jac=True,
        method="BFGS",
        callback=record,
        options={"maxiter": maxiter},
    )
    return BFGSResult(
        network=net.with_params(found.x),
        costs=np.array(costs),
        n_iterations=int(found.nit),
        n_function_evaluations=int(found.nfev),
        n_gradient_evaluations=int(found.njev),
        success=bool(found.success),
        message=str(found.message),
    )
