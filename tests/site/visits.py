"""Every page of the built site, visited once, with everything the browser tests read.

Opening a page costs far more than reading it, so the reader-facing browser
tests share one visit per page (``visit_every_page``, the ``visits``
fixture of conftest.py): each page is loaded over HTTP at 400 px (what a
phone shows), widened to 1280 px (what a desktop shows), checked by axe,
and finally each of its folded solutions is clicked open. The tests of
test_browser.py, test_reader_layout.py and test_explorer.py assert on what
the visits recorded.
"""

from playwright.sync_api import TimeoutError

from sitetools import PageRecord, site_pages

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
  return {fits: t.scrollWidth <= box.clientWidth + 1, scrolls: getComputedStyle(box).overflowX};
})"""

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


def visit_every_page(browser, server, site):
    """{page: what it showed}, and what went wrong on the way; see the module's docstring."""
    pages = site_pages(site)
    context = browser.new_context(viewport={"width": 400, "height": 900})
    record = PageRecord(context.new_page(), server)
    page = record.page
    found = {}
    for name in pages:
        errors, requests = len(record.errors), len(record.requests)
        page.set_viewport_size({"width": 400, "height": 900})
        page.goto(f"{server}/{name}.html", wait_until="load")
        record.wait_for_fonts()
        state = {"phone": page.evaluate(PHONE, BOXES), "phone tables": page.evaluate(TABLES)}
        page.set_viewport_size({"width": 1280, "height": 900})
        state.update({
            "desktop": page.evaluate(DESKTOP), "favicon": page.evaluate(FAVICON),
            "math": page.evaluate(MATH_STATE), "images": page.evaluate(IMAGE_STATE),
            "figures": page.evaluate(FIGURE_SCALES), "numbers": page.evaluate(FIGURE_NUMBERS),
            "tables": page.evaluate(TABLES), "axe": _axe(page)})
        state["solutions"] = _solutions(page)
        state["errors"] = record.errors[errors:]
        state["outside"] = [url for url in record.outside_requests()
                            if url in record.requests[requests:]]
        found[name] = state
    context.close()
    return found
