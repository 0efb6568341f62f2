"""Helpers for the site tests: the strict build command and a recorded page."""

import ast
import pathlib
import re
import shutil
import subprocess
import sys


ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def _toctree_pages():
    """Every page of the book, in reading order: the home page, then its toctrees."""
    text = (ROOT / "docs" / "index.md").read_text()
    pages = ["index"]
    for block in re.findall(r"```\{toctree\}\n(.*?)```", text, re.S):
        pages += [line.strip() for line in block.splitlines()
                  if line.strip() and not line.startswith(":")]
    return pages


#: Every page, in reading order.
CHAPTERS = _toctree_pages()
#: The pages that execute code: every chapter with a code cell.
LESSONS = [page for page in CHAPTERS
           if "```{code-cell}" in (ROOT / "docs" / f"{page}.md").read_text()]


def chapter_settings(chapter):
    """The settings a chapter states in its cell tagged ``parameters``: name -> value.

    The cell holds plain assignments of literals (numbers, lists), so the
    tests and the widget test page make their runs with the chapter's own
    settings.
    """
    import jupytext

    (cell,) = [cell for cell in jupytext.read(ROOT / "docs" / f"{chapter}.md").cells
               if "parameters" in cell.metadata.get("tags", [])]
    return {node.targets[0].id: ast.literal_eval(node.value)
            for node in ast.parse(cell.source).body}


def addresses():
    """Where the book lives, as conf.py sets it: {"site", "repository", "issues", "handout"}."""
    import runpy

    config = runpy.run_path(str(ROOT / "conf.py"))
    return {"site": config["nnlesson_site"], "repository": config["nnlesson_repository"],
            "issues": config["nnlesson_issues"],
            "handout": config["nnlesson_site"] + "handout/"}


def build(source_root, out_dir, env=None, strict=True):
    """Build the book in ``source_root`` as ``make html`` does; return the CompletedProcess.

    Runs the Makefile's ``book`` target (the one place that holds the strict
    Sphinx options) with this Python, into ``out_dir``; the doctrees go to
    ``out_dir``'s sibling ``doctrees``. ``out_dir`` must end in ``html``.
    With ``strict=False`` warnings are allowed (for a trimmed copy of the book,
    whose API page points at chapters it no longer has).
    """
    out_dir = pathlib.Path(out_dir)
    assert out_dir.name == "html", out_dir
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(source_root), "book",
         f"SPHINXBUILD={sys.executable} -m sphinx", f"BUILDDIR={out_dir.parent}",
         *([] if strict else ["SPHINXOPTS=-j 3"])],
        capture_output=True, text=True, env=env, timeout=600,
    )


def build_pdf(source_root, out_dir, env=None):
    """Print the book built into ``out_dir`` as ``make pdf`` does; return the CompletedProcess.

    Runs the Makefile's ``book-pdf`` target (the one-page build from the same
    doctrees, the print, the pages rewritten with the PDF's link) with this
    Python. The PDF lands in ``out_dir/downloads``.
    """
    out_dir = pathlib.Path(out_dir)
    assert out_dir.name == "html", out_dir
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(source_root), "book-pdf",
         f"SPHINXBUILD={sys.executable} -m sphinx", f"BOOKPYTHON={sys.executable}",
         f"BUILDDIR={out_dir.parent}"],
        capture_output=True, text=True, env=env, timeout=600,
    )


def without_install_cell(notebook):
    """``notebook`` without its first cell, which installs the package from the wheel
    beside it (docs/_ext/book_downloads.py): the tests' environment has the package."""
    notebook.cells = [cell for cell in notebook.cells
                      if "install-nnlesson" not in cell.metadata.get("tags", [])]
    return notebook


def site_pages(site):
    """Every page of a built site: its .html files, without the generated indexes
    and the theme's files in ``_static``."""
    pages = (path.relative_to(site) for path in site.rglob("*.html"))
    return sorted(str(path.with_suffix("")) for path in pages
                  if path.stem not in ("genindex", "search", "py-modindex")
                  and not any(part.startswith("_") for part in path.parts))


class PageRecord:
    """A page with every request and console error recorded."""

    def __init__(self, page, base):
        self.page = page
        self.base = base
        self.requests = []
        self.errors = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("response", self._response)

    def _response(self, response):
        if response.status >= 400:
            self.errors.append(f"HTTP {response.status}: {response.url}")

    def _console(self, message):
        # pydata-sphinx-theme logs this on a first visit; it is the theme's.
        if (message.type == "error" and "invalid theme mode" not in message.text
                and "Failed to load resource" not in message.text):  # listed by _response
            self.errors.append(message.text)

    def outside_requests(self):
        return [url for url in self.requests
                if not (url.startswith(self.base) or url.startswith("data:")
                        or url.startswith("blob:"))]

    def wait_for_fonts(self):
        """Wait until the fonts the page asked for (KaTeX's, the icons') have arrived.

        The equations are in the HTML already; only their fonts can come later.
        """
        self.page.evaluate("() => document.fonts.ready.then(() => true)")
