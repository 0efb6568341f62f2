"""The sigmoid activation f(z) and its derivative f'(z).

Both are elementwise and stable for any finite z: no overflow warning and no
NaN, even at z = +-1000.
"""

from scipy.special import expit

from nnlesson._checks import as_float_array


def sigmoid(z):
    """Return f(z) = 1 / (1 + e^-z), elementwise.

    Parameters
    ----------
    z : array_like or float
        Finite numbers.

    Returns
    -------
    ndarray or float
        Values in [0, 1], the same shape as ``z``; a Python float for a
        scalar ``z``.

    Examples
    --------
    >>> sigmoid(0.0)
    0.5
    >>> sigmoid([-1000.0, 0.0, 1000.0])
    array([0. , 0.5, 1. ])
    """
    array = as_float_array(z, "z")
    out = _sigmoid(array)
    return float(out) if out.ndim == 0 else out


def sigmoid_prime(z):
    """Return f'(z) = e^-z / (1 + e^-z)^2 = f(z) (1 - f(z)), elementwise.

    Computed as f(z) f(-z), which equals f(z) (1 - f(z)) but keeps full
    precision for large z, and never overflows.

    Parameters
    ----------
    z : array_like or float
        Finite numbers.

    Returns
    -------
    ndarray or float
        Values in [0, 0.25], the same shape as ``z``.

    Examples
    --------
    >>> sigmoid_prime(0.0)
    0.25
    >>> sigmoid_prime([-1000.0, 1000.0])
    array([0., 0.])
    """
    array = as_float_array(z, "z")
    out = _sigmoid_prime(array)
    return float(out) if out.ndim == 0 else out


# Unchecked versions for the package's own hot loops; inputs are clean arrays.
# SciPy's expit is 1 / (1 + e^-z), computed without overflow.
_sigmoid = expit


def _sigmoid_prime(z):
    return expit(z) * expit(-z)  # = f(z) (1 - f(z)) without cancellation
