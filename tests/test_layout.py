"""The package's shape: the numerical core never imports the book's helpers."""

import ast
import pathlib

import nnlesson

PACKAGE = pathlib.Path(nnlesson.__file__).parent
CORE = sorted(p for p in PACKAGE.glob("*.py") if p.name != "__init__.py")


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
    assert len(CORE) >= 8  # data, activation, network, ... were found
    for path in CORE:
        book = [name for name in imported_modules(path) if name.startswith("nnlesson.book")]
        assert book == [], f"{path.name} imports {book}"


def test_the_core_never_imports_plotting_or_notebook_tools():
    for path in CORE:
        heavy = [name for name in imported_modules(path)
                 if name.split(".")[0] in ("matplotlib", "IPython", "myst_nb")]
        assert heavy == [], f"{path.name} imports {heavy}"


def test_equations_are_written_once():
    # The sigmoid is computed only in activation.py; the forward pass (a
    # sigmoid of a matrix product) and backpropagation's deltas only in
    # network.py. Everything else calls them.
    homes = {"expit(": {"activation.py"}, "_sigmoid(": {"activation.py", "network.py"},
             "delta3": {"network.py"}, "delta2": {"network.py"}}
    seen = {pattern: set() for pattern in homes}
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        for pattern, allowed in homes.items():
            if pattern in text:
                seen[pattern].add(path.name)
                assert path.name in allowed, f"{path.relative_to(PACKAGE)} computes {pattern!r} itself"
    assert seen == homes  # each pattern was found at its home
