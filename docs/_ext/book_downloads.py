"""What a reader takes away from the site: the package, the notebooks, the PDF.

A Sphinx extension (``conf.py`` lists it). On every HTML build:

- :func:`publish_downloads` (``build-finished``) writes the package's
  wheel into ``downloads/`` in the site (:func:`write_wheel`: a wheel is a
  zip of the package and its metadata, written directly, in a tenth of a
  second; the checkout gets no ``build/``).
- :func:`add_install_cell` (``html-page-context``, after the notebook
  export) makes the first cell of each chapter's downloaded notebook install
  the package from that wheel: :func:`with_install_cell`, the one function
  that writes that cell, for the page downloads and the zip alike.
- :func:`publish_downloads` also zips every chapter's notebook, in reading
  order, with the wheel beside them: ``downloads/<NOTEBOOKS_ZIP>``.
- The ``{book-downloads}`` directive lists these files with links, and the
  book's PDF when ``make pdf`` has put it into ``downloads/``; without one,
  it says how to build it, so ``make html`` alone never links a missing
  file. :func:`rewrite_download_pages` (``env-get-updated``) rewrites the
  pages that list the downloads when the PDF appears or goes, and
  :func:`drop_stale_pdf` (``env-before-read-docs``) removes every PDF that
  no longer matches the pages: one from before a build that re-read a page
  (after a change of edition, the other edition's PDF too).
- The ``{book-citation}`` directive: how to cite the book, from ``conf.py``
  (title, authors, year, address) and ``pyproject.toml`` (version).
- Where the book lives, set once in ``conf.py``: ``nnlesson_site`` (the
  published site), ``nnlesson_repository`` (its source) and
  ``nnlesson_issues`` (where to report an error); :func:`check_addresses`
  (``config-inited``) refuses a missing or malformed one. :func:`addresses`
  lists them for the About page (``{book-addresses}``), the PDF's title
  page, every notebook's first cell and the zip's README. The handout
  edition is published in the site's ``handout/`` folder
  (:func:`edition_site`, ``make publish``), and points there instead of at
  the pages with the solutions.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import pathlib
import posixpath
import re
import tomllib
import zipfile

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from book_pdf import pdf_name

ROOT = pathlib.Path(__file__).resolve().parents[2]
#: Where the site keeps its downloads.
DOWNLOADS = "downloads"
NOTEBOOKS_ZIP = "nnlesson-notebooks.zip"
#: The extra that the chapters' visible code needs besides the package
#: (matplotlib, for the figures): a plain Jupyter has everything else.
NOTEBOOK_EXTRA = "notebooks"
INSTALL_CELL_ID = "install-nnlesson"
#: A fixed date for the zip's entries, so that the same notebooks give the same zip.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def project_metadata(root=ROOT):
    """``pyproject.toml``'s ``[project]`` table."""
    with open(pathlib.Path(root) / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def wheel_name(root=ROOT):
    """The file name of the package's wheel: ``nnlesson-0.1.0-py3-none-any.whl``."""
    project = project_metadata(root)
    name = re.sub(r"[-_.]+", "_", project["name"]).lower()
    return f"{name}-{project['version']}-py3-none-any.whl"


# -- where the book lives --------------------------------------------------------

#: The settings that say where the book lives (conf.py), and what each is.
ADDRESS_SETTINGS = {
    "nnlesson_site": "the published site's address, ending in /",
    "nnlesson_repository": "the source repository's address",
    "nnlesson_issues": "where readers report an error (the repository's issues page)",
}
#: The folder of the published site that holds the handout edition (make publish).
HANDOUT_FOLDER = "handout/"


def check_addresses(app, config):
    """Refuse a missing or malformed address, naming the setting and the value."""
    from sphinx.errors import ConfigError

    for name, what in ADDRESS_SETTINGS.items():
        value = getattr(config, name)
        if not isinstance(value, str) or not re.match(r"https://[^\s/]+\.[^\s]+$", value) \
                or (name == "nnlesson_site" and not value.endswith("/")):
            raise ConfigError(f"{name} in conf.py must be {what}, an https:// address"
                              f"{' ending in /' if name == 'nnlesson_site' else ''}; "
                              f"got {value!r}")


def edition_site(config):
    """The published address of this build's edition: the site, or its handout folder."""
    if config.nnlesson_edition == "handout":
        return config.nnlesson_site + HANDOUT_FOLDER
    return config.nnlesson_site


def addresses(config):
    """Where the book lives, as [(what, address)]: this edition online, the source, errors."""
    online = ("The handout edition online" if config.nnlesson_edition == "handout"
              else "The book online")
    return [(online, edition_site(config)),
            ("Its source, with the package", config.nnlesson_repository),
            ("Report an error or ask a question", config.nnlesson_issues)]


class AddressesDirective(SphinxDirective):
    """``{book-addresses}``: where the book lives, as a list of links."""

    def run(self):
        config = self.env.config
        found = addresses(config)
        if config.nnlesson_edition == "full":
            found.insert(1, ("The handout edition, without the solutions",
                             config.nnlesson_site + HANDOUT_FOLDER))
        listing = nodes.bullet_list(classes=["nnl-addresses"])
        for what, url in found:
            paragraph = nodes.paragraph()
            paragraph += nodes.Text(f"{what}: ")
            # Shown without its scheme, as the About page writes addresses (and so
            # the theme does not shorten a GitHub address to "owner/name").
            paragraph += nodes.reference("", url.removeprefix("https://"), refuri=url)
            listing += nodes.list_item("", paragraph)
        return [listing]


# -- the theme's download menu ------------------------------------------------

#: What the theme's ".pdf" item in each page's download menu really does:
#: it opens the browser's print dialog for this page (``window.print()``).
PRINT_LABEL = "Print this page"


def relabel_print_button(app, pagename, templatename, context, doctree):
    """Call the download menu's ".pdf" item what it does: "Print this page".

    sphinx-book-theme labels ``window.print()`` ".pdf", which reads as a
    download of the book's PDF; the book's PDF is on the About page. Runs
    after the theme's ``add_header_buttons`` (priority 501).
    """
    for group in context.get("header_buttons", []):
        if group.get("label") != "download-buttons":
            continue
        for button in group["buttons"]:
            if button.get("label") == "download-pdf-button":
                button.update(text=PRINT_LABEL, icon="fas fa-print",
                              tooltip="Print this page, or save it as a PDF",
                              label="print-page-button")


# -- the install cell ---------------------------------------------------------

def install_cell_source(wheel, where=()):
    """The first cell of every chapter notebook: where the book lives (``where``,
    from :func:`addresses`), then install the package from ``wheel``."""
    width = max((len(what) for what, _ in where), default=0)
    return "".join(
        [f"# {what + ':':{width + 1}} {url}\n" for what, url in where] +
        [f"# This notebook runs the book's package, nnlesson. This cell installs it from\n"
         f"# its wheel, {wheel}, which must lie beside the notebook:\n"
         f"# {NOTEBOOKS_ZIP} holds every chapter's notebook with the wheel, and the\n"
         f"# book's \"About this book\" page offers both.\n"
         f"%pip install --quiet \"{wheel}[{NOTEBOOK_EXTRA}]\""])


def with_install_cell(notebook, wheel, where=()):
    """Return a copy of ``notebook`` (nbformat 4, a dict) whose first cell installs ``wheel``.

    Its first lines say where the book lives (``where``, from
    :func:`addresses`). An install cell already in the notebook is replaced,
    so applying this twice gives the same notebook.
    """
    import nbformat

    notebook = nbformat.from_dict(copy.deepcopy(dict(notebook)))
    cell = nbformat.v4.new_code_cell(install_cell_source(wheel, where))
    cell.metadata["tags"] = [INSTALL_CELL_ID]
    if notebook.get("nbformat_minor", 0) >= 5:
        cell.id = INSTALL_CELL_ID
    else:
        cell.pop("id", None)
    notebook.cells = [cell] + [other for other in notebook.cells
                               if INSTALL_CELL_ID not in other.get("metadata", {}).get("tags", [])]
    return notebook


def add_install_cell(app, pagename, templatename, context, doctree):
    """Put the install cell first in the page's downloaded notebook, if it has one."""
    if app.builder.name != "html" or not context.get("ipynb_source"):
        return
    import nbformat

    path = pathlib.Path(app.outdir) / "_sources" / context["ipynb_source"]
    notebook = with_install_cell(nbformat.read(path, as_version=4), wheel_name(),
                                 addresses(app.config))
    nbformat.validate(notebook)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


# -- the wheel and the zip ------------------------------------------------------

def wheel_metadata(project, readme):
    """The wheel's ``METADATA`` (core metadata 2.4) for ``pyproject.toml``'s ``project`` table."""
    lines = ["Metadata-Version: 2.4", f"Name: {project['name']}",
             f"Version: {project['version']}", f"Summary: {project['description']}",
             f"License-Expression: {project['license']}",
             f"Requires-Python: {project['requires-python']}", "License-File: LICENSE",
             "Description-Content-Type: text/markdown"]
    lines += [f"Requires-Dist: {requirement}" for requirement in project["dependencies"]]
    for extra, requirements in project.get("optional-dependencies", {}).items():
        lines.append(f"Provides-Extra: {extra}")
        lines += [f'Requires-Dist: {requirement}; extra == "{extra}"'
                  for requirement in requirements]
    return "\n".join(lines) + "\n\n" + readme


def write_wheel(path, root=ROOT):
    """Write the package's pure-Python wheel to ``path``: the package, its metadata, a RECORD.

    Written directly (a wheel is a zip with a fixed layout), so the build
    needs no build backend and no subprocess; every entry has the fixed
    date ``ZIP_DATE``, so the same sources give the same wheel.
    """
    root = pathlib.Path(root)
    project = project_metadata(root)
    info = f"{re.sub(r'[-_.]+', '_', project['name']).lower()}-{project['version']}.dist-info"
    files = {str(file.relative_to(root)): file.read_bytes()
             for file in sorted((root / "nnlesson").rglob("*.py"))}
    files[f"{info}/METADATA"] = wheel_metadata(
        project, (root / project["readme"]).read_text(encoding="utf-8")).encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: nnlesson book_downloads\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{info}/licenses/LICENSE"] = (root / "LICENSE").read_bytes()
    files[f"{info}/top_level.txt"] = b"nnlesson\n"
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, ZIP_DATE), data,
                             compress_type=zipfile.ZIP_DEFLATED)
    return pathlib.Path(path)


def _digest(data):
    """A RECORD's hash: urlsafe base64 of the SHA-256, without padding."""
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def publish_downloads(app, exception):
    """Put the wheel and the notebooks' zip into the site's ``downloads/`` (HTML builds)."""
    if exception is not None or app.builder.name != "html":
        return
    target = pathlib.Path(app.outdir) / DOWNLOADS
    target.mkdir(exist_ok=True)
    wheel = write_wheel(target / wheel_name())
    write_notebooks_zip(app, target / NOTEBOOKS_ZIP, wheel)


def reading_order(env, docname=None, seen=None):
    """Every page in the order of the toctrees, from the root page down."""
    docname = docname or env.config.root_doc
    seen = [] if seen is None else seen
    if docname not in seen:
        seen.append(docname)
        for child in env.toctree_includes.get(docname, []):
            reading_order(env, child, seen)
    return seen


def write_notebooks_zip(app, path, wheel):
    """Zip every chapter's downloaded notebook, in reading order, with ``wheel`` beside them."""
    import nbformat

    sources = pathlib.Path(app.outdir) / "_sources"
    chapters = [docname for docname in reading_order(app.env)
                if (sources / f"{docname}.ipynb").exists()]
    folder = path.stem
    width = max(2, len(str(len(chapters))))
    entries = {f"{folder}/{wheel.name}": wheel.read_bytes()}
    names = []
    for number, docname in enumerate(chapters, 1):
        name = f"{number:0{width}d}-{docname.replace('/', '-')}.ipynb"
        notebook = with_install_cell(nbformat.read(sources / f"{docname}.ipynb", as_version=4),
                                     wheel.name, addresses(app.config))
        entries[f"{folder}/{name}"] = (nbformat.writes(notebook) + "\n").encode()
        names.append(f"  {name}  ({app.env.titles[docname].astext()})")
    entries[f"{folder}/README.txt"] = notebooks_readme(app, wheel.name, names).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def notebooks_readme(app, wheel, names):
    return "\n".join([
        f"{app.config.project}: the chapters as Jupyter notebooks",
        "",
        f"Each notebook's first cell installs the book's package from {wheel},",
        "which lies beside it; then run the notebook from top to bottom.",
        "Any Jupyter will do (Python 3.11 or newer); nothing else to set up.",
        "",
        *[f"{what}: {url}" for what, url in addresses(app.config)],
        "",
        "The chapters, in reading order:",
        *names,
        "",
        f"Copyright {app.config.copyright}. Released under the MIT License.",
        "",
    ])


# -- the downloads list, and the PDF in it ---------------------------------------

class downloads(nodes.General, nodes.Element):
    """Where ``{book-downloads}`` stands; replaced by a list when the page is written."""


class DownloadsDirective(SphinxDirective):
    """``{book-downloads}``: list what the site offers to download."""

    def run(self):
        return [downloads()]


def _pdf_path(app):
    return pathlib.Path(app.outdir) / DOWNLOADS / pdf_name(app.config)


def resolve_downloads(app, doctree, docname):
    """Replace each ``{book-downloads}`` with the list of files (links on the site)."""
    online = app.builder.name == "html"
    has_pdf = online and _pdf_path(app).exists()
    up = posixpath.relpath(DOWNLOADS, posixpath.dirname(docname) or ".")

    def item(text, filename, note):
        paragraph = nodes.paragraph()
        if online:
            paragraph += nodes.reference("", text, refuri=f"{up}/{filename}", internal=False,
                                         classes=["nnl-download"])
        else:
            paragraph += nodes.strong("", text)
        paragraph += nodes.Text(f" ({filename}): {note}")
        return nodes.list_item("", paragraph)

    for node in list(doctree.findall(downloads)):
        listing = nodes.bullet_list(classes=["nnl-downloads", f"nnl-pdf-{'yes' if has_pdf else 'no'}"])
        edition = app.config.nnlesson_edition
        if has_pdf:
            listing += item("The whole book as one PDF", pdf_name(app.config),
                            "A4, numbered as on these pages, solutions at the end of each "
                            "chapter" if edition == "full" else
                            "A4, numbered as on these pages, without the solutions")
        elif online:
            paragraph = nodes.paragraph(text="The whole book as one PDF: not in this copy of the "
                                             "site. Download it from the published book, at ")
            published = f"{edition_site(app.config)}about.html#downloads"
            paragraph += nodes.reference("", published.removeprefix("https://"),
                                         refuri=published)
            paragraph += nodes.Text("; or build it: ")
            paragraph += nodes.literal(text="make pdf")
            paragraph += nodes.Text(" in the book’s repository adds it here.")
            listing += nodes.list_item("", paragraph)
        listing += item("Every chapter as a Jupyter notebook", NOTEBOOKS_ZIP,
                        "with the package’s wheel beside them; unzip, open a notebook, "
                        "and run it: its first cell installs the package")
        listing += item("The package alone", wheel_name(),
                        "pip install it, with the extra [notebooks] for the figures")
        node.replace_self(listing)


def _download_pages(app):
    """Pages whose written HTML lists the downloads: docname -> 'yes' or 'no' (the PDF)."""
    found = {}
    for docname in app.env.found_docs:
        page = pathlib.Path(app.outdir) / f"{docname}.html"
        if page.exists():
            match = re.search(r"nnl-downloads nnl-pdf-(yes|no)", page.read_text(encoding="utf-8"))
            if match:
                found[docname] = match.group(1)
    return found


def drop_stale_pdf(app, env, docnames):
    """Remove the site's PDFs when this build re-reads a page: they no longer match.

    Every PDF in ``downloads/`` goes, whatever its name: one printed from
    the other edition into the same folder would hold what this edition
    leaves out.
    """
    if app.builder.name == "html" and docnames:
        for pdf in _pdf_path(app).parent.glob("*.pdf"):
            pdf.unlink()


def rewrite_download_pages(app, env):
    """Rewrite the pages listing the downloads when the PDF appeared or went."""
    if app.builder.name != "html":
        return []
    now = "yes" if _pdf_path(app).exists() else "no"
    return sorted(docname for docname, shown in _download_pages(app).items() if shown != now)


# -- how to cite -----------------------------------------------------------------

class CitationDirective(SphinxDirective):
    """``{book-citation}``: the book's citation, as text and as BibTeX."""

    def run(self):
        config = self.env.config
        self.env.note_dependency(str(ROOT / "pyproject.toml"))
        year = re.search(r"\d{4}", config.copyright).group(0)
        version = project_metadata()["version"]
        title, authors = config.project, config.author
        url = config.nnlesson_site
        citation = nodes.paragraph(classes=["nnl-citation"])
        citation += nodes.Text(f"{authors[0].upper()}{authors[1:]} ({year}). ")
        citation += nodes.emphasis(text=title)
        citation += nodes.Text(f", version {version}. ")
        citation += nodes.reference("", url, refuri=url)
        bibtex = "\n".join([
            f"@book{{nnlesson{year},",
            f"  title   = {{{title}}},",
            f"  author  = {{{{{authors}}}}},",
            f"  year    = {{{year}}},",
            f"  version = {{{version}}},",
            f"  url     = {{{url}}},",
            "  note    = {After Stephen Welch, Neural Networks Demystified,\n"
            "             Part 3: Gradient Descent (2015)}",
            "}",
        ])
        block = nodes.literal_block(bibtex, bibtex, language="bibtex")
        return [citation, block]


def setup(app):
    app.add_node(downloads)
    app.add_directive("book-downloads", DownloadsDirective)
    app.add_directive("book-citation", CitationDirective)
    app.add_directive("book-addresses", AddressesDirective)
    for name in ADDRESS_SETTINGS:
        app.add_config_value(name, None, "env", types=[str])
    app.connect("config-inited", check_addresses)
    app.connect("env-before-read-docs", drop_stale_pdf)
    app.connect("env-get-updated", rewrite_download_pages)
    app.connect("doctree-resolved", resolve_downloads)
    app.connect("html-page-context", add_install_cell, priority=450)
    app.connect("html-page-context", relabel_print_button, priority=502)
    app.connect("build-finished", publish_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

