"""The book's build machinery, as a small Sphinx extension: one hook per job.

``conf.py`` lists this module in ``extensions`` and otherwise holds only
settings. Each job below is one function connected to one Sphinx event:

- :func:`strict_kernels` (``config-inited``): a Python warning raised in a
  chapter cell becomes an exception, so the build fails with the chapter's
  name and the warning's traceback.
- :func:`depend_on_package` (``source-read``): every page depends on the
  ``nnlesson`` sources, so editing the package re-runs the chapters on the
  next build (Sphinx's own dependency tracking; no stale numbers).
- :func:`measure_once` (``env-before-read-docs``): the brute-force
  timings are measured once per build, before any chapter runs, into a file
  that every chapter reads.
- :func:`remove_stale_reports` (``builder-inited``): error reports that
  myst-nb wrote into the site on an earlier failed build are removed, so
  the published folder never holds a traceback from another build.
- :func:`rerun_failed_chapters` (``env-get-outdated``): a chapter whose
  execution failed runs again on the next build, even unchanged, so that
  build fails again (and writes a fresh report) instead of passing with the
  old error on the page.
- :func:`html_handlers_for_singlehtml` (``builder-inited``): the one-page
  builder that ``make pdf`` prints gets myst-nb's HTML node handlers.
- :func:`offer_notebook` (``html-page-context``): each chapter's download
  button offers a notebook that :mod:`notebook_export` translates from the
  page's resolved doctree, with the executed code cells and their outputs.
- :func:`add_widget_files` (``html-page-context``): a page with an
  interactive figure loads ``nnl-widgets.js`` and ``.css``; other pages don't.
- :func:`lazy_stand_ins` (``doctree-resolved``): the static figure that an
  interactive figure replaces is loaded only if it is shown.
- :func:`restart_kernels_that_die_at_start` (``config-inited``): a kernel
  that dies before it answers, because another kernel took its port in
  the moment between choosing and binding it, is started again.
- :func:`join_printed_pieces` (``config-inited``): what a cell prints is
  shown as printed, however the kernel cut it into pieces.
"""

import functools
import os
import pathlib
import re
import shutil

from docutils import nodes
from sphinx.util import logging

logger = logging.getLogger(__name__)

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


def measure_once(app, env, docnames):
    """Time brute force once for the build; point the chapters at the result.

    The timings live beside the doctrees, in the file that
    :func:`nnlesson.book.timing.measured_times` reads (its path goes to the
    chapters' kernels in the environment variable ``NNLESSON_TIMINGS``).
    They are measured again only when every page is being read (a clean
    build, or a change to the package); a build that re-reads some pages
    keeps the measurement the others show.
    """
    from nnlesson.book.timing import TIMINGS_VARIABLE, measured_times, save_times

    path = _timings_path(app)
    if not path.exists() or set(docnames) >= set(env.found_docs):
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ.pop(TIMINGS_VARIABLE, None)  # measure now, not an older build's file
        save_times(measured_times(), path)
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
    """Let the theme's download button offer each chapter as a notebook that reads like the page.

    :func:`notebook_export.chapter_notebook` translates the page's resolved
    doctree (the one this HTML was written from) into Markdown cells, with
    the code cells the page shows and their outputs from the notebook
    myst-nb executed; it is written to ``_sources/<page>.ipynb``. The theme
    only offers a notebook when a launch service is set up, which this book
    has none of, so tell it. Links in the notebook point to
    ``nnlesson_notebook_baseurl``: by default the published pages of this
    edition (:func:`book_downloads.edition_site`, from ``nnlesson_site``),
    since a notebook travels without the site; set to ``""``, to pages
    relative to the notebook. A node the translation does not know is a
    warning, so the strict build fails on it.
    """
    from notebook_export import chapter_notebook, notebook_json

    notebook = chapter_notebook(app, pagename, doctree) if doctree is not None else None
    if notebook is None:
        return
    target = pathlib.Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(notebook_json(notebook), encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"


def _published_pages(config):
    """The notebooks' links point to this edition's published pages."""
    from book_downloads import edition_site

    return edition_site(config)


def html_handlers_for_singlehtml(app):
    """Give the one-page builder every HTML handler it lacks (for ``make pdf``).

    Sphinx looks up node handlers by builder name, and only falls back to
    the format's ("html") when the builder name has none at all.
    sphinx-exercise registers its handlers for "singlehtml" too, so myst-nb's,
    registered for "html" only, are never found there and the build stops
    at myst-nb's first node. Copying the missing "html" handlers fixes it.
    """
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for name, pair in handlers.get("html", {}).items():
        single.setdefault(name, pair)


def add_widget_files(app, pagename, templatename, context, doctree):
    """Load the interactive figures' script and style on the pages that have one."""
    if 'class="nnl-widget"' in context.get("body", ""):
        app.add_css_file("nnl-widgets.css")
        app.add_js_file("nnl-widgets.js", loading_method="defer")


STATIC_ID = re.compile(r'"static_id":\s*"([^"]+)"')


def lazy_stand_ins(app, doctree, docname):
    """Let the static figures that an interactive figure replaces load only when shown.

    With JavaScript, the widget takes its static figure's place and hides
    the image, so a lazily loaded image is never fetched; without it (or in
    print), the image shows and loads as the reader reaches it. The one-page
    build that is printed into the PDF keeps every image eager.
    """
    if app.builder.name != "html":
        return
    stand_ins = {name for raw in doctree.findall(nodes.raw)
                 for name in STATIC_ID.findall(raw.astext())}
    for figure in doctree.findall(nodes.figure):
        if stand_ins & set(figure["ids"]):
            for image in figure.findall(nodes.image):
                image["loading"] = "lazy"


#: How often a chapter's kernel is started before its death at start fails the build.
KERNEL_STARTS = 3


def restart_kernels_that_die_at_start(app, config):
    """Start a chapter's kernel again if it dies before answering.

    jupyter_client chooses a kernel's ports by asking the system for free
    ones and the kernel binds them a moment later; with several chapters
    starting at once (``-j 3``, or two builds side by side in the tests), two
    kernels can get the same port, and the second dies with "Address already
    in use" before it runs a cell ("Kernel died before replying to
    kernel_info"). Nothing of the chapter has run then, so it is run again,
    up to :data:`KERNEL_STARTS` times; any other failure is left alone.
    """
    from myst_nb.core.execute import direct

    execute = direct.single_nb_execution
    if getattr(execute, "restarts_dead_kernels", False):
        return

    @functools.wraps(execute)
    def single_nb_execution(notebook, *args, **kwargs):
        for start in range(1, KERNEL_STARTS + 1):
            try:
                return execute(notebook, *args, **kwargs)
            except RuntimeError as error:
                if "Kernel died before replying" not in str(error) or start == KERNEL_STARTS:
                    raise
                logger.info(f"a kernel died at start ({error}); starting it again")

    single_nb_execution.restarts_dead_kernels = True
    direct.single_nb_execution = single_nb_execution


def join_printed_pieces(app, config):
    """Join each cell's printed output exactly as it was printed.

    A kernel sends what a cell prints in pieces, cut wherever its buffer was
    flushed: sometimes in the middle of a line, or just before a line's
    newline. myst-nb's ``nb_merge_streams`` joins the pieces of a stream after
    stripping each one's trailing white space and adding a newline, so such
    a cut shows as a broken line or a blank line, in one build and not the
    next. The pieces of each stream are joined exactly first; myst-nb's merge
    then finds one piece per stream.
    """
    from myst_nb.core import render

    merge = render.coalesce_streams
    if getattr(merge, "joins_exactly", False):
        return

    @functools.wraps(merge)
    def coalesce_streams(outputs):
        joined, first = [], {}
        for output in outputs:
            if output.get("output_type") == "stream" and output["name"] in first:
                first[output["name"]]["text"] += output["text"]
                continue
            if output.get("output_type") == "stream":
                first[output["name"]] = output
            joined.append(output)
        return merge(joined)

    coalesce_streams.joins_exactly = True
    render.coalesce_streams = coalesce_streams


def setup(app):
    app.add_config_value("nnlesson_notebook_baseurl", _published_pages, "html",
                         types=[str, type(None)])
    app.connect("config-inited", strict_kernels)
    app.connect("config-inited", restart_kernels_that_die_at_start)
    app.connect("config-inited", join_printed_pieces)
    app.connect("source-read", depend_on_package)
    app.connect("builder-inited", remove_stale_reports)
    app.connect("builder-inited", html_handlers_for_singlehtml)
    app.connect("env-get-outdated", rerun_failed_chapters)
    app.connect("env-before-read-docs", measure_once)
    app.connect("html-page-context", offer_notebook, priority=400)
    app.connect("html-page-context", add_widget_files)
    app.connect("doctree-resolved", lazy_stand_ins)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
