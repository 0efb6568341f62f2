"""The chapters compute in their visible cells, and the verdict rules hold at their boundaries.

A chapter states its settings in one visible cell tagged ``parameters``,
computes every run it reports in visible cells, and hands the results to its
story in one hidden cell, its last code cell::

    glue_story(DescentStory(eta=eta, one=one, ...))

Hidden cells (``remove-cell`` and ``remove-input``) may only style, glue and
show the interactive figures: imports, calls, and names bound to a call's
result. No arithmetic, no comparison, no ``if``, no loop, no function of
their own. The stories' judging words are tested against the built book in
``tests/site/test_stories.py``.
"""

import ast
import pathlib
import re

import jupytext
import pytest

import nnlesson.book.stories as stories
from nnlesson.book.claims import HOLDS_HERE, timing_verdict

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"
CHAPTERS = sorted(path for path in DOCS.glob("*.md") if "```{code-cell}" in path.read_text())
HIDDEN = {"remove-cell", "remove-input"}
#: What a hidden cell may contain.
ALLOWED = (ast.Module, ast.Import, ast.ImportFrom, ast.alias, ast.Expr, ast.Assign, ast.Name,
           ast.Load, ast.Store, ast.Call, ast.keyword, ast.Constant, ast.Attribute, ast.Tuple,
           ast.UnaryOp, ast.USub, ast.Subscript)
#: The glue cell: the story of the chapter, from the chapter's results.
GLUE_CELL = re.compile(r"glue_story\((\w+Story)\(")


def _code_cells(path):
    return [cell for cell in jupytext.read(path).cells if cell.cell_type == "code"]


def _hidden_cells(path):
    return [cell for cell in _code_cells(path) if HIDDEN & set(cell.metadata.get("tags", []))]


def _forbidden(source):
    """The kinds of code in ``source`` that a hidden cell may not hold.

    Besides the node types, every call must be to a name the cell imported
    from the book's package (``nnlesson``) or from IPython's display: the
    package computes, the cell only passes the results along.
    """
    tree = ast.parse(source)
    found = {type(node).__name__ for node in ast.walk(tree) if not isinstance(node, ALLOWED)}
    imported = {alias.asname or alias.name for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom)
                and node.module.split(".")[0] in ("nnlesson", "IPython") for alias in node.names}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and not isinstance(node.value, ast.Call):
            found.add("Assign of a value that is not a call's result")
        if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Call):
            found.add("an expression that is not a call")
        if isinstance(node, ast.Call) and not (isinstance(node.func, ast.Name)
                                               and node.func.id in imported):
            found.add(f"a call of {ast.unparse(node.func)}, not of the book's package")
    return found


def story_class(path, kinds=stories):
    """The Story class that a chapter's glue cell hands its results to (found in ``kinds``)."""
    return getattr(kinds, GLUE_CELL.search(_code_cells(path)[-1].source).group(1))


def settings_cell(path):
    """The chapter's visible cell tagged ``parameters``, or None."""
    cells = [cell for cell in _code_cells(path) if "parameters" in cell.metadata.get("tags", [])]
    assert len(cells) <= 1, f"{path.name} has {len(cells)} cells tagged parameters, not one"
    return cells[0] if cells else None


def chapter_problems(path, kinds=stories):
    """What is wrong with a chapter's cells, by the recipe of the README's "Adding a chapter".

    - Hidden cells only style and glue; the last code cell is the one glue
      cell, ``glue_story(SomeStory(...))``, with ``SomeStory`` in ``kinds``.
    - Every setting the robustness test changes (the story's ``TIGHTER`` and
      ``LONGER``) is a plain number in the one visible cell tagged
      ``parameters``, so the test can change it by adding a cell after it,
      as papermill does.
    - What the reader copies runs on its own: no name a hidden cell binds is
      read by a visible cell unless a visible cell above bound it too, and
      no visible cell imports with a star (which would hide what it binds).
    """
    problems = []
    for cell in _hidden_cells(path):
        if _forbidden(cell.source):
            problems.append(f"a hidden cell computes ({sorted(_forbidden(cell.source))}):\n"
                            f"{cell.source}")
    last = _code_cells(path)[-1]
    if not ("remove-cell" in last.metadata.get("tags", []) and GLUE_CELL.search(last.source)):
        return problems + [f"the last code cell is not the hidden glue cell:\n{last.source}"]
    glue = [cell.source for cell in _hidden_cells(path) if "glue_story" in cell.source]
    if glue != [last.source]:
        problems.append(f"it glues in {len(glue)} cells, not in its last one only")
    kind = story_class(path, kinds)
    cell = settings_cell(path)
    if kind.TIGHTER + kind.LONGER:
        if cell is None or HIDDEN & set(cell.metadata.get("tags", [])):
            return problems + ["its story varies settings, but no visible cell is tagged parameters"]
        values = {}
        for node in ast.parse(cell.source).body:
            if not (isinstance(node, ast.Assign) and len(node.targets) == 1):
                problems.append(f"the settings cell holds more than settings: {ast.unparse(node)}")
                continue
            values[node.targets[0].id] = ast.literal_eval(node.value)
        problems += [f"{name} is not a number in the settings cell"
                     for name in kind.TIGHTER + kind.LONGER
                     if not isinstance(values.get(name), (int, float))]
    visible_bound, hidden_only = set(), set()
    for cell in _code_cells(path):
        tree = ast.parse("\n".join(line for line in cell.source.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
        if HIDDEN & set(cell.metadata.get("tags", [])):
            hidden_only |= _bound(tree) - visible_bound
            continue
        if [node for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and any(alias.name == "*" for alias in node.names)]:
            problems.append(f"a visible cell imports with a star:\n{cell.source}")
        borrowed = (_read_before_bound(tree) - visible_bound) & hidden_only
        if borrowed:
            problems.append(f"a visible cell uses {sorted(borrowed)} from a hidden cell:\n"
                            f"{cell.source}")
        visible_bound |= _bound(tree)
    return problems


def test_chapters_were_found():
    assert len(CHAPTERS) >= 10


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda path: path.stem)
def test_each_chapter_follows_the_recipe(path):
    assert chapter_problems(path) == []


def test_a_setting_has_one_value_in_every_chapter():
    # A setting that several chapters state under one name (the book's
    # tolerance, say) has the same value everywhere.
    seen = {}
    for path in CHAPTERS:
        cell = settings_cell(path)
        for node in ast.parse(cell.source if cell else "").body:
            seen.setdefault(node.targets[0].id, {})[path.stem] = ast.literal_eval(node.value)
    differing = {name: where for name, where in seen.items()
                 if len({repr(value) for value in where.values()}) > 1}
    assert seen and not differing, differing


def _bound(tree):
    """Names a cell binds: imports, assignments, functions, loops."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names


def _read_before_bound(tree):
    """Names a cell reads without binding them itself first (its inputs, roughly)."""
    bound = _bound(tree)
    return {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)} - bound


def test_the_independence_check_sees_a_borrowed_name():
    hidden, visible = ast.parse("from nnlesson.book import book_network\nnet = book_network()"), \
        ast.parse("net.cost(X, y)")
    assert (_read_before_bound(visible) & _bound(hidden)) == {"net"}


@pytest.mark.parametrize("source, problem", [
    ("x = 1 + 2", "BinOp"), ("if True:\n    pass", "If"), ("for k in range(3):\n    f(k)", "For"),
    ("[k for k in range(3)]", "ListComp"), ("def f():\n    pass", "FunctionDef"),
    ("y = x", "Assign of a value that is not a call's result"), ("a < b", "Compare"),
    ("import numpy as np\nnp.linspace(0, 1, 5)", "a call of np.linspace, not of the book's package")])
def test_the_lint_catches_computation(source, problem):
    assert problem in _forbidden(source)


def test_the_lint_allows_glue_and_widgets():
    assert _forbidden("from nnlesson.book.stories import CostStory, glue_story\n"
                      "from nnlesson.book.explorer import stepper_data, widget_html\n"
                      "from IPython.display import HTML\nglue_story(CostStory(J=J, y=y))\n"
                      "data = stepper_data(runs[3.0], X, y, span=(3.2, -4.9))\n"
                      "HTML(widget_html(data))") == set()


# -- verdicts agree with their rules ------------------------------------------
@pytest.mark.parametrize("ratio, verdict", [(1.99, HOLDS_HERE), (2.0, HOLDS_HERE),
                                            (2.01, "2.01 times slower"),
                                            (2.0000001, "2.0000001 times slower"),
                                            (1 / 1.99, HOLDS_HERE), (0.5, HOLDS_HERE),
                                            (1 / 2.01, "2.01 times faster"), (7.0, "7 times slower")])
def test_timing_verdicts_at_the_boundaries(ratio, verdict):
    text = timing_verdict(ratio, 1.0)
    assert text.endswith(verdict)
    shown = re.search(r"([\d.,]+) times", text)
    if shown:  # a reader applying "within a factor of 2" to the printed number agrees
        assert float(shown.group(1).replace(",", "")) > 2.0


# -- quotes of the series are its own words ---------------------------------------
from nnlesson.book.source import QUOTES  # noqa: E402

SERIES = [" ".join(words.split()) for _, words in QUOTES.values()]


def _prose(path):
    """A chapter's text outside code blocks, on one line."""
    text = re.sub(r"```.*?```", " ", path.read_text(), flags=re.S)
    return " ".join(text.split())


@pytest.mark.parametrize("path", sorted(DOCS.glob("*.md")), ids=lambda path: path.stem)
def test_the_series_is_quoted_verbatim(path):
    # The series' words go in curly quotes, the book's own terms in straight
    # ones: every curly quote is the series' (nnlesson.book.source.QUOTES),
    # and no straight quote of three words or more is.
    prose = _prose(path)
    for quoted in re.findall(r"“([^”]+)”", prose):
        assert any(quoted in words for words in SERIES), f"{path.name}: “{quoted}” is not verbatim"
    for quoted in re.findall(r'"([^"]+)"', prose):
        if len(quoted.split()) >= 3:
            assert not any(quoted in words for words in SERIES), \
                f'{path.name}: "{quoted}" quotes the series: write it in curly quotes'


# -- exercises -------------------------------------------------------------------
LESSON_CHAPTERS = [path for path in CHAPTERS if path.stem not in ("index", "api")]


@pytest.mark.parametrize("path", LESSON_CHAPTERS, ids=lambda path: path.stem)
def test_every_chapter_has_goals_a_summary_and_exercises_that_ask_for_code(path):
    text = path.read_text()
    assert text.count(":::{admonition} What you will learn") == 1
    assert text.count("\n## Summary\n") == 1 and text.index("## Summary") < text.index("## Exercises")
    goals = text.split(":::{admonition} What you will learn")[1].split(":::")[0]
    assert 3 <= goals.count("\n- ") <= 5, goals
    exercises = re.findall(r":::\{exercise\}\n:label: (\S+)\n(.*?):::", text, re.S)
    assert len(exercises) >= 3, path.name
    statements = [statement for _, statement in exercises]
    assert len(set(statements)) == len(statements)
    coding = [label for label, statement in exercises if re.search(r"\bwrite\b", statement, re.I)]
    assert coding, f"{path.name}: no exercise asks the reader to write code"
    for label in coding:  # the build runs each code solution, and the solution checks itself
        solution = text.split(f":::{{solution-start}} {label}")[1].split(":::{solution-end}")[0]
        assert "```{code-cell}" in solution and "assert " in solution, label
