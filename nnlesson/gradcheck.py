"""Checking a gradient against a numerical estimate (central differences)."""

import numpy as np

from nnlesson import _checks


def numerical_gradient(f, x, eps=1e-4):
    """Estimate the gradient of a scalar function ``f`` at ``x``.

    Each component is the central difference
    ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``: "look left and right".
    See :doc:`/downhill`.

    Parameters
    ----------
    f : callable
        Takes a flat float vector, returns a real number.
    x : array_like of shape (n,)
        The point; it is not changed.
    eps : float, default 1e-4
        Half the distance between the two points looked at.

    Returns
    -------
    ndarray of shape (n,)

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson import numerical_gradient
    >>> np.round(numerical_gradient(lambda v: float(np.sum(v ** 2)), [1.0, -2.0]), 6)
    array([ 2., -4.])
    """
    f = _checks.function(f, "f")
    x = _checks.float_array(x, "x", ndim=1)
    eps = _checks.positive(eps, "eps")
    gradient = np.empty_like(x)
    for i in range(x.size):
        step = np.zeros_like(x)
        step[i] = eps
        gradient[i] = (_value(f, x + step) - _value(f, x - step)) / (2 * eps)
    return gradient


def _value(f, x):
    value = float(f(x))
    if not np.isfinite(value):
        raise ValueError(f"f must return finite values, got {value!r} at x = {x!r}")
    return value


def relative_error(a, b):
    """Return ``norm(a - b) / norm(a + b)`` as a float.

    The size of the disagreement between two gradients, relative to their
    size; ``norm`` is the Euclidean length, the square root of the sum of
    squares. The book's check passes below about 1e-8.

    Examples
    --------
    >>> from nnlesson import relative_error
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> round(relative_error([1.0, 0.0], [1.1, 0.0]), 4)
    0.0476
    """
    a = _checks.float_array(a, "a")
    b = _checks.float_array(b, "b")
    if a.shape != b.shape:
        raise ValueError(f"a and b must have the same shape, got {a.shape} and {b.shape}")
    total = float(np.linalg.norm(a + b))
    if total == 0.0:
        raise ValueError("norm(a + b) is zero, so the relative error is undefined")
    return float(np.linalg.norm(a - b)) / total
