"""Sphinx configuration for the book. Build with ``make html``.

Sources live in ``docs/``; this file sits at the repository root so that
``sphinx-build -c . docs _build/html`` finds both.
"""

import atexit
import hashlib
import importlib.util
import os
import pathlib
import shutil
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent

project = "Gradient descent, computed"
author = "the nnlesson authors"
copyright = "2026, the nnlesson authors"

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "sphinx_copybutton",
]
exclude_patterns = ["_build", "jupyter_execute", ".jupyter_cache", "**.ipynb_checkpoints"]
templates_path = []

# -- strictness -----------------------------------------------------------
nitpicky = True
nitpick_ignore_regex = [
    # numpydoc type descriptions ("ndarray of shape (n, 1)") are prose, not
    # Python objects; every other cross-reference is still checked.
    (r"py:class", r".*"),
]

# -- notebooks ------------------------------------------------------------
# Every chapter executes in a fresh kernel whenever Sphinx reads it. Sphinx
# re-reads a chapter when its source changes, and every chapter when the
# config changes; ``nnlesson_source_hash`` below makes any change to the
# package a config change. A build with no change reads, and runs, nothing.
nb_execution_mode = "force"
# A failing cell is logged as a warning that names the chapter and shows the
# traceback; -W (always on in make html) turns it into a failed build. (With
# raise_on_error = True Sphinx would only print "ExecutionError: <path>".)
nb_execution_raise_on_error = False
nb_execution_show_tb = True
nb_execution_timeout = 120
nb_output_stderr = "error"  # anything a cell writes to stderr fails the build


_STRICT_STARTUP = """\
import warnings
from IPython import get_ipython

_saved_filters = []

def _warnings_are_errors(*args):
    _saved_filters.append(warnings.filters[:])
    warnings.simplefilter("error")

def _restore_filters(*args):
    if _saved_filters:
        warnings.filters[:] = _saved_filters.pop()

get_ipython().events.register("pre_run_cell", _warnings_are_errors)
get_ipython().events.register("post_run_cell", _restore_filters)
"""


def _strict_kernels():
    """Make every Python warning raised in a chapter cell an exception.

    The kernels myst-nb starts inherit this process's environment, so an
    IPython startup file in a private IPYTHONDIR turns warnings into errors
    while a cell runs (not while the kernel starts or stops): the failing
    cell then shows its traceback, and the build names the chapter.
    """
    ipython_dir = pathlib.Path(tempfile.mkdtemp(prefix="nnlesson-ipython-"))
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-warnings-are-errors.py").write_text(_STRICT_STARTUP)
    os.environ["IPYTHONDIR"] = str(ipython_dir)
    creator = os.getpid()  # parallel readers are forked: only the parent cleans up
    atexit.register(lambda: os.getpid() == creator and shutil.rmtree(ipython_dir, True))


_strict_kernels()
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "attrs_inline", "deflist"]
myst_heading_anchors = 3
nb_render_markdown_format = "myst"


def _package_hash():
    digest = hashlib.sha256()
    for path in sorted((ROOT / "nnlesson").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


nnlesson_source_hash = _package_hash()

# -- numbering ------------------------------------------------------------
# Equations are numbered across the whole book in reading order (the toctree
# is not numbered, so every number is global): equations 1 to 5 of the
# source keep their numbers.
numfig = True
math_numfig = True
math_eqref_format = "({number})"
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}

# -- autodoc ---------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "none"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# -- HTML -------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Gradient descent, computed"
html_static_path = ["docs/_static"]
html_css_files = ["book.css"]
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_issues_button": False,
    "use_edit_page_button": False,
    "launch_buttons": {},
    "show_navbar_depth": 1,
    "home_page_in_toc": True,
}

# MathJax from the site itself, never a CDN: the SVG output needs no web
# fonts, so equations also render from file://.
mathjax_path = "mathjax/tex-svg.js"
mathjax3_config = {"svg": {"fontCache": "global"}}


def _copy_mathjax(app, exception):
    """Copy the MathJax 3 files that sphinx-mathjax-offline ships into _static."""
    if exception is not None or app.builder.format != "html":
        return
    spec = importlib.util.find_spec("sphinx-mathjax-offline")
    if spec is None or spec.origin is None:
        raise RuntimeError("sphinx-mathjax-offline is not installed: run make html")
    source = pathlib.Path(spec.origin).parent / "static" / "mathjax"
    target = pathlib.Path(app.outdir) / "_static" / "mathjax"
    if not (target / "tex-svg.js").exists():
        shutil.copytree(source, target, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("sre", "*speech*", "mml*"))


def _offer_notebook(app, pagename, templatename, context, doctree):
    """Let the theme's download button offer each chapter as .ipynb.

    myst-nb writes every executed chapter to ``jupyter_execute/`` beside the
    HTML folder; the theme only offers it when a launch service is set up,
    which this book has none of. Copy it into ``_sources`` and tell the theme.
    """
    notebook = pathlib.Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not notebook.exists():
        return
    target = pathlib.Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(notebook, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.add_config_value("nnlesson_source_hash", "", "env")
    app.connect("html-page-context", _offer_notebook, priority=400)
    app.connect("build-finished", _copy_mathjax)
