"""Every page fits a phone and a desktop, and nothing on it fails to load.

- At 400 px no page scrolls sideways (the API page included), and a box
  that scrolls sideways inside the page (a wide table, code) shows it: its
  edge fades where more waits, and the fade follows the scrolling.
- At 400 px no code box cuts a line: code wraps, and a wrapped line goes on
  indented, so it never reads as a line of its own; a table too wide for
  the phone says so in words above it (a table that fits says nothing).
- Printing a page from the browser shows every figure's picture, loaded
  (the stand-in of an interactive figure too, which is lazy on screen).
- At 1280 px code wraps: no line of a listing, code cell, output or
  docstring example is cut at its box's edge or hidden in a scrolled box.
- Every page names the book's favicon, which loads, and the server fails no
  request while the pages load (without a favicon a browser asks for
  /favicon.ico itself, and gets a 404).
- A folded solution's title is the control that opens it: a click on its
  "Exercise N" opens the solution and does not scroll away to the exercise.

Every page is loaded once, at 400 px, then widened to 1280 px (the
session's visits, visits.py); the pages are the site's own, so a new
chapter is checked without being named here.
"""

import pytest

from sitetools import site_pages

@pytest.fixture(scope="module")
def every_page(visits, site):
    """What each page showed at 400 px, then at 1280 px (visits.py)."""
    pages = site_pages(site)
    assert {"index", "api", "about"} <= set(pages) and len(pages) >= 10, pages
    assert set(visits["pages"]) == set(pages)
    return visits


def test_at_400_px_nothing_scrolls_sideways_unannounced(every_page):
    for name, state in every_page["pages"].items():
        phone = state["phone"]
        assert phone["width"] <= phone["window"], \
            f"{name}: the page is {phone['width']} px wide in a {phone['window']} px window"
        for box in phone["scrolling"]:
            assert box["right"] and "gradient" in box["mask"], \
                f"{name}: a box scrolls sideways without showing it: {box}"
    assert any(state["phone"]["scrolling"] for state in every_page["pages"].values())


def test_at_400_px_no_code_is_cut_and_a_wrapped_line_goes_on_indented(every_page):
    code = {name: state["phone code"] for name, state in every_page["pages"].items()}
    assert {name: found["cut"] for name, found in code.items() if found["cut"]} == {}
    assert sum(found["wrapped"] for found in code.values()) >= 10  # the phone does wrap code
    assert {name: found["unindented"] for name, found in code.items()
            if found["unindented"]} == {}


def test_at_400_px_a_table_that_does_not_fit_says_so(every_page):
    wide = {name: [table for table in state["phone tables"] if not table["fits"]]
            for name, state in every_page["pages"].items()}
    assert any(wide.values())  # the book has wide tables
    assert {name: [table["text"] for table in tables if not table["said"]]
            for name, tables in wide.items() if any(not table["said"] for table in tables)} == {}
    # A table that fits says nothing.
    assert {name: [table["text"] for table in state["tables"] if table["fits"] and table["said"]]
            for name, state in every_page["pages"].items()
            if any(table["fits"] and table["said"] for table in state["tables"])} == {}


def test_printing_a_page_shows_its_figures(every_page):
    printed = {name: state["print figures"] for name, state in every_page["pages"].items()}
    assert sum(len(figures) for figures in printed.values()) >= 15
    assert {name: [figure["src"] for figure in figures
                   if not (figure["shown"] and figure["loaded"])]
            for name, figures in printed.items()
            if not all(figure["shown"] and figure["loaded"] for figure in figures)} == {}


def test_the_fade_follows_the_scrolling(every_page):
    scrolled = {name: state["phone"]["scrolled"] for name, state in every_page["pages"].items()
                if state["phone"]["scrolled"] is not None}
    assert scrolled and all(value == [True, False] for value in scrolled.values()), scrolled


def test_at_1280_px_code_lines_wrap(every_page):
    cut = {name: state["desktop"] for name, state in every_page["pages"].items()
           if state["desktop"]}
    assert cut == {}


def test_every_page_has_a_favicon_and_no_request_fails(every_page):
    icons = {name: state["favicon"] for name, state in every_page["pages"].items()}
    assert all(icon == [200, "image/svg+xml"] for icon in icons.values()), icons
    assert every_page["failures"] == []
    assert {name: (state["errors"], state["outside"]) for name, state
            in every_page["pages"].items() if state["errors"] or state["outside"]} == {}


def test_a_click_on_a_solutions_title_opens_it_and_stays(open_page, server, site):
    chapter = next(name for name in site_pages(site)
                   if 'class="solution' in (site / f"{name}.html").read_text())
    record = open_page(f"{server}/{chapter}.html", server)
    record.wait_for_fonts()
    solution = record.page.locator("article .solution.dropdown").last
    assert record.page.locator("article .solution > .admonition-title a").count() == 0
    solution.scroll_into_view_if_needed()
    body = solution.locator(":scope > section")
    assert not body.is_visible()
    before = record.page.evaluate("() => scrollY")
    # Click the words "Exercise N", as a reader would.
    box = solution.evaluate("""solution => {
      const title = solution.querySelector(':scope > .admonition-title');
      const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT);
      for (let node; (node = walker.nextNode());) {
        const at = node.textContent.indexOf('Exercise');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at); range.setEnd(node, node.textContent.length);
        const r = range.getBoundingClientRect();
        return {x: r.left + r.width / 2, y: r.top + r.height / 2};
      }
    }""")
    record.page.mouse.click(box["x"], box["y"])
    record.page.wait_for_timeout(400)
    assert body.is_visible()
    assert abs(record.page.evaluate("() => scrollY") - before) < 50  # it did not jump away
    assert record.errors == []
