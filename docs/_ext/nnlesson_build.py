"""The book's build machinery, as a small Sphinx extension: one hook per job.

``conf.py`` lists this module in ``extensions`` and otherwise holds only
settings. Each job below is one function connected to one Sphinx event:

- :func:`strict_kernels` (``config-inited``): a Python warning raised in a
  chapter cell becomes an exception, so the build fails with the chapter's
  name and the warning's traceback.
- :func:`depend_on_package` (``source-read``): every page depends on the
  ``nnlesson`` sources, so editing the package re-runs the chapters on the
  next build (Sphinx's own dependency tracking; no stale numbers).
- :func:`start_measuring` (``builder-inited``) and :func:`measure_once`
  (``env-before-read-docs``): the brute-force timings are measured once per
  build, before any chapter runs, and every chapter reads that one
  measurement.
- :func:`remove_stale_reports` (``builder-inited``): error reports that
  myst-nb wrote into the site on an earlier failed build are removed, so
  the published folder never holds a traceback from another build.
- :func:`rerun_failed_chapters` (``env-get-outdated``): a chapter whose
  execution failed runs again on the next build, even unchanged, so that
  build fails again (and writes a fresh report) instead of passing with the
  old error on the page.
- :func:`offer_notebook` (``html-page-context``): each chapter's download
  button offers the executed notebook, converted by :mod:`notebook_export`
  so that it reads like the page.
- :func:`add_widget_files` (``html-page-context``): a page with an
  interactive figure loads ``nnl-widgets.js`` and ``.css``; other pages don't.
"""

import os
import pathlib
import shutil
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "nnlesson"

_STRICT_STARTUP = """\
# Written by the book's build (docs/_ext/nnlesson_build.py): while a chapter
# cell runs, every Python warning is an exception.
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


def strict_kernels(app, config):
    """Make every Python warning raised in a chapter cell an exception.

    The kernels myst-nb starts inherit this process's environment, so an
    IPython startup file in an IPython folder of the build's own (beside the
    doctrees, never published) turns warnings into errors while a cell runs,
    not while the kernel starts or stops.
    """
    ipython_dir = pathlib.Path(app.doctreedir) / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-warnings-are-errors.py").write_text(_STRICT_STARTUP)
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def depend_on_package(app, docname, source):
    """Record that page ``docname`` depends on every ``nnlesson`` source file.

    Sphinx re-reads (and so re-executes) a page when a file it depends on is
    newer than the page's last reading.
    """
    for path in sorted(PACKAGE.rglob("*.py")):
        app.env.note_dependency(str(path))


def start_measuring(app):
    """On a build with no timings yet, start measuring them in the background.

    The measurement runs in a process of its own on the other core while
    Sphinx loads its environment; :func:`measure_once` waits for it.
    """
    path = _timings_path(app)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        app._nnlesson_timer = subprocess.Popen(
            [sys.executable, "-m", "nnlesson.book.timing", str(path)])


def measure_once(app, env, docnames):
    """Time brute force once for the build; point the chapters at the result.

    The timings live beside the doctrees. They are measured again only when
    every page is being read (a clean build, or a change to the package);
    a build that re-reads some pages keeps the measurement the others show.
    """
    from nnlesson.book.timing import TIMINGS_VARIABLE, measure_book, save_times

    path = _timings_path(app)
    timer = getattr(app, "_nnlesson_timer", None)
    if timer is not None:
        if timer.wait() != 0:
            raise RuntimeError("measuring the brute-force timings failed (see above)")
    elif not path.exists() or set(docnames) >= set(env.found_docs):
        save_times(measure_book(), path)
    os.environ[TIMINGS_VARIABLE] = str(path)


def _timings_path(app):
    return pathlib.Path(app.doctreedir) / "nnlesson-timings.json"


def remove_stale_reports(app):
    """Remove the ``reports`` folder that an earlier failed build left in the site.

    When a chapter cell fails, myst-nb writes its traceback (full of the
    build machine's paths) to ``reports/<page>.err.log`` in the HTML folder
    and logs "Notebook exception traceback saved in: <path>". That report
    belongs to that build only; this build writes its own if it fails.
    """
    shutil.rmtree(pathlib.Path(app.outdir) / "reports", ignore_errors=True)


def rerun_failed_chapters(app, env, added, changed, removed):
    """Return the chapters whose last execution failed: Sphinx reads them again."""
    from myst_nb.sphinx_ import NbMetadataCollector

    return sorted(docname for docname in env.found_docs - removed
                  if (NbMetadataCollector.get_exec_data(env, docname) or {})
                  .get("succeeded") is False)


def offer_notebook(app, pagename, templatename, context, doctree):
    """Let the theme's download button offer each chapter as a plain notebook.

    myst-nb writes every executed chapter to ``jupyter_execute/`` beside the
    HTML folder, MyST syntax and all. :mod:`notebook_export` turns it into a
    notebook that reads like the page (glued values, cross-references,
    equation numbers, admonitions, exercises, included code: its docstring
    lists what it handles), written to ``_sources/<page>.ipynb``; the theme
    only offers a notebook when a launch service is set up, which this book
    has none of, so tell it. Links in the notebook point to
    ``nnlesson_notebook_baseurl`` (default ``html_baseurl``; when neither is
    set, to pages relative to the notebook). What the converter cannot
    convert is a warning, so the strict build fails on it.
    """
    notebook = pathlib.Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not notebook.exists():
        return
    import json

    import nbformat
    from sphinx.util import logging

    from notebook_export import context_from_sphinx, convert_notebook

    notebook_context = context_from_sphinx(app, pagename)
    converted = convert_notebook(json.loads(notebook.read_text(encoding="utf-8")),
                                 notebook_context)
    for message in notebook_context.warnings:
        logging.getLogger(__name__).warning(message, location=pagename)
    nbformat.validate(converted)
    target = pathlib.Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nbformat.writes(converted) + "\n", encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def add_widget_files(app, pagename, templatename, context, doctree):
    """Load the interactive figures' script and style on the pages that have one."""
    if 'class="nnl-widget"' in context.get("body", ""):
        app.add_css_file("nnl-widgets.css")
        app.add_js_file("nnl-widgets.js", loading_method="defer")


def setup(app):
    app.add_config_value("nnlesson_notebook_baseurl", None, "html", types=[str, type(None)])
    app.connect("config-inited", strict_kernels)
    app.connect("source-read", depend_on_package)
    app.connect("builder-inited", remove_stale_reports)
    app.connect("builder-inited", start_measuring)
    app.connect("env-get-outdated", rerun_failed_chapters)
    app.connect("env-before-read-docs", measure_once)
    app.connect("html-page-context", offer_notebook, priority=400)
    app.connect("html-page-context", add_widget_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
