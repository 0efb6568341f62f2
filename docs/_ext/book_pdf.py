"""The printed book, and the editions: a Sphinx extension and a command.

``make pdf`` builds the whole book as one HTML page (Sphinx's ``singlehtml``
builder, from the same doctrees as ``make html``, so nothing runs again and
every glued value is the same build's), then runs this file as a command,
which prints that page to A4 with headless Chromium (Playwright) into the
site's ``downloads/`` folder.

For the one-page build only, the extension

- :func:`arrange_book` (``doctree-resolved``): makes each chapter a
  top-level part of the page (Sphinx nests them inside the home page's last
  section), puts a part's name (its toctree's caption) over its first
  chapter, and gathers each chapter's solutions into a "Solutions" section
  at the chapter's end, unfolded. Numbers are not touched: exercises, figures, equations and
  listings keep the numbers the site shows. The chapters of the parts that
  ``nnlesson_pdf_numbered_parts`` names (toctree captions) get numbers in
  their titles, 1, 2, ... in reading order, as the home page's list of
  chapters numbers them (the site's own toctree stays unnumbered: a
  numbered toctree would renumber every equation and figure per chapter).
  The parts that ``nnlesson_pdf_appendix_parts`` names move to the end as
  lettered appendices ("Appendix A: ..."); the handout edition leaves them
  out (``nnlesson_pdf_reference``, ``PDF_REFERENCE=`` in make: ``auto``, the
  default, prints them in the full edition only; ``yes`` or ``no``), and a
  link into a left-out appendix becomes plain text.
- :func:`front_matter` (``html-page-context``): puts a title page and a
  table of contents before the book, and loads ``book-pdf.css``, the
  print layout (A4, a chapter per new page, no interface elements).

On the site, :func:`plain_solution_titles` (``doctree-resolved``) takes the
link out of a solution's title, which is the control that opens it.

For every build, :func:`leave_out_solutions` (``doctree-read``) drops the
solutions when ``nnlesson_edition`` is ``"handout"`` (``make html
EDITION=handout``): the site and the PDF for handing out before the
answers. (sphinx-exercise's own ``hide_solutions`` leaves the body of a
``solution-start``/``solution-end`` pair on the page, and fails the build.)
A chapter's MyST source holds every solution, so that edition publishes no
sources: :func:`publish_no_sources` (``config-inited``) turns
``html_copy_source`` off, :func:`remove_unpublished_sources`
(``builder-inited``) removes sources an earlier build left in the folder,
and :func:`offer_only_published_sources` (``html-page-context``) takes the
source file out of a page's download menu. The notebooks, translated from
the pages without their solutions, stay.

The command prints twice: the first print tells on which page each chapter
starts (Chromium gives each linked heading a named destination in the PDF),
and the second prints those numbers into the table of contents. Equations
come as the page has them: MathJax is waited for when the page loads it;
equations drawn into the HTML at build time need no wait.
"""

from __future__ import annotations

import html
import pathlib
import re
import shutil
import sys

from docutils import nodes
from sphinx import addnodes
from sphinx_exercise.nodes import solution_node

EDITIONS = ("full", "handout")
REFERENCE = ("auto", "yes", "no")
PRINT_CSS = "book-pdf.css"
PDF_META = "nnlesson-pdf"


def pdf_name(config):
    """The file name of the book's PDF: the project's name, and the edition's."""
    slug = re.sub(r"[^a-z0-9]+", "-", config.project.lower()).strip("-")
    edition = "" if config.nnlesson_edition == "full" else f"-{config.nnlesson_edition}"
    return f"{slug}{edition}.pdf"


def check_edition(app, config):
    """Refuse an edition this book does not have, naming the setting and the value."""
    if config.nnlesson_edition not in EDITIONS:
        from sphinx.errors import ConfigError

        raise ConfigError(f"nnlesson_edition (EDITION= in make) must be one of "
                          f"{', '.join(EDITIONS)}; got {config.nnlesson_edition!r}")
    if config.nnlesson_pdf_reference not in REFERENCE:
        from sphinx.errors import ConfigError

        raise ConfigError(f"nnlesson_pdf_reference (PDF_REFERENCE= in make) must be one of "
                          f"{', '.join(REFERENCE)}; got {config.nnlesson_pdf_reference!r}")


def prints_appendices(config):
    """Whether the PDF prints the appendices (the API reference): the full edition does."""
    if config.nnlesson_pdf_reference == "auto":
        return config.nnlesson_edition == "full"
    return config.nnlesson_pdf_reference == "yes"


def book_order(app):
    """The printed book's chapters after the home page: [(docname, label, caption), ...].

    The home page's toctrees in reading order, the appendices last;
    ``label`` is the number the title gets ("3", "Appendix B") or "";
    ``caption`` is the part's name over the part's first chapter, or "".
    Appendices the edition does not print are left out. (A chapter's own
    toctree stays inside it, unnumbered.)
    """
    config = app.config
    numbered, appendix = set(config.nnlesson_pdf_numbered_parts), \
        set(config.nnlesson_pdf_appendix_parts)
    body, back = [], []
    number = 0
    for caption, entries in _toctrees(app.env, config.root_doc):
        if caption in appendix:
            if not prints_appendices(config):
                continue
            target = back
        else:
            target = body
        for index, docname in enumerate(entries):
            if caption in numbered:
                number += 1
                label = str(number)
            elif caption in appendix:
                label = "Appendix " + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[len(
                    [entry for entry in back if entry[1].startswith("Appendix")])]
            else:
                label = ""
            target.append((docname, label, caption if index == 0 else ""))
    return body + back


def leave_out_solutions(app, doctree):
    """In the handout edition, drop every solution (gated ones are merged by now)."""
    if app.config.nnlesson_edition != "handout":
        return
    for node in list(doctree.findall(solution_node)):
        node.parent.remove(node)


def publish_no_sources(app, config):
    """In the handout edition, publish no page sources (``_sources/<page>.md``)."""
    if config.nnlesson_edition == "handout":
        config.html_copy_source = False


def remove_unpublished_sources(app):
    """Remove page sources from ``_sources/`` when this build publishes none.

    An earlier build into the same folder (the full edition, or before
    :func:`publish_no_sources`) may have left them; the downloaded notebooks
    (``.ipynb``), which every build writes again, stay.
    """
    if app.builder.name != "html" or app.config.html_copy_source:
        return
    sources = pathlib.Path(app.outdir) / "_sources"
    if sources.is_dir():
        for path in sources.rglob("*"):
            if path.is_file() and path.suffix != ".ipynb":
                path.unlink()


def offer_only_published_sources(app, pagename, templatename, context, doctree):
    """Take the page's source file out of its download menu when the site has none.

    sphinx-book-theme offers ``_sources/<page>.md`` whenever a page has a
    source suffix, even when ``html_copy_source`` is off and no such file is
    published. Runs after the theme's ``add_header_buttons`` (priority 501).
    """
    if context.get("sourcename"):
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"] = [button for button in group["buttons"]
                                if button.get("label") != "download-source-button"]


def plain_solution_titles(app, doctree, docname):
    """On the site, a solution's title is plain text: clicking it opens the solution.

    sphinx-togglebutton makes a folded solution's whole title its control,
    but sphinx-exercise puts a link to the exercise into that title, so a
    click on "Exercise 14" scrolled away to the exercise, which is just above
    anyway, and sphinx-togglebutton, which only listens to clicks on the
    title itself, failed with an error instead of opening the solution.
    (book.css also lets clicks on anything else in the title through.) The
    book's PDF, where solutions sit at the end of the chapter, keeps the link.
    """
    if app.builder.name != "html":
        return
    for solution in doctree.findall(solution_node):
        for title in solution.children:
            if isinstance(title, nodes.title):
                for reference in list(title.findall(nodes.reference)):
                    reference.replace_self(list(reference.children))


# -- the one-page book -------------------------------------------------------------

def _toctrees(env, docname):
    """The toctrees of ``docname``: [(caption, [docname, ...]), ...], in page order."""
    return [(toctree.get("caption") or "", [entry for _, entry in toctree["entries"]
                                            if entry in env.found_docs])
            for toctree in env.get_doctree(docname).findall(addnodes.toctree)]


def _chapters(node):
    """The chapters directly under ``node``: ``start_of_file`` nodes, not nested ones.

    Walks down through ``children``: Sphinx assembles the one-page book by
    handing each chapter's children to a ``start_of_file`` node without
    setting their ``parent``, so walking up from a node is not reliable.
    """
    found = []
    for child in node.children:
        if isinstance(child, addnodes.start_of_file):
            found.append(child)
        elif isinstance(child, nodes.Element):
            found += _chapters(child)
    return found


def _solutions(node):
    """The (parent, solution) pairs under ``node``, outside nested chapters."""
    found = []
    for child in node.children:
        if isinstance(child, solution_node):
            found.append((node, child))
        elif isinstance(child, nodes.Element) and not isinstance(child, addnodes.start_of_file):
            found += _solutions(child)
    return found


def chapter_anchor(docname):
    """The id of a chapter's first heading in the one-page book (the PDF's page lookup)."""
    return "nnl-chapter-" + re.sub(r"[^A-Za-z0-9_-]", "-", docname)


def arrange_book(app, doctree, docname):
    """Chapters at the top level, part titles, solutions at each chapter's end."""
    if app.builder.name != "singlehtml":
        return
    chapters = {}
    for chapter in _chapters(doctree):
        chapter.parent.remove(chapter)
        chapters[chapter["docname"]] = chapter
    for docname, label, caption in book_order(app):
        chapter = chapters.pop(docname)
        if caption:  # the part's name, over its first chapter
            chapter.insert(0, nodes.container("", nodes.paragraph(text=caption),
                                              classes=["nnl-part"]))
        if label:
            _number_title(chapter, label)
        doctree += chapter
    _unlink_left_out(doctree, set(chapters))
    _arrange_chapter(doctree, app.config.root_doc)
    for chapter in _all_chapters(doctree):
        _arrange_chapter(chapter, chapter["docname"])


def _number_title(chapter, label):
    """Put the chapter's number ("3", "Appendix B") before its title."""
    for section in chapter.children:
        if isinstance(section, nodes.section):
            title = section[0]
            if isinstance(title, nodes.title):
                text = label + (": " if label.startswith("Appendix") else "")
                title.insert(0, nodes.inline(text, text, classes=["nnl-chapter-number"]))
            return


def _unlink_left_out(doctree, left_out):
    """Links into chapters the book leaves out become their plain text."""
    if not left_out:
        return
    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri", "")
        if uri.split("#", 1)[0].removesuffix(".html") in left_out:
            reference.replace_self(nodes.inline("", "", *reference.children))


def _all_chapters(node):
    """Every chapter under ``node``, nested ones too, in page order."""
    found = []
    for chapter in _chapters(node):
        found += [chapter, *_all_chapters(chapter)]
    return found


def _arrange_chapter(chapter, docname):
    """Mark the chapter's first section; gather its solutions into a last section."""
    sections = [child for child in chapter.children if isinstance(child, nodes.section)]
    if not sections:
        return
    sections[0]["ids"].insert(0, chapter_anchor(docname))
    solutions = _solutions(chapter)
    if not solutions:
        return
    gathered = nodes.section(ids=[chapter_anchor(docname).replace("chapter", "solutions", 1)],
                             classes=["nnl-solutions"])
    gathered += nodes.title(text="Solutions")
    for parent, solution in solutions:
        parent.remove(solution)
        solution["classes"] = [name for name in solution["classes"] if name != "dropdown"]
        gathered += solution
    sections[-1] += gathered


def front_matter(app, pagename, templatename, context, doctree):
    """Title page, table of contents and print layout, before the one-page book."""
    if app.builder.name != "singlehtml" or pagename != app.config.root_doc:
        return
    app.add_css_file(PRINT_CSS)
    context["body"] = title_page(app) + contents(app) + context["body"]
    context["metatags"] = context.get("metatags", "") + \
        f'\n<meta name="{PDF_META}" content="{html.escape(pdf_name(app.config))}">'


def title_page(app):
    """The title page: title, subtitle, authors, version, edition, credit, license,
    and where the book lives (online, its source, where to report an error)."""
    from book_downloads import addresses, project_metadata

    config = app.config
    project = project_metadata()
    year = re.search(r"\d{4}", config.copyright).group(0)
    edition = ("<br>Handout edition: the exercises without their solutions"
               if config.nnlesson_edition == "handout" else "")
    escape = html.escape
    where = "<br>".join(f'{escape(what)}: <a href="{escape(url)}">{escape(url)}</a>'
                        for what, url in addresses(config))
    return f"""
<section class="nnl-title-page">
  <p class="nnl-title">{escape(config.project)}</p>
  <p class="nnl-subtitle">{escape(project['description'])}</p>
  <p class="nnl-authors">{escape(config.author)}</p>
  <p class="nnl-edition">Version {escape(project['version'])}, {year}{edition}</p>
  <p class="nnl-credit">A retelling of <em>Neural Networks Demystified, Part 3: Gradient
  Descent</em> by Stephen Welch (2015). Every number, table, timing and figure in it was
  computed by the package <code>nnlesson</code> when this copy was built.</p>
  <p class="nnl-rights">&copy; {escape(config.copyright)}. Text, code and figures under the
  MIT License (see &ldquo;About this book&rdquo;).</p>
  <p class="nnl-credit nnl-address">{where}</p>
</section>
"""


def contents(app):
    """The table of contents: every page in reading order, under its part's caption."""
    env = app.env
    lines = ['<nav class="nnl-contents" aria-label="Contents">',
             '<p class="nnl-contents-title">Contents</p>', "<ol>"]

    def entry(docname, depth, label="", nested=True):
        title = html.escape(env.titles[docname].astext())
        number = (f'<span class="nnl-toc-number">{html.escape(label)}'
                  f'{":" if label.startswith("Appendix") else ""}</span> ' if label else "")
        lines.append(f'<li class="nnl-toc-{depth}"><a href="#{chapter_anchor(docname)}">'
                     f'<span class="nnl-toc-title">{number}{title}</span>'
                     f'<span class="nnl-toc-leader"></span>'
                     f'<span class="nnl-toc-page" data-for="{docname}"></span></a></li>')
        for _, children in _toctrees(env, docname) if nested else ():
            for child in children:
                entry(child, depth + 1)

    entry(app.config.root_doc, 1, nested=False)
    for docname, label, caption in book_order(app):
        if caption:
            lines.append(f'<li class="nnl-toc-part">{html.escape(caption)}</li>')
        entry(docname, 1, label)
    lines += ["</ol>", "</nav>"]
    return "\n".join(lines) + "\n"


def setup(app):
    app.add_config_value("nnlesson_edition", "full", "env", types=[str])
    # Only the one-page build reads these: changing them re-reads no chapter.
    app.add_config_value("nnlesson_pdf_numbered_parts", [], "", types=[list])
    app.add_config_value("nnlesson_pdf_appendix_parts", [], "", types=[list])
    app.add_config_value("nnlesson_pdf_reference", "auto", "", types=[str])
    app.connect("config-inited", check_edition)
    app.connect("config-inited", publish_no_sources)
    app.connect("builder-inited", remove_unpublished_sources)
    app.connect("html-page-context", offer_only_published_sources, priority=502)
    app.connect("doctree-read", leave_out_solutions, priority=400)
    app.connect("doctree-resolved", arrange_book)
    app.connect("doctree-resolved", plain_solution_titles)
    app.connect("html-page-context", front_matter)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# -- the command: print the one-page book -------------------------------------------

#: The page number at the foot of every page (Chromium fills in the class).
FOOTER = ('<div style="font-size:8pt;width:100%;text-align:center;color:#555;'
          'font-family:sans-serif"><span class="pageNumber"></span></div>')
MARGINS = {"top": "16mm", "bottom": "18mm", "left": "17mm", "right": "17mm"}
READY = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
  await document.fonts.ready;
  await Promise.all([...document.images].map(img => img.complete ? null :
      new Promise(done => { img.onload = img.onerror = done; })));
}"""
CHAPTERS = """() => [...document.querySelectorAll('.nnl-toc-page')].map(span => span.dataset.for)"""
SET_PAGES = """pages => { for (const span of document.querySelectorAll('.nnl-toc-page'))
    span.textContent = pages[span.dataset.for] || ''; }"""


def _chromium():
    """Debian's Chromium, or None: then Playwright's own, where ``python -m
    playwright install --only-shell chromium`` put it (as Read the Docs does)."""
    path = shutil.which("chromium") or "/usr/bin/chromium"
    return path if pathlib.Path(path).exists() else None


def chapter_pages(pdf, docnames):
    """The page (from 1) on which each chapter starts in ``pdf``.

    Chromium gives every element that a link points to a named destination;
    the table of contents links to each chapter's first heading.
    """
    import io

    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    destinations = {str(name).lstrip("/"): destination
                    for name, destination in reader.named_destinations.items()}
    pages = {}
    for docname in docnames:
        destination = destinations.get(chapter_anchor(docname))
        if destination is None:
            raise SystemExit(f"make pdf: the PDF has no destination for chapter {docname!r} "
                             f"(#{chapter_anchor(docname)})")
        pages[docname] = reader.get_destination_page_number(destination) + 1
    return pages


def print_book(singlehtml, target_folder):
    """Print ``singlehtml/index.html`` to the site's ``downloads/``; return the PDF's path."""
    from playwright.sync_api import sync_playwright

    index = pathlib.Path(singlehtml).resolve() / "index.html"
    if not index.exists():
        raise SystemExit(f"make pdf: no one-page book at {index}")
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=_chromium(),
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        except Exception as error:  # playwright's Error: no browser to launch
            raise SystemExit(f"make pdf prints with Chromium, which did not start: {error}\n"
                             "Install Debian's (apt-get install chromium) or Playwright's "
                             "(python -m playwright install --only-shell chromium).")
        try:
            page = browser.new_page()
            page.goto(index.as_uri(), wait_until="load")
            page.evaluate(READY)
            name = page.get_attribute(f'meta[name="{PDF_META}"]', "content")
            options = dict(format="A4", margin=MARGINS, print_background=True,
                           display_header_footer=True, header_template="<span></span>",
                           footer_template=FOOTER, outline=True, tagged=True)
            chapters = page.evaluate(CHAPTERS)
            first = page.pdf(**options)
            pages = chapter_pages(first, chapters)
            page.evaluate(SET_PAGES, {docname: str(number) for docname, number in pages.items()})
            final = page.pdf(**options)
            if chapter_pages(final, chapters) != pages:
                raise SystemExit("make pdf: the page numbers moved when the table of "
                                 "contents got them")
        finally:
            browser.close()
    target = pathlib.Path(target_folder) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(final)
    return target


def main(argv=None):
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        raise SystemExit("usage: python docs/_ext/book_pdf.py SINGLEHTML_FOLDER DOWNLOADS_FOLDER")
    import time

    start = time.perf_counter()
    target = print_book(*args)
    import pypdf

    pages = len(pypdf.PdfReader(target).pages)
    print(f"The book's PDF: {target} ({pages} pages, {target.stat().st_size / 1e6:.1f} MB, "
          f"printed in {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
