"""Property: bad or extreme input gives a finite result or an error that names it.

Every public function, one argument at a time: the other arguments are good,
and the one under test takes a value from each class of bad or extreme input
of issue 12 (huge, tiny, negative, NaN and infinite floats; ints too large
for a float; bools; strings, numeric ones too; complex numbers; masked
arrays; sets; None; arrays of the wrong shape; empty arrays). Each call must
either return a result with no NaN or inf in it, or raise a ValueError or
TypeError whose message contains the argument's name. Any other exception,
and any warning (pytest turns warnings into errors), fails the test.

Hypothesis draws one value of every class per example, with a fixed seed
(``derandomize``), so the run is the same on every machine.
"""

import dataclasses
import inspect
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from nnlesson import (
    Network,
    brute_force_seconds,
    classify_point,
    cost_grid,
    format_duration,
    gradient_descent,
    hessian,
    load_data,
    numerical_gradient,
    relative_error,
    sigmoid,
    sigmoid_prime,
    stochastic_gradient_descent,
    train_bfgs,
)
from nnlesson.book import claims, prose, timing
from nnlesson.study import bfgs_study, descent_study, sgd_study

X, y = load_data()
NET = Network.random(seed=0)
TRAINED = train_bfgs(NET, X, y).network  # flat: descents from here stop at once
EXAMPLES = 6  # each example tries one value of every class

# -- the classes of bad or extreme input --------------------------------------
MAX = 1.7976931348623157e308
small_shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)
CLASSES = {
    "huge float": st.sampled_from([MAX, -MAX, 1e308, 9e307]) | st.floats(
        min_value=1e300, max_value=MAX) | st.floats(min_value=-MAX, max_value=-1e300),
    "tiny float": st.sampled_from([5e-324, -5e-324, 0.0, -0.0]) | st.floats(
        min_value=-1e-300, max_value=1e-300),
    "negative float": st.floats(min_value=-1e6, max_value=-1e-6),
    "nan or inf": st.sampled_from([math.nan, math.inf, -math.inf, np.float64("nan")]),
    "int above float": st.integers(min_value=2**1024, max_value=2**5000).flatmap(
        lambda n: st.sampled_from([n, -n])),
    "big or negative int": st.integers(min_value=2**40, max_value=2**70) | st.integers(
        min_value=-(2**70), max_value=-1),
    "bool": st.sampled_from([True, False, np.True_, np.False_]),
    "string": st.text(max_size=4) | st.floats(allow_nan=False).map(repr) | st.integers(
        min_value=-5, max_value=5).map(str) | st.just(b"1"),
    "complex": st.complex_numbers(max_magnitude=1e6) | st.just(np.array([1 + 0j, 2 + 0j])),
    "masked array": hnp.arrays(float, st.integers(1, 4), elements=st.floats(-2, 2)).map(
        lambda a: np.ma.masked_array(a, mask=np.arange(a.size) % 2 == 0)),
    "set": st.sets(st.integers(0, 5), max_size=3) | st.frozensets(st.integers(0, 5), max_size=3),
    "None": st.none(),
    "wrong shape": hnp.arrays(float, small_shapes, elements=st.floats(-2, 2)),
    "empty array": hnp.arrays(float, hnp.array_shapes(min_dims=1, max_dims=3, min_side=0,
                                                       max_side=3)
                              .filter(lambda s: 0 in s)) | st.just([]) | st.just([[]]),
    "strings in a list": st.lists(st.text(max_size=2) | st.just("1.5"), min_size=1, max_size=3),
    "extreme array": hnp.arrays(float, st.sampled_from([(3, 2), (3, 1), (2, 3), (3, 1), (2,),
                                                        (9,)]),
                                elements=st.sampled_from([1e308, -1e308, 5e-324, 1e155, np.nan,
                                                          np.inf, 0.0, 1.0])),
}


EXTREMES = [MAX, -MAX, 1e308, -1e308, 1e200, -1e200, 1e155, 5e-324, -5e-324, 1e-200, 0.0, -0.0,
            -1.0, 1.0]


def bad_values(good):
    """One value of every class, drawn together, and one like ``good`` but extreme.

    The last keeps the good value's shape (or scalar type), with entries
    that are huge, tiny or zero: the values that could overflow or cancel.
    """
    shape = np.shape(good) if isinstance(good, (list, tuple, np.ndarray)) else None
    if shape is None or not all(shape) or isinstance(good, tuple):
        like = st.sampled_from(EXTREMES)
    else:
        like = hnp.arrays(float, shape, elements=st.sampled_from(EXTREMES))
    return st.fixed_dictionaries({**CLASSES, "extreme, right shape": like})


# -- the public functions, each with good arguments -----------------------------
def _call(call, /, **good):
    return call, good


ENTRY_POINTS = {
    "sigmoid": _call(sigmoid, z=[0.0, 1.0]),
    "sigmoid_prime": _call(sigmoid_prime, z=[0.0, 1.0]),
    "Network": _call(Network, W1=NET.W1, W2=NET.W2),
    "Network.random": _call(Network.random, sizes=(2, 3, 1), seed=0),
    "Network.with_params": _call(NET.with_params, params=NET.params),
    "Network.forward": _call(NET.forward, X=X),
    "Network.cost": _call(NET.cost, X=X, y=y),
    "Network.gradients": _call(NET.gradients, X=X, y=y),
    "Network.cost_and_gradient": _call(NET.cost_and_gradient, X=X, y=y),
    "load_data": _call(load_data, normalize=True),
    "brute_force_seconds": _call(brute_force_seconds, n_weights=2, points_per_weight=1000,
                                 seconds_per_evaluation=1e-5),
    "cost_grid": _call(cost_grid, net=NET, X=X, y=y, values=[-1.0, 0.0, 1.0], indices=(0, 1),
                       method="vectorized", chunk_size=4),
    "format_duration": _call(format_duration, seconds=1.0, unicode=False),
    "gradient_descent": _call(gradient_descent, net=TRAINED, X=X, y=y, learning_rate=1.0,
                              max_steps=3, tolerance=1e-4, indices=None),
    "stochastic_gradient_descent": _call(stochastic_gradient_descent, net=TRAINED, X=X, y=y,
                                         learning_rate=1.0, max_epochs=2, tolerance=1e-4,
                                         indices=None, seed=0),
    "train_bfgs": _call(train_bfgs, net=TRAINED, X=X, y=y, maxiter=5, tolerance=1e-5),
    "numerical_gradient": _call(numerical_gradient, f=np.sum, x=[1.0, -2.0], eps=1e-4),
    "relative_error": _call(relative_error, a=[1.0, 2.0], b=[1.0, 2.1]),
    "hessian": _call(hessian, net=NET, X=X, y=y),
    "classify_point": _call(classify_point, net=TRAINED, X=X, y=y, indices=None, radius=0.05,
                            n_trials=2, seed=0),
    "descent_study": _call(descent_study, seeds=[0, 1], X=X, y=y, learning_rate=1.0,
                           max_steps=3, tolerance=1e-4, sizes=(2, 3, 1), start=None,
                           classify=False),
    "sgd_study": _call(sgd_study, seeds=[0, 1], X=X, y=y, learning_rate=1.0, max_epochs=2,
                       tolerance=1e-4, sizes=(2, 3, 1), start=None, classify=False),
    "bfgs_study": _call(bfgs_study, seeds=[0], X=X, y=y, maxiter=5, tolerance=1e-5,
                        sizes=(2, 3, 1), classify=False),
    "prose.scientific": _call(prose.scientific, value=1.5, digits=2, unicode=True),
    "prose.format_duration": _call(prose.format_duration, seconds=90.0, unicode=True),
    "prose.fixed": _call(prose.fixed, value=1.5, digits=4),
    "prose.percent": _call(prose.percent, fraction=0.5, digits=1),
    "prose.plural": _call(prose.plural, count=2, noun="step", nouns=None),
    "prose.how_often": _call(prose.how_often, count=2),
    "claims.timing_verdict": _call(claims.timing_verdict, measured=0.05, claimed=0.07,
                                   factor=2.0),
    "claims.share_verdict": _call(claims.share_verdict, share=0.5),
    "timing.seconds_per_call": _call(timing.seconds_per_call, function=lambda: None, repeats=2,
                                     number=1),
    "timing.time_brute_force": _call(timing.time_brute_force, net=NET, X=X, y=y,
                                     values=[-1.0, 0.0, 1.0], corner=2, repeats=1),
}
# Arguments whose good values are not numbers: a callable, a network, a choice.
OTHER_KINDS = {"f", "function", "net", "start", "method"}
CASES = [(entry, argument) for entry, (_, good) in ENTRY_POINTS.items() for argument in good]


def _finite(value, depth=0):
    """True if ``value`` holds no NaN or inf, looking into arrays, results and networks."""
    if depth > 4 or isinstance(value, (str, bool, np.bool_, int, np.integer, type(None))):
        return True
    if isinstance(value, (float, np.floating)):
        return bool(np.isfinite(value))
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.all(np.isfinite(value)))
    if isinstance(value, Network):
        return _finite(value.params)
    if dataclasses.is_dataclass(value):
        return all(_finite(getattr(value, f.name), depth + 1) for f in dataclasses.fields(value))
    if isinstance(value, (tuple, list)):
        return all(_finite(item, depth + 1) for item in value)
    return True


def check_call(entry, argument, value):
    """Call ``entry`` with ``argument=value``: a finite result, or an error that names it."""
    function, good = ENTRY_POINTS[entry]
    try:
        result = function(**{**good, argument: value})
    except (ValueError, TypeError) as error:
        assert argument in str(error), (
            f"{entry}({argument}={value!r}) raised {type(error).__name__} without naming "
            f"{argument!r}: {error}")
        return "refused"
    assert _finite(result), f"{entry}({argument}={value!r}) returned NaN or inf: {result!r}"
    return "returned"


@pytest.mark.parametrize("entry, argument", CASES)
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_bad_input_gives_a_finite_result_or_an_error_that_names_it(entry, argument, data):
    values = data.draw(bad_values(ENTRY_POINTS[entry][1][argument]))
    for value in values.values():
        check_call(entry, argument, value)


# Values of the wrong kind must be refused, not converted: a bool is not a
# number, a string is not an array, a float is not a count. (Flags take only
# True or False; text arguments take strings.)
GARBAGE = ["1", "1.5", b"1", True, np.True_, 1 + 0j, None, {1, 2}, np.ma.masked_array([1.0])]


@pytest.mark.parametrize("entry, argument", [
    (entry, argument) for entry, argument in CASES
    if argument not in OTHER_KINDS | {"normalize", "unicode", "classify", "noun", "nouns",
                                      "indices"}])
@pytest.mark.parametrize("value", GARBAGE, ids=repr)
def test_values_of_the_wrong_kind_are_refused(entry, argument, value):
    function, _ = ENTRY_POINTS[entry]
    if value is None and inspect.signature(function).parameters[argument].default is None:
        # None is this argument's documented default: it must work, finitely.
        assert check_call(entry, argument, value) == "returned"
        return
    assert check_call(entry, argument, value) == "refused"


@pytest.mark.parametrize("entry, argument", [
    (entry, argument) for entry, argument in CASES
    if argument in {"normalize", "unicode", "classify"}])
@pytest.mark.parametrize("value", [1, 0, "no", "True", None, [True], 1.0])
def test_flags_take_only_true_or_false(entry, argument, value):
    assert check_call(entry, argument, value) == "refused"


@pytest.mark.parametrize("entry, argument", [
    (entry, argument) for entry, argument in CASES
    if argument in {"max_steps", "max_epochs", "maxiter", "n_trials", "repeats", "number",
                    "corner", "chunk_size", "digits", "count", "n_weights",
                    "points_per_weight", "seed"}])
@pytest.mark.parametrize("value", [2.0, 2.5, np.float64(3.0), 1e18])
def test_counts_and_seeds_are_never_rounded_from_floats(entry, argument, value):
    assert check_call(entry, argument, value) == "refused"


# Runaway: every count, size and sequence is bounded before any work starts.
UNBOUNDED = 2**40


@pytest.mark.parametrize("entry, argument", [
    (entry, argument) for entry, argument in CASES
    if argument in {"max_steps", "max_epochs", "maxiter", "n_trials", "repeats", "number",
                    "corner", "n_weights", "digits"}])
def test_no_count_is_unbounded(entry, argument):
    assert check_call(entry, argument, UNBOUNDED) == "refused"


@pytest.mark.parametrize("entry, argument, value", [
    ("Network.random", "sizes", (2, UNBOUNDED, 1)),
    ("descent_study", "sizes", (UNBOUNDED, 3, 1)),
    ("bfgs_study", "sizes", (2, 10**6, 1)),
    ("descent_study", "seeds", range(UNBOUNDED)),
    ("sgd_study", "seeds", range(UNBOUNDED)),
    ("bfgs_study", "seeds", range(10**5)),
    ("gradient_descent", "indices", range(UNBOUNDED)),
    ("cost_grid", "values", np.zeros(10**5)),
    ("timing.time_brute_force", "values", np.zeros(10**4)),
    ("numerical_gradient", "x", np.zeros(10**5)),
])
def test_no_size_is_unbounded(entry, argument, value):
    assert check_call(entry, argument, value) == "refused"


# A function given to numerical_gradient must return one real number.
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None)
@given(values=bad_values(1.0))
def test_numerical_gradient_of_functions_that_return_bad_values(values):
    for value in values.values():
        check_call("numerical_gradient", "f", lambda v, value=value: value)
