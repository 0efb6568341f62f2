"""Helpers for the site tests: the strict build command and a recorded page."""

import pathlib
import re
import shutil
import subprocess
import sys


ROOT = pathlib.Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHAPTERS = ["index", "network", "cost", "brute-force", "downhill", "descent", "convexity", "claims", "api"]
# The strict options come from the Makefile, so the tests build as `make html` does.
SPHINX_OPTIONS = re.search(
    r"^SPHINXOPTS \?= (.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE
).group(1).split()


def build(source_root, out_dir, env=None):
    """Run the book's strict sphinx-build; return the CompletedProcess."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", *SPHINX_OPTIONS, "-c", str(source_root),
         str(source_root / "docs"), str(out_dir)],
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

    def wait_for_math(self):
        self.page.wait_for_function(
            "() => !document.querySelector('.math') || "
            "(window.MathJax && MathJax.startup && MathJax.startup.promise)")
        self.page.evaluate(
            "() => window.MathJax && MathJax.startup ? MathJax.startup.promise : null")
