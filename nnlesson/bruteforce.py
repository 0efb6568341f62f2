"""Brute-force search: the cost on a grid of weights, and what it would cost.

:func:`cost_grid` evaluates ``J`` at every combination of a few weights.
``method="loop"`` does it one network at a time, like the source notebook;
``method="vectorized"`` evaluates thousands of networks per NumPy call. The
two agree to rounding error. :func:`brute_force_seconds` and
:func:`format_duration` do the curse-of-dimensionality arithmetic.
"""

import itertools
import math

import numpy as np

from nnlesson._checks import (
    as_float_array,
    count,
    non_negative_number,
    weight_indices,
)
from nnlesson.activation import _sigmoid
from nnlesson.network import Network, _cost

#: Refuse grids larger than this: they would not fit in memory or time.
MAX_GRID_EVALUATIONS = 10**8
METHODS = ("loop", "vectorized")


def cost_grid(net, X, y, values, indices=(0,), method="vectorized", chunk_size=65536):
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
        ``"loop"`` evaluates one network at a time (the slow baseline);
        ``"vectorized"`` evaluates ``chunk_size`` networks per NumPy call.
    chunk_size : int, default 65536
        Networks per chunk for ``"vectorized"``; bounds the memory used.

    Returns
    -------
    ndarray of shape ``(m,) * len(indices)``
        ``out[i, j]`` is ``J`` with weight ``indices[0]`` at ``values[i]`` and
        weight ``indices[1]`` at ``values[j]``.

    Examples
    --------
    >>> X, y = load_data()
    >>> net = Network.random(seed=0)
    >>> grid = cost_grid(net, X, y, np.linspace(-5, 5, 11), indices=(0, 1))
    >>> grid.shape
    (11, 11)
    >>> loop = cost_grid(net, X, y, np.linspace(-5, 5, 11), (0, 1), method="loop")
    >>> bool(np.allclose(grid, loop, rtol=0, atol=1e-12))
    True
    """
    if not isinstance(net, Network):
        raise TypeError(f"net must be a Network, got {type(net).__name__}")
    X, y = net._check_data(X, y)
    values = as_float_array(values, "values", ndim=1)
    indices = weight_indices(indices, net.n_params)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    chunk_size = count(chunk_size, "chunk_size")
    shape = (values.size,) * len(indices)
    total = math.prod(shape)
    if total > MAX_GRID_EVALUATIONS:
        raise ValueError(
            f"a grid of {values.size} values over {len(indices)} weights needs "
            f"{total:.3g} evaluations, more than the limit of {MAX_GRID_EVALUATIONS:.0e}"
        )
    if method == "loop":
        costs = _grid_loop(net, X, y, values, indices, total)
    else:
        costs = _grid_vectorized(net, X, y, values, indices, chunk_size)
    return costs.reshape(shape)


def _grid_loop(net, X, y, values, indices, total):
    """One network at a time, as the source does: the honest slow baseline."""
    split = net.W1.size
    params = net.params  # a fresh copy; net is untouched
    W1 = params[:split].reshape(net.W1.shape)  # views into params
    W2 = params[split:].reshape(net.W2.shape)
    costs = np.empty(total)
    for k, combo in enumerate(itertools.product(values.tolist(), repeat=len(indices))):
        for index, value in zip(indices, combo):
            params[index] = value
        costs[k] = _cost(W1, W2, X, y)
    return costs


def _grid_vectorized(net, X, y, values, indices, chunk_size):
    """Many networks per NumPy call, by broadcasting over the grid's axes.

    The grid is a Cartesian product: grid weight ``k`` varies along axis
    ``k`` only. Each term of equations 1 to 3 is computed on just the axes it
    depends on and broadcast to the rest, so a hidden unit fed by one grid
    weight costs ``len(values)`` sigmoids, not one per network. The grid is
    walked in blocks of at most ``chunk_size`` networks to bound memory.
    """
    W1, W2 = net.W1, net.W2
    n_hidden, n_out = W2.shape
    split = W1.size
    m, k = values.size, len(indices)
    feeds = [[] for _ in range(n_hidden)]  # unit h: (axis, row i of W1[:, h])
    outs = [[] for _ in range(n_hidden)]  # unit h: (axis, column o of W2[h])
    for axis, index in enumerate(indices):
        if index < split:
            i, h = divmod(index, n_hidden)
            feeds[h].append((axis, i))
        else:
            h, o = divmod(index - split, n_out)
            outs[h].append((axis, o))

    lead = (X.shape[0], 1) + (1,) * k  # shape of one value per example
    y_column = y.reshape(y.shape + (1,) * k)
    one_hot = np.eye(n_out).reshape(n_out, 1, n_out, *[1] * k)  # one_hot[o]: 1 at o
    costs = np.empty((m,) * k)
    for block in _blocks(m, k, chunk_size):
        # Arrays here are (n, n_out, *grid block): the examples and outputs
        # come first so that NumPy's inner loops run along the long grid axes.
        # v[axis] holds that grid weight's values in this block, shaped to
        # broadcast along its own axis.
        v = []
        for axis, part in enumerate(block):
            shape = [1, 1] + [1] * k
            shape[2 + axis] = -1
            v.append(values[part].reshape(shape))
        z3 = 0.0
        for h in range(n_hidden):
            fed_rows = [i for _, i in feeds[h]]
            kept = [i for i in range(W1.shape[0]) if i not in fed_rows]
            z2_h = (X[:, kept] @ W1[kept, h]).reshape(lead)  # (1), fixed part
            for axis, i in feeds[h]:
                z2_h = z2_h + X[:, i].reshape(lead) * v[axis]
            a2_h = _sigmoid(z2_h)  # (2)
            w2_h = W2[h].copy()
            for _, o in outs[h]:
                w2_h[o] = 0.0
            w2_h = w2_h.reshape(1, n_out, *[1] * k)
            for axis, o in outs[h]:
                w2_h = w2_h + v[axis] * one_hot[o]
            z3 = z3 + a2_h * w2_h  # (3), unit by unit
        y_hat = _sigmoid(z3)  # (4)
        error = y_column - y_hat
        costs[block] = 0.5 * np.sum(error * error, axis=(0, 1))  # (5)
    return costs.ravel()


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
    for prefix in np.ndindex(*(m,) * (k - whole - 1)):
        for start in range(0, m, rows):
            yield (
                tuple(slice(i, i + 1) for i in prefix)
                + (slice(start, min(start + rows, m)),)
                + (slice(None),) * whole
            )


def brute_force_seconds(n_weights, points_per_weight, seconds_per_evaluation):
    """Return the seconds a full grid search over ``n_weights`` weights would take.

    That is ``points_per_weight ** n_weights * seconds_per_evaluation``: the
    curse of dimensionality. See :doc:`/brute-force`.

    Examples
    --------
    >>> brute_force_seconds(2, 1000, 1e-5)
    10.0
    >>> f"{brute_force_seconds(9, 1000, 1e-5):.1e}"
    '1.0e+22'
    """
    n_weights = count(n_weights, "n_weights")
    points_per_weight = count(points_per_weight, "points_per_weight")
    seconds = non_negative_number(seconds_per_evaluation, "seconds_per_evaluation")
    return float(points_per_weight) ** n_weights * seconds


_UNITS = (
    ("year", 365.0 * 24 * 3600),
    ("day", 24.0 * 3600),
    ("hour", 3600.0),
    ("minute", 60.0),
)
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_duration(seconds, unicode=False):
    """Return a duration in words for people: "0.02 seconds", "11 hours".

    The largest unit that fits is used, with two significant digits (times
    under a hundredth of a second in milliseconds or microseconds). Very
    long times use powers of ten: "3.2e16 years", or "3.2 × 10¹⁶ years" with
    ``unicode=True``.

    Parameters
    ----------
    seconds : float
        A finite duration, at least 0.
    unicode : bool, default False
        Write powers of ten with a times sign and superscripts.

    Examples
    --------
    >>> format_duration(0.0156)
    '0.016 seconds'
    >>> format_duration(1)
    '1 second'
    >>> format_duration(5e-5)
    '50 microseconds'
    >>> format_duration(11 * 3600)
    '11 hours'
    >>> format_duration(1.5e5)
    '1.7 days'
    >>> format_duration(3.2e16 * 365 * 24 * 3600)
    '3.2e16 years'
    >>> format_duration(3.2e16 * 365 * 24 * 3600, unicode=True)
    '3.2 × 10¹⁶ years'
    """
    seconds = non_negative_number(seconds, "seconds")
    unit, size = "second", 1.0
    for name, length in _UNITS:
        if seconds >= length:
            unit, size = name, length
            break
    else:
        if 0 < seconds < 1e-3:
            unit, size = "microsecond", 1e-6
        elif 0 < seconds < 1e-2:
            unit, size = "millisecond", 1e-3
    number = _format_number(seconds / size, unicode)
    plural = "" if number == "1" else "s"
    return f"{number} {unit}{plural}"


def _format_number(value, unicode=False):
    """Two significant digits, without exponents below a million."""
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(value))
    if exponent >= 6:
        mantissa, power = f"{value:.1e}".split("e")
        power = str(int(power))
        if unicode:
            return f"{mantissa} × 10{power.translate(_SUPERSCRIPTS)}"
        return f"{mantissa}e{power}"
    rounded = float(f"{value:.2g}")
    if rounded >= 100:
        return f"{rounded:,.0f}"
    return f"{rounded:g}"
