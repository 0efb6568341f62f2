"""The build extension's guard against a kernel that dies at start (docs/_ext/nnlesson_build.py).

Two kernels started at once can be given the same port; the second dies
before it runs a cell. The build starts it again, a few times at most, and
lets every other failure through.
"""

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import nnlesson_build  # noqa: E402
from myst_nb.core.execute import direct  # noqa: E402

DIED = "Kernel died before replying to kernel_info"


def _guarded(monkeypatch, failures):
    """myst-nb's executor, failing with ``failures`` in turn, behind the guard."""
    calls = []

    def execute(notebook, *args, **kwargs):
        calls.append(notebook)
        if len(calls) <= len(failures):
            raise failures[len(calls) - 1]
        return "executed"

    monkeypatch.setattr(direct, "single_nb_execution", execute)
    nnlesson_build.restart_kernels_that_die_at_start(None, None)
    return direct.single_nb_execution, calls


def test_a_kernel_that_dies_at_start_is_started_again(monkeypatch):
    execute, calls = _guarded(monkeypatch, [RuntimeError(DIED)] * (nnlesson_build.KERNEL_STARTS - 1))
    assert execute("notebook") == "executed"
    assert calls == ["notebook"] * nnlesson_build.KERNEL_STARTS


def test_a_kernel_that_keeps_dying_fails_the_chapter(monkeypatch):
    execute, calls = _guarded(monkeypatch, [RuntimeError(DIED)] * nnlesson_build.KERNEL_STARTS)
    with pytest.raises(RuntimeError, match=DIED):
        execute("notebook")
    assert len(calls) == nnlesson_build.KERNEL_STARTS


def test_any_other_failure_is_not_retried(monkeypatch):
    execute, calls = _guarded(monkeypatch, [RuntimeError("something else")])
    with pytest.raises(RuntimeError, match="something else"):
        execute("notebook")
    assert len(calls) == 1
