"""Argument checks shared by the public functions.

Every public function validates its input here, at the boundary, so the
numerical code behind it can assume clean float arrays. Each error names the
argument and shows the bad value or shape.
"""

import math
import numbers

import numpy as np


def _short(value):
    """Return a one-line ``repr`` of ``value``, cut to a readable length."""
    text = repr(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def as_float_array(value, name, ndim=None):
    """Return ``value`` as a new finite float array, or raise.

    Parameters
    ----------
    value : array_like
        The caller's input. It is copied, never changed.
    name : str
        The argument's name, used in error messages.
    ndim : int, optional
        The number of dimensions the array must have.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got {_short(value)}")
    try:
        array = np.array(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numeric, got {_short(value)}") from error
    if ndim is not None and array.ndim != ndim:
        raise ValueError(
            f"{name} must have {ndim} dimension(s), got shape {array.shape}"
        )
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold only finite numbers, got {_short(value)}")
    return array


def positive_number(value, name):
    """Return ``value`` as a finite float above zero, or raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_short(value)}")
    value = float(value)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a finite number above 0, got {value!r}")
    return value


def non_negative_number(value, name):
    """Return ``value`` as a finite float at or above zero, or raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_short(value)}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value!r}")
    return value


def count(value, name, minimum=1):
    """Return ``value`` as an int of at least ``minimum``, or raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_short(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    return int(value)


def weight_indices(indices, n_params, name="indices"):
    """Return flat weight indices as a tuple of ints, or raise.

    ``None`` means every weight. Indices must be in ``range(n_params)`` and
    must not repeat.
    """
    if indices is None:
        return tuple(range(n_params))
    if isinstance(indices, numbers.Integral) and not isinstance(indices, bool):
        indices = (indices,)
    try:
        items = list(indices)
    except TypeError as error:
        raise TypeError(
            f"{name} must be a sequence of integers, got {_short(indices)}"
        ) from error
    if not items:
        raise ValueError(f"{name} must not be empty, got {_short(indices)}")
    for item in items:
        if isinstance(item, bool) or not isinstance(item, numbers.Integral):
            raise TypeError(f"{name} must hold integers, got {_short(indices)}")
        if not 0 <= item < n_params:
            raise ValueError(
                f"{name} must lie in 0..{n_params - 1} "
                f"(the network has {n_params} weights), got {_short(indices)}"
            )
    if len(set(items)) != len(items):
        raise ValueError(f"{name} must not repeat a weight, got {_short(indices)}")
    return tuple(int(item) for item in items)
