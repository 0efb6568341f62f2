"""Helpers for the site tests: the strict build command and a recorded page."""

import pathlib
import shutil
import subprocess
import sys


ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
CHAPTERS = ["index", "network", "cost", "brute-force", "downhill", "descent", "convexity", "claims", "api"]


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
