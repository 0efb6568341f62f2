"""A slow call repeated with equal arguments is answered from memory, with a copy."""

import numpy as np
import pytest

from nnlesson import Network, gradient_descent, load_data
from nnlesson import _memo
from nnlesson._memo import remembered

X, y = load_data()


@pytest.fixture
def memo(monkeypatch):
    """An empty memory that keeps every call, however fast."""
    monkeypatch.setattr(_memo, "_results", type(_memo._results)())
    monkeypatch.setattr(_memo, "SLOW", 0.0)
    return _memo._results


def _counted():
    calls = []

    @remembered
    def double(values, scale=2.0):
        calls.append(1)
        return {"out": np.asarray(values) * scale}

    return double, calls


def test_equal_arguments_run_once_and_each_caller_gets_its_own_copy(memo):
    double, calls = _counted()
    first = double(np.arange(3.0))
    first["out"][0] = 99.0  # a caller changing its result ...
    second = double(np.arange(3.0), scale=2.0)  # ... the default spelled out: the same call
    assert len(calls) == 1
    assert second["out"].tolist() == [0.0, 2.0, 4.0]  # ... does not change the memory


@pytest.mark.parametrize("other", [
    lambda f: f(np.arange(3.0), scale=3.0),  # another value
    lambda f: f(np.arange(3)),  # the same numbers as ints: another dtype
    lambda f: f(np.arange(3.0).reshape(3, 1)),  # another shape
    lambda f: f([0.0, 1.0, 2.0]),  # a list, not an array
])
def test_different_arguments_run_again(memo, other):
    double, calls = _counted()
    double(np.arange(3.0))
    other(double)
    assert len(calls) == 2


def test_fast_large_and_unkeyable_calls_are_not_kept(memo, monkeypatch):
    double, calls = _counted()
    monkeypatch.setattr(_memo, "SLOW", 60.0)  # nothing here takes a minute
    double(np.arange(3.0)), double(np.arange(3.0))
    monkeypatch.setattr(_memo, "SLOW", 0.0)
    monkeypatch.setattr(_memo, "LARGEST", 8)  # one float
    double(np.arange(3.0)), double(np.arange(3.0))
    assert len(calls) == 4

    @remembered
    def call(function):
        calls.append(1)
        return function()

    call(lambda: 0), call(lambda: 0)  # a function cannot be compared by value
    assert len(calls) == 6 and len(memo) == 0


def test_the_least_recently_used_goes_first(memo, monkeypatch):
    monkeypatch.setattr(_memo, "KEPT", 2)
    double, calls = _counted()
    for value in (1.0, 2.0, 1.0, 3.0):  # 1.0 used again, so 2.0 is the one to go
        double(value)
    double(1.0), double(3.0)
    assert len(calls) == 3
    double(2.0)
    assert len(calls) == 4


def test_a_remembered_descent_equals_a_fresh_one(memo):
    net = Network.random(seed=1)
    first = gradient_descent(net, X, y, learning_rate=10.0, max_steps=300, tolerance=1e-6)
    again = gradient_descent(net, X, y, learning_rate=10.0, max_steps=300, tolerance=1e-6)
    _memo.forget()
    fresh = gradient_descent(net, X, y, learning_rate=10.0, max_steps=300, tolerance=1e-6)
    assert again is not first and np.array_equal(again.path, fresh.path)
    assert again.reason == fresh.reason and np.array_equal(again.costs, first.costs)
    # A network with other weights is another call.
    other = gradient_descent(Network.random(seed=2), X, y, learning_rate=10.0, max_steps=300,
                             tolerance=1e-6)
    assert not np.array_equal(other.path, first.path)
