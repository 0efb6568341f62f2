"""Bad arguments, generated from the declared tables: each is refused by name, before any work.

Every public function of the package declares a constraint for each of its
arguments (``function._parameter_constraints``, see ``nnlesson._checks``).
For each constraint, :func:`invalid_values` makes the values it must refuse,
by its type, as scikit-learn's ``generate_invalid_param_val`` does; each is
passed, by keyword and by position, with good values for the other
arguments (``GOOD``), whose own call must work. The call must raise the
expected TypeError or ValueError with a message that starts with the
argument's name, and must do so before any computation starts: the test
makes every computation of the package (``WORK``) raise.
"""

import dataclasses
import importlib
import inspect
import math
import pkgutil
import re

import numpy as np
import pytest

import nnlesson
from nnlesson import Network, _checks, load_data, train_bfgs
from nnlesson._checks import (Array, Flag, Function, Indices, Inputs, Instance, Integer, Maybe,
                              Options, Params, Rates, Real, Seeds, Sizes, Targets)
from nnlesson.optimizers import Adam, Momentum
from nnlesson.study import bfgs_study, descent_study, sgd_study

X, y = load_data()
NET = Network.random(seed=0)
TRAINED = train_bfgs(NET, X, y).network  # flat: descents from here stop at once


def _good(function, /, **arguments):
    return function, arguments


#: One good call of every checked function: cheap, and the base of every bad call.
GOOD = {
    "nnlesson.activation.sigmoid": _good(nnlesson.sigmoid, z=[0.0, 1.0]),
    "nnlesson.activation.sigmoid_prime": _good(nnlesson.sigmoid_prime, z=[0.0, 1.0]),
    "nnlesson.data.load_data": _good(load_data, normalize=True),
    "nnlesson.network.Network.__init__": _good(Network, W1=NET.W1, W2=NET.W2),
    "nnlesson.network.Network.random": _good(Network.random, sizes=(2, 3, 1), seed=0),
    "nnlesson.network.Network.with_params": _good(NET.with_params, params=NET.params),
    "nnlesson.network.Network.forward": _good(NET.forward, X=X),
    "nnlesson.network.Network.cost": _good(NET.cost, X=X, y=y),
    "nnlesson.network.Network.gradients": _good(NET.gradients, X=X, y=y),
    "nnlesson.network.Network.cost_and_gradient": _good(NET.cost_and_gradient, X=X, y=y),
    "nnlesson.gradcheck.numerical_gradient": _good(nnlesson.numerical_gradient, f=np.sum,
                                                   x=[1.0, -2.0], eps=1e-4),
    "nnlesson.book.prose.format_duration": _good(nnlesson.format_duration, seconds=3.0,
                                                 unicode=True),
    "nnlesson.gradcheck.relative_error": _good(nnlesson.relative_error, a=[1.0, 2.0],
                                               b=[1.0, 2.1]),
    "nnlesson.bruteforce.brute_force_seconds": _good(
        nnlesson.brute_force_seconds, n_weights=2, points_per_weight=1000,
        seconds_per_evaluation=1e-5),
    "nnlesson.bruteforce.cost_grid": _good(
        nnlesson.cost_grid, net=NET, X=X, y=y, values=[-1.0, 0.0, 1.0], indices=(0, 1),
        method="vectorized", chunk_size=4),
    "nnlesson.descent.gradient_descent": _good(
        nnlesson.gradient_descent, net=TRAINED, X=X, y=y, learning_rate=1.0, max_steps=3,
        tolerance=1e-4, indices=None, optimizer=None),
    "nnlesson.descent.stochastic_gradient_descent": _good(
        nnlesson.stochastic_gradient_descent, net=TRAINED, X=X, y=y, learning_rate=1.0,
        max_epochs=2, tolerance=1e-4, indices=None, seed=0, optimizer=Momentum(0.5)),
    "nnlesson.optimizers.Momentum.__init__": _good(Momentum, beta=0.9, nesterov=True),
    "nnlesson.optimizers.Adam.__init__": _good(Adam, beta1=0.9, beta2=0.999, eps=1e-8),
    "nnlesson.bfgs.train_bfgs": _good(train_bfgs, net=TRAINED, X=X, y=y, maxiter=5,
                                      tolerance=1e-5),
    "nnlesson.endpoints.hessian": _good(nnlesson.hessian, net=NET, X=X, y=y),
    "nnlesson.endpoints.classify_point": _good(
        nnlesson.classify_point, net=TRAINED, X=X, y=y, indices=None, radius=0.05, n_trials=2,
        seed=0),
    "nnlesson.study.descent_study": _good(
        descent_study, seeds=[0, 1], X=X, y=y, learning_rate=1.0, max_steps=3, tolerance=1e-4,
        sizes=(2, 3, 1), start=None, classify=False, indices=None, keep_paths=False,
        optimizer=Adam()),
    "nnlesson.study.sgd_study": _good(
        sgd_study, seeds=[0, 1], X=X, y=y, learning_rate=[1.0, 2.0], max_epochs=2,
        tolerance=1e-4, sizes=(2, 3, 1), start=TRAINED, classify=False, keep_costs=False,
        optimizer=Momentum(0.9, nesterov=True)),
    "nnlesson.study.bfgs_study": _good(bfgs_study, seeds=[0], X=X, y=y, maxiter=5,
                                       tolerance=1e-5, sizes=(2, 3, 1), classify=False),
}

#: Public functions that check nothing, and why.
UNCHECKED = {
    # The equations, called by the package's own loops on checked inputs.
    "nnlesson.network.pack", "nnlesson.network.unpack", "nnlesson.network.forward_pass",
    "nnlesson.network.layer", "nnlesson.network.cost", "nnlesson.network.backpropagation",
    "nnlesson.network.cost_and_gradient", "nnlesson.network.trial_cost_and_gradient",
    "nnlesson.activation.f", "nnlesson.activation.f_prime", "nnlesson.activation.f_second",
    # The engines behind the checked functions.
    "nnlesson.descent.descent_step", "nnlesson.descent.shuffled_order",
    "nnlesson.descent.descend", "nnlesson.descent.Lockstep.result",
    "nnlesson.endpoints.hessians", "nnlesson.endpoints.classify_stack",
    "nnlesson.bruteforce.evaluations", "nnlesson.bruteforce.grid_floats",  # checks themselves
}
#: Modules not walked: the book's own helpers, which the book calls with known
#: values (the checks stand at the package's public boundary).
NOT_WALKED = ("nnlesson.book",)
MODULES = [module.name for module in pkgutil.walk_packages(nnlesson.__path__, "nnlesson.")
           if not module.name.startswith(NOT_WALKED) and "._" not in module.name]


def public_functions():
    """Every public function and method of ``MODULES`` that takes arguments, by full name."""
    found = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if name.startswith("_") or getattr(value, "__module__", None) != module_name:
                continue
            if inspect.isfunction(value):
                found[f"{module_name}.{name}"] = value
            elif inspect.isclass(value):  # its methods; a dataclass's __init__ only stores
                for attribute, member in vars(value).items():
                    member = getattr(member, "__func__", member)  # a classmethod's function
                    own_init = attribute == "__init__" and not dataclasses.is_dataclass(value)
                    if inspect.isfunction(member) and (own_init or not attribute.startswith("_")):
                        found[f"{module_name}.{name}.{attribute}"] = member
    for name in nnlesson.__all__:  # the front door's functions, wherever they live
        value = getattr(nnlesson, name)
        if inspect.isfunction(value):
            found[f"{value.__module__}.{name}"] = value
    return {name: function for name, function in found.items()
            if set(inspect.signature(function).parameters) - {"self", "cls"}}


PUBLIC = public_functions()


def test_every_public_function_declares_its_checks():
    assert "nnlesson.descent.gradient_descent" in PUBLIC and len(PUBLIC) >= 35  # the walk works
    for name in nnlesson.__all__:  # the front door's functions are all walked
        value = getattr(nnlesson, name)
        if inspect.isfunction(value):
            assert f"{value.__module__}.{name}" in PUBLIC, name
    checked = {name for name, function in PUBLIC.items()
               if hasattr(function, "_parameter_constraints")}
    assert checked | UNCHECKED == set(PUBLIC), "declare the checks of " + str(
        sorted(set(PUBLIC) - checked - UNCHECKED))
    assert not checked & UNCHECKED, sorted(checked & UNCHECKED)
    assert checked == set(GOOD), "give each checked function a good call in GOOD: " + str(
        sorted(checked ^ set(GOOD)))
    for name in checked:  # every argument has a constraint
        parameters = set(inspect.signature(PUBLIC[name]).parameters) - {"self", "cls"}
        assert set(PUBLIC[name]._parameter_constraints) == parameters, name


# -- bad values, by the type of constraint -------------------------------------------
HUGE = 10**400  # above the largest float
MASKED = np.ma.masked_array([1.0, 2.0], mask=[False, True])


def _outside(constraint):
    """Numbers just outside a Real's interval."""
    low, high = constraint.low, constraint.high
    if low is not None:
        yield low if constraint.above else math.nextafter(low, -math.inf)
    if high is not None:
        yield high if constraint.below else math.nextafter(high, math.inf)


def invalid_values(constraint, good, arguments):
    """``(value, error)`` pairs that ``constraint`` must refuse in place of the value ``good``.

    ``arguments`` are the good values of every argument of the call.
    """
    kind = type(constraint)
    if kind is Maybe:
        return [(value, error) for value, error in invalid_values(constraint.inner, good,
                                                                  arguments) if value is not None]
    if kind is Real:
        return [("1.5", TypeError), (True, TypeError), (1 + 0j, TypeError), (None, TypeError),
                (np.array(1.0), TypeError), (HUGE, ValueError), (math.nan, ValueError),
                (-math.inf, ValueError)] + [(value, ValueError) for value in _outside(constraint)]
    if kind is Integer:
        return [(2.0, TypeError), (True, TypeError), ("1", TypeError), (None, TypeError),
                (constraint.low - 1, ValueError)] + (
                    [(constraint.high + 1, ValueError), (HUGE, ValueError)]
                    if constraint.high is not None else [])
    if kind is Flag:
        return [(1, TypeError), ("yes", TypeError), (None, TypeError), ([True], TypeError)]
    if kind is Options:
        return [("nope", ValueError), (np.array(constraint.options[:1]), TypeError)]
    if kind is Instance:
        return [(np.ones(9), TypeError), (None, TypeError)]
    if kind is Function:
        return [(3, TypeError), ("np.sum", TypeError)]
    if kind is Seeds:
        return [([], ValueError), ([1.5], TypeError), ([0, -1], ValueError), (["1"], TypeError),
                ("01", TypeError), ({0, 1}, TypeError), ([2**63], ValueError),
                (range(10**9), ValueError)]
    if kind is Sizes:
        return [((2, 3), ValueError), ((2, 0, 1), ValueError), ((2.0, 3, 1), TypeError),
                ({1, 2, 3}, TypeError), ("231", TypeError)]
    if kind is Indices:
        n_params = _checks.n_params(_checks.sizes_of(arguments))
        return [((n_params,), ValueError), ((-1,), ValueError), ((0, 0), ValueError),
                ((), ValueError), ((0.5,), TypeError), ("0", TypeError), (True, TypeError),
                (range(10**8), ValueError)]
    if kind is Rates:
        runs = len(arguments["seeds"])
        return [(0.0, ValueError), (True, TypeError), ("1", TypeError), (math.inf, ValueError),
                ([1.0] * (runs + 1), ValueError), ([-1.0] * runs, ValueError)]
    if isinstance(constraint, Array):
        array = np.asarray(good, dtype=float)
        bad = [("text", TypeError), ([["1", "2"]], TypeError), (MASKED, TypeError),
               (array + 0j, TypeError), (array > 0, TypeError), ({1.0}, TypeError),
               (None, TypeError), ([[1.0], [1.0, 2.0]], TypeError),
               (np.empty((0,) * array.ndim), ValueError),
               (np.where(array == array.flat[0], np.nan, array), ValueError),
               (np.array([HUGE] * array.size, dtype=object).reshape(array.shape), ValueError)]
        if constraint.ndim is not None:
            bad.append((array[None], ValueError))
        if constraint.max_size is not None:
            bad.append((np.zeros(constraint.max_size + 1), ValueError))
        if kind is Inputs:
            bad.append((np.ones((len(array), array.shape[1] + 1)), ValueError))
        if kind is Targets:
            bad += [(array[:-1], ValueError), (np.c_[array, array], ValueError),
                    (array + 2, ValueError)]
        if kind is Params:
            bad.append((array[:-1], ValueError))
        return bad
    raise AssertionError(f"no invalid values for {constraint!r}: add its type here")


class WorkStarted(AssertionError):
    pass


#: The computations behind the checked functions: (module, name).
WORK = [("nnlesson.network", "forward_pass"), ("nnlesson.network", "backpropagation"),
        ("nnlesson.network", "cost_and_gradient"), ("nnlesson.activation", "f"),
        ("nnlesson.activation", "f_prime"), ("nnlesson.descent", "descend"),
        ("nnlesson.study", "descend"), ("nnlesson.study", "_starts"),
        ("nnlesson.study", "train_bfgs"), ("nnlesson.endpoints", "hessians"),
        ("nnlesson.endpoints", "classify_stack"), ("nnlesson.bfgs", "cost_and_gradient"),
        ("scipy.optimize", "minimize"), ("nnlesson.bruteforce", "_grid_loop"),
        ("nnlesson.bruteforce", "_grid_vectorized"), ("nnlesson.gradcheck", "_value"),
        ("nnlesson.gradcheck", "_scaled_norm")]


def _refused(call, error, argument):
    """What is wrong with how ``call()`` refused a bad ``argument``: None if nothing."""
    try:
        call()
    except Exception as raised:  # noqa: BLE001 - its type is the test
        if type(raised) is error and re.match(rf"{re.escape(argument)}\b", str(raised)):
            return None
        return f"expected a {error.__name__} that starts with {argument!r}, got {raised!r}"
    return "accepted"


@pytest.mark.parametrize("name", sorted(GOOD), ids=lambda name: name.removeprefix("nnlesson."))
def test_good_values_work_and_bad_ones_are_refused_by_name_before_any_work(monkeypatch, name):
    function, good = GOOD[name]
    function(**good)

    def refuse(*args, **kwargs):
        raise WorkStarted("the call started computing before refusing its arguments")

    for module, work in WORK:
        monkeypatch.setattr(importlib.import_module(module), work, refuse)
    order = list(inspect.signature(function).parameters)
    wrong = []
    for argument, constraint in PUBLIC[name]._parameter_constraints.items():
        for value, error in invalid_values(constraint, good[argument], good):
            arguments = {**good, argument: value}
            for how, call in (("by keyword", lambda: function(**arguments)),
                              ("by position", lambda: function(*map(arguments.get, order)))):
                if problem := _refused(call, error, argument):
                    wrong.append(f"{argument}={_checks._short(value)} {how}: {problem}")
    assert not wrong, "\n".join(wrong)
