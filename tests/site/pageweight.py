"""How heavy each chapter is, and how soon its math shows, in headless Chromium.

    python tests/site/pageweight.py _build/html            # one built site
    python tests/site/pageweight.py OLD/_build/html _build/html --repeat 5

``make bench-pages`` builds the book and runs the first form. Each site is
served on 127.0.0.1; every chapter is opened in a fresh browser context (an
empty cache), and the table gives, per chapter:

- **bytes**: the bodies of every response the page loaded (HTML, scripts,
  stylesheets, fonts, images), once the load event has passed, the fonts
  are ready and no request is open; and the share of scripts and fonts;
- **DCL**: milliseconds from navigation to DOMContentLoaded;
- **math**: milliseconds from navigation until every ``.math`` element of
  the page holds rendered math (MathJax's ``mjx-container`` or KaTeX's
  ``.katex``) and the KaTeX fonts it asked for have arrived (the later of
  the two); a page without math counts from DOMContentLoaded.

With several sites, the chapters are measured in turn, site after site, so
that a busy machine slows them alike; times are medians of ``--repeat``
loads. The site tests count the same bytes in their visit of each page
(tests/site/visits.py), at 400 px.
"""

import argparse
import contextlib
import functools
import http.server
import pathlib
import statistics
import sys
import threading

from sitetools import CHAPTERS, CHROMIUM, CHROMIUM_ARGS

# Runs in the page before its own scripts: the first moment every .math
# element holds rendered math, once the document is parsed.
WATCH_MATH = """(() => {
  const rendered = () => [...document.querySelectorAll('.math')]
    .every(m => m.querySelector('mjx-container, .katex'));
  const check = () => {
    if (window.__nnlMathAt === undefined && document.readyState !== 'loading' && rendered()) {
      window.__nnlMathAt = performance.now();
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  document.addEventListener('DOMContentLoaded', () => {
    check();
    observer.observe(document.body, {childList: true, subtree: true});
  });
})()"""
TIMES = """() => {
  const navigation = performance.getEntriesByType('navigation')[0];
  const fonts = performance.getEntriesByType('resource')
    .filter(r => /KaTeX_[^/]*\\.woff2?$/.test(new URL(r.name).pathname))
    .map(r => r.responseEnd);
  return {dcl: navigation.domContentLoadedEventStart,
          math: Math.max(window.__nnlMathAt, ...fonts)};
}"""


@contextlib.contextmanager
def serve(folder):
    """Serve ``folder`` on 127.0.0.1 while the block runs; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def measure(browser, url):
    """Load ``url`` in a fresh context of ``browser``; return what it cost.

    A dict: ``bytes`` (all response bodies), ``scripts`` and ``fonts`` (their
    share), ``requests`` (how many), ``urls`` (each URL with its size),
    ``dcl`` and ``math`` (milliseconds from navigation, see the module).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(WATCH_MATH)
        responses, pending = [], set()
        page.on("request", lambda request: pending.add(request))
        page.on("requestfinished", lambda request: pending.discard(request))
        page.on("requestfailed", lambda request: pending.discard(request))
        page.on("response", lambda response: responses.append(response))
        page.goto(url, wait_until="load")
        page.wait_for_function("() => window.__nnlMathAt !== undefined", timeout=30_000)
        page.evaluate("() => document.fonts.ready.then(() => true)")
        for _ in range(100):  # what the page still asks for after its load event
            if not pending:
                break
            page.wait_for_timeout(50)
        assert not pending, f"{url}: requests still open: {[r.url for r in pending]}"
        times = page.evaluate(TIMES)
        sizes = [(r.url, r.request.resource_type, len(r.body())) for r in responses
                 if r.status == 200]
    finally:
        context.close()
    return {
        "bytes": sum(size for _, _, size in sizes),
        "scripts": sum(size for _, kind, size in sizes if kind == "script"),
        "fonts": sum(size for _, kind, size in sizes if kind == "font"),
        "requests": len(sizes),
        "urls": [(address, size) for address, _, size in sizes],
        "dcl": times["dcl"],
        "math": times["math"],
    }


def launch(playwright):
    """Debian's Chromium, headless, as the site tests start it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def run(sites, repeat=3, out=sys.stdout):
    """Measure every chapter of every site; print one table; return the rows."""
    from playwright.sync_api import sync_playwright

    rows = []
    with contextlib.ExitStack() as stack:
        bases = [stack.enter_context(serve(site)) for site in sites]
        playwright = stack.enter_context(sync_playwright())
        browser = launch(playwright)
        stack.callback(browser.close)
        for chapter in CHAPTERS:
            loads = {site: [] for site in sites}
            for _ in range(repeat):
                for site, base in zip(sites, bases):
                    loads[site].append(measure(browser, f"{base}/{chapter}.html"))
            for site in sites:
                first = loads[site][0]
                rows.append({"site": str(site), "chapter": chapter,
                             **{key: first[key] for key in ("bytes", "scripts", "fonts",
                                                            "requests")},
                             "dcl": statistics.median(m["dcl"] for m in loads[site]),
                             "math": statistics.median(m["math"] for m in loads[site])})
    _print_table(rows, sites, out)
    return rows


def _print_table(rows, sites, out):
    labels = {str(site): f"site {k + 1}" for k, site in enumerate(sites)}
    for site, label in labels.items():
        print(f"{label}: {site}", file=out)
    print(file=out)
    print("| chapter | site | bytes | scripts | fonts | requests | DCL ms | math ms |", file=out)
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |", file=out)
    for row in rows:
        print(f"| {row['chapter']} | {labels[row['site']]} | {row['bytes']:,} | "
              f"{row['scripts']:,} | {row['fonts']:,} | {row['requests']} | "
              f"{row['dcl']:.0f} | {row['math']:.0f} |", file=out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=pathlib.Path,
                        help="built HTML folders (for example _build/html)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="loads of each chapter; times are their median (default 3)")
    args = parser.parse_args(argv)
    for site in args.sites:
        missing = [c for c in CHAPTERS if not (site / f"{c}.html").exists()]
        if missing:
            parser.error(f"sites: {str(site)!r} is not a built book (no {missing[0]}.html)")
    if args.repeat < 1:
        parser.error(f"--repeat: must be at least 1, got {args.repeat}")
    run(args.sites, args.repeat)


if __name__ == "__main__":
    main()
