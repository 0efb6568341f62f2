"""The sigmoid activation f(z) and its derivative f'(z).

Both work elementwise on any array and are stable for every finite z: no
overflow warning and no NaN, even at z = +-1000. The public functions
:func:`sigmoid` and :func:`sigmoid_prime` check their argument first; the
package's own code calls the unchecked :func:`f` and :func:`f_prime`, named
as the book names them.
"""

from scipy.special import expit

from nnlesson._checks import Array, validate_params


@validate_params({"z": Array()})
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
    out = f(z)
    return float(out) if out.ndim == 0 else out


@validate_params({"z": Array()})
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
    out = f_prime(z)
    return float(out) if out.ndim == 0 else out


def f(z):
    """The sigmoid f(z) = 1 / (1 + e^-z), unchecked (SciPy's ``expit``, which never overflows).

    Examples
    --------
    >>> from nnlesson.activation import f
    >>> float(f(0.0))
    0.5
    """
    return expit(z)


def f_prime(z):
    """The sigmoid's slope f'(z) = f(z) (1 - f(z)), unchecked.

    Computed as f(z) f(-z): the same number, without the cancellation of
    1 - f(z) when f(z) is close to 1.

    Examples
    --------
    >>> from nnlesson.activation import f_prime
    >>> float(f_prime(0.0))
    0.25
    """
    return expit(z) * expit(-z)


def f_second(z):
    """f''(z) = f'(z) (1 - 2 f(z)) = f(z) f(-z) (f(-z) - f(z)), unchecked, for the Hessian.

    Examples
    --------
    >>> from nnlesson.activation import f_second
    >>> float(f_second(0.0))
    0.0
    """
    a, b = expit(z), expit(-z)
    return a * b * (b - a)
