"""Every page of the built site, visited once, with everything the browser tests read.

Opening a page costs far more than reading it, so the reader-facing browser
tests share one visit per page, in a fresh browser context (its weight is
what a first visit loads) (``visit_every_page``, the ``visits``
fixture of conftest.py, run in the background once the book is built): each page is loaded over HTTP at 400 px (what a
phone shows), widened to 1280 px (what a desktop shows), checked by axe,
and finally each of its folded solutions is clicked open. The tests of
test_browser.py, test_reader_layout.py and test_explorer.py assert on what
the visits recorded.
"""

import functools
import http.server
import io
import json
import re
import threading
import urllib.parse

from playwright.sync_api import TimeoutError

from sitetools import CHROMIUM, CHROMIUM_ARGS, PageRecord, site_pages

# -- at 400 px ------------------------------------------------------------
#: Boxes that may scroll sideways inside a page (wide tables, code).
BOXES = "article .pst-scrollable-table-container, article div.highlight pre"
PHONE = """async boxes => {
  const scrolling = [...document.querySelectorAll(boxes)]
      .filter(box => box.scrollWidth > box.clientWidth + 1);
  const found = scrolling.map(box => ({
      text: box.innerText.slice(0, 40),
      right: box.classList.contains('nnl-more-right'),
      mask: getComputedStyle(box).maskImage || getComputedStyle(box).webkitMaskImage}));
  // Scrolled to its end, a box fades on the left instead.
  let scrolled = null;
  if (scrolling.length) {
    scrolling[0].scrollLeft = scrolling[0].scrollWidth;
    await new Promise(done => setTimeout(done, 100));
    scrolled = ['nnl-more-left', 'nnl-more-right'].map(
        name => scrolling[0].classList.contains(name));
    scrolling[0].scrollLeft = 0;
  }
  return {width: document.documentElement.scrollWidth, window: innerWidth,
          scrolling: found, scrolled};
}"""
TABLES = """() => [...document.querySelectorAll('article table')].map(t => {
  const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
  const line = box.previousElementSibling;
  return {fits: t.scrollWidth <= box.clientWidth + 1, scrolls: getComputedStyle(box).overflowX,
          text: t.innerText.slice(0, 40),
          said: !!(line && line.matches('.nnl-scroll-hint') && line.getClientRects().length
                   && line.innerText.trim())};
})"""
#: Every code box: is a line cut at its edge, and does each line that wraps go
#: on indented (its later rows start right of where the box's lines start)?
CODE = """() => {
  const found = {cut: [], wrapped: 0, unindented: []};
  for (const pre of document.querySelectorAll('article div.highlight pre')) {
    if (pre.scrollWidth > pre.clientWidth + 1) found.cut.push(pre.innerText.slice(0, 40));
    const style = getComputedStyle(pre);
    const left = pre.getBoundingClientRect().left + parseFloat(style.paddingLeft)
                 + parseFloat(style.borderLeftWidth);
    const texts = [];
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) texts.push(node);
    // Each line of the code, as a range over the text nodes.
    let start = null;
    const lines = [];
    texts.forEach(node => {
      for (let k = 0; k <= node.length; k++) {
        if (start === null && k < node.length) start = [node, k];
        if (start && (k === node.length ? node === texts[texts.length - 1] : node.data[k] === '\\n')) {
          const range = document.createRange();
          range.setStart(...start); range.setEnd(node, k);
          lines.push(range); start = null;
        }
      }
    });
    for (const range of lines) {
      const rows = [...range.getClientRects()].filter(r => r.width > 0);
      const tops = [...new Set(rows.map(r => Math.round(r.top)))];
      if (tops.length < 2) continue;
      found.wrapped += 1;
      const later = rows.filter(r => Math.round(r.top) !== tops[0]);
      const first = Math.min(...later.map(r => r.left));
      if (first < left + 4) found.unindented.push(range.toString().slice(0, 50));
    }
  }
  return found;
}"""

# -- at 1280 px -----------------------------------------------------------
DESKTOP = """() => [...document.querySelectorAll('article pre')]
  .filter(pre => pre.scrollWidth > pre.clientWidth + 1)
  .map(pre => ({text: pre.innerText.slice(0, 60), overflow: getComputedStyle(pre).overflowX}))"""
FAVICON = """async () => {
  const link = document.querySelector('link[rel~="icon"]');
  if (!link) return null;
  const response = await fetch(link.href);
  return [response.status, response.headers.get('content-type')];
}"""
MATH_STATE = """() => {
  const math = [...document.querySelectorAll('.math')];
  return {math: math.length,
          rendered: math.filter(m => m.querySelector('.katex > .katex-html')).length,
          text: document.querySelector('article').innerText};
}"""
# The static figure an interactive figure replaces (class nnl-has-widget) is
# hidden, so never loaded (loading="lazy"); without JavaScript it shows.
# In print (the browser's print, which fires beforeprint), every figure's
# picture shows and has loaded, the stand-ins of interactive figures too.
PRINT_FIGURES = """async () => {
  window.dispatchEvent(new Event('beforeprint'));
  const images = [...document.querySelectorAll('article figure img')];
  images.forEach(img => img.scrollIntoView());
  const loaded = () => images.every(img => img.complete && img.naturalWidth > 0);
  for (let k = 0; k < 50 && !loaded(); k++) await new Promise(done => setTimeout(done, 100));
  scrollTo({top: 0, behavior: 'instant'});
  const found = images.map(img => ({src: img.getAttribute('src'),
                                    shown: img.getClientRects().length > 0
                                           && img.getBoundingClientRect().width > 50,
                                    loaded: img.complete && img.naturalWidth > 0}));
  window.dispatchEvent(new Event('afterprint'));
  return found;
}"""
IMAGE_STATE = """() => [...document.querySelectorAll('article img')]
  .filter(img => !img.closest('.nnl-has-widget')).map(img => ({
  src: img.getAttribute('src'), width: img.naturalWidth,
  alt: (img.getAttribute('alt') || '').trim(),
  caption: ((img.closest('figure') || {}).innerText || '').trim()}))"""
# Figures shown on screen, at the size they are shown.
FIGURE_SCALES = """() => [...document.querySelectorAll('article figure img, article .cell_output img')]
  .filter(img => !img.closest('.nnl-has-widget'))
  .map(img => ({src: img.getAttribute('src'), shown: img.getBoundingClientRect().width,
                natural: img.naturalWidth}))"""
FIGURE_NUMBERS = """() => [...document.querySelectorAll('article figcaption .caption-number')]
  .filter(e => e.getClientRects().length).map(e => e.textContent.trim())"""
SOLUTIONS = """() => [...document.querySelectorAll('article .solution')].map(s => {
  const body = s.querySelector(':scope > section') || s;
  const r = body.getBoundingClientRect();
  return {visible: !!(body.offsetWidth || body.offsetHeight || body.getClientRects().length)
                   && getComputedStyle(body).visibility !== 'hidden' && r.height > 0,
          text: body.innerText.trim().slice(0, 40)};
})"""


def _axe(page):
    """Serious and critical axe findings inside the article: ["rule: target", ...]."""
    from axe_playwright_python.sync_playwright import Axe

    # No preload: axe would fetch the stylesheets' @imports itself, resolved
    # against the wrong folder (a 404 for /basic.css), for one rule about
    # screen orientation.
    # KaTeX's visible math is hidden from screen readers (they read its
    # MathML): its thousands of spans are left out, as the time axe takes
    # grows with them.
    results = Axe().run(page, context={"include": [["article"]], "exclude": [[".katex-html"]]},
                        options={"resultTypes": ["violations"], "preload": False})
    return [f"{violation['id']}: {node['target']}"
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical") for node in violation["nodes"]]


def _solutions(page):
    """The folded solutions before and after a click on each toggle."""
    state = {"exercises": page.locator("article .exercise").count(),
             "closed": page.evaluate(SOLUTIONS),
             "titles": page.eval_on_selector_all("article .solution > .admonition-title",
                                                 "ts => ts.map(t => t.innerText)")}
    toggles = page.locator("article .solution button.toggle-button")
    state["toggles"] = toggles.count()
    for k in range(state["toggles"]):
        toggles.nth(k).click()
    if state["toggles"]:  # opening is animated: wait until each shows (or 2 s)
        try:
            page.wait_for_function(f"() => ({SOLUTIONS})().every(s => s.visible && s.text)",
                                   timeout=2_000)
        except TimeoutError:
            pass  # the test reports what did not open
    state["opened"] = page.evaluate(SOLUTIONS)
    return state


# -- the purged stylesheets against the full ones ---------------------------
#: The views compared: (name, width, colour scheme, media).
VIEWS = [("1280 px light", 1280, "light", "screen"), ("400 px dark", 400, "dark", "screen"),
         ("print", 1280, "light", "print")]
#: Every stylesheet of the page again, from the build's full copies
#: (docs/_ext/purge_css.py keeps them beside the doctrees): each link gets a
#: twin whose URL the route below answers, then the purged one goes.
FULL_CSS = """async () => {
  const links = [...document.querySelectorAll('link[rel="stylesheet"]')];
  await Promise.all(links.map(link => new Promise(done => {
    const full = link.cloneNode();
    full.href = link.href + (link.href.includes('?') ? '&' : '?') + 'nnl-full=1';
    full.onload = full.onerror = done;
    link.after(full);
  })));
  links.forEach(link => link.remove());
  await document.fonts.ready;
}"""
FULL_URL = re.compile(r"\.css\?(?:.*&)?nnl-full=1$")
#: Each equation as KaTeX wrote it (docs/_ext/compact_math.py keeps them
#: beside the doctrees), in place of its rewrite; the page's style classes go.
FULL_MATH = """async originals => {
  const found = [...document.querySelectorAll('span.katex')];
  if (found.length !== originals.length)
    return `the page has ${found.length} equations, the build kept ${originals.length}`;
  found.forEach((equation, k) => { equation.outerHTML = originals[k]; });
  document.getElementById('nnl-math').remove();
  await document.fonts.ready;
  return null;
}"""


def _full_stylesheet(route, site, full):
    """Answer a stylesheet's twin: the full copy if the build purged it, else the
    site's own file; its @imports lead to twins too."""
    relative = urllib.parse.unquote(urllib.parse.urlsplit(route.request.url).path).lstrip("/")
    copies = [folder / relative.removeprefix("_static/") for folder in (full.with_name("full-math"), full)]
    path = next((copy for copy in copies if copy.is_file()), site / relative)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'@import\s+"([^"]+)"', r'@import "\1?nnl-full=1"', text)
    route.fulfill(status=200, content_type="text/css", body=text)


def _views(page):
    """Full-page screenshots of the page in each of :data:`VIEWS`."""
    shots = {}
    for name, width, scheme, media in VIEWS:
        page.set_viewport_size({"width": width, "height": 900})
        # The same state for both: at the top, nothing focused (a click on a
        # solution's toggle leaves it focused, and the page scrolled to it).
        page.evaluate("scheme => { document.documentElement.dataset.mode = scheme;"
                      " document.documentElement.dataset.theme = scheme;"
                      " document.activeElement && document.activeElement.blur();"
                      " scrollTo({top: 0, behavior: 'instant'}); }", scheme)
        page.emulate_media(media=media)
        shots[name] = page.screenshot(full_page=True, animations="disabled", caret="hide",
                                      type="jpeg", quality=90)
    page.emulate_media(media="screen")
    return shots


def _differ(first, second):
    """How many pixels of two screenshots differ clearly (or the sizes, if they differ)."""
    if first == second:
        return 0
    from PIL import Image, ImageChops

    a, b = (Image.open(io.BytesIO(shot)).convert("L") for shot in (first, second))
    if a.size != b.size:
        return f"sizes {a.size} and {b.size}"
    return sum(ImageChops.difference(a, b).point(lambda v: 255 if v > 40 else 0).histogram()[255:])


def compare_full_css(page, site, name):
    """{view: pixels that differ} between the page ``name`` as the site serves it
    and as it was before the build made it lighter (its full stylesheets, its
    equations as KaTeX wrote them), in each of :data:`VIEWS`; None if the
    build kept no full copy."""
    full = site.parent / "doctrees" / "full-css"
    if not full.is_dir():
        return None
    purged = _views(page)
    page.route(FULL_URL, lambda route: _full_stylesheet(route, site, full))
    page.evaluate(FULL_CSS)
    equations = full.with_name("full-math") / f"{name}.json"
    if equations.is_file():
        wrong = page.evaluate(FULL_MATH, json.loads(equations.read_text(encoding="utf-8")))
        if wrong:
            return {"equations": wrong}
    whole = _views(page)
    return {view: _differ(purged[view], whole[view]) for view in purged}


def _weight(page, pending, responses):
    """The bytes the page loaded, once no request it made is open (at most
    5 s): {"bytes": total, "urls": [(url, bytes), ...], "open": [url, ...]},
    counted as tests/site/pageweight.py counts them."""
    for _ in range(100):
        if not pending:
            break
        page.wait_for_timeout(50)
    sizes = [(response.url, len(response.body())) for response in responses
             if response.status == 200]
    return {"bytes": sum(size for _, size in sizes), "urls": sizes,
            "open": [request.url for request in pending]}


def visit_every_page(browser, server, site):
    """{page: what it showed}, and what went wrong on the way; see the module's docstring.

    Each page opens in a fresh browser context (an empty cache), so what it
    loads is what a first visit costs a reader on a phone.
    """
    found = {}
    for name in site_pages(site):
        context = browser.new_context(viewport={"width": 400, "height": 900})
        record = PageRecord(context.new_page(), server)
        page = record.page
        responses, pending = [], set()
        page.on("request", lambda request: pending.add(request))
        page.on("requestfinished", lambda request: pending.discard(request))
        page.on("requestfailed", lambda request: pending.discard(request))
        page.on("response", lambda response: responses.append(response))
        page.goto(f"{server}/{name}.html", wait_until="load")
        record.wait_for_fonts()
        state = {"weight": _weight(page, pending, responses),
                 "phone": page.evaluate(PHONE, BOXES), "phone tables": page.evaluate(TABLES),
                 "phone code": page.evaluate(CODE)}
        page.set_viewport_size({"width": 1280, "height": 900})
        state.update({
            "desktop": page.evaluate(DESKTOP), "favicon": page.evaluate(FAVICON),
            "math": page.evaluate(MATH_STATE), "images": page.evaluate(IMAGE_STATE),
            "figures": page.evaluate(FIGURE_SCALES), "numbers": page.evaluate(FIGURE_NUMBERS),
            "tables": page.evaluate(TABLES), "axe": _axe(page)})
        state["solutions"] = _solutions(page)
        # The browser's print, last of the looks (the stand-ins load for it;
        # its beforeprint also opens folded solutions, so it comes after them).
        page.emulate_media(media="print")
        state["print figures"] = page.evaluate(PRINT_FIGURES)
        page.emulate_media(media="screen")
        state["full css"] = compare_full_css(page, site, name)
        state["errors"] = record.errors
        state["outside"] = record.outside_requests()
        found[name] = state
        context.close()
    return found


def visit_in_the_background(site):
    """:func:`visit_every_page` with a Chromium and a server of its own, for a
    thread of its own (Playwright wants one instance per thread):
    {"pages": ..., "failures": [(status, path) the server could not answer]}."""
    from playwright.sync_api import sync_playwright

    failures = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def send_error(self, code, *args, **kwargs):
            # A browser's own request, such as for /favicon.ico, never reaches
            # a page's listeners: the server keeps what it could not answer.
            failures.append((code, self.path))
            super().send_error(code, *args, **kwargs)

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                pages = visit_every_page(browser, f"http://127.0.0.1:{httpd.server_address[1]}",
                                         site)
            finally:
                browser.close()
    finally:
        httpd.shutdown()
        httpd.server_close()
    return {"pages": pages, "failures": failures}
