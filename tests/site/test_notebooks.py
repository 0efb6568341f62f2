"""Each chapter's downloaded notebook reads like the page.

The site offers ``_sources/<chapter>.ipynb``, translated from the page's
resolved doctree (docs/_ext/notebook_export.py). These tests hold it against
the built page, as a reader would compare them: the notebook's Markdown,
rendered, holds every paragraph, heading and caption of the page's article
(with the page's figure, listing and exercise numbers), its links and its
glued values; its display math carries the page's equation numbers; its code
cells are exactly the code the page shows, in order; no MyST syntax is
left. That the code a reader copies needs nothing from hidden cells is
tests/test_book_story.py's; that each chapter runs again to the same
outputs, test_build.py's; that the notebooks run in a fresh environment
from the zip, test_dist.py's.
"""

import functools
import json
import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from sitetools import ROOT, addresses, without_install_cell

nbformat = pytest.importorskip("nbformat")

from sitetools import LESSONS as CHAPTERS_RUN  # noqa: E402
#: What MyST looks like: a role, or a fence line that opens a directive.
MYST = re.compile(r"\{[A-Za-z0-9_:+.\-]+\}`|^[ \t>]*(`{3,}|:{3,}|~{3,})\s*\{", re.MULTILINE)
GLUE_ROLE = re.compile(r"\{glue(?::md|:text|:any|:)?\}`([^`]+)`")
#: Math stands in the compared text as this mark on both sides, whoever typesets it.
MATH = "\N{MATHEMATICAL LEFT ANGLE BRACKET}math\N{MATHEMATICAL RIGHT ANGLE BRACKET}"


def _notebook(site, chapter):
    return without_install_cell(
        nbformat.read(site / "_sources" / f"{chapter}.ipynb", as_version=4))


def _norm(text):
    """Text with its white space collapsed and its quotes straight (Sphinx curls them)."""
    text = text.translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    return re.sub(r"\s+", " ", text).strip()


@functools.lru_cache(maxsize=None)
def _page(site, chapter):
    """The page's article: (code shown, equation numbers, display math count, text blocks)."""
    article = BeautifulSoup((site / f"{chapter}.html").read_text(), "html.parser").article
    code = [cell.get_text().strip() for cell in article.select(".cell .cell_input pre")]
    equations = [_norm(eqno.get_text()).strip("()#") for eqno in article.select(".eqno")]
    display = len(article.select("div.math"))
    for junk in article.select(".headerlink, .cell_input, .cell summary"):
        junk.decompose()
    for math in article.select(".math"):
        if math.parent is not None:  # not inside math already replaced
            math.replace_with(f" {MATH} ")
    for number in article.select(".caption-number"):  # "Figure 7 Text" reads "Figure 7: Text"
        if number.find_next_sibling(class_="caption-text"):
            number.string = _norm(number.get_text()) + ": "
    captions = [_norm(caption.get_text()) for caption in article.select("figcaption")]
    for output in article.select(".cell_output"):  # the notebook has outputs as outputs
        output.decompose()
    blocks = [_norm(element.get_text()) for element in article.select(
        "p, h1, h2, h3, h4, h5, h6, dt, th, .code-block-caption, caption")]
    return code, equations, display, [block for block in blocks + captions if block]


@functools.lru_cache(maxsize=None)
def _rendered(site, chapter):
    """The notebook's Markdown cells rendered to HTML, as Jupyter shows them."""
    markdown = MarkdownIt("commonmark").enable("table").use(dollarmath_plugin)
    for rule in ("math_inline", "math_block"):
        markdown.add_render_rule(rule, lambda *args: f" {MATH} ")
    cells = _notebook(site, chapter).cells
    html = "\n".join(markdown.render(cell.source) for cell in cells if cell.cell_type == "markdown")
    return BeautifulSoup(html, "html.parser")


def _markdown(notebook):
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_no_myst_syntax_is_left(site, chapter):
    notebook = _notebook(site, chapter)
    nbformat.validate(notebook)
    markdown = _markdown(notebook)
    found = [match.group(0) for match in MYST.finditer(markdown)]
    assert found == [], f"{chapter}.ipynb still holds MyST: {found}"
    for syntax in ("{glue", "{numref}", "{eq}", "{func}", "{ref}", "{doc}", "{meth}",
                   "{class}", "{math}", "(label)=", ":::", "+++"):
        assert syntax not in markdown, f"{chapter}.ipynb holds {syntax}"
    assert set(notebook.metadata) <= {"kernelspec", "language_info"}


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_the_notebook_holds_the_text_of_the_page(site, chapter):
    # Every paragraph, heading, term and caption of the page, numbers and all.
    blocks = _page(site, chapter)[3]
    notebook = _norm(_rendered(site, chapter).get_text())
    missing = [block for block in blocks if block not in notebook]
    assert len(blocks) > 10 and missing == [], f"{chapter}: not in the notebook: {missing}"
    captions = [block for block in blocks if re.match(r"(Figure|Listing|Table) \d+: ", block)]
    exercises = [block for block in blocks if re.match(r"Exercise \d+", block)]
    assert exercises  # every chapter has them
    assert captions or "caption" not in (ROOT / "docs" / f"{chapter}.md").read_text()


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_equation_numbers_are_the_page_s(site, chapter):
    _, equations, display, _ = _page(site, chapter)
    markdown = _markdown(_notebook(site, chapter))
    assert re.findall(r"\\tag\{([^}]*)\}", markdown) == equations
    assert len(re.findall(r"^\$\$$", markdown, re.MULTILINE)) == 2 * display


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_links_to_other_pages_are_links_in_the_notebook(site, chapter):
    # A notebook travels without the site: its links go to the published pages.
    published = addresses()["site"]
    article = BeautifulSoup((site / f"{chapter}.html").read_text(), "html.parser").article
    page = {(_norm(a.get_text()), urljoin(f"{published}{chapter}.html", a["href"]))
            for a in article.select("a[href]") if not a["href"].startswith("#")}
    rendered = _rendered(site, chapter)
    notebook = {(_norm(a.get_text()), a["href"]) for a in rendered.select("a[href]")}
    assert page and page - notebook == set()
    assert [href for _, href in notebook if not re.match(r"https?://", href)] == []  # no relative
    assert f"{published}{chapter}.html" in {href for _, href in notebook}  # "read it online"


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_glued_values_in_the_prose_are_in_the_notebook(site, chapter):
    names = GLUE_ROLE.findall((ROOT / "docs" / f"{chapter}.md").read_text())
    glue = json.loads((site.parent / "jupyter_execute" / f"{chapter}.glue.json").read_text())
    page = " ".join(_page(site, chapter)[3])
    notebook = _norm(_rendered(site, chapter).get_text())
    markdown = MarkdownIt("commonmark")
    for name in names:
        value = _norm(BeautifulSoup(markdown.renderInline(glue[name]["data"]["text/markdown"]),
                                    "html.parser").get_text())
        assert value in page, (name, value)  # the text the reader sees on the page
        assert value in notebook, f"{chapter}: the value glued as {name!r} ({value!r}) is missing"
    assert names


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_the_code_is_the_code_the_page_shows(site, chapter):
    # remove-cell and remove-input cells are not on the page, so not in the notebook.
    notebook = _notebook(site, chapter)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.source.strip() for cell in code] == _page(site, chapter)[0]
    hidden = [cell for cell in code
              if {"remove-cell", "remove-input"} & set(cell.metadata.get("tags", []))]
    assert code and hidden == []


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_printed_outputs_are_the_page_s(site, chapter):
    # What each shown cell prints, as the page shows it (once: myst-nb merges streams).
    article = BeautifulSoup((site / f"{chapter}.html").read_text(), "html.parser").article
    page = [_norm(output.get_text()) for output in article.select(".cell_output .output.stream")]
    notebook = [_norm(output.text) for cell in _notebook(site, chapter).cells
                if cell.cell_type == "code" for output in cell.outputs
                if output.output_type == "stream" and output.name == "stdout"]
    assert notebook == page
