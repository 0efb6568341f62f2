"""Each chapter's downloaded notebook reads like the page, and runs.

The site offers ``_sources/<chapter>.ipynb`` (docs/_ext/notebook_export.py
converts myst-nb's executed notebook): no MyST syntax is left in its
Markdown, every value glued into the page's prose is there as text, it
validates, and it runs from top to bottom in a fresh kernel.
"""

import html
import json
import re

import pytest

from sitetools import ROOT, without_install_cell

nbformat = pytest.importorskip("nbformat")

CHAPTERS_RUN = ["network", "cost", "brute-force", "downhill", "descent", "convexity", "claims"]
#: What MyST looks like: a role, or a fence line that opens a directive.
MYST = re.compile(r"\{[A-Za-z0-9_:+.\-]+\}`|^[ \t>]*(`{3,}|:{3,}|~{3,})\s*\{", re.MULTILINE)
GLUE_ROLE = re.compile(r"\{glue(?::md|:text|:any|:)?\}`([^`]+)`")
TAGS = re.compile(r"<[^>]+>")


def _notebook(site, chapter):
    return without_install_cell(
        nbformat.read(site / "_sources" / f"{chapter}.ipynb", as_version=4))


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
                   "{class}", "{math}"):
        assert syntax not in markdown, f"{chapter}.ipynb holds {syntax}"
    assert set(notebook.metadata) <= {"kernelspec", "language_info"}


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_glued_values_in_the_prose_are_in_the_notebook(site, chapter):
    names = GLUE_ROLE.findall((ROOT / "docs" / f"{chapter}.md").read_text())
    glue = json.loads((site.parent / "jupyter_execute" / f"{chapter}.glue.json").read_text())
    page = html.unescape(TAGS.sub("", (site / f"{chapter}.html").read_text()))
    markdown = _markdown(_notebook(site, chapter))
    checked = 0
    for name in names:
        value = glue[name]["data"]["text/markdown"]
        assert value in markdown, f"{chapter}: the value glued as {name!r} ({value!r}) is missing"
        text = TAGS.sub("", value)
        if re.fullmatch(r"[\w .,%×⁰¹²³⁴⁵⁶⁷⁸⁹⁻\-]+", text):
            assert text in page, (name, text)  # the same text the reader sees on the page
            checked += 1
    if names:
        assert checked > 0


def test_a_number_from_the_page_is_in_the_notebook(site):
    # Read off the page, as a reader would: "After 97 steps the slope is flat".
    page = html.unescape(TAGS.sub("", (site / "descent.html").read_text()))
    steps = re.search(r"After ([\d,]+) steps the slope", page).group(1)
    assert f"After {steps} steps the slope" in _markdown(_notebook(site, "descent"))


def test_references_become_links_to_the_site_and_numbers(site):
    markdown = _markdown(_notebook(site, "descent"))
    equation = re.search(r'<span class="eqno">\((\d+)\)', (site / "descent.html").read_text())
    assert f"\\tag{{{equation.group(1)}}}" in markdown  # the page's equation number
    assert f"applies ({equation.group(1)})" in markdown
    assert "[`gradient_descent()`](api.html#nnlesson.gradient_descent)" in markdown
    assert re.search(r"\[Figure \d+\]\(brute-force\.html#fig-contour\)", markdown)
    assert re.search(r"^\*\*Figure \d+:\*\* Gradient descent on", markdown, re.MULTILINE)
    assert "```python\ndef descent_step(" in markdown  # the literalinclude


@pytest.mark.parametrize("chapter", CHAPTERS_RUN)
def test_the_notebook_runs_in_a_fresh_kernel(site, chapter, tmp_path):
    # The notebook holds exactly the code the page shows (the page's removed
    # cells are gone; hidden-input cells stay, a reader can open them), so
    # this also shows that the visible code runs on its own, in order.
    nbclient = pytest.importorskip("nbclient")
    notebook = _notebook(site, chapter)
    source = (ROOT / "docs" / f"{chapter}.md").read_text()
    removed = source.count(":tags: [remove-cell]")
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert removed > 0 and len(code) == source.count("```{code-cell}") - removed
    assert not any("remove-cell" in cell.metadata.get("tags", []) for cell in code)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.outputs if output.output_type == "error"]
    assert errors == []
