"""Brute-force search: the cost on a grid of weights, and what it would cost.

:func:`cost_grid` evaluates ``J`` at every combination of a few weights.
``method="loop"`` does it one network at a time, like the source notebook;
``method="vectorized"`` evaluates thousands of networks per NumPy call. Both
use the equations of :mod:`nnlesson.network`, and agree to rounding error.
:func:`brute_force_seconds` does the curse-of-dimensionality arithmetic.
"""

import itertools
import math
from fractions import Fraction

import numpy as np

from nnlesson import _checks
from nnlesson._checks import (MAX_FLOATS, Array, Indices, Inputs, Instance, Integer, Options,
                              Real, Targets, memory, n_params, overflow, validate_params)
from nnlesson.network import Network, cost, forward_pass, layer, unpack

#: Refuse grids larger than this: 3 x 10^7 evaluations take about 1.5 s
#: vectorized and would take days one at a time.
MAX_GRID_EVALUATIONS = 3 * 10**7
#: Refuse ``method="loop"`` grids larger than this: about 3 s one network
#: at a time on a laptop (10 microseconds each).
MAX_LOOP_EVALUATIONS = 3 * 10**5
METHODS = ("loop", "vectorized")


def evaluations(n_values, n_indices, method, repeats=1):
    """Return the networks a grid of ``n_values ** n_indices`` evaluates (times ``repeats``).

    A ValueError says so if they are more than the method's limit
    (``MAX_LOOP_EVALUATIONS`` or ``MAX_GRID_EVALUATIONS``); the count is
    estimated by its logarithm first, so a grid of 10^1000 is not counted.

    Examples
    --------
    >>> from nnlesson.bruteforce import evaluations
    >>> evaluations(1000, 2, "vectorized")
    1000000
    """
    limit = MAX_LOOP_EVALUATIONS if method == "loop" else MAX_GRID_EVALUATIONS
    runs = f" ({repeats} repeats)" if repeats > 1 else ""
    log10_total = n_indices * math.log10(n_values) + math.log10(repeats)
    total = n_values**n_indices * repeats if log10_total < 300 else None  # exact, if not huge
    if total is None or total > limit:
        raise ValueError(
            f"a grid of {n_values} values over {n_indices} weights{runs} needs "
            f"{f'{total:.3g}' if total else f'about 10^{log10_total:.0f}'} evaluations, more "
            f"than the limit of {limit:.0e} for method={method!r}: use fewer values or indices")
    return total


def _block_floats(sizes, n_rows):
    """Floats that one network of a grid's block needs: its activations and weights."""
    return n_rows * (sizes[1] + sizes[2]) + n_params(sizes)


def grid_floats(n_values, n_indices, sizes, n_rows):
    """Return the floats a grid needs at least: its costs, and a block of one network.

    For ``n_values ** n_indices`` networks of ``sizes`` on ``n_rows``
    examples. The vectorized grid then takes as many networks per block as
    the memory budget leaves room for.

    Examples
    --------
    >>> from nnlesson.bruteforce import grid_floats
    >>> grid_floats(1000, 2, (2, 3, 1), 3)  # a million costs, 12 activations and 9 weights
    1000021
    """
    return n_values**n_indices + _block_floats(sizes, n_rows)


@validate_params(
    {"net": Instance(Network), "X": Inputs(), "y": Targets(), "values": Array(ndim=1),
     "indices": Indices(), "method": Options(METHODS), "chunk_size": Integer(1)},
    lambda a: evaluations(a["values"].size, len(a["indices"]), a["method"]),
    overflow("cost", lambda a: np.r_[a["net"].params, a["values"]],
             "X, values and the weights of net"),
    memory(lambda a: grid_floats(a["values"].size, len(a["indices"]), a["net"].sizes,
                                 len(a["X"])),
           "a grid of {values.size} values over {indices} for {net}",
           "values, indices, the size of net and the rows of X"))
def cost_grid(net, X, y, values, indices=(0,), method="vectorized", chunk_size=32768):
    """Return ``J`` for every combination of the weights ``indices`` set to ``values``.

    Weights not in ``indices`` keep their values from ``net``; ``net`` itself
    is not changed. See :doc:`/brute-force`.

    Parameters
    ----------
    net : Network
    X, y : array_like
        Inputs ``(n, n_in)`` and targets ``(n, n_out)``.
    values : array_like of shape (m,)
        The values each chosen weight takes.
    indices : sequence of int, default (0,)
        Flat weight indices, as in :attr:`Network.params`.
    method : {"vectorized", "loop"}
        ``"loop"`` evaluates one network at a time (the slow baseline, at
        most ``MAX_LOOP_EVALUATIONS``); ``"vectorized"`` evaluates up to
        ``chunk_size`` networks per NumPy call (at most
        ``MAX_GRID_EVALUATIONS``).
    chunk_size : int, default 32768
        At most this many networks per block for ``"vectorized"``; bounds
        the memory used. Fewer are used where a block of a large network
        would exceed the memory budget (``MAX_FLOATS`` in
        ``nnlesson._checks``).

    Returns
    -------
    ndarray of shape ``(m,) * len(indices)``
        ``out[i, j]`` is ``J`` with weight ``indices[0]`` at ``values[i]`` and
        weight ``indices[1]`` at ``values[j]``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import Network, cost_grid, load_data
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> grid = cost_grid(net, X, y, np.linspace(-5, 5, 11), indices=(0, 1))
    >>> grid.shape
    (11, 11)
    >>> loop = cost_grid(net, X, y, np.linspace(-5, 5, 11), (0, 1), method="loop")
    >>> bool(np.allclose(grid, loop, rtol=0, atol=1e-12))
    True
    """
    shape = (values.size,) * len(indices)
    total = math.prod(shape)
    if method == "loop":
        costs = _grid_loop(net, X, y, values, indices, total)
    else:  # as many networks per block as the memory budget leaves room for
        room = (MAX_FLOATS - total) // _block_floats(net.sizes, X.shape[0])
        costs = _grid_vectorized(net, X, y, values, indices, min(chunk_size, room))
    return costs.reshape(shape)


def _grid_loop(net, X, y, values, indices, total):
    """One network at a time, as the source does: the honest slow baseline."""
    params = net.params  # a fresh copy; net is untouched
    W1, W2 = unpack(params, net.sizes)  # views: writing to params changes them
    costs = np.empty(total)
    for k, combo in enumerate(itertools.product(values.tolist(), repeat=len(indices))):
        for index, value in zip(indices, combo):
            params[index] = value
        costs[k] = cost(y, forward_pass(X, W1, W2)[-1])
    return costs


def _grid_vectorized(net, X, y, values, indices, chunk_size):
    """Many networks per NumPy call, by broadcasting over the grid's axes.

    The grid is a Cartesian product: grid weight ``k`` varies along axis
    ``k`` only. A hidden unit's activation depends only on the grid weights
    that feed it (its column of ``W1``), so :func:`~nnlesson.network.layer`
    computes each unit on just those axes: a unit fed by one grid weight
    costs ``len(values)`` sigmoids, not one per network. The units are then
    broadcast to every network of the block, and the output layer and the
    cost follow as for any stack of networks. The grid is walked in blocks
    of at most ``chunk_size`` networks to bound memory.

    Each example is its own one-row data set on a leading axis, and ``J``
    is the sum of the examples' costs (equation 5 is a sum over examples).
    That keeps the long grid axes innermost, where NumPy is fastest.
    """
    n_hidden, n_grid = net.sizes[1], len(indices)
    axis_of = {index: axis for axis, index in enumerate(indices)}
    base = net.params
    W1_index, W2_index = unpack(np.arange(net.n_params), net.sizes)  # each weight's flat index
    n = X.shape[0]
    X_each = X.reshape(n, *[1] * n_grid, 1, X.shape[1])  # example, grid axes, one row
    y_each = y.reshape(n, *[1] * n_grid, 1, y.shape[1])
    costs = np.empty((values.size,) * n_grid)
    for block in _blocks(values.size, n_grid, chunk_size):
        parts = [values[part] for part in block]  # each grid weight's values in this block

        def weight(index):
            """Weight ``index`` over the block: varying along its own grid axis, if any."""
            shape = [1] * n_grid
            if index not in axis_of:
                return np.full(shape, base[index])
            shape[axis_of[index]] = -1
            return parts[axis_of[index]].reshape(shape)

        a2 = np.empty((n, *map(len, parts), 1, n_hidden))
        for h in range(n_hidden):
            column = _matrix([weight(i) for i in W1_index[:, h]], (W1_index.shape[0], 1))
            a2[..., h:h + 1] = layer(X_each, column)[1]  # (1), (2) for hidden unit h alone
        W2 = _matrix([weight(i) for i in W2_index.ravel()], W2_index.shape)
        y_hat = layer(a2, W2)[1]  # (3), (4)
        costs[block] = cost(y_each, y_hat).sum(axis=0)  # (5), summed over the examples
    return costs.ravel()


def _matrix(entries, shape):
    """Arrange broadcastable ``entries`` (row by row) into matrices of ``shape``.

    Returns a stack ``(*axes, *shape)`` over the grid axes the entries vary
    along, or a single matrix of ``shape`` if none varies.
    """
    entries = np.broadcast_arrays(*entries)
    axes = entries[0].shape
    stacked = np.stack(entries, axis=-1).reshape(*axes, *shape)
    return stacked.reshape(shape) if math.prod(axes) == 1 else stacked


def _blocks(m, k, chunk_size):
    """Yield index tuples that split an ``(m,) * k`` grid into C-order blocks.

    Trailing axes are taken whole while they fit in ``chunk_size`` points;
    the axis before them is cut into runs of rows; leading axes go one index
    at a time.
    """
    whole = 0
    while whole < k and m ** (whole + 1) <= chunk_size:
        whole += 1
    if whole == k:
        yield (slice(None),) * k
        return
    rows = max(1, chunk_size // m**whole)
    for prefix in itertools.product(range(m), repeat=k - whole - 1):
        for start in range(0, m, rows):
            yield (
                tuple(slice(i, i + 1) for i in prefix)
                + (slice(start, min(start + rows, m)),)
                + (slice(None),) * whole
            )


@validate_params({"n_weights": Integer(1, MAX_FLOATS), "points_per_weight": Integer(1),
                  "seconds_per_evaluation": Real(0)})
def brute_force_seconds(n_weights, points_per_weight, seconds_per_evaluation):
    """Return the seconds a full grid search over ``n_weights`` weights would take.

    That is ``points_per_weight ** n_weights * seconds_per_evaluation``: the
    curse of dimensionality. See :doc:`/brute-force`. A result too large for
    a float (above about 1.8e308 seconds) raises a ValueError.

    Examples
    --------
    >>> from nnlesson import brute_force_seconds
    >>> brute_force_seconds(2, 1000, 1e-5)
    10.0
    >>> f"{brute_force_seconds(9, 1000, 1e-5):.1e}"
    '1.0e+22'
    """
    seconds = seconds_per_evaluation  # a Python float, at least 0
    if seconds == 0 or points_per_weight == 1:
        return seconds
    log10_total = n_weights * math.log10(points_per_weight) + math.log10(seconds)
    too_large = (f"the time is too large to be a float: points_per_weight ** n_weights * "
                 f"seconds_per_evaluation = {_checks._short(points_per_weight)} ** {n_weights} * "
                 f"{seconds!r}, about 10^{log10_total:.0f} seconds")
    if log10_total >= math.log10(np.finfo(float).max):
        raise ValueError(too_large)
    try:
        total = float(points_per_weight) ** n_weights * seconds
    except OverflowError:  # the grid alone is too large for a float, the time is not
        total = float(points_per_weight**n_weights * Fraction(seconds))
    return _checks.finite_result(total, too_large)
