"""What a reader takes away runs without the repository.

- Every public name has at least one example, and each starts with its own
  imports, so it runs pasted into Python. (The examples themselves run
  once, in the repository, as pytest's doctests: no conftest gives them
  names they did not import.)
- The wheel, built from a copy outside the repository (so no ``build/`` is
  left behind), ships every module and installs into one fresh virtual
  environment with no deprecation warning. There, a plain install (no
  extras) imports every module it ships, except the plotting module, which
  says in a clear ImportError which extra to install; and the installed
  package's doctests pass under ``pytest --doctest-modules --pyargs
  nnlesson``, all but the plotting module's.

The wheel and the virtual environment take about 20 seconds (pip reaches
the package index, or the local wheel cache the machine's pip is set up
with); they are made in the background from the start of the session
(tests/background.py).
"""

import doctest
import importlib
import inspect
import pathlib
import re
import subprocess
import sys
import textwrap

import pytest

import background

ROOT = pathlib.Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "nnlesson"
MODULES = sorted(".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
                 for path in PACKAGE.rglob("*.py"))
#: Modules whose public functions each need an example (besides nnlesson.__all__).
EXAMPLE_MODULES = ["nnlesson.network", "nnlesson.study", "nnlesson.endpoints"] + [
    name for name in MODULES if name.startswith("nnlesson.book")]
#: Public names that have no example yet. Each is an expected failure that
#: must fail (strict): give the name an example, then take it off this list.
NO_EXAMPLE_YET = set()  # every public name has an example
PASSED = re.compile(r"(\d+) passed")


def _run(args, cwd, **kwargs):
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, capture_output=True,
                            text=True, timeout=600, **kwargs)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{output}"
    return output


def _public_names():
    import nnlesson

    names = [f"nnlesson.{name}" for name in nnlesson.__all__]
    for module_name in EXAMPLE_MODULES:
        if module_name == "nnlesson.book.plotting":
            pytest.importorskip("matplotlib")
        module = importlib.import_module(module_name)
        names += [f"{module_name}.{name}" for name, value in vars(module).items()
                  if not name.startswith("_") and inspect.isfunction(value)
                  and value.__module__ == module_name]
    return sorted(set(names))


def _example_marks(name):
    if name in NO_EXAMPLE_YET:
        return [pytest.mark.xfail(strict=True, reason="no example yet (see NO_EXAMPLE_YET)")]
    return []


@pytest.mark.parametrize("name", [pytest.param(name, marks=_example_marks(name))
                                  for name in _public_names()])
def test_every_public_name_has_an_example(name):
    module_name, _, attribute = name.rpartition(".")
    value = getattr(importlib.import_module(module_name), attribute)
    examples = doctest.DocTestParser().get_examples(inspect.getdoc(value) or "")
    assert examples, f"{name} has no Examples section"
    assert examples[0].source.startswith(("from ", "import ")), \
        f"{name}'s example does not start with its own imports"


def test_every_public_name_is_checked():
    names = set(_public_names())
    assert NO_EXAMPLE_YET <= names and len(names) >= 60


# -- outside the repository: the wheel in fresh virtual environments -----------

@background.job("outside")
def _install_outside(tmp_path_factory):
    """The wheel, built outside the repository, installed plain; what runs there."""
    import shutil

    folder = tmp_path_factory.mktemp("outside")
    assert ROOT not in folder.parents
    # Build from a copy of what the wheel is made of: setuptools writes its
    # build folder beside pyproject.toml, which must not be the repository.
    source = folder / "source"
    shutil.copytree(PACKAGE, source / "nnlesson", ignore=shutil.ignore_patterns("__pycache__"))
    for path in [ROOT / "pyproject.toml", ROOT / "README.md", *ROOT.glob("LICEN[CS]E*")]:
        shutil.copy(path, source / path.name)
    output = _run([sys.executable, "-m", "pip", "wheel", source, "--no-deps",
                   "--no-build-isolation", "-w", folder / "dist"], cwd=folder)
    assert "deprecat" not in output.lower(), output
    (wheel,) = (folder / "dist").glob("nnlesson-*.whl")
    # A fresh virtual environment with the wheel, no extras (and pytest),
    # installed by this pip (no copy of pip in it, no byte-compiling of
    # every file of NumPy and SciPy: what runs there compiles as it loads).
    _run([sys.executable, "-m", "venv", "--without-pip", folder / "plain"], cwd=folder)
    python = folder / "plain" / "bin" / "python"
    output = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-compile",
                   wheel, "pytest"], cwd=folder)
    assert "deprecat" not in output.lower(), output
    (folder / "run").mkdir()
    # The plotting module cannot be imported without matplotlib: pytest skips
    # it, naming the module; every other example runs.
    doctests = _run([python, "-m", "pytest", "--doctest-modules", "--pyargs", "nnlesson",
                     "-p", "no:cacheprovider", "-q", "-rs", "--doctest-ignore-import-errors"],
                    cwd=folder / "run")
    return {"wheel": wheel, "imports": _run([python, "-c", IMPORT_ALL], cwd=folder / "run"),
            "doctests": doctests}


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    """The wheel and its plain install's outputs (made in the background from the
    start of the session): {"wheel", "imports", "doctests"}."""
    return background.result("outside", tmp_path_factory)


def test_the_wheel_ships_every_module(outside):
    import zipfile

    wheel = outside["wheel"]
    shipped = {name for name in zipfile.ZipFile(wheel).namelist() if name.endswith(".py")}
    assert shipped == {str(path.relative_to(ROOT)) for path in PACKAGE.rglob("*.py")}


IMPORT_ALL = textwrap.dedent("""\
    import importlib, pkgutil, sys
    import nnlesson
    assert "site-packages" in nnlesson.__file__, nnlesson.__file__
    names = ["nnlesson"] + [info.name for info in
                            pkgutil.walk_packages(nnlesson.__path__, "nnlesson.")]
    for name in names:
        try:
            importlib.import_module(name)
            print("imported", name)
        except ImportError as error:
            print("refused", name, type(error).__name__, error)
    from nnlesson.book.prose import glue_text
    print("glue_text gives", glue_text("name", "text"))
    print("matplotlib" in sys.modules, "myst_nb" in sys.modules)
    """)


def test_a_plain_install_imports_every_module(outside):
    output = outside["imports"]
    lines = output.splitlines()
    refused = [line for line in lines if line.startswith("refused")]
    assert refused == ["refused nnlesson.book.plotting ImportError nnlesson.book.plotting "
                       "draws with matplotlib, which the book's extra installs: "
                       "pip install 'nnlesson[docs]'"], output
    imported = {line.split()[1] for line in lines if line.startswith("imported")}
    assert imported == set(MODULES) - {"nnlesson.book.plotting"}
    assert "glue_text gives None" in lines  # no myst-nb: nothing to glue, no error
    assert lines[-1] == "False False"


def _docstrings_with_examples(module_names):
    """How many doctests pytest collects from these modules (docstrings with examples)."""
    finder = doctest.DocTestFinder()
    return sum(1 for name in module_names
               for test in finder.find(importlib.import_module(name)) if test.examples)


def test_doctests_pass_outside_in_a_plain_install(outside):
    output = outside["doctests"]
    assert "failed" not in output, output
    assert re.search(r"1 skipped", output) and "nnlesson/book/plotting.py" in output, output
    passed = int(PASSED.search(output).group(1))
    assert passed == _docstrings_with_examples(set(MODULES) - {"nnlesson.book.plotting"})
    print(f"doctests outside the repository, plain install: {passed} passed, plotting skipped")
