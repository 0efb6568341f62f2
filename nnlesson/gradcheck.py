"""Checking a gradient against a numerical estimate (central differences)."""

import numpy as np

from nnlesson import _checks
from nnlesson._checks import Array, Function, Real, relation, validate_params

#: At most this many components for a numerical gradient: each needs two
#: calls of the function.
MAX_GRADIENT_SIZE = 10_000


def _eps_fits_x(a):
    """Refuse an ``eps`` too large for ``x`` (``x +- eps`` or ``2 * eps`` overflows) or too small
    (``x +- eps`` rounds back to ``x``)."""
    x, eps = a["x"], a["eps"]
    with np.errstate(over="ignore"):
        up, down = x + eps, x - eps
    sizes = f"got eps = {eps!r} and x up to {float(np.max(np.abs(x))):.3g}"
    if not (np.all(np.isfinite(up)) and np.all(np.isfinite(down)) and np.isfinite(2 * eps)):
        raise ValueError(f"eps is too large for x: x + eps, x - eps or 2 * eps overflows a "
                         f"float, {sizes}")
    if np.any(up == x) or np.any(down == x):
        raise ValueError(f"eps is too small for x: x + eps or x - eps rounds back to x, {sizes}")


@validate_params(
    {"f": Function(), "x": Array(ndim=1, max_size=MAX_GRADIENT_SIZE), "eps": Real(0, above=True)},
    _eps_fits_x)
def numerical_gradient(f, x, eps=1e-4):
    """Estimate the gradient of a scalar function ``f`` at ``x``.

    Each component is the central difference
    ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``: "look left and right".
    See :doc:`/slope`.

    Parameters
    ----------
    f : callable
        Takes a flat float vector, returns a single real number (a float,
        an int, or a 0-d array of one), finite at every point looked at.
    x : array_like of shape (n,)
        The point; it is not changed. At most ``MAX_GRADIENT_SIZE``
        (10,000) components, since each needs two calls of ``f``.
    eps : float, default 1e-4
        Half the distance between the two points looked at: ``x +- eps``
        must be finite and differ from ``x`` in every component.

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
    gradient = np.empty_like(x)
    with np.errstate(over="ignore"):  # a slope too steep for a float is reported below
        for i in range(x.size):
            step = np.zeros_like(x)
            step[i] = eps
            gradient[i] = (_value(f, x + step) - _value(f, x - step)) / (2 * eps)
    return _checks.finite_result(
        gradient, f"the slope of f is too steep to be a float: f changes by more than "
                  f"{np.finfo(float).max:.3g} times 2 * eps = {2 * eps!r} between x - eps "
                  f"and x + eps")


def _value(f, x):
    return _checks.returned_real(f(x), "f", x)


@validate_params(
    {"a": Array(), "b": Array()},
    relation(lambda a: a["a"].shape == a["b"].shape,
             lambda a: f"a and b must have the same shape, got {a['a'].shape} and {a['b'].shape}"),
    relation(lambda a: np.any(a["a"] != -a["b"]),  # a + b == 0 exactly where a == -b
             lambda a: "norm(a + b) is zero (b is -a), so the relative error is undefined, "
                       f"got a = {_checks._short(a['a'])} and b = {_checks._short(a['b'])}"))
def relative_error(a, b):
    """Return ``norm(a - b) / norm(a + b)`` as a float.

    The size of the disagreement between two gradients, relative to their
    size; ``norm`` is the Euclidean length, the square root of the sum of
    squares. The book's check passes below about 1e-8. Both are first
    scaled by the same power of two, which brings their largest entry near
    1: exact, and it keeps the squares from overflowing or underflowing, so
    ``relative_error([1e200], [2e200])`` is 1/3. A true zero ``a + b``, or a
    ratio too large for a float, is a ValueError.

    Examples
    --------
    >>> from nnlesson import relative_error
    >>> relative_error([1.0, 2.0], [1.0, 2.0])
    0.0
    >>> round(relative_error([1.0, 0.0], [1.1, 0.0]), 4)
    0.0476
    """
    exponent = np.frexp(max(np.max(np.abs(a)), np.max(np.abs(b))))[1]
    a, b = np.ldexp(a, -exponent), np.ldexp(b, -exponent)  # exact: a power of two
    (top, top_exponent), (bottom, bottom_exponent) = _scaled_norm(a - b), _scaled_norm(a + b)
    with np.errstate(over="ignore", divide="ignore"):  # too large: reported below
        ratio = float(np.ldexp(top / bottom, top_exponent - bottom_exponent))
    return _checks.finite_result(ratio, "the relative error of a and b is too large to be a "
                                        "float: a + b nearly cancels")


def _scaled_norm(v):
    """``(r, e)`` with ``norm(v) = r * 2**e``: scaled by a power of two, exactly, so
    that no square underflows or overflows."""
    exponent = int(np.frexp(np.max(np.abs(v)))[1])
    return np.linalg.norm(np.ldexp(v, -exponent)), exponent
