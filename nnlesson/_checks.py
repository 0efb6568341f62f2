"""Every argument check of the package, in one place.

Public functions call these at their boundary, so the numerical code behind
them reads as the algorithm and can assume clean float arrays. Each error is
a TypeError (wrong kind of value) or a ValueError (right kind, bad value)
that names the argument and shows the bad value or shape.

The rules, the same everywhere:

- Numbers are real: Python or NumPy ints and floats (and fractions).
  Booleans are refused wherever a number is expected (``True`` is not a
  learning rate), and so are strings (even ``"1.5"``), complex numbers,
  0-d arrays and ``None``. Flags (``unicode``, ``normalize``, ``classify``)
  take only ``True`` or ``False``, never ``1`` or ``"no"``.
- Counts, indices and seeds are integers, never floats (a float seed could
  round one seed into another); seeds are at least 0.
- Arrays hold real numbers: a list of strings (even numeric ones), a boolean
  or complex array, or a masked array is refused rather than converted.
- Everything is finite: a number too large for a float (a huge Python int,
  a long double) is refused with the argument's name, not left to raise a
  bare OverflowError or to become ``inf``.
- Nothing can overflow inside the network: a call is refused when the sizes
  of ``X`` and of the weights could make a weighted input, a gradient or a
  Hessian entry larger than ``MAX_MAGNITUDE`` (see :func:`scale`). Targets
  ``y`` lie in [0, 1], the only values a sigmoid output can reach.
- A result that would not fit in a float is a ValueError that names the
  arguments (see :func:`finite_result`), never ``inf`` or ``nan``.
- Sizes, step counts and grids are bounded before anything is allocated, by
  the memory and time budget below, with an error that says how much would
  be needed. The time budget is counted a priori in multiply-adds of the
  network's equations (``MAX_WORK``): about 25 nanoseconds each on a laptop
  for stacks of small networks, so no accepted call runs for more than
  several seconds.
"""

import collections.abc
import math
import numbers

import numpy as np

#: At most this many weights in one network: 10 million float64 weights
#: take 80 MB, and a training step needs a few copies of them.
MAX_PARAMS = 10_000_000
#: At most this many floats in one array of a computation: a stack's weights
#: (networks times weights), its activations (networks times examples times
#: units), a Hessian (weights squared), or one block of a grid: 80 MB.
MAX_STACK_FLOATS = 10_000_000
#: At most this many steps in one descent run (for stochastic descent,
#: epochs times examples), or half as many BFGS iterations in one call: each
#: costs tens of microseconds of bookkeeping, so this alone is a few seconds.
MAX_STEPS = 1_000_000
#: At most this many runs in one study: setting each up takes tens of
#: microseconds.
MAX_RUNS = 20_000
#: At most this many floats in a descent trace (records times weights): 160 MB.
MAX_TRACE_FLOATS = 40_000_000
#: At most this much work in one call, counted before it starts from its
#: arguments, in multiply-adds of its equations at most (networks x steps x
#: examples x weights; weights squared or cubed for the Hessian and BFGS;
#: doubled for the studies' lockstep bookkeeping): about 5 seconds. The
#: book's studies of 200 starts use up to 90% of it.
MAX_WORK = 2_500_000_000
#: Weighted inputs, gradients and Hessian entries must stay below this bound
#: (see :func:`scale`), far enough below the largest float (1.8e308) that no
#: sum of products inside the network can overflow.
MAX_MAGNITUDE = 1e300
#: At most this many components for a numerical gradient: each needs two
#: calls of the function.
MAX_GRADIENT_SIZE = 10_000


def _short(value):
    """Return a one-line ``repr`` of ``value``, cut to a readable length."""
    if isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_)) \
            and abs(int(value)) >= 10**80:
        return f"an integer of {len(format(int(value), 'x')) * math.log10(16):.0f} digits"
    try:
        text = repr(value).replace("\n", " ")
    except ValueError:  # e.g. an int too long to convert to text
        return f"a {type(value).__name__}"
    return text if len(text) <= 80 else text[:77] + "..."


def _is_real(value):
    """True for ints and floats of Python or NumPy, False for bool and the rest."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _is_integer(value):
    """True for ints of Python or NumPy, False for bool and the rest."""
    return isinstance(value, numbers.Integral) and not isinstance(value, (bool, np.bool_))


def _is_infinite(value):
    """True for a float that is +-inf (ints and fractions never are)."""
    return isinstance(value, (float, np.floating)) and bool(np.isinf(value))


# -- single numbers -------------------------------------------------------
def _to_float(value, name):
    """``value`` as a Python float (maybe inf or nan), or a TypeError/ValueError."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a real number, got {_short(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if math.isinf(number) and not _is_infinite(value):  # a huge int, fraction or long double
        raise ValueError(f"{name} is too large to be a float, got {_short(value)}")
    return number


def real(value, name, bound=None):
    """Return ``value`` as a finite Python float, or raise.

    With ``bound``, its size must be at most ``bound`` (for a value the
    caller scales up, so that the result still fits in a float).
    """
    number = _to_float(value, name)
    if not math.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {number!r}")
    if bound is not None and abs(number) > bound:
        raise ValueError(f"{name} must be at most {bound:.3g} in size, got {number!r}")
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


def between(value, name, low, high):
    """Return ``value`` as a float in ``[low, high]``, or raise."""
    number = _to_float(value, name)
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low:g} and {high:g}, got {number!r}")
    return number


def integer(value, name, minimum=1, maximum=None, why=""):
    """Return ``value`` as a Python int in ``[minimum, maximum]``, or raise.

    Floats are refused, even whole ones: a count or a seed is never rounded.
    ``why`` explains the maximum in the error.
    """
    if not _is_integer(value):
        raise TypeError(f"{name} must be an integer, got {_short(value)}")
    value = int(value)
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {_short(value)}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be at most {maximum:,}{why}, got {_short(value)}")
    return value


def seed(value, name="seed"):
    """Return a random seed as an int >= 0, or raise."""
    return integer(value, name, minimum=0)


def seeds(values, name="seeds", maximum=MAX_RUNS):
    """Return a sequence of seeds as a 1-D int64 array, or raise.

    The seeds must be integers (never floats, which could round one seed
    into another), at least 0, below 2**63; there must be at least one and
    at most ``maximum`` (counted before they are read).
    """
    _sequence(values, name, "a sequence of integers")
    if len(values) > maximum:
        raise ValueError(f"{name} holds {len(values):,} seeds, more than the limit of "
                         f"{maximum:,} runs (MAX_RUNS), got {_short(values)}")
    items = list(values)
    if not items:
        raise ValueError(f"{name} must not be empty, got {_short(values)}")
    checked = [seed(item, f"{name}[{k}]") for k, item in enumerate(items)]
    if max(checked) >= 2**63:
        raise ValueError(f"{name} must be below 2**63, got {_short(values)}")
    return np.array(checked, dtype=np.int64)


def _sequence(values, name, what):
    """Raise unless ``values`` is an ordered sequence: a list, tuple, range or 1-D array.

    Checked without converting ``values`` (``range(10**9)`` is not read).
    """
    if isinstance(values, np.ma.MaskedArray) or (
            isinstance(values, np.ndarray) and values.ndim != 1) or not (
            isinstance(values, (np.ndarray, collections.abc.Sequence))
            and not isinstance(values, (str, bytes))):
        raise TypeError(f"{name} must be {what}, got {_short(values)}")


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
    return str(value)


def text(value, name, optional=False):
    """Return ``value`` if it is a string (or, with ``optional``, None), or raise."""
    if optional and value is None:
        return None
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string{' or None' if optional else ''}, "
                        f"got {_short(value)}")
    return str(value)


def function(value, name):
    """Return ``value`` if it can be called, or raise."""
    if not callable(value):
        raise TypeError(f"{name} must be callable, got {_short(value)}")
    return value


def returned_real(value, name, at):
    """Return what the function ``name`` returned at ``at`` as a finite float, or raise.

    It must be a single real number: a Python or NumPy int or float, or a
    0-d array of one. Text, booleans, complex numbers and arrays of more
    than one number are refused.
    """
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        value = value[()]
    if not _is_real(value):
        raise TypeError(f"{name} must return a single real number, got {_short(value)} "
                        f"at x = {_short(at)}")
    number = _to_float(value, f"the value that {name} returned")
    if not math.isfinite(number):
        raise ValueError(f"{name} must return finite values, got {number!r} at x = {_short(at)}")
    return number


def finite_result(value, message):
    """Return ``value`` if it is finite (a float or an array), or raise ValueError(message).

    For results that would not fit in a float: ``message`` names the
    arguments that made them so.
    """
    if not np.all(np.isfinite(value)):
        raise ValueError(message)
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
    if isinstance(value, (set, frozenset, dict)) or value is None:
        raise TypeError(f"{name} must be numeric: an array of real numbers, got {_short(value)}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError, OverflowError) as error:  # ragged lists, odd objects
        raise TypeError(f"{name} must be numeric: a rectangular array of real numbers, "
                        f"got {_short(value)}") from error
    kind = array.dtype.kind
    if kind == "O":
        flat = array.ravel().tolist()
        if not all(_is_real(item) for item in flat):
            raise TypeError(f"{name} must be numeric (real numbers), got {_short(value)}")
        try:
            with np.errstate(over="ignore"):
                converted = np.array(flat, dtype=float).reshape(array.shape)
        except OverflowError:
            converted = None
        if converted is None or any(math.isinf(x) and not _is_infinite(item)
                                    for x, item in zip(converted.ravel().tolist(), flat)):
            raise ValueError(f"{name} holds a number too large to be a float, "
                             f"got {_short(value)}") from None
        array = converted
    elif kind in "iuf":
        with np.errstate(over="ignore"):
            converted = array.astype(float)  # always a copy
        if kind == "f" and array.dtype.itemsize > 8 \
                and np.any(np.isinf(converted) & np.isfinite(array)):
            raise ValueError(f"{name} holds a number too large to be a float, "
                             f"got {_short(value)}")
        array = converted
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
def _n_params(sizes):
    n_in, n_hidden, n_out = sizes
    return n_hidden * (n_in + n_out)


def layer_sizes(sizes, name="sizes"):
    """Return ``(n_in, n_hidden, n_out)`` as ints, or raise.

    ``sizes`` must be an ordered sequence of three positive integers, and
    the network must have at most ``MAX_PARAMS`` weights.
    """
    _sequence(sizes, name, "a sequence of three layer sizes (n_in, n_hidden, n_out)")
    if len(sizes) != 3:
        raise ValueError(f"{name} must be three layer sizes (n_in, n_hidden, n_out), "
                         f"got {_short(sizes)}")
    n_in, n_hidden, n_out = (integer(item, f"{name}[{k}]") for k, item in enumerate(sizes))
    n_params = _n_params((n_in, n_hidden, n_out))
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
    if W1.size + W2.size > MAX_PARAMS:
        raise ValueError(f"W1 and W2 hold {W1.size + W2.size:,} weights, more than the limit "
                         f"of {MAX_PARAMS:,}, got W1 shape {W1.shape} and W2 shape {W2.shape}")
    return W1, W2


def instance(value, cls, name):
    """Return ``value`` if it is an instance of ``cls``, or raise."""
    if not isinstance(value, cls):
        raise TypeError(f"{name} must be a {cls.__name__}, got {type(value).__name__}")
    return value


def params(values, sizes, name="params"):
    """Return flat weights for a network of ``sizes`` as a float vector, or raise."""
    array = float_array(values, name, ndim=1)
    n_params = _n_params(sizes)
    if array.size != n_params:
        raise ValueError(f"{name} must hold {n_params} weights for a network of sizes "
                         f"{tuple(sizes)}, got shape {array.shape}")
    return array


def inputs(X, sizes):
    """Return ``X`` as an ``(n, n_in)`` float array for a network of ``sizes``, or raise.

    The network's activations, ``n`` rows by ``n_hidden + n_out`` units,
    must fit in ``MAX_STACK_FLOATS``.
    """
    X = float_array(X, "X", ndim=2)
    if X.shape[1] != sizes[0]:
        raise ValueError(f"X must have {sizes[0]} columns, one per input of the network "
                         f"(sizes[0], the rows of W1), got X shape {X.shape}")
    stack(1, sizes, X.shape[0])
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
        raise ValueError(f"y must have {sizes[2]} column(s), one per output of the network "
                         f"(sizes[2], the columns of W2), got y shape {y.shape}")
    if np.any((y < 0) | (y > 1)):
        raise ValueError("y must lie in [0, 1]: a sigmoid output can reach nothing else "
                         f"(scale the targets first), got {_short(y)}")
    return X, y


def scale(X, weights, sizes, need="gradient", names="X and the weights"):
    """Check that nothing inside the network can overflow for inputs ``X``.

    ``weights`` holds every weight that will be used (any shape: one
    network's, a stack's, or a grid's values); only their largest size
    ``w`` matters. With ``s`` the largest row sum of ``|X|``, ``c`` its
    largest column sum and ``m`` its largest entry, the network's own
    bounds (a sigmoid and its slopes are at most 1, targets lie in [0, 1])
    give, for ``need``:

    ``"cost"``
        weighted inputs at most ``s * w`` (layer 1) and ``n_hidden * w``
        (layer 2);
    ``"gradient"``
        also gradients at most ``c * n_out * w``;
    ``"hessian"``
        also Hessian entries at most ``c * m * max(1, n_out * w) ** 2``.

    Each must be at most ``MAX_MAGNITUDE``; otherwise a ValueError names
    ``names`` and says which bound fails. Such inputs are refused rather
    than computed: sums of products that large could overflow to ``inf``,
    and ``inf - inf`` is NaN.
    """
    n_in, n_hidden, n_out = sizes
    with np.errstate(over="ignore"):  # a bound of inf is refused below
        w = np.max(np.abs(weights))
        A = np.abs(X)
        s, c, m = A.sum(axis=1).max(), A.sum(axis=0).max(), A.max()
        bounds = [("the weighted inputs X W1", s * w), ("the weighted inputs a2 W2", n_hidden * w)]
        if need in ("gradient", "hessian"):
            bounds.append(("the gradient", c * n_out * w))
        if need == "hessian":
            bounds.append(("the Hessian", c * m * max(1.0, n_out * w) * max(1.0, n_out * w)))
    for what, bound in bounds:
        if not bound <= MAX_MAGNITUDE:
            raise ValueError(
                f"{names} are too large together: {what} could reach {bound:.3g}, beyond the "
                f"limit of {MAX_MAGNITUDE:.0e} that keeps the network's sums far from overflowing "
                f"a float (largest row sum of |X| {s:.3g}, largest |weight| {w:.3g}); "
                f"scale X down or use smaller weights")


def weight_indices(indices, n_params, name="indices"):
    """Return flat weight indices as a tuple of ints, or raise.

    ``None`` means every weight. Indices must be integers in
    ``range(n_params)``, given as one int or an ordered sequence, and must
    not repeat.
    """
    if indices is None:
        return tuple(range(n_params))
    if _is_integer(indices):
        indices = (indices,)
    _sequence(indices, name, "a sequence of integers")
    if len(indices) > n_params:
        raise ValueError(f"{name} must not repeat a weight, and the network has only "
                         f"{n_params} weights, got {len(indices):,} indices: {_short(indices)}")
    items = list(indices)
    if not items:
        raise ValueError(f"{name} must not be empty, got {_short(indices)}")
    for item in items:
        if not _is_integer(item):
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


# -- budgets ------------------------------------------------------------------
def _work(what, work, names):
    """Raise if ``work`` multiply-adds exceed ``MAX_WORK``."""
    if work > MAX_WORK:
        raise ValueError(f"{what} needs up to {work:.3g} multiply-adds, more than the limit "
                         f"of {MAX_WORK:.0e} (MAX_WORK, about 5 s): use fewer {names}")


def stack(runs, sizes, n_rows, name=None):
    """Check that ``runs`` networks of ``sizes`` on ``n_rows`` examples fit in memory.

    Their weights (runs x weights) and their activations (runs x rows x
    units) must each fit in ``MAX_STACK_FLOATS``.
    """
    n_params = _n_params(sizes)
    units = runs * n_rows * (sizes[1] + sizes[2])
    for what, count in (("weights", runs * n_params), ("activations", units)):
        if count > MAX_STACK_FLOATS:
            raise ValueError(
                f"{runs:,} network(s) of sizes {tuple(sizes)} on X of {n_rows:,} rows need "
                f"{count:,} floats for their {what}, more than the limit of "
                f"{MAX_STACK_FLOATS:,} (MAX_STACK_FLOATS): use "
                f"{f'fewer {name}, ' if name else ''}a smaller network or fewer rows of X")


def schedule(learning_rate, steps, tolerance, sizes, n_rows, steps_name="max_steps",
             runs=1, per_epoch=1, trace=True):
    """Check a descent's learning rate, step (or epoch) limit and tolerance.

    A run of ``steps`` steps (epochs of ``per_epoch`` one-example steps, for
    stochastic descent) on ``runs`` networks of ``sizes`` and ``n_rows``
    examples is bounded three ways: at most ``MAX_STEPS`` steps in all; its
    trace (one record of the weights per step or epoch), if it keeps one, at
    most ``MAX_TRACE_FLOATS``; its work at most ``MAX_WORK``: each step
    evaluates every run on the data (an epoch, twice), counted double for
    the lockstep runs of a study (``trace=False``).
    """
    learning_rate = positive(learning_rate, "learning_rate")
    tolerance = non_negative(tolerance, "tolerance")
    n_params = _n_params(sizes)
    work_per_step = runs * n_rows * n_params * (2 if per_epoch > 1 else 1) * (1 if trace else 2)
    limits = [(MAX_STEPS // per_epoch, f"MAX_STEPS = {MAX_STEPS:,} steps"),
              (MAX_WORK // work_per_step,
               f"MAX_WORK: each {'epoch' if per_epoch > 1 else 'step'} evaluates {runs:,} "
               f"network(s) of sizes {tuple(sizes)} on X of {n_rows:,} rows")]
    if trace:
        limits.append((MAX_TRACE_FLOATS // n_params,
                       f"MAX_TRACE_FLOATS: the trace keeps {n_params:,} weights per record"))
    limit, why = min(limits)
    if _is_integer(steps) and steps > max(1, limit):
        raise ValueError(f"{steps_name} must be at most {max(1, limit):,} here ({why}), "
                         f"got {_short(steps)}")
    steps = integer(steps, steps_name, minimum=1)
    return learning_rate, steps, tolerance


def kept_paths(runs, steps, sizes):
    """Check that ``runs`` traces of ``steps`` records of weights fit in ``MAX_TRACE_FLOATS``."""
    floats = runs * (steps + 1) * _n_params(sizes)
    if floats > MAX_TRACE_FLOATS:
        raise ValueError(f"keeping the paths of {runs:,} run(s) of {steps:,} steps needs "
                         f"{floats:,} floats, more than the limit of {MAX_TRACE_FLOATS:,} "
                         "(MAX_TRACE_FLOATS): use fewer seeds or fewer steps")


def iterations(maxiter, tolerance, sizes, n_rows, runs=1, name="maxiter"):
    """Check BFGS's iteration limit and gradient tolerance, for ``runs`` runs.

    BFGS keeps a matrix of weights squared floats (at most
    ``MAX_STACK_FLOATS``); each iteration costs about weights squared plus
    rows times weights multiply-adds, and about twice a descent step's
    bookkeeping, so all runs' iterations together must fit ``MAX_STEPS / 2``
    and ``MAX_WORK``.
    """
    n_params = _n_params(sizes)
    if n_params**2 > MAX_STACK_FLOATS:
        raise ValueError(f"BFGS on a network of sizes {tuple(sizes)} needs a matrix of "
                         f"{n_params**2:,} floats, more than the limit of {MAX_STACK_FLOATS:,} "
                         f"(MAX_STACK_FLOATS): use a smaller network (net, sizes)")
    maxiter = integer(maxiter, name, maximum=max(1, MAX_STEPS // 2 // runs),
                      why=f" for {runs:,} run(s) (seeds): MAX_STEPS / 2 iterations in all")
    tolerance = positive(tolerance, "tolerance")
    _work(f"{runs:,} BFGS run(s) of up to {maxiter:,} iterations ({name}) on a network of "
          f"sizes {tuple(sizes)} and X of {n_rows:,} rows",
          runs * maxiter * (n_params**2 + n_rows * n_params),
          f"seeds, {name}, weights or rows of X")
    return maxiter, tolerance


def curvature(sizes, n_rows, runs=1):
    """Check that Hessians of ``runs`` networks of ``sizes`` fit the budget.

    Each is weights squared floats, built from a tensor of rows times
    outputs times weights floats, for rows times outputs times weights
    squared multiply-adds.
    """
    n_params = _n_params(sizes)
    floats = runs * max(n_params**2, n_rows * sizes[2] * n_params)
    if floats > MAX_STACK_FLOATS:
        raise ValueError(f"the Hessian of {runs:,} network(s) of sizes {tuple(sizes)} (net) on "
                         f"X of {n_rows:,} rows needs {floats:,} floats, more than the limit of "
                         f"{MAX_STACK_FLOATS:,} (MAX_STACK_FLOATS)")
    _work(f"the Hessian of {runs:,} network(s) of sizes {tuple(sizes)} (net) on X of "
          f"{n_rows:,} rows", runs * n_rows * sizes[2] * n_params**2, "weights or rows of X")


def classification(runs, sizes, n_rows, n_trials, newton_steps, restart_steps, name="seeds"):
    """Check that classifying ``runs`` end points fits the budget.

    Each point takes up to ``newton_steps`` Newton steps, each with a
    Hessian and its eigenvalues (about weights cubed multiply-adds), and
    perhaps ``n_trials`` restarted descents of ``restart_steps`` steps.
    """
    curvature(sizes, n_rows, runs)
    n_params = _n_params(sizes)
    stack(runs * n_trials, sizes, n_rows, f"{name} or n_trials")
    per_point = newton_steps * (n_params**3 + n_rows * sizes[2] * n_params**2) \
        + n_trials * restart_steps * n_rows * n_params
    _work(f"classifying {runs:,} point(s) of a network of sizes {tuple(sizes)} (net) on X of "
          f"{n_rows:,} rows with {n_trials} restarts (n_trials) each", runs * per_point,
          f"{name}, n_trials, weights or rows of X")


def grid(n_values, n_indices, method, limit, sizes, n_rows, repeats=1, chunk_size=32768):
    """Check the size of a brute-force grid of ``n_values ** n_indices`` networks.

    At most ``limit`` evaluations (times ``repeats``), and at most
    ``MAX_WORK`` (``method="loop"``) or 10 times that (vectorized, whose
    hidden units are shared along the grid) multiply-adds. The vectorized
    grid also takes one NumPy call per hidden unit and block of
    ``chunk_size`` networks: at most ``MAX_STEPS`` of them.
    """
    runs = f" ({repeats} repeats)" if repeats > 1 else ""
    log10_total = n_indices * math.log10(n_values) + math.log10(repeats)
    total = n_values**n_indices * repeats if log10_total < 300 else None  # exact, if not huge
    if total is None or total > limit:
        raise ValueError(
            f"a grid of {n_values} values over {n_indices} weights{runs} needs "
            f"{f'{total:.3g}' if total else f'about 10^{log10_total:.0f}'} evaluations, more "
            f"than the limit of {limit:.0e} for method={method!r}: use fewer values or indices")
    work = total * n_rows * _n_params(sizes) // (1 if method == "loop" else 10)
    calls = -(-total // chunk(chunk_size, sizes, n_rows)) * sizes[1]
    if method != "loop" and calls > MAX_STEPS:
        raise ValueError(f"a grid of {n_values} values over {n_indices} weights{runs} for a "
                         f"network of sizes {tuple(sizes)} (net) on X of {n_rows:,} rows takes "
                         f"{calls:,} NumPy calls (blocks times hidden units), more than the "
                         f"limit of {MAX_STEPS:,} (MAX_STEPS): use fewer values or a smaller "
                         f"network")
    _work(f"a grid of {n_values} values over {n_indices} weights{runs} for a network of sizes "
          f"{tuple(sizes)} (net) on X of {n_rows:,} rows", work, "values, weights or rows of X")


def chunk(chunk_size, sizes, n_rows):
    """Return the networks per block of a grid: ``chunk_size``, or fewer if memory needs.

    A block holds, per network, its activations (rows x units) and weights;
    all together at most ``MAX_STACK_FLOATS``.
    """
    chunk_size = integer(chunk_size, "chunk_size")
    per_network = n_rows * (sizes[1] + sizes[2]) + _n_params(sizes)
    if per_network > MAX_STACK_FLOATS:
        raise ValueError(f"one network of sizes {tuple(sizes)} (net) on X of {n_rows:,} rows "
                         f"needs {per_network:,} floats, more than the limit of "
                         f"{MAX_STACK_FLOATS:,} (MAX_STACK_FLOATS)")
    return min(chunk_size, MAX_STACK_FLOATS // per_network)


def step_size(x, eps):
    """Check that ``x +- eps`` and ``2 * eps`` are finite and ``x +- eps`` differ from ``x``."""
    with np.errstate(over="ignore"):
        up, down = x + eps, x - eps
    if not (np.all(np.isfinite(up)) and np.all(np.isfinite(down)) and math.isfinite(2 * eps)):
        raise ValueError(f"eps is too large for x: x + eps, x - eps or 2 * eps overflows a "
                         f"float, got eps = {eps!r} and x up to {float(np.max(np.abs(x))):.3g}")
    if np.any(up == x) or np.any(down == x):
        raise ValueError(f"eps is too small for x: x + eps or x - eps rounds back to x, "
                         f"got eps = {eps!r} and x up to {float(np.max(np.abs(x))):.3g}")
