"""The package's shape: the numerical core never imports the book's helpers."""

import ast
import pathlib

import nnlesson

PACKAGE = pathlib.Path(nnlesson.__file__).parent
CORE = sorted(PACKAGE.glob("*.py"))  # __init__.py included: the front door


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield node.module or ""
            if node.module == "nnlesson":
                yield from (f"nnlesson.{alias.name}" for alias in node.names)


def test_the_core_never_imports_the_book():
    assert len(CORE) >= 9  # __init__, data, activation, network, ... were found
    for path in CORE:
        book = [name for name in imported_modules(path) if name.startswith("nnlesson.book")]
        if path.name == "__init__.py":  # the one lazy re-export, inside __getattr__
            assert book == ["nnlesson.book.prose"], book
            assert "def __getattr__(name):" in path.read_text()
            continue
        assert book == [], f"{path.name} imports {book}"


def test_import_nnlesson_loads_nothing_of_the_book():
    import subprocess
    import sys

    code = ("import nnlesson, sys; print([m for m in sys.modules if m.startswith('nnlesson.book')]);"
            " nnlesson.format_duration(1.0);"
            " print([m for m in sys.modules if m.startswith('nnlesson.book')])")
    lines = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    assert lines[0] == "[]" and "'nnlesson.book.prose'" in lines[1]  # loaded when asked for


def test_the_core_never_imports_plotting_or_notebook_tools():
    for path in CORE:
        heavy = [name for name in imported_modules(path)
                 if name.split(".")[0] in ("matplotlib", "IPython", "myst_nb")]
        assert heavy == [], f"{path.name} imports {heavy}"


def _calls_and_assignments(path):
    """The names a module calls or imports, and the names it assigns to (code only)."""
    calls, assigned = set(), set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            calls.add(node.func.id)
        elif isinstance(node, ast.ImportFrom) and node.module == "nnlesson.activation":
            calls.update(f"activation.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assigned.add(node.id)
    return calls, assigned


def test_equations_are_written_once():
    # The sigmoid is computed (SciPy's expit called) only in activation.py;
    # a layer (the unchecked sigmoid f of a matrix product) and
    # backpropagation's deltas only in network.py. Everything else calls them.
    homes = {("call", "expit"): {"activation.py"}, ("call", "activation.f"): {"network.py"},
             ("assign", "delta3"): {"network.py"}, ("assign", "delta2"): {"network.py"}}
    seen = {key: set() for key in homes}
    for path in PACKAGE.rglob("*.py"):
        calls, assigned = _calls_and_assignments(path)
        for (kind, name), allowed in homes.items():
            if name in (calls if kind == "call" else assigned):
                seen[(kind, name)].add(path.name)
                assert path.name in allowed, f"{path.relative_to(PACKAGE)} computes {name} itself"
    assert seen == homes  # each was found at its home
