"""The sigmoid activation f(z) and its derivative f'(z).

Both work elementwise on any array and are stable for every finite z: no
overflow warning and no NaN, even at z = +-1000. The package's own code
calls the unchecked ``_sigmoid`` and ``_sigmoid_prime``; the public
functions check their argument first.
"""

from scipy.special import expit

from nnlesson import _checks


def sigmoid(z):
    """Return f(z) = 1 / (1 + e^-z), elementwise.

    Parameters
    ----------
    z : array_like or float
        Finite real numbers.

    Returns
    -------
    ndarray or float
        Values in [0, 1], the same shape as ``z``; a Python float for a
        scalar ``z``.

    Examples
    --------
    >>> from nnlesson import sigmoid
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 0.0, 1000.0])
    array([0. , 0.5, 1. ])
    """
    out = _sigmoid(_checks.float_array(z, "z"))
    return float(out) if out.ndim == 0 else out


def sigmoid_prime(z):
    """Return f'(z) = e^-z / (1 + e^-z)^2 = f(z) (1 - f(z)), elementwise.

    Computed as f(z) f(-z), which equals f(z) (1 - f(z)) but keeps full
    precision for large z, and never overflows.

    Parameters
    ----------
    z : array_like or float
        Finite real numbers.

    Returns
    -------
    ndarray or float
        Values in [0, 0.25], the same shape as ``z``.

    Examples
    --------
    >>> from nnlesson import sigmoid_prime
    >>> sigmoid_prime(0.0)
    0.25
    >>> sigmoid_prime([-1000.0, 1000.0])
    array([0., 0.])
    """
    out = _sigmoid_prime(_checks.float_array(z, "z"))
    return float(out) if out.ndim == 0 else out


# SciPy's expit is 1 / (1 + e^-z), computed without overflow.
_sigmoid = expit


def _sigmoid_prime(z):
    return expit(z) * expit(-z)  # = f(z) (1 - f(z)), without cancellation for large z


def _sigmoid_second(z):
    """f''(z) = f'(z) (1 - 2 f(z)) = f(z) f(-z) (f(-z) - f(z)), for the Hessian."""
    a, b = expit(z), expit(-z)
    return a * b * (b - a)
