"""Training all weights at once with BFGS, as Part 6 of the series does.

BFGS is a quasi-Newton method: it follows the gradient, but also learns the
cost's curvature from the gradients it has seen, so it takes longer, better
aimed steps than plain gradient descent. SciPy does the work.
"""

from dataclasses import dataclass

import numpy as np

from nnlesson._checks import count
from nnlesson.network import Network, _flat_cost_and_gradient


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
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> result = train_bfgs(net, X, y)
    >>> result.costs[-1] < 0.01 * result.costs[0]
    np.True_
    >>> result.n_function_evaluations >= result.n_iterations
    True
    """
    from scipy.optimize import minimize  # here: importing SciPy's optimizers is slow

    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    X, y = net._check_data(X, y)
    maxiter = count(maxiter, "maxiter")

    def cost_and_gradient(params):  # params from SciPy: a clean float vector
        return _flat_cost_and_gradient(params, net.W1.shape, net.W2.shape, X, y)

    costs = [net.cost(X, y)]

    def record(intermediate_result):
        costs.append(float(intermediate_result.fun))

    found = minimize(
        cost_and_gradient,
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
