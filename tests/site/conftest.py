"""The built site under test: one strict build per session, and a browser.

The book is built once per test session into a temporary folder, exactly as
``make html`` builds it; the build starts as soon as the tests are collected
(tests/background.py). Browser tests use Debian's Chromium through
Playwright. Without Chromium they skip with a hint, except in CI
(``CI=true``), where a missing browser is a failure.
"""

import functools
import http.server
import os
import threading

import pytest

import background
from sitetools import CHROMIUM, CHROMIUM_ARGS, ROOT, PageRecord, build


@background.job("site_build")
def _build_the_book(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "html"
    return out, build(ROOT, out)


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """The book built once for the whole session: (html folder, build log)."""
    out, result = background.result("site_build", tmp_path_factory)
    assert result.returncode == 0, f"the book did not build:\n{result.stdout}\n{result.stderr}"
    return out, result.stdout + result.stderr


@pytest.fixture(scope="session")
def site(site_build):
    """The html folder of the session's build."""
    return site_build[0]


@pytest.fixture(scope="session")
def server(site):
    """Serve the built site on 127.0.0.1; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    """A headless Chromium; skipped without one, except in CI."""
    if not os.path.exists(CHROMIUM):
        message = ("Chromium is not installed: the browser tests need Debian's chromium "
                   "(apt-get install chromium)")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@background.job("visits")
def _visit_every_page(tmp_path_factory):
    from visits import visit_in_the_background

    site, result = background.result("site_build", tmp_path_factory)
    assert result.returncode == 0, "the book did not build"
    return visit_in_the_background(site)


@pytest.fixture(scope="session")
def visits(browser, tmp_path_factory):
    """Every page visited once at 400 and 1280 px (visits.py): {"pages": {page: state},
    "failures": [(status, path) its server could not answer]}. The visits run in
    the background, with a Chromium and a server of their own, once the book is
    built. (``browser``: without Chromium this skips, or fails in CI.)"""
    return background.result("visits", tmp_path_factory)


@pytest.fixture
def open_page(browser):
    """Open a URL in a fresh context; return a PageRecord."""
    contexts = []

    def _open(url, base, width=1280, color_scheme="light"):
        context = browser.new_context(viewport={"width": width, "height": 900},
                                      color_scheme=color_scheme)
        contexts.append(context)
        record = PageRecord(context.new_page(), base)
        record.page.goto(url, wait_until="load")
        return record

    yield _open
    for context in contexts:
        context.close()
