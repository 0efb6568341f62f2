"""What a reader sees, checked in headless Chromium with no network."""

import pytest

from sitetools import CHAPTERS, LESSONS, ROOT, PageRecord, without_install_cell
from visits import IMAGE_STATE, MATH_STATE

RAW_TEX = ["\\frac", "\\hat", "\\sum", "\\partial", "$$", "\\(", "\\["]


def _check(math, images):
    """The common reader-facing properties of one page's math and images."""
    assert math["rendered"] == math["math"], f"{math['math'] - math['rendered']} equations not rendered"
    leftovers = [tex for tex in RAW_TEX if tex in math["text"]]
    assert not leftovers, f"raw TeX left in the page: {leftovers}"
    for image in images:
        assert image["width"] > 0, f"image did not load: {image['src']}"
        assert image["alt"] or image["caption"], f"image without alt text or caption: {image['src']}"


def check_page(record):
    """Assert the common reader-facing properties of one open page."""
    record.wait_for_fonts()
    math = record.page.evaluate(MATH_STATE)
    _check(math, record.page.evaluate(IMAGE_STATE))
    assert record.outside_requests() == []
    assert record.errors == []
    return math


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_page_over_http(visits, chapter):
    state = visits["pages"][chapter]
    _check(state["math"], state["images"])
    assert state["outside"] == [] and state["errors"] == []
    if chapter in LESSONS:  # every page that runs code has math
        assert state["math"]["math"] > 0


def test_pages_from_file_url(browser, site):
    base = site.as_uri()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    record = PageRecord(context.new_page(), base)
    try:
        for chapter in CHAPTERS:  # one after the other, as a reader follows the links
            record.page.goto(f"{base}/{chapter}.html", wait_until="load")
            check_page(record)
    finally:
        context.close()


@pytest.mark.parametrize("chapter", ["network", "descent", "valleys"])
def test_figures_opaque_in_dark_mode(open_page, server, chapter):
    record = open_page(f"{server}/{chapter}.html", server)
    # The theme's own control: open the colour-mode menu, choose "Dark".
    record.page.locator("button.theme-switch-button:visible").first.click()
    record.page.locator("button.theme-change-button[data-mode=dark]:visible").first.click()
    assert record.page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    background = record.page.evaluate(
        "() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", "the page did not turn dark"
    corners = record.page.evaluate("""() => [...document.querySelectorAll('article img')]
      .filter(img => !img.closest('.nnl-has-widget')).map(img => {
        const c = document.createElement('canvas');
        c.width = img.naturalWidth; c.height = img.naturalHeight;
        const g = c.getContext('2d'); g.drawImage(img, 0, 0);
        const at = (x, y) => g.getImageData(x, y, 1, 1).data[3];
        return [at(0, 0), at(c.width - 1, 0), at(0, c.height - 1), at(c.width - 1, c.height - 1)];
    })""")
    assert corners, "no figures found"
    for alphas in corners:
        assert alphas == [255, 255, 255, 255], f"transparent figure corner: {alphas}"


def test_theme_tooltips_show_styled(open_page, server):
    # The theme's Bootstrap script is replaced by a bundle of its dropdowns
    # and tooltips (docs/_ext/bootstrap.js; the dark-mode test above opens a
    # dropdown), and the purge keeps the classes Bootstrap gives an open
    # tooltip: hovering a button shows its tooltip, drawn as a dark label.
    record = open_page(f"{server}/descent.html", server)
    record.page.locator("button.search-button__button:visible").first.hover()
    record.page.wait_for_selector(".tooltip.show", timeout=5_000)
    # It fades in: wait for the end of the fade (or fail after 5 s).
    record.page.wait_for_function("() => +getComputedStyle(document.querySelector("
                                  "'.tooltip.show')).opacity > 0.5", timeout=5_000)
    style = record.page.evaluate("""() => {
      const tip = document.querySelector('.tooltip.show'), inner = tip.querySelector('.tooltip-inner');
      return {position: getComputedStyle(tip).position, opacity: +getComputedStyle(tip).opacity,
              background: getComputedStyle(inner).backgroundColor, text: inner.textContent,
              components: Object.keys(window.bootstrap).sort()};
    }""")
    assert style["position"] == "absolute" and style["opacity"] > 0.5, style
    assert style["background"] not in ("rgba(0, 0, 0, 0)", "transparent"), style
    assert style["text"] == "Search", style
    assert style["components"] == ["Dropdown", "Tooltip"], style


def test_search_finds_the_descent_chapter(open_page, server, site):
    record = open_page(f"{server}/search.html?q=gradient", server)
    record.page.wait_for_selector("#search-results ul li a", timeout=20_000)
    links = record.page.eval_on_selector_all("#search-results ul li a", "as => as.map(a => a.href)")
    assert any("descent.html" in link for link in links), links
    assert record.outside_requests() == []
    # The search page and its results look the same with the full stylesheets
    # as with the purged ones (the other pages: test_light_pages.py), once
    # every result shows its summary (each one fetches its page after the
    # list says "Search finished").
    record.page.wait_for_function(
        "() => /finished/.test(document.querySelector('#search-results .search-summary')?.textContent)")
    record.page.wait_for_load_state("networkidle")
    from visits import VIEWS, compare_full_css

    assert compare_full_css(record.page, site, "search") == {view: 0 for view, *_ in VIEWS}


# Every page at 400 px, the API page included: test_reader_layout.py.


def test_download_button_offers_a_notebook_that_runs(open_page, server, site, tmp_path):
    record = open_page(f"{server}/cost.html", server)
    hrefs = record.page.eval_on_selector_all("a", "as => as.map(a => a.getAttribute('href'))")
    assert "_sources/cost.ipynb" in hrefs
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = without_install_cell(nbformat.read(site / "_sources" / "cost.ipynb", as_version=4))
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert errors == []


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_accessibility_of_our_content(visits, chapter):
    # axe's serious and critical findings inside the article (the theme's
    # header and sidebars are the theme's).
    assert visits["pages"][chapter]["axe"] == []


# -- lessons: exercises, figures, tables (issue: every chapter works as a lesson) --
@pytest.mark.parametrize("chapter", LESSONS)
def test_solutions_are_hidden_until_opened(visits, chapter):
    state = visits["pages"][chapter]["solutions"]
    exercises = state["exercises"]
    assert exercises >= 2 and len(state["closed"]) == exercises, (exercises, len(state["closed"]))
    assert not any(s["visible"] for s in state["closed"]), state["closed"]
    # Each solution names its exercise in its title, and opens on a click.
    assert len(state["titles"]) == exercises and all("Exercise" in t for t in state["titles"])
    assert state["toggles"] == exercises
    assert all(s["visible"] and s["text"] for s in state["opened"]), state["opened"]
    assert visits["pages"][chapter]["errors"] == []


# Static figures that an interactive figure replaces (class nnl-has-widget)
# are not shown with JavaScript on; the rest must all be shown.
@pytest.mark.parametrize("chapter", [c for c in LESSONS
                                     if "  figure:" in (ROOT / "docs" / f"{c}.md").read_text()])
def test_figure_text_is_at_least_10_px(visits, chapter):
    # The book's figures are drawn at 110 dpi with text of at least 12 points
    # (nnlesson.book.plotting.STYLE), so their smallest text is 12 * 110 / 72
    # image pixels; shown at its column width, that must be 10 screen pixels.
    from nnlesson.book.plotting import STYLE

    smallest = min(STYLE[key] for key in ("font.size", "xtick.labelsize", "ytick.labelsize",
                                          "legend.fontsize"))
    assert smallest >= 12
    pixels = smallest * STYLE["figure.dpi"] / 72
    figures = visits["pages"][chapter]["figures"]  # at 1280 px
    assert figures
    for figure in figures:
        on_screen = pixels * figure["shown"] / figure["natural"]
        assert on_screen >= 10, f"{figure['src']}: text about {on_screen:.1f} px"


@pytest.mark.parametrize("chapter", LESSONS)
def test_tables_fit_the_column_and_scroll_on_a_phone(visits, chapter):
    state = visits["pages"][chapter]
    assert all(table["fits"] for table in state["tables"]), state["tables"]
    assert all(table["fits"] or table["scrolls"] in ("auto", "scroll")
               for table in state["phone tables"]), state["phone tables"]
