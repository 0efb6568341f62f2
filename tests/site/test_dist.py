"""What a reader takes away, made and used as a reader would (``make test-dist``).

- The book's PDF, printed from the session's build as ``make pdf`` prints
  it, and read back: A4, a title page, a table of contents whose page
  numbers are right, every chapter, the same figure, listing and exercise
  numbers and the same glued values (timings included) as the HTML pages of
  the same build, each chapter's solutions after its exercises, no
  interface, no raw markup, no code cut, the license, no path of the build
  machine; and the site's About page then links it.
- The notebooks' zip, unzipped into an empty folder outside the repository:
  a fresh virtual environment with nothing but Jupyter's kernel and
  runner, and every notebook run from top to bottom, its first cell
  installing the package from the wheel beside it, as a reader would.
- The handout edition (``EDITION=handout``), on a small book published as
  Read the Docs publishes it (``make book-publish``: the book and its PDF,
  the handout and its PDF in ``handout/``): exercises and
  no solution (gated ones, their printed output and figure included) in any
  file it publishes: pages, sources, notebooks, search index, images, the
  zip and the wheel read inside, its PDF read as text; not even where a
  full build into the same folder left its sources and PDF. A PDF that a
  later build no longer matches is taken off the site with its link.

These take minutes (a second build, Chromium printing 100 pages, a fresh
environment running every chapter), so ``make test`` leaves them out.
"""

import html
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile

import pypdf
import pytest

from sitetools import ROOT, addresses, build_pdf, site_pages
from test_build import copy_project

pytestmark = pytest.mark.dist

TAGS = re.compile(r"<[^>]+>")
PLAIN = re.compile(r"[\w .,%×\-]+")
RAW_MARKUP = ["{glue", "{eq}", "{numref}", "{ref}", "{func}", "{code-cell}", ":::", "```",
              "$$", "\\frac", "\\hat", "\\(", "<span", "&nbsp;"]
INTERFACE = ["Click to show", "Show code cell", "Hide code cell", "Copy to clipboard", "Ctrl+K",
             "Download this page", "Color mode", "Skip to main content", "Toggle hidden",
             "Move the slider", "arrow keys", "Solutions stay folded", "swipe it sideways"]
#: The sentences a chapter marks as telling how to work its interactive figures.
INTERFACE_OPEN = '<span class="nnl-interface">'
#: A chapter's number before its title in the contents: "3 " or "Appendix B: ".
LABEL = re.compile(r"^(\d+|Appendix [A-Z]:) ")
#: Code a page folds away (hide-input cells): the printed book leaves it out, as the page shows.
FOLDED = re.compile(r'<details class="admonition hide above-input">.*?</details>', re.DOTALL)


def _interface_sentences(page):
    """The HTML inside each ``nnl-interface`` span of ``page`` (spans nest: math, glue)."""
    found = []
    for start in [m.end() for m in re.finditer(re.escape(INTERFACE_OPEN), page)]:
        depth, at = 1, start
        for tag in re.finditer(r"<(/?)span\b", page[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                at = start + tag.start()
                break
        found.append(page[start:at])
    return found


def _plain(text):
    """Text as both the page and the PDF can be compared: NFKC (ligatures, superscripts), one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def _page_text(site, name, leave_out=None):
    """The visible text of a page's article (without what ``leave_out`` matches)."""
    page = (site / f"{name}.html").read_text()
    if leave_out is not None:
        page = leave_out.sub("", page)
    article = page[page.index("<article"):page.index("</article>")]
    return _plain(html.unescape(TAGS.sub(" ", article)))


@pytest.fixture(scope="module")
def book_pdf(site_build, browser):
    """The book printed as ``make pdf`` prints it, from the session's build.

    (``browser``: Chromium prints it; without one this skips, or fails in CI.)
    """
    site, _ = site_build
    result = build_pdf(ROOT, site)
    assert result.returncode == 0, f"make pdf failed:\n{result.stdout}\n{result.stderr}"
    (pdf,) = (site / "downloads").glob("*.pdf")
    reader = pypdf.PdfReader(pdf)
    pages = [_plain(page.extract_text()) for page in reader.pages]
    return {"path": pdf, "reader": reader, "pages": pages, "text": " ".join(pages),
            "log": result.stdout}


def _contents(book_pdf):
    """The table of contents: [(title, page), ...], read from the PDF's second page."""
    page = book_pdf["reader"].pages[1].extract_text()
    assert page.startswith("Contents")
    return [(_plain(title), int(number)) for title, number
            in re.findall(r"^(.+?) (\d+)$", page, re.MULTILINE)]


def test_the_pdf_is_an_a4_book_with_a_title_page_and_contents(book_pdf, site):
    reader, pages = book_pdf["reader"], book_pdf["pages"]
    assert book_pdf["path"].name == "gradient-descent-computed.pdf"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) in ((595, 842), (596, 843))
    assert pages[0].startswith("Gradient descent, computed")
    assert "the nnlesson authors" in pages[0] and "Version 0.1.0" in pages[0]
    assert "MIT License" in pages[0] and "Stephen Welch" in pages[0]
    title_page = re.sub(r"\s+", "", pages[0])  # a long address may break across lines
    for key in ("site", "repository", "issues"):  # where the book lives
        assert addresses()[key] in title_page, key
    contents = _contents(book_pdf)
    titles = [title for title, _ in contents]
    chapters = [name for name in site_pages(site) if name != "index"]
    assert len(contents) == len(chapters) + 1, contents
    numbers = [number for _, number in contents]
    assert numbers == sorted(numbers) and numbers[0] >= 3 and numbers[-1] <= len(pages)
    for title, number in contents:  # each chapter starts where the contents say
        assert title in pages[number - 1][:len(title) + 40], (title, number)
    plain_titles = [LABEL.sub("", title) for title in titles]
    for name in chapters:  # every page of the site is a chapter of the book
        title = _plain(re.search(r"<h1>(.*?)<a", (site / f"{name}.html").read_text()).group(1))
        assert _plain(html.unescape(TAGS.sub("", title))) in plain_titles, name
    assert 60 <= len(pages) <= 400


def test_the_chapters_are_numbered_and_the_reference_is_an_appendix(book_pdf, site):
    contents = _contents(book_pdf)
    labels = [(LABEL.match(title) or [None, ""])[1] for title, _ in contents]
    numbers = [int(label) for label in labels if label.isdigit()]
    # The lesson's chapters, numbered as the home page lists them.
    index = (site / "index.html").read_text()
    lesson = re.findall(r'<li><p><a class="reference internal" href="([\w-]+)\.html"', index)
    assert len(lesson) >= 8 and numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= len(lesson)
    # The API reference: lettered appendices, last.
    appendices = [k for k, label in enumerate(labels) if label.startswith("Appendix")]
    assert len(appendices) >= 2 and appendices == list(range(len(labels) - len(appendices),
                                                           len(labels)))
    assert all("API reference" in contents[k][0] for k in appendices)
    for title, number in contents:  # the chapter's first page carries its number too
        assert title in book_pdf["pages"][number - 1][:len(title) + 40], title


def test_the_pdfs_figures_are_vectors_and_the_sites_are_not(book_pdf, site):
    """The one-page build that is printed shows each figure as an SVG; the site a bitmap."""
    printed = (site.parent / "singlehtml" / "index.html").read_text()
    figures = re.findall(r'<img[^>]* src="_images/([^"]+)"', printed)
    on_site = [src for name in site_pages(site)
               for src in re.findall(r'<img[^>]* src="_images/([^"]+)"',
                                     (site / f"{name}.html").read_text())]
    assert len(figures) >= 15 and len(figures) == len(on_site)
    assert [src for src in figures if not src.endswith(".svg")] == []
    assert [src for src in on_site if src.endswith(".svg")] == []


def test_the_pdf_numbers_and_values_are_the_sites(book_pdf, site):
    text = book_pdf["text"]
    numbered = re.compile(r"\b(?:Figure|Listing|Exercise|Table) \d+\b")
    on_site = set()
    for name in site_pages(site):
        on_site |= set(numbered.findall(_page_text(site, name)))
    assert len(on_site) >= 30
    assert on_site <= set(numbered.findall(text))
    # Every glued value and timing the pages show, as the same build shows it.
    checked = 0
    for name in site_pages(site):
        page = _page_text(site, name)
        values = [TAGS.sub("", output["data"].get("text/markdown", "")) for output in json.loads(
            (site.parent / "jupyter_execute" / f"{name}.glue.json").read_text()).values()] \
            if (site.parent / "jupyter_execute" / f"{name}.glue.json").exists() else []
        values += re.findall(r'<span class="nb-timing"[^>]*>([^<]+)</span>',
                             (site / f"{name}.html").read_text())
        for value in values:
            value = _plain(html.unescape(value))
            if len(value) >= 3 and PLAIN.fullmatch(value) and value in page:
                assert value in text, f"{name}: {value!r} is on the page, not in the PDF"
                checked += 1
    assert checked >= 40, checked


def test_each_chapters_solutions_follow_its_exercises(book_pdf, site):
    text = book_pdf["text"]
    exercises = sorted({int(n) for n in re.findall(r"Exercise (\d+)", text)})
    assert len(exercises) >= 15
    # Where each chapter starts in the PDF's text.
    starts = [len(text) - len(" ".join(book_pdf["pages"][number - 1:]))
              for _, number in _contents(book_pdf)]
    for number in exercises:
        solution = text.find(f"Solution to Exercise {number}")
        exercise = text.rfind(f"Exercise {number}", 0, solution)
        assert 0 <= exercise < solution, number
        # After the exercise, and in its chapter: no chapter starts between them.
        assert not any(exercise < start < solution for start in starts), number
    assert "Solutions" in text


def test_the_pdf_has_no_interface_no_markup_and_no_cut_code(book_pdf, site):
    text = book_pdf["text"]
    assert [word for word in INTERFACE if word in text] == []
    # The sentences that tell how to work an interactive figure are not printed.
    sentences = [_plain(html.unescape(TAGS.sub(" ", sentence))) for name in site_pages(site)
                 for sentence in _interface_sentences((site / f"{name}.html").read_text())]
    assert len(sentences) >= 3
    assert [sentence for sentence in sentences if sentence[:40] in text] == []
    # Markup the pages show as text (the API documents glue roles) may be
    # printed; the print adds none: no more of any than the pages show.
    shown = " ".join(_page_text(site, name, FOLDED) for name in site_pages(site))
    assert {markup: (text.count(markup), shown.count(markup)) for markup in RAW_MARKUP
            if text.count(markup) > shown.count(markup)} == {}
    # Code wraps: the end of every long line of code on the site is in the PDF.
    compact = re.sub(r"\s+", "", text)
    tails = 0
    for name in site_pages(site):
        page = FOLDED.sub("", (site / f"{name}.html").read_text())
        for block in re.findall(r'<div class="highlight"><pre>(.*?)</pre>', page, re.DOTALL):
            for line in html.unescape(TAGS.sub("", block)).splitlines():
                if len(line) > 75:
                    tails += 1
                    tail = re.sub(r"\s+", "", unicodedata.normalize("NFKC", line))[-15:]
                    assert tail in compact, f"{name}: cut code line {line!r}"
    assert tails >= 10
    raw = book_pdf["path"].read_bytes()
    assert b"file://" not in raw and str(ROOT).encode() not in raw


def test_the_site_links_the_pdf_after_make_pdf(book_pdf, site):
    about = (site / "about.html").read_text()
    assert f'href="downloads/{book_pdf["path"].name}"' in about
    assert "The book's PDF" in book_pdf["log"]


# -- the notebooks' zip, run where a reader runs it --------------------------------

def _run(args, cwd, env=None):
    result = subprocess.run([str(arg) for arg in args], cwd=cwd, capture_output=True, text=True,
                            timeout=1200, env=env)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


RUN_NOTEBOOKS = """\
import pathlib, sys
import nbclient, nbformat
folder = pathlib.Path(sys.argv[1])
for path in sorted(folder.glob("*.ipynb")):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(folder)}}).execute()
    print("ran", path.name)
"""


def test_every_notebook_in_the_zip_runs_in_a_fresh_environment(site, tmp_path):
    folder = tmp_path / "reader"
    folder.mkdir()
    assert ROOT not in folder.parents
    with zipfile.ZipFile(site / "downloads" / "nnlesson-notebooks.zip") as archive:
        archive.extractall(folder)
    (notebooks,) = folder.iterdir()
    names = sorted(path.name for path in notebooks.glob("*.ipynb"))
    assert len(names) >= 7
    _run([sys.executable, "-m", "venv", folder / "venv"], cwd=folder)
    python = folder / "venv" / "bin" / "python"
    # A plain Jupyter: its kernel and the runner; the notebooks install the rest.
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "IPYTHONDIR", "JUPYTER_PATH")}
    env["PIP_CONSTRAINT"] = str(ROOT / "constraints.txt")  # the versions CI is pinned to
    _run([python, "-m", "pip", "install", "--quiet", "ipykernel", "nbclient", "nbformat"],
         cwd=folder, env=env)
    output = _run([python, "-c", RUN_NOTEBOOKS, notebooks], cwd=folder, env=env)
    assert [line.split()[1] for line in output.splitlines() if line.startswith("ran ")] == names
    where = _run([python, "-c", "import nnlesson; print(nnlesson.__file__)"], cwd=folder, env=env)
    assert str(folder / "venv") in where  # installed by the first cell, from the wheel


# -- the handout edition, on a small book -------------------------------------------

#: Words that stand only in the small book's solutions: one per kind of solution
#: (a plain one, a gated one's code, what that code prints, the figure it shows).
SOLUTION_WORDS = {"plain": "zugzwang", "code": "quokka", "printed": "kumquat",
                  "figure": "marzipan"}
HANDOUT_CHAPTER = """\
# Practice

:::{exercise}
:label: ex-first

What is one plus one?
:::

:::{solution} ex-first
:class: dropdown

Two, written out in the answer (zugzwang).
:::

:::{exercise}
:label: ex-second

Run it.
:::

:::{solution-start} ex-second
:class: dropdown
:::

```{code-cell} ipython3
quokka = "the gated answer's code"
print(quokka.replace("code", "output, kumquat"))
```

```{code-cell} ipython3
from IPython.display import SVG
SVG('<svg xmlns="http://www.w3.org/2000/svg" width="90" height="20"><text y="15">marzipan</text></svg>')
```

:::{solution-end}
:::
"""
TAKE_AWAY = "# Take it with you\n\n```{book-downloads}\n```\n"


def _make(project, target, *variables, builddir=None):
    env = dict(os.environ, PYTHONPATH=str(project))
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), target,
         f"SPHINXBUILD={sys.executable} -m sphinx", f"BOOKPYTHON={sys.executable}",
         f"BUILDDIR={builddir or project / '_build' / 'handout'}", *variables],
        capture_output=True, text=True, env=env, timeout=600)


def _readable(name, data):
    """(name, lower-case text) of a file and of everything packed in it: a zip's
    or a wheel's members (recursively), a PDF's text, any other file's bytes."""
    if name.endswith((".zip", ".whl")):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield from _readable(f"{name}!{member}", archive.read(member))
        return
    if data.startswith(b"%PDF"):
        pages = pypdf.PdfReader(io.BytesIO(data)).pages
        yield f"{name} (text)", " ".join(page.extract_text() for page in pages).lower()
    yield name, data.decode("utf-8", "replace").lower()


def words_in_files(folder, words):
    """{file: the ``words`` it holds} for every file under ``folder``, as above."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            for name, text in _readable(str(path.relative_to(folder)), path.read_bytes()):
                held = sorted(word for word in words if word in text)
                if held:
                    found[name] = held
    return found


def test_the_published_handout_has_no_solutions(tmp_path, browser):
    """``make publish`` (as Read the Docs runs it): the book with its PDF, and the
    handout edition with its PDF in ``handout/``; no handout file holds a solution."""
    project = copy_project(tmp_path, {"practice": HANDOUT_CHAPTER, "take-away": ""})
    (project / "docs" / "take-away.md").write_text(TAKE_AWAY)  # a page, not a notebook
    site = project / "_build" / "handout" / "html"  # where make html EDITION=handout builds
    published = project / "_build" / "html"
    words = set(SOLUTION_WORDS.values())
    # What an earlier build of the full edition into the handout's folder left:
    # its sources and its PDF hold the solutions.
    (site / "_sources").mkdir(parents=True)
    (site / "_sources" / "practice.md").write_text(HANDOUT_CHAPTER)
    (site / "downloads").mkdir()
    (site / "downloads" / "gradient-descent-computed.pdf").write_text(HANDOUT_CHAPTER)
    assert set(words_in_files(site, words)["_sources/practice.md"]) == words  # it can see them
    result = _make(project, "book-publish", builddir=project / "_build")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (site / "practice.html").read_text()
    assert "btn-download-notebook-button" in page  # the notebook, and no .md, to download
    assert "btn-download-source-button" not in page
    page = page[page.index("<article"):page.index("</article>")]
    assert page.count('class="exercise') == 2
    assert "solution" not in page.lower() and "written out in the answer" not in page
    assert "the gated answer" not in page
    # The gated solution ran (its code, output and figure are in the executed
    # notebook, beside the site); no file the site publishes holds a solution:
    # pages, sources, notebooks, the zip, the wheel, the search index, images, the PDF.
    executed = words_in_files(site.parent / "jupyter_execute", words)
    assert set(executed["practice.ipynb"]) == words
    assert (site / "searchindex.js").exists() and (site / "_sources" / "practice.ipynb").exists()
    assert (site / "downloads" / "nnlesson-notebooks.zip").exists()
    pdf = site / "downloads" / "gradient-descent-computed-handout.pdf"
    assert sorted(path.name for path in (site / "downloads").glob("*.pdf")) == [pdf.name]
    assert words_in_files(site, words) == {}
    # The published site holds that handout, as it is, in handout/; its own
    # pages, sources and PDF have the solutions.
    handout = published / "handout"
    assert sorted(str(path.relative_to(handout)) for path in handout.rglob("*")) == \
        sorted(str(path.relative_to(site)) for path in site.rglob("*"))
    assert words_in_files(handout, words) == {}
    outside = words_in_files(published, words)
    assert set().union(*outside.values()) == words
    assert "downloads/gradient-descent-computed.pdf (text)" in outside
    assert 'href="downloads/gradient-descent-computed.pdf"' in \
        (published / "take-away.html").read_text()
    # The handout's notebooks send a reader to the handout's pages, not to the
    # pages with the solutions.
    notebook = json.loads((site / "_sources" / "practice.ipynb").read_text())
    text = json.dumps(notebook)
    handout_site, book_site = addresses()["handout"], addresses()["site"]
    assert handout_site in "".join(notebook["cells"][0]["source"])
    assert f"{handout_site}practice.html" in text
    assert re.findall(re.escape(book_site) + r"(?!handout/)", text) == []

    text = _plain(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))
    assert "Handout edition" in text and "What is one plus one?" in text
    assert "Solution" not in text and "gated answer" not in text
    assert handout_site in re.sub(r"\s+", "", text)
    assert f'href="downloads/{pdf.name}"' in (site / "take-away.html").read_text()

    # A later build that reads a chapter again: the PDF no longer matches, and goes.
    chapter = project / "docs" / "practice.md"
    chapter.write_text(chapter.read_text().replace("one plus one", "two plus two"))
    again = _make(project, "book", "EDITION=handout")
    assert again.returncode == 0, again.stdout + again.stderr
    assert not pdf.exists()
    take_away = (site / "take-away.html").read_text()
    assert not re.search(r'href="[^"]*\.pdf"', take_away)
    assert "make pdf" in _plain(TAGS.sub("", take_away))
