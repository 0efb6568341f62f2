"""Where descent ends: the Hessian, and what kind of point a run stopped at.

A stopping rule only says that the gradient got shorter than a tolerance.
That happens at the bottom of the good valley, in a local minimum, near a
saddle point, and on a plateau where the slope is merely small. To tell them
apart, :func:`~nnlesson.classify_point` refines the point with Newton steps (using the
exact :func:`~nnlesson.hessian`), looks at the curvature there, and, where the
curvature alone cannot decide, restarts descent from nearby points. See
:doc:`/convexity`.

The kinds, as the book uses them:

global minimum
    The cost is at the floor. These three examples can be fitted exactly,
    so the floor is 0 up to rounding.
local minimum
    A critical point (no slope) above the floor with no way down: no clearly
    negative curvature, and descents restarted from random points within
    ``radius`` find no lower cost.
saddle point
    A critical point with a clearly negative curvature: a way down exists.
plateau
    Flat by the tolerance, but not a minimum: the point is not at a critical
    point (continued descent lowers the cost far more than the local shape
    predicts), or the sigmoids are saturated, so the gradient and every
    curvature vanish to rounding, or descent from nearby finds a lower cost.
    A point where the Hessian vanishes in every direction is never called a
    minimum.
"""

from dataclasses import dataclass

import numpy as np

from nnlesson._checks import (Indices, Inputs, Instance, Integer, Real, Targets, activations,
                              memory, n_params, overflow, validate_params)
from nnlesson.activation import f_prime, f_second
from nnlesson.descent import descend
from nnlesson.network import Network, forward_pass, pack, trial_cost_and_gradient, unpack

GLOBAL_MINIMUM = "global minimum"
LOCAL_MINIMUM = "local minimum"
SADDLE_POINT = "saddle point"
PLATEAU = "plateau"
KINDS = (GLOBAL_MINIMUM, LOCAL_MINIMUM, SADDLE_POINT, PLATEAU)

#: Refinement stops when the gradient is this short. Rounding alone leaves
#: gradients of about 1e-17 at the critical points of the book's network.
CRITICAL_GRADIENT = 1e-10
#: A curvature (Hessian eigenvalue) within this of 0 counts as zero: a flat
#: direction. Rounding leaves about 1e-17; the curvatures that hold the
#: book's minima in place are 1e-4 and more. "Clearly negative" means
#: below minus this.
ZERO_CURVATURE = 1e-10
#: A refined cost at or below this is the floor. A cost of 1e-16 puts every
#: prediction within about 1.4e-8 of its target: rounding of the refined
#: weights, not a compromise; every other critical point of the book's
#: network lies above 1e-3.
FLOOR_COST = 1e-16
#: The point sits at the critical point refinement reaches only if the
#: cost's local quadratic model (its gradient and Hessian at the point)
#: accounts for the refinement's change of cost to within this factor.
#: Further away, refinement is really continued descent: a plateau.
MODEL_FACTOR = 10.0
#: The perturbation test: this many restarts from random points in a ball
#: of this radius around the refined point ...
PERTURBATION_RADIUS = 0.05
PERTURBATION_TRIALS = 24
#: ... each descending this many steps at this learning rate (stable: the
#: largest curvature at the book's minima is about 0.1, so rate * 0.1 < 2) ...
PERTURBATION_STEPS = 1500
PERTURBATION_RATE = 10.0
#: ... finds a lower cost if one restart goes below the point's cost by more
#: than this fraction (restarts in the same basin approach it from above,
#: to within rounding, about 1e-15).
LOWER_MARGIN = 1e-9
#: Newton refinement: at most this many steps, each at most this long ...
NEWTON_STEPS = 100
NEWTON_MAX_STEP = 1.0
#: ... and damped: along a direction of curvature c the step is
#: -slope * c / (c^2 + d^2) with this d. Directions curved well beyond d get
#: full Newton steps; nearly flat ones, where higher-order terms swamp the
#: curvature, get small steps instead of huge, wrong ones.
NEWTON_DAMPING = 1e-7


@dataclass(frozen=True)
class PerturbationTest:
    """Descents restarted near a point: did any find a lower cost?

    Attributes
    ----------
    radius : float
        The restarts were drawn uniformly from the ball of this radius
        around the point (in the flat weight vector).
    n_trials : int
        How many restarts.
    n_lower : int
        How many went below the point's cost by more than ``LOWER_MARGIN``.
    lowest_cost : float
        The lowest cost any restart reached.
    """

    radius: float
    n_trials: int
    n_lower: int
    lowest_cost: float


@dataclass(frozen=True)
class PointReport:
    """What :func:`~nnlesson.classify_point` found.

    Attributes
    ----------
    kind : str
        ``"global minimum"``, ``"local minimum"``, ``"saddle point"`` or
        ``"plateau"`` (see the module's docstring).
    why : str
        The reason for ``kind``, in a sentence fragment ("a curvature of
        -1.2e-05 is clearly negative").
    network : Network
        The refined point: where Newton steps from the given point ended.
    cost, grad_norm : float
        ``J`` and the gradient's length at the refined point.
    eigenvalues : ndarray
        The Hessian's eigenvalues at the refined point, smallest first.
    start_cost, start_grad_norm : float
        ``J`` and the gradient's length at the given point.
    distance : float
        How far refinement moved the weights (Euclidean length).
    perturbation : PerturbationTest or None
        The restarts, where the curvature alone could not decide.

    Examples
    --------
    >>> from nnlesson import Network, classify_point, load_data
    >>> X, y = load_data()
    >>> report = classify_point(Network.random(seed=0), X, y)
    >>> type(report).__name__, report.kind in ("global minimum", "plateau"), report.is_stuck
    ('PointReport', True, False)
    """

    kind: str
    why: str
    network: Network
    cost: float
    grad_norm: float
    eigenvalues: np.ndarray
    start_cost: float
    start_grad_norm: float
    distance: float
    perturbation: PerturbationTest | None = None

    @property
    def n_flat(self):
        """int: how many directions are flat (curvature zero to within ``ZERO_CURVATURE``)."""
        return int(np.sum(np.abs(self.eigenvalues) <= ZERO_CURVATURE))

    @property
    def is_stuck(self):
        """bool: a local minimum or a saddle point above the floor."""
        return self.kind in (LOCAL_MINIMUM, SADDLE_POINT)


def _hessian_floats(sizes, n_rows):
    """Floats that the Hessian of a network of ``sizes`` on ``n_rows`` examples needs.

    The matrix (weights squared), and the gradients of every example's
    output (rows times outputs times weights), twice.
    """
    return n_params(sizes) ** 2 + 2 * n_rows * sizes[2] * n_params(sizes)


def _classification_floats(runs, sizes, n_rows, n_trials):
    """Floats that classifying ``runs`` points keeps at most (see :func:`classify_stack`).

    Every point's Hessian; for the perturbation tests, the ``n_trials``
    restarts per point: their weights, their records (cost, gradient length
    and step count per step) and their activations.
    """
    restarts = runs * n_trials
    return (runs * _hessian_floats(sizes, n_rows) + activations(restarts, n_rows, sizes)
            + restarts * (n_params(sizes) + 3 * PERTURBATION_STEPS))


@validate_params(
    {"net": Instance(Network), "X": Inputs(), "y": Targets()},
    overflow("hessian"),
    memory(lambda a: _hessian_floats(a["net"].sizes, len(a["X"])),
           "the Hessian of {net} on {X.shape[0]:,} rows of X", "the size of net and the rows of X"))
def hessian(net, X, y):
    """Return the Hessian of ``J`` with respect to the flat weights, ``(n_params, n_params)``.

    Exact: second-order backpropagation, the chain rule applied twice (see
    :func:`~nnlesson.endpoints.hessians`). It agrees with central differences of the analytic
    gradient to their own accuracy (about 1e-11 here), is symmetric to
    rounding (about 1e-17), and its entries carry rounding errors of about
    1e-17 times their size, so eigenvalues near zero come out at about 1e-17 or less.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import Network, hessian, load_data
    >>> X, y = load_data()
    >>> H = hessian(Network.random(seed=0), X, y)
    >>> H.shape, bool(np.allclose(H, H.T, rtol=0, atol=1e-15))
    ((9, 9), True)
    """
    return hessians(net.params, net.sizes, X, y)


def hessians(P, sizes, X, y):
    """The Hessian of ``J`` for flat weights ``P`` of shape ``(..., n_params)``: ``(..., n_params, n_params)``.

    With ``r = y - y_hat`` and ``z3`` the output's weighted input,
    ``J = 1/2 sum r^2`` gives::

        H = sum over examples and outputs of
            (f'(z3)^2 - r f''(z3)) g g^T  -  r f'(z3) d2z3

    where ``g`` is the gradient of ``z3`` with respect to the weights (what
    backpropagation computes) and ``d2z3`` its Hessian, which is non-zero only
    within a hidden unit: ``W1``-``W1`` entries ``W2 f''(z2) x x`` and
    ``W1``-``W2`` entries ``f'(z2) x``. Inputs are not checked.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import Network, load_data
    >>> from nnlesson.endpoints import hessians
    >>> X, y = load_data()
    >>> stack = np.array([Network.random(seed=s).params for s in range(3)])
    >>> hessians(stack, (2, 3, 1), X, y).shape
    (3, 9, 9)
    """
    n_in, n_hidden, n_out = sizes
    W1, W2 = unpack(P, sizes)
    z2, a2, z3, y_hat = forward_pass(X, W1, W2)
    lead, n = P.shape[:-1], X.shape[-2]
    Xs = np.broadcast_to(X, lead + X.shape[-2:])
    r = y - y_hat
    s2, q2 = f_prime(z2), f_second(z2)
    s3, q3 = f_prime(z3), f_second(z3)
    # g[..., i, o, :]: the gradient of z3[i, o] with respect to the flat weights.
    dW1 = np.einsum("...ij,...ho,...ih->...iojh", Xs, W2, s2)
    dW2 = np.einsum("...ih,op->...iohp", a2, np.eye(n_out))
    g = pack(dW1, dW2.reshape(*lead, n, n_out, n_hidden, n_out))
    H = np.einsum("...io,...iop,...ioq->...pq", s3**2 - r * q3, g, g)
    c = r * s3  # the weight of d2z3 in H, per example and output
    # W1-W1: within unit h, entry ([j, h], [k, h]) = sum_i sum_o c W2[h,o] f''(z2[i,h]) x_ij x_ik
    w = np.einsum("...io,...ho->...ih", c, W2) * q2
    split = n_in * n_hidden
    for h in range(n_hidden):
        rows = np.arange(n_in) * n_hidden + h  # flat indices of W1[:, h]
        H[..., rows[:, None], rows] -= np.einsum("...i,...ij,...ik->...jk", w[..., h], Xs, Xs)
        # W1-W2: entry ([j, h], [h, o]) = sum_i c[i, o] f'(z2[i, h]) x_ij
        cols = split + h * n_out + np.arange(n_out)  # flat indices of W2[h, :]
        block = np.einsum("...io,...i,...ij->...jo", c, s2[..., h], Xs)
        H[..., rows[:, None], cols] -= block
        H[..., cols[:, None], rows] -= block.swapaxes(-1, -2)
    return H


@validate_params(
    {"net": Instance(Network), "X": Inputs(), "y": Targets(), "indices": Indices(),
     "radius": Real(0, above=True), "n_trials": Integer(1, 1000), "seed": Integer(0)},
    overflow("hessian", lambda a: np.abs(a["net"].params) + a["radius"],
             "X and the weights of net (give or take radius)"),
    memory(lambda a: _classification_floats(1, a["net"].sizes, len(a["X"]), a["n_trials"]),
           "classifying {net} on {X.shape[0]:,} rows of X with {n_trials:,} restarts",
           "the size of net, the rows of X and n_trials"))
def classify_point(net, X, y, indices=None, radius=PERTURBATION_RADIUS,
                   n_trials=PERTURBATION_TRIALS, seed=0):
    """Refine the point ``net`` and say what kind of point it is.

    Newton steps (with the exact :func:`hessian`) refine the point to the
    nearest critical point; its curvature, and where needed a perturbation
    test (descents restarted from ``n_trials`` random points within
    ``radius``, drawn with ``numpy.random.default_rng(seed)``), decide the
    kind: ``"global minimum"``, ``"local minimum"``, ``"saddle point"`` or
    ``"plateau"``, as defined in :mod:`nnlesson.endpoints`. With
    ``indices`` (flat weight indices, as for
    :func:`~nnlesson.gradient_descent`) only those weights move and count:
    the kind is that of the cost as a function of them alone. See
    :doc:`/convexity`.

    Returns
    -------
    PointReport

    Examples
    --------
    >>> from nnlesson import Network, classify_point, load_data, train_bfgs
    >>> X, y = load_data()
    >>> report = classify_point(train_bfgs(Network.random(seed=0), X, y).network, X, y)
    >>> report.kind, report.cost <= 1e-16
    ('global minimum', True)
    >>> saturated = Network([[20.0] * 3] * 2, [[20.0]] * 3)
    >>> classify_point(saturated, X, y).kind
    'plateau'
    """
    return classify_stack(net.params[None], net.sizes, X, y, np.array(indices), radius, n_trials,
                          seed)[0]


def classify_stack(P, sizes, X, y, chosen=None, radius=PERTURBATION_RADIUS,
                   n_trials=PERTURBATION_TRIALS, seed=0):
    """:func:`~nnlesson.classify_point` for many points at once: flat weights ``P``, ``(runs, n_params)``.

    ``chosen`` (an index array, default all) are the weights that move.
    Inputs are not checked. Returns a list of :class:`PointReport`, one per row.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import Network, load_data, train_bfgs
    >>> from nnlesson.endpoints import classify_stack
    >>> X, y = load_data()
    >>> ends = np.array([train_bfgs(Network.random(seed=s), X, y).network.params for s in (0, 2)])
    >>> [report.kind for report in classify_stack(ends, (2, 3, 1), X, y)]
    ['global minimum', 'local minimum']
    """
    if chosen is None:
        chosen = np.arange(P.shape[-1])
    J0, G0 = _slope(P, sizes, X, y, chosen)
    lam0, V0 = np.linalg.eigh(_curvature(P, sizes, X, y, chosen))
    R = _refine(P, sizes, X, y, chosen)
    J, G = _slope(R, sizes, X, y, chosen)
    lam = np.linalg.eigvalsh(_curvature(R, sizes, X, y, chosen))
    grad_norm = np.linalg.norm(G, axis=-1)
    # The quadratic model at the start: how much cost moving to its critical
    # point would change, direction by direction (flat directions excluded).
    along = np.einsum("...pk,...p->...k", V0, G0)
    curved = np.abs(lam0) > ZERO_CURVATURE
    model = 0.5 * np.sum(np.where(curved, along**2 / np.where(curved, np.abs(lam0), 1), 0), -1)
    kinds, whys, todo = [], [], []
    for k in range(len(P)):
        kind, why = _kind_from_curvature(J0[k], lam0[k], J[k], grad_norm[k], lam[k], model[k])
        kinds.append(kind)
        whys.append(why)
        if kind is None:
            todo.append(k)
    tests = _perturbation_tests(R[todo], J[todo], sizes, X, y, chosen, radius, n_trials, seed)
    perturbations = [None] * len(P)
    for k, test in zip(todo, tests):
        perturbations[k] = test
        if test.n_lower:
            kinds[k] = PLATEAU
            whys[k] = (f"{test.n_lower} of {test.n_trials} descents restarted within "
                       f"{test.radius:g} found a lower cost")
        else:
            kinds[k] = LOCAL_MINIMUM
            whys[k] = (f"no curvature is clearly negative, and none of {test.n_trials} descents "
                       f"restarted within {test.radius:g} found a lower cost")
    template = Network(*unpack(np.zeros(P.shape[-1]), sizes))
    return [
        PointReport(kind=kinds[k], why=whys[k], network=template.with_params(R[k]),
                    cost=float(J[k]), grad_norm=float(grad_norm[k]), eigenvalues=lam[k],
                    start_cost=float(J0[k]), start_grad_norm=float(np.linalg.norm(G0[k])),
                    distance=float(np.linalg.norm(R[k] - P[k])), perturbation=perturbations[k])
        for k in range(len(P))
    ]


def _kind_from_curvature(J0, lam0, J, grad_norm, lam, model):
    """The kind and its reason where gradient and curvature decide; (None, None) if not."""
    if J0 > FLOOR_COST and np.max(np.abs(lam0)) <= ZERO_CURVATURE:
        return PLATEAU, "the gradient and every curvature vanish to rounding: saturated sigmoids"
    if grad_norm > CRITICAL_GRADIENT:
        return PLATEAU, "Newton steps found no critical point nearby"
    change = abs(J0 - J)
    if change > MODEL_FACTOR * model + 1e-12 * J0:
        return PLATEAU, (f"refinement changed the cost from {J0:.3g} to {J:.3g}, far more "
                         f"than the local shape predicts ({model:.1e})")
    if J <= FLOOR_COST:
        return GLOBAL_MINIMUM, f"the refined cost {J:.1e} is at the floor"
    if np.max(np.abs(lam)) <= ZERO_CURVATURE:
        return PLATEAU, "the gradient and every curvature vanish to rounding: saturated sigmoids"
    if lam[0] < -ZERO_CURVATURE:
        return SADDLE_POINT, f"a curvature of {lam[0]:.1e} is clearly negative"
    return None, None


def _slope(P, sizes, X, y, chosen):
    """``(J, gradient over the chosen weights)``, quietly."""
    J, G = trial_cost_and_gradient(P, sizes, X, y)
    return J, G[..., chosen]


def _curvature(P, sizes, X, y, chosen):
    """The Hessian over the chosen weights."""
    return hessians(P, sizes, X, y)[..., chosen[:, None], chosen]


def _refine(P, sizes, X, y, chosen):
    """Newton steps from every row of ``P`` towards the nearest critical point.

    Each step is a damped Newton step (see ``NEWTON_DAMPING``), at most
    ``NEWTON_MAX_STEP`` long, halved until the gradient gets shorter: the
    search is for a critical point of any kind, not for lower cost.
    """
    R = P.copy()
    _, G = _slope(R, sizes, X, y, chosen)
    norms = np.linalg.norm(G, axis=-1)
    for _ in range(NEWTON_STEPS):
        active = np.flatnonzero(norms > CRITICAL_GRADIENT * 1e-3)
        if active.size == 0:
            break
        lam, V = np.linalg.eigh(_curvature(R[active], sizes, X, y, chosen))
        along = np.einsum("...pk,...p->...k", V, G[active])
        step = -np.einsum("...pk,...k->...p", V, along * lam / (lam**2 + NEWTON_DAMPING**2))
        length = np.linalg.norm(step, axis=-1, keepdims=True)
        step *= np.minimum(1, NEWTON_MAX_STEP / np.maximum(length, 1e-300))
        moved = np.zeros(active.size, dtype=bool)
        for _ in range(30):  # halve the step where the gradient did not shrink
            todo = ~moved
            trial = R[active[todo]].copy()
            trial[:, chosen] += step[todo]
            _, G_trial = _slope(trial, sizes, X, y, chosen)
            better = np.linalg.norm(G_trial, axis=-1) < norms[active[todo]]
            better &= np.all(np.isfinite(G_trial), axis=-1)
            rows = active[todo][better]
            R[rows], G[rows] = trial[better], G_trial[better]
            norms[rows] = np.linalg.norm(G_trial[better], axis=-1)
            moved[np.flatnonzero(todo)[better]] = True
            if moved.all():
                break
            step[~moved] *= 0.5
        if not moved.any():
            break
    return R


def _perturbation_tests(R, J, sizes, X, y, chosen, radius, n_trials, seed):
    """Restart descent near each row of ``R``; return a :class:`PerturbationTest` for each."""
    if len(R) == 0:
        return []
    rng = np.random.default_rng(seed)
    dimension = len(chosen)
    direction = rng.standard_normal((len(R), n_trials, dimension))
    direction /= np.linalg.norm(direction, axis=-1, keepdims=True)
    length = radius * rng.random((len(R), n_trials, 1)) ** (1 / dimension)  # uniform in the ball
    Q = np.repeat(R, n_trials, axis=0)
    Q[:, chosen] += (length * direction).reshape(-1, dimension)
    # PERTURBATION_STEPS evaluations of the cost along each restart, with no
    # early stop; a restart that leaves the floating-point range just stops.
    runs = descend(Q, sizes, X, y, PERTURBATION_RATE, PERTURBATION_STEPS - 1, 0.0, chosen)
    lowest = np.nanmin(runs.costs, axis=0)
    lowest = lowest.reshape(len(R), n_trials)
    lower = lowest < J[:, None] * (1 - LOWER_MARGIN)
    return [PerturbationTest(radius=float(radius), n_trials=n_trials, n_lower=int(lower[k].sum()),
                             lowest_cost=float(lowest[k].min())) for k in range(len(R))]
