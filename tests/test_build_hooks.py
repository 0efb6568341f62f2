"""The build extension's guards (docs/_ext/nnlesson_build.py): dying kernels, printed pieces.

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


def _printed(*pieces):
    import nbformat

    return [nbformat.v4.new_output("stream", name="stdout", text=piece) for piece in pieces]


def test_printed_pieces_are_joined_as_printed(monkeypatch):
    # A kernel cut `print(a); print(b)` between a's text and its newline:
    # myst-nb's merge alone shows a blank line between them (and a line cut
    # in its middle as two lines); joined first, the cell shows what it printed.
    from myst_nb.core import render

    original = render.coalesce_streams
    assert original(_printed("[[1]]", "\n[[2]]\n"))[0]["text"] == "[[1]]\n\n[[2]]\n"
    monkeypatch.setattr(render, "coalesce_streams", original)
    nnlesson_build.join_printed_pieces(None, None)
    merged = render.coalesce_streams(_printed("[[1]]", "\n[[2]]\n", "abc", "def\n"))
    assert [output["text"] for output in merged] == ["[[1]]\n[[2]]\nabcdef\n"]
    stderr = _printed("x\n")
    stderr[0]["name"] = "stderr"
    merged = render.coalesce_streams(_printed("a", "b\n") + stderr + _printed("c\n"))
    assert [(output["name"], output["text"]) for output in merged] == [
        ("stdout", "ab\nc\n"), ("stderr", "x\n")]
