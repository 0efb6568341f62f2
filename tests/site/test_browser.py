"""What a reader sees, checked in headless Chromium with no network."""

import json

import pytest

from sitetools import CHAPTERS, LESSONS, ROOT, without_install_cell

RAW_TEX = ["\\frac", "\\hat", "\\sum", "\\partial", "$$", "\\(", "\\["]
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


def check_page(record):
    """Assert the common reader-facing properties of one open page."""
    record.wait_for_fonts()
    math = record.page.evaluate(MATH_STATE)
    assert math["rendered"] == math["math"], f"{math['math'] - math['rendered']} equations not rendered"
    leftovers = [tex for tex in RAW_TEX if tex in math["text"]]
    assert not leftovers, f"raw TeX left in the page: {leftovers}"
    for image in record.page.evaluate(IMAGE_STATE):
        assert image["width"] > 0, f"image did not load: {image['src']}"
        assert image["alt"] or image["caption"], f"image without alt text or caption: {image['src']}"
    assert record.outside_requests() == []
    assert record.errors == []
    return math


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_page_over_http(open_page, server, chapter):
    record = open_page(f"{server}/{chapter}.html", server)
    math = check_page(record)
    if chapter in LESSONS:  # every page that runs code has math
        assert math["math"] > 0


def test_pages_from_file_url(open_page, site):
    base = site.as_uri()
    for chapter in CHAPTERS:
        record = open_page(f"{base}/{chapter}.html", base)
        check_page(record)


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


def test_search_finds_the_descent_chapter(open_page, server):
    record = open_page(f"{server}/search.html?q=gradient", server)
    record.page.wait_for_selector("#search-results ul li a", timeout=20_000)
    links = record.page.eval_on_selector_all("#search-results ul li a", "as => as.map(a => a.href)")
    assert any("descent.html" in link for link in links), links
    assert record.outside_requests() == []


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
def test_accessibility_of_our_content(open_page, server, chapter, capsys):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    record = open_page(f"{server}/{chapter}.html", server)
    record.wait_for_fonts()
    results = axe_module.Axe().run(record.page)
    ours, theirs = [], []
    for violation in results.response["violations"]:
        if violation["impact"] not in ("serious", "critical"):
            continue
        for node in violation["nodes"]:
            inside = record.page.evaluate(
                "sel => { const el = document.querySelector(sel);"
                " return !!(el && el.closest('article')); }", node["target"][0])
            (ours if inside else theirs).append(f"{violation['id']}: {node['target']}")
    if theirs:
        with capsys.disabled():
            print(f"\n[{chapter}] theme-caused axe findings: {json.dumps(theirs)}")
    assert ours == [], ours


# -- lessons: exercises, figures, tables (issue: every chapter works as a lesson) --
SOLUTIONS = """() => [...document.querySelectorAll('article .solution')].map(s => {
  const body = s.querySelector(':scope > section') || s;
  const r = body.getBoundingClientRect();
  return {visible: !!(body.offsetWidth || body.offsetHeight || body.getClientRects().length)
                   && getComputedStyle(body).visibility !== 'hidden' && r.height > 0,
          text: body.innerText.trim().slice(0, 40)};
})"""


@pytest.mark.parametrize("chapter", LESSONS)
def test_solutions_are_hidden_until_opened(open_page, server, chapter):
    record = open_page(f"{server}/{chapter}.html", server)
    record.wait_for_fonts()
    exercises = record.page.locator("article .exercise").count()
    solutions = record.page.evaluate(SOLUTIONS)
    assert exercises >= 2 and len(solutions) == exercises, (exercises, len(solutions))
    assert not any(s["visible"] for s in solutions), solutions
    # Each solution names its exercise in its title, and opens on a click.
    titles = record.page.eval_on_selector_all(
        "article .solution > .admonition-title", "ts => ts.map(t => t.innerText)")
    assert len(titles) == exercises and all("Exercise" in title for title in titles)
    toggles = record.page.locator("article .solution button.toggle-button")
    assert toggles.count() == exercises
    for k in range(exercises):
        toggles.nth(k).click()
    record.page.wait_for_timeout(400)
    opened = record.page.evaluate(SOLUTIONS)
    assert all(s["visible"] and s["text"] for s in opened), opened
    assert record.errors == []


# Static figures that an interactive figure replaces (class nnl-has-widget)
# are not shown with JavaScript on; the rest must all be shown.
FIGURE_SCALES = """() => [...document.querySelectorAll('article figure img, article .cell_output img')]
  .filter(img => !img.closest('.nnl-has-widget'))
  .map(img => ({src: img.getAttribute('src'), shown: img.getBoundingClientRect().width,
                natural: img.naturalWidth}))"""


@pytest.mark.parametrize("chapter", [c for c in LESSONS
                                     if "  figure:" in (ROOT / "docs" / f"{c}.md").read_text()])
def test_figure_text_is_at_least_10_px(open_page, server, chapter):
    # The book's figures are drawn at 110 dpi with text of at least 12 points
    # (nnlesson.book.plotting.STYLE), so their smallest text is 12 * 110 / 72
    # image pixels; shown at its column width, that must be 10 screen pixels.
    from nnlesson.book.plotting import STYLE

    smallest = min(STYLE[key] for key in ("font.size", "xtick.labelsize", "ytick.labelsize",
                                          "legend.fontsize"))
    assert smallest >= 12
    pixels = smallest * STYLE["figure.dpi"] / 72
    record = open_page(f"{server}/{chapter}.html", server, width=1280)
    record.page.wait_for_timeout(300)
    figures = record.page.evaluate(FIGURE_SCALES)
    assert figures
    for figure in figures:
        on_screen = pixels * figure["shown"] / figure["natural"]
        assert on_screen >= 10, f"{figure['src']}: text about {on_screen:.1f} px"


@pytest.mark.parametrize("chapter", LESSONS)
def test_tables_fit_the_column_and_scroll_on_a_phone(open_page, server, chapter):
    check = """() => [...document.querySelectorAll('article table')].map(t => {
      const box = t.closest('.pst-scrollable-table-container') || t.parentElement;
      return {fits: t.scrollWidth <= box.clientWidth + 1,
              scrolls: getComputedStyle(box).overflowX};
    })"""
    wide = open_page(f"{server}/{chapter}.html", server, width=1280).page.evaluate(check)
    assert all(table["fits"] for table in wide), wide
    phone = open_page(f"{server}/{chapter}.html", server, width=400).page.evaluate(check)
    assert all(table["fits"] or table["scrolls"] in ("auto", "scroll") for table in phone), phone
