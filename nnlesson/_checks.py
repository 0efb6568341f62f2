"""Every argument check of the package, declared beside each public function.

A public function states what its arguments must be, as scikit-learn does:
a table of constraints, one per argument, and a list of relations between
arguments, given to :func:`validate_params`::

    @validate_params({"net": Instance(Network), "X": Inputs(), "y": Targets(),
                      "max_steps": Integer(1, MAX_STEPS), ...},
                     overflow("gradient"), memory(...))
    def gradient_descent(net, X, y, learning_rate, max_steps, tolerance, indices=None):

Before the body runs, each argument is checked against its constraint, in
the table's order, and replaced by its clean form (a new float array, a
Python float or int, a tuple); then each relation is checked. So every
refusal comes before any work, and the body reads as the algorithm. A
constraint may look at the arguments listed before it in the table: the
inputs ``X`` must fit the call's network (``self``, ``net``, ``start``, or
a network of ``sizes``), and ``y`` must fit ``X``. The table is reachable
as ``gradient_descent._parameter_constraints`` (the relations as
``_relations``); the tests make their bad input from it.

Each error is a TypeError (wrong kind of value) or a ValueError (right kind,
bad value) that names the argument and shows the bad value or shape. The
rules, the same everywhere:

- Numbers are real: Python or NumPy ints and floats (and fractions).
  Booleans are refused wherever a number is expected (``True`` is not a
  learning rate), and so are strings (even ``"1.5"``), complex numbers,
  0-d arrays and ``None``. Flags (``unicode``, ``normalize``, ``classify``)
  take only ``True`` or ``False``, never ``1`` or ``"no"``.
- Counts, indices and seeds are integers, never floats (a float seed could
  round one seed into another); seeds are at least 0. Counts of steps,
  runs and grid points have declared upper bounds.
- Arrays hold real numbers: a list of strings (even numeric ones), a boolean
  or complex array, or a masked array is refused rather than converted.
- Everything is finite: a number too large for a float (a huge Python int,
  a long double) is refused with the argument's name, not left to raise a
  bare OverflowError or to become ``inf``.
- Nothing can overflow inside the network: the overflow guard
  :func:`scale` refuses ``X`` and weights whose sums could exceed
  ``MAX_MAGNITUDE``. Targets ``y`` lie in [0, 1], the only values a
  sigmoid output can reach.
- Memory: the memory guard :func:`memory` refuses a call whose arrays (its
  networks, traces, grids, Hessians) would hold more than ``MAX_FLOATS``
  floats, before it allocates any, saying how many it would need.
- A result that would not fit in a float is a ValueError that names the
  arguments (see :func:`finite_result`), never ``inf`` or ``nan``.
"""

import collections.abc
import functools
import inspect
import math
import numbers

import numpy as np

#: The memory budget: the arrays one call allocates hold at most this many
#: floats in all (400 MB).
MAX_FLOATS = 50_000_000
#: At most this many steps, epochs or iterations in one run.
MAX_STEPS = 1_000_000
#: At most this many runs in one study.
MAX_RUNS = 20_000
#: Weighted inputs, gradients and Hessian entries must stay below this bound
#: (see :func:`scale`), far enough below the largest float (1.8e308) that no
#: sum of products inside the network can overflow.
MAX_MAGNITUDE = 1e300
#: The largest float, about 1.8e308.
LARGEST = float(np.finfo(float).max)


def validate_params(constraints, *relations):
    """Check a function's arguments against ``constraints`` and ``relations`` before it runs.

    ``constraints`` maps argument names to constraints, checked in its
    order; each returns the argument's clean form, which the function
    receives. ``relations`` are then called with every argument by name.
    The function keeps its name, signature and docstring, and gains
    ``_parameter_constraints`` and ``_relations``.
    """
    def decorate(function):
        signature = inspect.signature(function)
        unknown = set(constraints) - set(signature.parameters)
        if unknown:
            raise TypeError(f"{function.__qualname__} has no arguments {sorted(unknown)}")

        @functools.wraps(function)
        def checked(*args, **kwargs):
            call = signature.bind(*args, **kwargs)
            call.apply_defaults()
            values = call.arguments
            for name, constraint in constraints.items():
                values[name] = constraint(values[name], name, values)
            for relation in relations:
                relation(values)
            return function(*call.args, **call.kwargs)

        checked._parameter_constraints = constraints
        checked._relations = relations
        return checked

    return decorate


# -- telling values apart -------------------------------------------------------
def _short(value):
    """Return a one-line ``repr`` of ``value``, cut to a readable length."""
    if _is_integer(value) and abs(int(value)) >= 10**80:
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


def _to_float(value, name):
    """``value`` as a Python float (maybe inf or nan), or a TypeError/ValueError."""
    if not _is_real(value):
        raise TypeError(f"{name} must be a real number, got {_short(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if math.isinf(number) and not (isinstance(value, (float, np.floating)) and np.isinf(value)):
        raise ValueError(f"{name} is too large to be a float, got {_short(value)}")
    return number


def _sequence(values, name, what):
    """Raise unless ``values`` is an ordered sequence: a list, tuple, range or 1-D array.

    Checked without converting ``values`` (``range(10**9)`` is not read).
    """
    if isinstance(values, np.ma.MaskedArray) or (
            isinstance(values, np.ndarray) and values.ndim != 1) or not (
            isinstance(values, (np.ndarray, collections.abc.Sequence))
            and not isinstance(values, (str, bytes))):
        raise TypeError(f"{name} must be {what}, got {_short(values)}")


def _float_array(value, name):
    """``value`` as a new float64 array of real numbers (maybe not finite), or a TypeError."""
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
    if array.dtype.kind == "O":
        flat = array.ravel().tolist()
        if not all(_is_real(item) for item in flat):
            raise TypeError(f"{name} must be numeric (real numbers), got {_short(value)}")
        return np.array([_to_float(item, f"{name} holds a number that") for item in flat]
                        ).reshape(array.shape)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be numeric (real numbers), got {array.dtype} values: "
                        f"{_short(value)}")
    with np.errstate(over="ignore"):
        converted = array.astype(float)  # always a copy
    if array.dtype.itemsize > 8 and np.any(np.isinf(converted) & np.isfinite(array)):
        raise ValueError(f"{name} holds a number too large to be a float, got {_short(value)}")
    return converted


# -- constraints on one argument ---------------------------------------------------
class Real:
    """A finite real number from ``low`` to ``high``: a float.

    An end is open (excluded) with ``above`` (for ``low``) or ``below`` (for
    ``high``).
    """

    def __init__(self, low=None, high=None, above=False, below=False):
        self.low, self.high, self.above, self.below = low, high, above, below

    def __str__(self):
        if self.high is not None and (self.above or self.below):  # both given, an end open
            return (f"a finite number {'above' if self.above else '>='} {self.low:g} and "
                    f"{'below' if self.below else '<='} {self.high:g}")
        if self.high is not None:
            return f"a finite number between {self.low:g} and {self.high:g}"  # both given
        if self.low is not None:
            return f"a finite number {'above' if self.above else '>='} {self.low:g}"
        return "a finite number"

    def __call__(self, value, name, args=None):
        number = _to_float(value, name)
        low_ok = self.low is None or number > self.low or (number == self.low and not self.above)
        high_ok = (self.high is None or number < self.high
                   or (number == self.high and not self.below))
        if not (math.isfinite(number) and low_ok and high_ok):
            raise ValueError(f"{name} must be {self}, got {number!r}")
        return number


class Integer:
    """An integer from ``low`` to ``high``, never a float: a Python int."""

    def __init__(self, low=1, high=None):
        self.low, self.high = low, high

    def __call__(self, value, name, args=None):
        if not _is_integer(value):
            raise TypeError(f"{name} must be an integer, got {_short(value)}")
        value = int(value)
        if value < self.low:
            raise ValueError(f"{name} must be at least {self.low}, got {_short(value)}")
        if self.high is not None and value > self.high:
            raise ValueError(f"{name} must be at most {self.high:,}, got {_short(value)}")
        return value


class Flag:
    """``True`` or ``False``, nothing else: a bool."""

    def __call__(self, value, name, args=None):
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {_short(value)}")
        return bool(value)


class Options:
    """One of the strings ``options``."""

    def __init__(self, options):
        self.options = tuple(options)

    def __call__(self, value, name, args=None):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be one of {self.options}, got {_short(value)}")
        if value not in self.options:
            raise ValueError(f"{name} must be one of {self.options}, got {value!r}")
        return str(value)


class Instance:
    """An instance of the class ``cls``, or of one of the classes ``cls``."""

    def __init__(self, cls):
        self.cls = cls

    def __call__(self, value, name, args=None):
        if not isinstance(value, self.cls):
            kinds = " or ".join(kind.__name__ for kind in np.atleast_1d(self.cls))
            raise TypeError(f"{name} must be a {kinds}, got {type(value).__name__}")
        return value


class Function:
    """Something that can be called."""

    def __call__(self, value, name, args=None):
        if not callable(value):
            raise TypeError(f"{name} must be callable, got {_short(value)}")
        return value


class Maybe:
    """``None``, or what the constraint ``inner`` accepts."""

    def __init__(self, inner):
        self.inner = inner

    def __call__(self, value, name, args=None):
        return None if value is None else self.inner(value, name, args)


class Array:
    """A new, finite, non-empty float64 array, of ``ndim`` dimensions and ``max_size`` numbers at most.

    The caller's object is copied, never changed or kept.
    """

    def __init__(self, ndim=None, max_size=None):
        self.ndim, self.max_size = ndim, max_size

    def __call__(self, value, name, args=None):
        array = _float_array(value, name)
        if self.ndim is not None and array.ndim != self.ndim:
            raise ValueError(f"{name} must have {self.ndim} dimension"
                             f"{'s' if self.ndim != 1 else ''}, got shape {array.shape}")
        if array.size == 0:
            raise ValueError(f"{name} must not be empty, got shape {array.shape}")
        if self.max_size is not None and array.size > self.max_size:
            raise ValueError(f"{name} must hold at most {self.max_size:,} numbers, "
                             f"got shape {array.shape}")
        if not np.all(np.isfinite(array)):
            raise ValueError(f"{name} must hold only finite numbers, got {_short(value)}")
        return array


class Seeds:
    """A sequence of 1 to ``MAX_RUNS`` seeds: integers from 0 to 2**63 - 1; an int64 array.

    Never floats, which could round one seed into another. Their number is
    checked before they are read.
    """

    def __call__(self, values, name, args=None):
        _sequence(values, name, "a sequence of integers")
        if len(values) > MAX_RUNS:
            raise ValueError(f"{name} holds {len(values):,} seeds, more than the limit of "
                             f"{MAX_RUNS:,} runs (MAX_RUNS), got {_short(values)}")
        if len(values) == 0:
            raise ValueError(f"{name} must not be empty, got {_short(values)}")
        checked = [Integer(0)(item, f"{name}[{k}]") for k, item in enumerate(values)]
        if max(checked) >= 2**63:
            raise ValueError(f"{name} must be below 2**63, got {_short(values)}")
        return np.array(checked, dtype=np.int64)


class Sizes:
    """Three layer sizes ``(n_in, n_hidden, n_out)``, positive integers: a tuple."""

    def __call__(self, sizes, name, args=None):
        what = "three layer sizes (n_in, n_hidden, n_out)"
        _sequence(sizes, name, f"a sequence of {what}")
        if len(sizes) != 3:
            raise ValueError(f"{name} must be {what}, got {_short(sizes)}")
        return tuple(Integer(1)(item, f"{name}[{k}]") for k, item in enumerate(sizes))


# -- constraints that fit an argument to the call's network -------------------------
def n_params(sizes):
    """The number of weights of a network of ``sizes``."""
    return sizes[1] * (sizes[0] + sizes[2])


def sizes_of(args):
    """The layer sizes of a call's network: ``self``'s, ``net``'s or ``start``'s, else ``sizes``."""
    for name in ("self", "net", "start"):
        if args.get(name) is not None:
            return args[name].sizes
    return args["sizes"]


class Inputs(Array):
    """Inputs ``X``: a 2-D array with one column per input of the call's network."""

    def __init__(self):
        super().__init__(ndim=2)

    def __call__(self, value, name, args):
        X = super().__call__(value, name)
        n_in = sizes_of(args)[0]
        if X.shape[1] != n_in:
            raise ValueError(f"{name} must have {n_in} columns, one per input of the network "
                             f"(sizes[0], the rows of W1), got {name} shape {X.shape}")
        return X


class Targets(Array):
    """Targets ``y`` in [0, 1]: a 2-D array, one row per row of ``X``, one column per output."""

    def __init__(self):
        super().__init__(ndim=2)

    def __call__(self, value, name, args):
        y = super().__call__(value, name)
        rows, n_out = args["X"].shape[0], sizes_of(args)[2]
        if y.shape[0] != rows:
            raise ValueError(f"{name} must have one row per row of X ({rows}), "
                             f"got {name} shape {y.shape}")
        if y.shape[1] != n_out:
            raise ValueError(f"{name} must have {n_out} column(s), one per output of the network "
                             f"(sizes[2], the columns of W2), got {name} shape {y.shape}")
        if np.any((y < 0) | (y > 1)):
            raise ValueError(f"{name} must lie in [0, 1]: a sigmoid output can reach nothing "
                             f"else (scale the targets first), got {_short(y)}")
        return y


class Params(Array):
    """Flat weights for the call's network: a vector of its ``n_params`` weights."""

    def __init__(self):
        super().__init__(ndim=1)

    def __call__(self, value, name, args):
        array = super().__call__(value, name)
        sizes = sizes_of(args)
        if array.size != n_params(sizes):
            raise ValueError(f"{name} must hold {n_params(sizes)} weights for a network of "
                             f"sizes {tuple(sizes)}, got shape {array.shape}")
        return array


class Indices:
    """Flat weight indices of the call's network: distinct ints in ``range(n_params)``, a tuple.

    Given as one int or an ordered sequence; ``None`` means every weight
    (``range(n_params)``, not yet read). The sequence's length is checked
    before it is read.
    """

    def __call__(self, indices, name, args):
        count = n_params(sizes_of(args))
        if indices is None:
            return range(count)
        if _is_integer(indices):
            indices = (indices,)
        _sequence(indices, name, "a sequence of integers")
        if len(indices) > count:
            raise ValueError(f"{name} must not repeat a weight, and the network has only "
                             f"{count} weights, got {len(indices):,} indices: {_short(indices)}")
        items = list(indices)
        if not items:
            raise ValueError(f"{name} must not be empty, got {_short(indices)}")
        if not all(_is_integer(item) for item in items):
            raise TypeError(f"{name} must hold integers, got {_short(indices)}")
        if not all(0 <= item < count for item in items):
            raise ValueError(f"{name} must lie in 0..{count - 1} "
                             f"(the network has {count} weights), got {_short(indices)}")
        if len(set(items)) != len(items):
            raise ValueError(f"{name} must not repeat a weight, got {_short(indices)}")
        return tuple(int(item) for item in items)


class Rates:
    """Learning rates: one number above 0 for every run, or one per seed; an array."""

    def __call__(self, value, name, args):
        runs = len(args["seeds"])
        if _is_real(value):
            return np.full(runs, Real(0, above=True)(value, name))
        rates = Array(ndim=1)(value, name)
        if rates.size != runs:
            raise ValueError(f"{name} must be one number or one per seed ({runs}), "
                             f"got {rates.size}")
        if np.any(rates <= 0):
            raise ValueError(f"{name} must hold numbers above 0, got {_short(value)}")
        return rates


# -- relations between arguments ------------------------------------------------------
def relation(holds, message):
    """A relation: ``holds(args)`` must be true, or a ValueError says ``message(args)``."""
    def check(args):
        if not holds(args):
            raise ValueError(message(args))

    return check


def overflow(need, weights=None, names="X and the weights of net"):
    """The overflow guard as a relation: :func:`scale` for ``X`` and the call's weights.

    ``weights(args)`` gives every weight the call will use; by default the
    weights of its network (``self`` or ``net``).
    """
    def check(args):
        used = weights(args) if weights else args.get("self", args.get("net")).params
        scale(args["X"], used, sizes_of(args), need, names)

    return check


def memory(floats, what, grows_with):
    """The memory guard as a relation: the call's arrays, ``floats(args)`` floats, fit the budget.

    Checked before anything is allocated. The error says how many floats
    ``what`` (formatted with the arguments) would need, and ``grows_with``
    names the arguments behind them.
    """
    def check(args):
        need = floats(args)
        if need > MAX_FLOATS:
            raise ValueError(
                f"{what.format(**args)} needs {need:,} floats ({_bytes(need)}), more than the "
                f"memory budget of {MAX_FLOATS:,} floats ({_bytes(MAX_FLOATS)}, MAX_FLOATS): "
                f"it grows with {grows_with}")

    return check


def _bytes(floats):
    size = 8 * floats
    return f"{size / 1e9:.3g} GB" if size >= 1e9 else f"{size / 1e6:.3g} MB"


def activations(runs, n_rows, sizes):
    """Floats of the activations of ``runs`` networks of ``sizes`` on ``n_rows`` examples."""
    return runs * n_rows * (sizes[1] + sizes[2])


def scale(X, weights, sizes, need="gradient", names="X and the weights"):
    """The overflow guard: check that nothing inside the network can overflow for inputs ``X``.

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


# -- results ---------------------------------------------------------------------------
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
