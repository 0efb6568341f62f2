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
                              Options, Params, Rates, Real, Seeds, Sizes, Targets, Text)
from nnlesson.book import claims, explorer, prose, source, timing
from nnlesson.book.stories import bruteforce as bf_story, claims as claims_story, convexity, descent, minimum, valleys
from nnlesson.optimizers import Adam, Momentum
from nnlesson.study import bfgs_study, descent_study, sgd_study

X, y = load_data()
NET = Network.random(seed=0)
TRAINED = train_bfgs(NET, X, y).network  # flat: descents from here stop at once
TIMES = timing.BruteForceTimes(0.01, 1e-5, 10_000, 0.02, 1_000_000)  # made up: nothing timed
RUN = nnlesson.gradient_descent(NET, X, y, 1.0, 2, 0.0)


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
    "nnlesson.book.prose.scientific": _good(prose.scientific, value=1.5, digits=2, unicode=True),
    "nnlesson.book.prose.format_duration": _good(prose.format_duration, seconds=90.0,
                                                 unicode=True),
    "nnlesson.book.prose.fixed": _good(prose.fixed, value=1.5, digits=4),
    "nnlesson.book.prose.percent": _good(prose.percent, fraction=0.5, digits=1),
    "nnlesson.book.prose.plural": _good(prose.plural, count=2, noun="step", nouns=None),
    "nnlesson.book.prose.how_often": _good(prose.how_often, count=2),
    "nnlesson.book.claims.timing_verdict": _good(claims.timing_verdict, measured=0.05,
                                                 claimed=0.07, factor=2.0),
    "nnlesson.book.claims.share_verdict": _good(claims.share_verdict, share=0.5),
    "nnlesson.book.claims.order_verdict": _good(claims.order_verdict, value=1e-9, order=1e-8),
    "nnlesson.book.claims.bound_verdict": _good(claims.bound_verdict, claimed=2.8, bound=1.05),
    "nnlesson.book.claims.convexity_verdict": _good(claims.convexity_verdict, sign_changes=2),
    "nnlesson.book.claims.promise_kept": _good(claims.promise_kept, evaluations=77,
                                               reached_bottom=True, limit=100),
    "nnlesson.book.prose.shown_seconds": _good(prose.shown_seconds, seconds=0.0152),
    "nnlesson.book.prose.markdown_table": _good(prose.markdown_table, header=["a", "b"],
                                                rows=[[1, 2]], align=["left", "right"]),
    "nnlesson.book.source.quote": _good(source.quote, key="convex"),
    "nnlesson.book.timing.seconds_per_call": _good(timing.seconds_per_call,
                                                   function=lambda: None, repeats=2, number=1),
    "nnlesson.book.prose.weight_label": _good(prose.weight_label, index=1, sizes=(2, 3, 1)),
    "nnlesson.book.prose.weight_text": _good(prose.weight_text, index=1, sizes=(2, 3, 1)),
    # The stories, at a hundredth of their step budgets (their good calls take seconds).
    "nnlesson.book.stories.bruteforce.brute_force_story": _good(bf_story.brute_force_story,
                                                                times=TIMES),
    "nnlesson.book.stories.descent.descent_story": _good(descent.descent_story, tighter=1.0,
                                                         longer=0.01),
    "nnlesson.book.stories.descent.bounce_word": _good(descent.bounce_word, rate=30.0,
                                                       curvature=6.8e-4),
    "nnlesson.book.stories.valleys.valleys_story": _good(valleys.valleys_story, tighter=1.0,
                                                         longer=0.01),
    "nnlesson.book.stories.convexity.find_stuck_start": _good(convexity.find_stuck_start,
                                                              tighter=1.0, search=[2]),
    "nnlesson.book.stories.convexity.convexity_story": _good(
        convexity.convexity_story, tighter=1.0, longer=0.01, search=[2]),
    "nnlesson.book.stories.minimum.minimum_story": _good(minimum.minimum_story, tighter=1.0,
                                                         longer=0.01),
    "nnlesson.book.stories.claims.claims_story": _good(
        claims_story.claims_story, tighter=1.0, longer=0.01, size=2, times=TIMES),
    "nnlesson.book.stories.claims.study_story": _good(claims_story.study_story, tighter=1.0,
                                                      size=2),
    "nnlesson.book.explorer.reason_text": _good(explorer.reason_text, result=RUN),
    "nnlesson.book.explorer.final_cost_text": _good(explorer.final_cost_text, result=RUN),
    "nnlesson.book.explorer.explorer_runs": _good(explorer.explorer_runs, rates=[30.0]),
    "nnlesson.book.explorer.explorer_data": _good(
        explorer.explorer_data, runs=explorer.explorer_runs(rates=[30.0])),
    "nnlesson.book.explorer.stepper_data": _good(
        explorer.stepper_data, start_w=4.2, learning_rate=30.0, max_steps=3, tolerance=1e-4,
        span=(3.0, 5.0), static_id="fig", title="A title"),
    "nnlesson.book.explorer.widget_html": _good(explorer.widget_html, data={"kind": "stepper"}),
    "nnlesson.book.timing.time_brute_force": _good(
        timing.time_brute_force, net=NET, X=X, y=y, values=[-1.0, 0.0, 1.0], corner=2,
        repeats=1),
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
    # The book's glue: any text goes into a page; the build's own timing file.
    "nnlesson.book.prose.timing_span", "nnlesson.book.prose.glue_text",
    "nnlesson.book.timing.measured_times", "nnlesson.book.timing.timing_texts",
    "nnlesson.book.timing.save_times",
    "nnlesson.book.bench.main",  # argparse parses its arguments
}
#: Modules not walked: the figures (matplotlib checks what it draws).
NOT_WALKED = ("nnlesson.book.plotting",)
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
    return {name: function for name, function in found.items()
            if set(inspect.signature(function).parameters) - {"self", "cls"}}


PUBLIC = public_functions()


def test_every_public_function_declares_its_checks():
    assert "nnlesson.descent.gradient_descent" in PUBLIC and len(PUBLIC) >= 50  # the walk works
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
    if kind is Text:
        return [(1, TypeError), (b"step", TypeError)]
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
        ("nnlesson.gradcheck", "_scaled_norm"), ("nnlesson.book.timing", "cost_grid"),
        ("timeit", "repeat"), ("nnlesson.book.prose", "_trim"), ("nnlesson.book.claims", "_times")]


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
