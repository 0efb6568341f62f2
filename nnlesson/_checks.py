"""Every argument check of the package, in one place.

Public functions call these at their boundary, so the numerical code behind
them reads as the algorithm and can assume clean float arrays. Each error is
a TypeError (wrong kind of value) or a ValueError (right kind, bad value)
that names the argument and shows the bad value or shape.

The rules, the same everywhere:

- Numbers are real: Python or NumPy ints and floats. Booleans are refused
  (``True`` is not a learning rate), and so are strings (even ``"1.5"``),
  complex numbers and ``None``.
- Arrays hold real numbers: a list of strings, a boolean or complex array,
  or a masked array is refused rather than converted.
- Everything is finite: an int too large for a float is refused with the
  argument's name, not left to raise a bare OverflowError.
- Sizes are bounded before anything is allocated (see the ``MAX_*``
  constants below), with an error that says how much would be needed.
"""

import math
import numbers

import numpy as np

#: At most this many weights in one network: 10 million float64 weights
#: take 80 MB, and a training step needs a few copies of them.
MAX_PARAMS = 10_000_000
#: At most this many networks in one stack (a study, or one block of a
#: grid), times their weights: 50 million floats, 400 MB.
MAX_STACK_FLOATS = 50_000_000
#: At most this many steps in one descent run. Every step keeps its weights
#: in the trace, so this bounds the trace's memory (and the run's time).
MAX_STEPS = 1_000_000
#: At most this many floats in a descent trace (steps times weights): 800 MB.
MAX_TRACE_FLOATS = 100_000_000


def _short(value):
    """Return a one-line ``repr`` of ``value``, cut to a readable length."""
    text = repr(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def _is_real(value):
    """True for ints and floats of Python or NumPy, False for bool and the rest."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


# -- single numbers -------------------------------------------------------
def _to_float(value, name):
    """``value`` as a Python float (maybe inf or nan), or a TypeError/ValueError."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a real number, got {_short(value)}")
    try:
        return float(value)
    except OverflowError:
        raise ValueError(f"{name} is too large to be a float, got {_short(value)}") from None


def real(value, name):
    """Return ``value`` as a finite Python float, or raise."""
    number = _to_float(value, name)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}")
    return number


def positive(value, name):
    """Return ``value`` as a finite float above zero, or raise."""
    number = _to_float(value, name)
    if not (math.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be a finite number above 0, got {number!r}")
    return number


def non_negative(value, name):
    """Return ``value`` as a finite float at or above zero, or raise."""
    number = _to_float(value, name)
    if not (math.isfinite(number) and number >= 0):
        raise ValueError(f"{name} must be a finite number >= 0, got {number!r}")
    return number


def integer(value, name, minimum=1, maximum=None):
    """Return ``value`` as a Python int in ``[minimum, maximum]``, or raise.

    Floats are refused, even whole ones: a count or a seed is never rounded.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_short(value)}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}, got {value!r}")
    return value


def seed(value, name="seed"):
    """Return a random seed as an int >= 0, or raise."""
    return integer(value, name, minimum=0)


def seeds(values, name="seeds"):
    """Return a sequence of seeds as a 1-D int64 array, or raise.

    The seeds must be integers (never floats, which could round one seed
    into another), at least 0, below 2**63, and there must be at least one.
    """
    if isinstance(values, (str, bytes, set, frozenset, dict)) or np.ndim(values) != 1:
        raise TypeError(f"{name} must be a sequence of integers, got {_short(values)}")
    items = list(values)
    if not items:
        raise ValueError(f"{name} must not be empty, got {_short(values)}")
    checked = [seed(item, f"{name}[{k}]") for k, item in enumerate(items)]
    if max(checked) >= 2**63:
        raise ValueError(f"{name} must be below 2**63, got {_short(values)}")
    return np.array(checked, dtype=np.int64)


def flag(value, name):
    """Return ``value`` if it is ``True`` or ``False``, or raise."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_short(value)}")
    return bool(value)


def choice(value, name, options):
    """Return ``value`` if it is one of the strings ``options``, or raise."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {options}, got {_short(value)}")
    if value not in options:
        raise ValueError(f"{name} must be one of {options}, got {value!r}")
    return value


def function(value, name):
    """Return ``value`` if it can be called, or raise."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {_short(value)}")
    return value


# -- arrays -----------------------------------------------------------------
def float_array(value, name, ndim=None):
    """Return ``value`` as a new, finite float64 array, or raise.

    The caller's object is copied, never changed or kept.
    """
    if isinstance(value, np.ma.MaskedArray):
        raise TypeError(f"{name} must be a plain array, not a masked array: "
                        f"fill or drop the masked values first, got {_short(value)}")
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got the text {_short(value)}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged lists, odd objects
        raise TypeError(f"{name} must be numeric: a rectangular array of real numbers, "
                        f"got {_short(value)}") from error
    kind = array.dtype.kind
    if kind == "O":
        flat = array.ravel().tolist()
        if not all(_is_real(item) for item in flat):
            raise TypeError(f"{name} must be numeric (real numbers), got {_short(value)}")
        try:
            array = np.array(flat, dtype=float).reshape(array.shape)
        except OverflowError:
            raise ValueError(f"{name} holds a number too large to be a float, "
                             f"got {_short(value)}") from None
    elif kind in "iuf":
        array = array.astype(float)  # always a copy
    else:
        raise TypeError(f"{name} must be numeric (real numbers), got {array.dtype} values: "
                        f"{_short(value)}")
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension{'s' if ndim != 1 else ''}, "
                         f"got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold only finite numbers, got {_short(value)}")
    return array


# -- the network's arguments --------------------------------------------
def layer_sizes(sizes, name="sizes"):
    """Return ``(n_in, n_hidden, n_out)`` as ints, or raise.

    ``sizes`` must be an ordered sequence of three positive integers, and
    the network must have at most ``MAX_PARAMS`` weights.
    """
    if isinstance(sizes, (str, bytes, set, frozenset, dict)) or np.ndim(sizes) != 1:
        raise TypeError(f"{name} must be a sequence of three layer sizes "
                        f"(n_in, n_hidden, n_out), got {_short(sizes)}")
    items = list(sizes)
    if len(items) != 3:
        raise ValueError(f"{name} must be three layer sizes (n_in, n_hidden, n_out), "
                         f"got {_short(sizes)}")
    n_in, n_hidden, n_out = (integer(item, f"{name}[{k}]") for k, item in enumerate(items))
    n_params = n_hidden * (n_in + n_out)
    if n_params > MAX_PARAMS:
        raise ValueError(f"{name} {_short(sizes)} needs {n_params:,} weights "
                         f"({8 * n_params / 1e9:.3g} GB), more than the limit of {MAX_PARAMS:,}")
    return n_in, n_hidden, n_out


def weights(W1, W2):
    """Return ``(W1, W2)`` as finite float arrays that fit together, or raise."""
    W1 = float_array(W1, "W1", ndim=2)
    W2 = float_array(W2, "W2", ndim=2)
    if W1.shape[1] != W2.shape[0]:
        raise ValueError("W1 columns must match W2 rows (the hidden layer size), "
                         f"got W1 shape {W1.shape} and W2 shape {W2.shape}")
    return W1, W2


def instance(value, cls, name):
    """Return ``value`` if it is an instance of ``cls``, or raise."""
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be a {cls.__name__}, got {type(value).__name__}")
    return value


def params(values, sizes, name="params"):
    """Return flat weights for a network of ``sizes`` as a float vector, or raise."""
    array = float_array(values, name, ndim=1)
    n_in, n_hidden, n_out = sizes
    n_params = n_hidden * (n_in + n_out)
    if array.size != n_params:
        raise ValueError(f"{name} must hold {n_params} weights for a network of sizes "
                         f"{tuple(sizes)}, got shape {array.shape}")
    return array


def inputs(X, sizes):
    """Return ``X`` as an ``(n, n_in)`` float array for a network of ``sizes``, or raise."""
    X = float_array(X, "X", ndim=2)
    if X.shape[1] != sizes[0]:
        raise ValueError(f"X must have {sizes[0]} columns (the rows of W1), got X shape {X.shape}")
    return X


def data(X, y, sizes):
    """Return ``(X, y)`` as float arrays for a network of ``sizes``, or raise.

    ``y`` must have one row per row of ``X`` and one column per output, and
    every target must lie in [0, 1]: the output is a sigmoid, which can
    reach nothing else (and a target far outside would overflow the cost).
    """
    X = inputs(X, sizes)
    y = float_array(y, "y", ndim=2)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one row per row of X ({X.shape[0]}), got y shape {y.shape}")
    if y.shape[1] != sizes[2]:
        raise ValueError(f"y must have {sizes[2]} column(s) (the columns of W2), "
                         f"got y shape {y.shape}")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must lie in [0, 1]: a sigmoid output can reach nothing else "
                         f"(scale the targets first), got {_short(y)}")
    return X, y


def weight_indices(indices, n_params, name="indices"):
    """Return flat weight indices as a tuple of ints, or raise.

    ``None`` means every weight. Indices must be integers in
    ``range(n_params)``, given as one int or an ordered sequence, and must
    not repeat.
    """
    if indices is None:
        return tuple(range(n_params))
    if isinstance(indices, numbers.Integral) and not isinstance(indices, (bool, np.bool_)):
        indices = (indices,)
    if isinstance(indices, (str, bytes, set, frozenset, dict)) or np.ndim(indices) != 1:
        raise TypeError(f"{name} must be a sequence of integers, got {_short(indices)}")
    items = list(indices)
    if not items:
        raise ValueError(f"{name} must not be empty, got {_short(indices)}")
    for item in items:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Integral):
            raise TypeError(f"{name} must hold integers, got {_short(indices)}")
        if not 0 <= item < n_params:
            raise ValueError(f"{name} must lie in 0..{n_params - 1} "
                             f"(the network has {n_params} weights), got {_short(indices)}")
    if len(set(items)) != len(items):
        raise ValueError(f"{name} must not repeat a weight, got {_short(indices)}")
    return tuple(int(item) for item in items)


def rates(value, n, name="learning_rate"):
    """Return one learning rate per run, ``(n,)``: from one number or ``n`` of them."""
    if _is_real(value):
        return np.full(n, positive(value, name))
    array = float_array(value, name, ndim=1)
    if array.size != n:
        raise ValueError(f"{name} must be one number or one per seed ({n}), got {array.size}")
    if np.any(array <= 0):
        raise ValueError(f"{name} must hold numbers above 0, got {_short(value)}")
    return array


def schedule(learning_rate, steps, tolerance, n_params, steps_name="max_steps", steps_per_unit=1):
    """Check a descent's learning rate, step (or epoch) limit and tolerance.

    The limit is bounded so that the run's trace, ``steps * steps_per_unit``
    rows of ``n_params`` weights, fits the memory budget.
    """
    learning_rate = positive(learning_rate, "learning_rate")
    tolerance = non_negative(tolerance, "tolerance")
    limit = max(1, min(MAX_STEPS, MAX_TRACE_FLOATS // max(1, n_params)) // steps_per_unit)
    steps = integer(steps, steps_name, minimum=1, maximum=limit)
    return learning_rate, steps, tolerance
