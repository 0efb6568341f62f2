"""The notebook download (docs/_ext/notebook_export.py), on a two-page book built here.

One small Sphinx build (myst-nb reads a notebook that already has its
outputs, so no kernel starts) holds each kind of MyST the chapters use:
prose, math with a label, glue, a figure from a cell, a static figure,
``{numref}``, ``{eq}``, ``{func}``, ``{ref}``, literalinclude, a definition
list, a table, an admonition, an exercise with a gated solution around a
code cell, and ``remove-cell``, ``remove-input`` and ``hide-input`` cells.
The notebook the build writes is compared with what the page shows. A few
cases run on hand-made doctrees.
"""

import base64
import io
import json
import pathlib
import re
import sys
import warnings as python_warnings

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import notebook_export  # noqa: E402

nbformat = pytest.importorskip("nbformat")
sphinx_application = pytest.importorskip("sphinx.application")
import sphinx.deprecation  # noqa: E402

PNG = base64.b64decode(  # a 1 x 1 pixel
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

CONF = f"""
import sys
sys.path.insert(0, {str(ROOT / "docs" / "_ext")!r})
extensions = ["myst_nb", "sphinx_exercise"]
nb_execution_mode = "off"
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "deflist"]
numfig = True
math_numfig = True
numfig_format = {{"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}}
html_theme = "basic"

def setup(app):
    from nnlesson_build import offer_notebook
    app.add_config_value("nnlesson_notebook_baseurl", None, "html")
    app.connect("html-page-context", offer_notebook)
"""

OTHER = """\
# Other page

(other-section)=
## A section elsewhere

```{figure} picture.png
:name: fig-other

A figure on another page.
```

```{py:function} demo.f(x)

A documented function.
```
"""

PROSE = """\
# Chapter

Text with *emphasis*, **strong**, `code`, $x^2$, a [link](https://example.org),
a star * and an_underscore, a dollar \\$ and <b>no tag</b>.

```{math}
:label: eq-one
y = x^2
```

See {eq}`eq-one`, {numref}`fig-other`, {func}`demo.f`, {ref}`other-section`
and {numref}`fig-here`.

square
: a number times itself

| name | value |
| :--- | ---: |
| one | 1 |

:::{note}
A note.
:::

```{literalinclude} snippet.py
:caption: snippet.py
```

```{figure} picture.png
:name: fig-static
:alt: a picture

A static figure.
```

The answer is {glue:md}`answer`.
"""

EXERCISE = """\
## Exercises

:::{exercise}
:label: ex-one

Square {glue:md}`answer`.
:::

:::{solution-start} ex-one
:class: dropdown
:::

Multiply it by itself:
"""


def _output(data, metadata=None, kind="display_data"):
    return nbformat.v4.new_output(kind, data=data, metadata=metadata or {})


def _chapter():
    code = nbformat.v4.new_code_cell
    png = base64.b64encode(PNG).decode()
    cells = [
        nbformat.v4.new_markdown_cell(PROSE),
        code("glue('answer', 42)", metadata={"tags": ["remove-cell"]}, outputs=[_output(
            {"text/plain": "42", "text/markdown": "**42**"},
            {"scrapbook": {"name": "answer", "mime_prefix": ""}})]),
        code("print('shown')", outputs=[nbformat.v4.new_output("stream", text="shown\n")]),
        code("widget()", metadata={"tags": ["remove-input"]}, outputs=[_output(
            {"text/html": "<div><script>draw()</script></div>", "text/plain": "<widget>"})]),
        code("plot()", metadata={"tags": ["hide-input"], "mystnb": {"figure": {
            "caption": "A plot.", "name": "fig-here"}}}, outputs=[_output({"image/png": png})]),
        nbformat.v4.new_markdown_cell(EXERCISE),
        code("42 * 42", outputs=[_output({"text/plain": "1764"}, kind="execute_result")]),
        nbformat.v4.new_markdown_cell(":::{solution-end}\n:::\n\nThe end[^1].\n\n[^1]: A note."),
    ]
    for number, cell in enumerate(cells):
        cell.id = f"cell-{number}"
        if cell.cell_type == "code":
            cell.execution_count = number
    return nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"}, "jupytext": {"made": "by hand"}})


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """Build the two-page book: (notebook, the two pages' HTML, warnings)."""
    root = tmp_path_factory.mktemp("book")
    source = root / "docs"
    source.mkdir()
    (source / "conf.py").write_text(CONF)
    (source / "index.md").write_text("# Book\n\n```{toctree}\nchapter\nother\n```\n")
    (source / "other.md").write_text(OTHER)
    (source / "chapter.ipynb").write_text(nbformat.writes(_chapter()))
    (source / "snippet.py").write_text("def f(x):\n    return x * x\n")
    (source / "picture.png").write_bytes(PNG)
    warnings = io.StringIO()
    with python_warnings.catch_warnings():  # extensions that use APIs Sphinx deprecated
        python_warnings.simplefilter("ignore", sphinx.deprecation.RemovedInSphinx10Warning)
        python_warnings.simplefilter("ignore", sphinx.deprecation.RemovedInSphinx11Warning)
        app = sphinx_application.Sphinx(source, source, root / "_build" / "html",
                                        root / "_build" / "doctrees", "html", status=None,
                                        warning=warnings, freshenv=True)
        app.build()
    site = root / "_build" / "html"
    notebook = nbformat.read(site / "_sources" / "chapter.ipynb", as_version=4)
    pages = (site / "chapter.html").read_text() + (site / "other.html").read_text()
    return notebook, pages, warnings.getvalue()


def _number(page, caption):
    """The name and number the page gives the figure or listing with this caption."""
    return re.search(rf'"caption-number">([^<]+) </span><span class="caption-text">{caption}',
                     page).group(1)


def _markdown(notebook):
    return "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")


def test_the_code_cells_are_the_ones_the_page_shows_with_their_outputs(book):
    notebook, page, _ = book
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.source for cell in code] == ["print('shown')", "plot()", "42 * 42"]
    assert "widget()" not in page and "glue(" not in page  # removed on the page too
    assert [cell.id for cell in code] == ["cell-2", "cell-4", "cell-6"]
    assert code[0].outputs[0].text == "shown\n" and code[2].outputs[0].data == {"text/plain": "1764"}
    assert base64.b64decode(code[1].outputs[0].data["image/png"]) == PNG
    assert code[1].metadata == {"tags": ["hide-input"], "jupyter": {"source_hidden": True}}
    assert code[2].metadata == {"jupyter": {"source_hidden": True, "outputs_hidden": True}}
    assert set(notebook.metadata) == {"kernelspec", "language_info"}
    nbformat.validate(notebook)


def test_prose_reads_as_on_the_page(book):
    notebook, page, _ = book
    markdown = _markdown(notebook)
    assert notebook.cells[0].source.startswith("*This notebook is the chapter “Chapter”")
    assert notebook.cells[1].source.startswith("# Chapter\n\nText with *emphasis*, **strong**, "
                                               "`code`, $x^2$, a [link](https://example.org), "
                                               "a star \\* and an\\_underscore, a dollar \\$ "
                                               "and <b>no tag</b>.")  # inline HTML, as on the page
    assert "- **square**: a number times itself" in markdown
    assert "| name | value |\n| --- | ---: |\n| one | 1 |" in markdown
    assert "> **Note**\n>\n> A note." in markdown
    assert f"**{_number(page, 'snippet.py')}:** snippet.py\n\n```python\ndef f(x):\n    return x * x\n```" in markdown
    assert "The answer is **42**." in markdown and "<strong>42</strong>" in page
    assert "## Exercises" in markdown


def test_numbers_and_references_are_the_page_s(book):
    notebook, page, _ = book
    markdown = _markdown(notebook)
    assert '<span class="eqno">(1)' in page
    assert "$$\ny = x^2 \\tag{1}\n$$" in markdown
    other, here = _number(page, "A figure on another page"), _number(page, "A plot")
    assert (f"See (1), [{other}](other.html#fig-other), [`demo.f()`](other.html#demo.f), "
            f"[A section elsewhere](other.html#other-section) and {here}.") in markdown
    assert f"**{_number(page, 'A static figure')}:** A static figure." in markdown
    assert f"**{here}:** A plot." in markdown
    assert '<span class="caption-number">Exercise 1 </span>' in page
    assert "> **Exercise 1**\n>\n> Square **42**." in markdown
    assert ("<details>\n<summary><b>Solution to Exercise 1</b></summary>\n\n"
            "Multiply it by itself:\n\n</details>") in markdown  # folded, as on the page


def test_cells_follow_the_page_order(book):
    notebook, page, _ = book
    kinds = [cell.source.split("\n")[0] if cell.cell_type == "markdown" else "code"
             for cell in notebook.cells]
    assert kinds[2:] == ["code", "*The page has an interactive figure here: "
                         "[open it on the page](chapter.html#chapter).*", "code",
                         f"**{_number(page, 'A plot')}:** A plot.", "code", "The end1."]


def test_a_static_image_is_an_attachment(book):
    cell = next(cell for cell in book[0].cells if "A static figure" in cell.source)
    (name, data), = cell.attachments.items()
    assert f"![a picture](attachment:{name})" in cell.source
    assert base64.b64decode(data["image/png"]) == PNG


def test_what_cannot_be_translated_is_a_warning_naming_page_and_node(book):
    notebook, _, warnings = book
    lines = [line for line in warnings.splitlines() if "WARNING" in line]
    assert all("chapter.ipynb:" in line and "notebook download of 'chapter': <" in line
               for line in lines), warnings
    assert {re.search(r"<(\w+)>", line).group(1) for line in lines} == {
        "footnote_reference", "footnote", "label"}  # the footnote, which chapters do not use
    assert "The end1." in _markdown(notebook)  # its text is kept


def _doctree(*children):
    document = new_document("test", get_default_settings())
    document.extend(children)
    return document


def _translate(*children, **site):
    warnings = []
    site = notebook_export.Site("part/page", warn=lambda message, node: warnings.append(message),
                                **site)
    executed = nbformat.v4.new_notebook()
    return notebook_export.to_notebook(_doctree(*children), executed, site), warnings


def test_an_unknown_node_is_a_warning_and_keeps_its_text():
    notebook, warnings = _translate(nodes.line_block("", nodes.line("", "kept text")))
    assert notebook.cells[0].source == "kept text"
    assert warnings == ["notebook download of 'part/page': <line_block> (docutils.nodes): "
                        "no Markdown for this node; its text is kept",
                        "notebook download of 'part/page': <line> (docutils.nodes): "
                        "no Markdown for this node; its text is kept"]


def test_links_point_to_the_base_url_when_there_is_one():
    paragraph = nodes.paragraph("", "", nodes.reference("", "there", refuri="../api.html#f"),
                                nodes.Text(" and "), nodes.reference("", "here", refuri="#x"))
    notebook, warnings = _translate(paragraph, baseurl="https://example.org/book/")
    assert notebook.cells[0].source == "[there](https://example.org/book/api.html#f) and here"
    assert warnings == []


@pytest.mark.parametrize("text, markdown", [
    ("# not a heading", "\\# not a heading"), ("1. not a list", "1\\. not a list"),
    ("- not a bullet", "\\- not a bullet"), ("98.5% is text", "98.5% is text"),
    ("a `tick` and &amp;", "a \\`tick\\` and &amp;amp;"), ("[x](y)", "\\[x\\](y)"),
    ("<b>not a tag</b> but a < b", "&lt;b>not a tag&lt;/b> but a < b"),
])
def test_plain_text_stays_plain(text, markdown):
    notebook, _ = _translate(nodes.paragraph("", text))
    assert notebook.cells[0].source == markdown


def test_math_blocks_keep_their_tex_and_several_equations_align():
    block = nodes.math_block("", "a = b\n\nc = d", nowrap=False, number=None)
    literal = nodes.paragraph("", "", nodes.literal("", "a `b` c"))
    notebook, _ = _translate(block, literal)
    assert notebook.cells[0].source == ("$$\n\\begin{aligned}a = b \\\\\nc = d\\end{aligned}\n$$"
                                        "\n\n``a `b` c``")


def test_the_published_json_is_valid_and_ends_in_a_newline():
    notebook, _ = _translate(nodes.paragraph("", "text"))
    text = notebook_export.notebook_json(notebook)
    assert text.endswith("}\n") and json.loads(text)["cells"][0]["source"] == ["text"]
