"""Chapter notebooks made from the page Sphinx has resolved.

A chapter's download, ``_sources/<page>.ipynb``, is translated from the
page's resolved doctree, the tree the HTML is written from: its prose
becomes Markdown cells, and each code cell the page shows becomes a code
cell, with its outputs, taken from the notebook myst-nb executed. Glued
values, cross-references and the numbers of equations, figures, listings,
tables and exercises are read from the tree and Sphinx's numbering, never
worked out again, so they read as on the page.

- Prose: headings, paragraphs, emphasis, code, links (to the site's pages:
  ``<baseurl>/<page>.html#anchor``, or ``<page>.html#anchor`` relative to
  the page when there is no base URL; references within the page are
  plain text), lists, definition lists (bullets with the term in bold),
  tables (pipe tables), block quotes, admonitions, exercises and solutions
  (block quotes under a bold title, "Exercise 14"), math (``$...$``, and
  ``$$...$$`` with ``\\tag{6}`` for a numbered equation), literal blocks
  and included code (fenced), captions ("**Figure 3:** ..."), images in
  the prose (cell attachments), raw HTML.
- Code: every cell whose code the page shows, in page order; hidden-input
  cells too, folded (``jupyter.source_hidden``). A cell whose code the page
  does not show (``remove-cell``, ``remove-input``) is left out, so the
  notebook runs the code a reader sees. Where such a cell's output is on
  the page, the Markdown holds it (text, images), or, for an interactive
  output (HTML with a script), a line that links to it on the page.
- A node this module does not know is a warning naming the page, line and
  node (the strict build fails on it); its text is kept.

:func:`chapter_notebook` builds the notebook; ``nnlesson_build.offer_notebook``
writes it. :func:`to_notebook` is the translation itself, for any resolved
doctree and executed notebook.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import html
import mimetypes
import pathlib
import posixpath
import re
from typing import Callable

from docutils import nodes

#: Nodes shown as a block quote under a bold title (besides admonitions).
BOXES = {"topic", "sidebar", "exercise_node", "exercise_enumerable_node", "solution_node"}
#: Nodes with nothing to show in a notebook.
SKIPPED = {"target", "comment", "substitution_definition", "index", "meta", "colspec",
           "tabular_col_spec", "highlightlang"}
#: Nodes that only hold other nodes.
TRANSPARENT = {"document", "compound", "glossary", "legend", "inline", "abbreviation",
               "acronym", "generated", "pending_xref", "download_reference", "HideCodeCellNode"}
PYTHON = {"default", "python", "python3", "py", "py3", "ipython", "ipython3"}
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@dataclasses.dataclass
class Site:
    """What the translation of one page needs from Sphinx (:meth:`from_sphinx`)."""

    docname: str
    #: The page's numbers: figtype -> {node id: "3"} ("displaymath" for equations).
    numbers: dict = dataclasses.field(default_factory=dict)
    numfig_format: dict = dataclasses.field(default_factory=dict)
    #: The numbered kind of a node ("figure", "exercise", ...), or None.
    figtype: Callable = lambda node: None
    #: Where links to the site point; "" for links relative to the page.
    baseurl: str = ""
    #: The source folder: image paths in the doctree are relative to it.
    srcdir: pathlib.Path = pathlib.Path(".")
    #: Called with (message, node) for what cannot be translated.
    warn: Callable = lambda message, node: None

    @classmethod
    def from_sphinx(cls, app, docname):
        from sphinx.util import logging

        logger = logging.getLogger(__name__)
        numbers = {}
        for figtype, ids in app.env.toc_fignumbers.get(docname, {}).items():
            numbers[figtype] = {}
            for node_id, parts in ids.items():
                number = ".".join(map(str, parts))
                if figtype == "displaymath":  # as sphinx.util.math.get_node_equation_number
                    number = app.config.math_numsep.join(number.rsplit(".", 1))
                numbers[figtype][node_id] = number
        baseurl = app.config.nnlesson_notebook_baseurl
        return cls(
            docname=docname, numbers=numbers, numfig_format=dict(app.config.numfig_format),
            figtype=app.env.domains.standard_domain.get_enumerable_node_type,
            baseurl=app.config.html_baseurl if baseurl is None else baseurl,
            srcdir=pathlib.Path(app.srcdir),
            warn=lambda message, node: logger.warning(
                message, location=node, type="nnlesson", subtype="notebook"))

    def url(self, uri):
        """``uri`` (relative to the page, as Sphinx writes it) as the notebook links to it."""
        if _SCHEME.match(uri) or not self.baseurl:
            return uri
        path = posixpath.normpath(posixpath.join(posixpath.dirname(self.docname), uri))
        return f"{self.baseurl.rstrip('/')}/{path}"

    def label(self, node):
        """The name and number the page gives ``node`` ("Figure 3"), or ""."""
        figtype = self.figtype(node)
        number = self.numbers.get(figtype, {}).get(node["ids"][0]) if node["ids"] else None
        return self.numfig_format.get(figtype, "%s") % number if figtype and number else ""


def _as_shown(outputs):
    """A cell's outputs as the page shows them: one stream of each name.

    With ``nb_merge_streams`` myst-nb's ``coalesce_streams`` appends every
    later stdout (or stderr) output to the first one, in place, and the
    executed notebook keeps the later ones too: kept, they would show twice.
    A figure's SVG (the book's build makes one for the printed book) is left
    out where its PNG is: the page shows the PNG.
    """
    import nbformat

    seen = set()
    shown = []
    for output in outputs:
        if output["output_type"] == "stream":
            if output["name"] in seen:
                continue
            seen.add(output["name"])
        data = output.get("data", {})
        if "image/svg+xml" in data and "image/png" in data:
            output = nbformat.from_dict(dict(output, data={
                mime: value for mime, value in data.items() if mime != "image/svg+xml"}))
        shown.append(output)
    return shown


def chapter_notebook(app, docname, doctree):
    """The download of chapter ``docname`` as a notebook object, or None for a page with no code.

    ``doctree`` is the page's resolved doctree; the executed notebook is the
    one myst-nb wrote to its ``jupyter_execute`` folder. The first cell says
    where the notebook comes from and what it needs.
    """
    import nbformat

    executed = pathlib.Path(app.env.mystnb_config.output_folder) / f"{docname}.ipynb"
    if not executed.exists():
        return None
    site = Site.from_sphinx(app, docname)
    notebook = to_notebook(doctree, nbformat.reads(executed.read_text(encoding="utf-8"), 4), site)
    title = app.env.titles[docname].astext()
    page = posixpath.basename(docname) + ".html"
    online = f" ([read it online]({site.url(page)}))" if site.baseurl else ""
    preface = (f"*This notebook is the chapter “{title}” of the book “{app.config.project}”"
               f"{online}. It needs the book's package, `nnlesson`: the cell above installs "
               f"it. Then run the cells in order.*")
    notebook.cells.insert(0, _markdown_cell(preface, "preface"))
    return notebook


def to_notebook(doctree, executed, site):
    """The notebook for a resolved page: its prose as Markdown, its shown code from ``executed``."""
    import nbformat

    translator = _Translator(site, executed)
    cells, text = [], []
    for block in translator.block(doctree) + [None]:
        if isinstance(block, str):
            text += [block] if block.strip() else []
            continue
        if text:
            cells.append(_markdown_cell("\n\n".join(text), len(cells), translator.attachments))
            text = []
        if block is not None:
            cells.append(block)
    metadata = {key: executed.metadata[key] for key in ("kernelspec", "language_info")
                if key in executed.metadata}
    return nbformat.v4.new_notebook(cells=cells, metadata=metadata)


def _markdown_cell(source, key, attachments=None):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(
        source, id=hashlib.sha1(f"{key}\n{source}".encode()).hexdigest()[:8])
    used = {name: data for name, data in (attachments or {}).items()
            if f"(attachment:{name})" in source}
    if used:
        cell.attachments = used
    return cell


class _Translator:
    """Blocks (Markdown strings and code cells) and inline Markdown for doctree nodes."""

    def __init__(self, site, executed):
        self.site = site
        self.executed = executed
        self.attachments = {}
        self.sections = []  # (anchor, has a title) of the sections around the node

    def warn(self, node, what="no Markdown for this node; its text is kept"):
        self.site.warn(f"notebook download of {self.site.docname!r}: "
                       f"<{node.tagname}> ({type(node).__module__}): {what}", node)

    # -- blocks -------------------------------------------------------------

    def block(self, node):
        """A list of blocks: Markdown strings, and code cells (nbformat nodes)."""
        if isinstance(node, nodes.Admonition) or node.tagname in BOXES:
            return self.box(node)
        if node.tagname in SKIPPED or isinstance(node, nodes.Invisible):
            return []
        if node.tagname in TRANSPARENT:
            return self.blocks(node.children)
        handler = getattr(self, "b_" + node.tagname, None)
        if handler is not None:
            return handler(node)
        if isinstance(node, (nodes.Text, nodes.Inline)):
            return [self.inline(node)]
        self.warn(node)
        return self.blocks(node.children)

    def blocks(self, children):
        return [block for child in children for block in self.block(child)]

    def text(self, children, node):
        """The Markdown of block ``children``, which must not hold a code cell."""
        blocks = self.blocks(children)
        if any(not isinstance(block, str) for block in blocks):
            self.warn(node, "a code cell inside this node is left out")
        return "\n\n".join(block for block in blocks if isinstance(block, str) and block.strip())

    def b_section(self, node):
        titled = bool(node.children) and isinstance(node[0], nodes.title)
        self.sections.append(((node["ids"] or [""])[0], titled))
        blocks = []
        if titled:
            depth = sum(1 for _, has_title in self.sections if has_title)
            blocks.append("#" * min(depth, 6) + " " + self.inlines(node[0]))
        blocks += self.blocks(node.children[1:] if titled else node.children)
        self.sections.pop()
        return blocks

    def b_paragraph(self, node):
        text = self.inlines(node).strip()
        text = re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", text)  # not a list item,
        return [re.sub(r"^([>]|[#+-](?=\s|$))", r"\\\1", text)]  # heading or quote

    def b_title(self, node):
        return [f"**{self.inlines(node).strip()}**"]

    b_rubric = b_title

    def b_transition(self, node):
        return ["---"]

    def b_bullet_list(self, node):
        return [self.list_items(node, ["- "] * len(node.children))]

    def b_enumerated_list(self, node):
        start = node.get("start", 1)
        return [self.list_items(node, [f"{start + i}. " for i in range(len(node.children))])]

    def list_items(self, node, markers):
        items = [marker + _indent(self.text(item.children, item), len(marker))
                 for marker, item in zip(markers, node.children)]
        return "\n".join(items)

    def b_definition_list(self, node):
        items = []
        for item in node.children:
            terms = [self.inlines(term).strip() for term in item.children
                     if isinstance(term, nodes.term)]
            definition = "".join(self.text(part.children, part) for part in item.children
                                 if isinstance(part, nodes.definition))
            items.append(_indent(f"- **{' / '.join(terms)}**: {definition}", 2))
        return ["\n".join(items)]

    def b_block_quote(self, node):
        return _quote(self.blocks(node.children))

    def b_attribution(self, node):
        return ["— " + self.inlines(node)]

    def box(self, node):
        """A block quote under a bold title: admonitions, exercises, solutions, topics.

        A box the page folds (class ``dropdown``) is folded here too: an HTML
        ``<details>`` block, and the code cells inside it hidden, input and output.
        """
        from sphinx.locale import admonitionlabels

        title, body = admonitionlabels.get(node.tagname, ""), node.children
        plain = title
        if body and isinstance(body[0], nodes.title):
            title, plain, body = self.inlines(body[0]).strip(), body[0].astext(), body[1:]
        title, plain = (f"{self.site.label(node)} {text}".strip() for text in (title, plain))
        if "dropdown" not in node["classes"]:
            return _quote(([f"**{title}**"] if title else []) + self.blocks(body))
        blocks = self.blocks(body)
        for cell in blocks:
            if not isinstance(cell, str):
                cell.metadata["jupyter"] = {"source_hidden": True, "outputs_hidden": True}
        summary = f"<details>\n<summary><b>{html.escape(plain)}</b></summary>\n\n"
        blocks = _quote(blocks, prefix="")
        if not blocks or not isinstance(blocks[0], str):  # it opens with code: title it alone
            return [f"**{title}**"] + blocks
        return [f"{summary}{block}\n\n</details>" if isinstance(block, str) else block
                for block in blocks]

    def b_container(self, node):
        if node.get("nb_element") == "cell_code":
            return self.code_cell(node)
        if node.get("literal_block"):  # a literal block with a caption
            caption = [self.caption(node, child) for child in node.children
                       if isinstance(child, nodes.caption)]
            return caption + self.blocks(child for child in node.children
                                         if not isinstance(child, nodes.caption))
        return self.blocks(node.children)

    def caption(self, numbered, caption):
        """A caption after the number the page gives it: "**Figure 3:** text"."""
        text, label = self.inlines(caption).strip(), self.site.label(numbered)
        return f"**{label}:** {text}" if label and text else f"**{label}**" if label else text

    def b_figure(self, node):
        blocks = []
        for child in node.children:
            blocks += [self.caption(node, child)] if isinstance(child, nodes.caption) \
                else self.block(child)
        return blocks

    def b_caption(self, node):
        return [f"**{self.inlines(node).strip()}**"]

    def b_literal_block(self, node):
        language = node.get("language", "")
        language = "python" if language in PYTHON else "" if language in (
            "none", "text", "myst-ansi") else language
        return [_fenced(node.astext(), language)]

    def b_math_block(self, node):
        tex = node.astext().strip()
        if not node.get("nowrap", False) and not node.get("no-wrap", False):
            parts = [part.strip() for part in tex.split("\n\n") if part.strip()]
            if len(parts) > 1 or "\\\\" in tex:  # as Sphinx aligns them
                tex = "\\begin{aligned}" + " \\\\\n".join(parts) + "\\end{aligned}"
            if node.get("number") and node["ids"]:
                number = self.site.numbers.get("displaymath", {}).get(node["ids"][0]) \
                    or node["number"]
                tex += f" \\tag{{{number}}}"
        return [f"$$\n{tex}\n$$"]

    def b_image(self, node):
        return [self.i_image(node)]

    def b_raw(self, node):
        return [node.astext()] if "html" in node.get("format", "").split() else []

    def b_table(self, node):
        caption = [self.caption(node, child) for child in node.children
                   if isinstance(child, nodes.title)]
        tgroup = next(child for child in node.children if isinstance(child, nodes.tgroup))
        rows = {"thead": [], "tbody": []}
        for part in tgroup.children:
            if part.tagname in rows:
                rows[part.tagname] += [[self.entry(entry) for entry in row.children]
                                       for row in part.children]
        head = rows["thead"][:1] or [[""] * tgroup.get("cols", 1)]
        body = rows["thead"][1:] + rows["tbody"]
        first = (tgroup.next_node(nodes.row) or nodes.row()).children
        align = [":---:" if "text-center" in entry["classes"] else "---:" if "text-right"
                 in entry["classes"] else "---" for entry in first]
        align += ["---"] * (len(head[0]) - len(align))
        table = "\n".join("| " + " | ".join(row) + " |" for row in [head[0], align] + body)
        return caption + [table]

    def entry(self, entry):
        text = self.text(entry.children, entry).replace("\n\n", " <br> ").replace("\n", " ")
        return re.sub(r"(?<!\\)\|", r"\\|", text)

    # -- code cells ---------------------------------------------------------

    def code_cell(self, node):
        """The executed cell behind a myst-nb cell container, or its shown output as Markdown."""
        import nbformat

        parts = {part.get("nb_element"): part for part in node.findall(nodes.container)}
        if "cell_code_source" not in parts:  # remove-input: the page shows the output only
            return self.hidden_output(parts.get("cell_code_output"))
        cell = self.executed.cells[node["cell_index"]]
        metadata = {"tags": cell.metadata["tags"]} if cell.metadata.get("tags") else {}
        mode = node.get("hide_mode", "")  # folded as on the page
        hidden = [key for key, modes in (("source_hidden", ("all", "input", "input+output")),
                                         ("outputs_hidden", ("all", "output", "input+output")))
                  if mode in modes]
        if hidden:
            metadata["jupyter"] = dict.fromkeys(hidden, True)
        code = nbformat.v4.new_code_cell(
            cell.source, id=cell.get("id"), execution_count=cell.execution_count,
            outputs=_as_shown(cell.outputs) if "cell_code_output" in parts else [],
            metadata=metadata)
        if not cell.get("id"):
            del code["id"]
        figures = parts["cell_code_output"].findall(nodes.figure) \
            if "cell_code_output" in parts else []
        return [code] + [self.caption(figure, caption) for figure in figures
                         for caption in figure.children if isinstance(caption, nodes.caption)]

    def hidden_output(self, output):
        if output is None:
            return []
        if any("<script" in raw.astext() for raw in output.findall(nodes.raw)):
            anchor = next((anchor for anchor, _ in reversed(self.sections) if anchor), "")
            link = self.site.url(posixpath.basename(self.site.docname) + ".html"
                                 + (f"#{anchor}" if anchor else ""))
            return [f"*The page has an interactive figure here: [open it on the page]({link}).*"]
        return self.blocks(output.children)

    # -- inline -------------------------------------------------------------

    def inlines(self, node):
        return "".join(self.inline(child) for child in node.children)

    def inline(self, node):
        if isinstance(node, nodes.Text):
            return _escape(re.sub(r"[ \t]*\n[ \t]*", " ", node.astext()))
        if node.tagname in SKIPPED:
            return ""
        if node.tagname in TRANSPARENT:
            return self.inlines(node)
        handler = getattr(self, "i_" + node.tagname, None)
        if handler is None:
            self.warn(node)
            return self.inlines(node)
        return handler(node)

    def i_emphasis(self, node):
        return _wrap(self.inlines(node), "*")

    i_title_reference = i_emphasis

    def i_strong(self, node):
        return _wrap(self.inlines(node), "**")

    def i_literal(self, node):
        code = re.sub(r"\s*\n\s*", " ", node.astext())
        ticks = "`" * (max((len(run) for run in re.findall(r"`+", code)), default=0) + 1)
        pad = " " if code.startswith("`") or code.endswith("`") else ""
        return f"{ticks}{pad}{code}{pad}{ticks}"

    i_literal_strong = i_literal_emphasis = i_literal

    def i_math(self, node):
        return "$" + re.sub(r"\s*\n\s*", " ", node.astext().strip()) + "$"

    def i_subscript(self, node):
        return f"<sub>{self.inlines(node)}</sub>"

    def i_superscript(self, node):
        return f"<sup>{self.inlines(node)}</sup>"

    def i_raw(self, node):
        return node.astext() if "html" in node.get("format", "").split() else ""

    def i_reference(self, node):
        text = self.inlines(node)
        uri = node.get("refuri")
        if not uri or uri.startswith("#"):
            return text  # on this page: the notebook has no such anchor
        return f"[{text}](<{self.site.url(uri)}>)" if " " in uri else \
            f"[{text}]({self.site.url(uri)})"

    i_number_reference = i_reference

    def i_image(self, node):
        uri, alt = node["uri"], _escape(node.get("alt", ""))
        uri = node.get("candidates", {}).get("*", uri)  # the HTML builder moved it to _images
        if _SCHEME.match(uri):
            return f"![{alt}]({uri})"
        path = self.site.srcdir / uri
        if not path.is_file():
            self.warn(node, f"the image {uri} is not in {self.site.srcdir}")
            return alt
        name = f"{hashlib.sha1(path.read_bytes()).hexdigest()[:12]}{path.suffix}"
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        self.attachments[name] = {mime: base64.b64encode(path.read_bytes()).decode()}
        return f"![{alt}](attachment:{name})"


def _escape(text):
    """Plain text as Markdown that shows it as is (no emphasis, math, links or HTML)."""
    text = re.sub(r"([\\`*_\[\]$])", r"\\\1", text)
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", re.sub(r"&(?=#?\w+;)", "&amp;", text))


def _wrap(text, mark):
    lead, core, trail = re.fullmatch(r"(\s*)(.*?)(\s*)", text, re.DOTALL).groups()
    return f"{lead}{mark}{core}{mark}{trail}" if core else text


def _indent(text, width):
    return text.replace("\n", "\n" + " " * width).replace(" " * width + "\n", "\n")


def _fenced(code, language):
    code = code.rstrip("\n")
    ticks = "`" * max(3, max((len(run) + 1 for run in re.findall(r"`{3,}", code)), default=3))
    return f"{ticks}{language}\n{code}\n{ticks}"


def _quote(blocks, prefix="> "):
    """``blocks`` in a block quote; a code cell among them ends one quote and starts the next."""
    out, text = [], []
    for block in blocks + [None]:
        if isinstance(block, str):
            text += [block] if block.strip() else []
            continue
        if text:
            out.append("\n".join(f"{prefix}{line}" if line.strip() else prefix.rstrip()
                                 for line in "\n\n".join(text).split("\n")))
            text = []
        if block is not None:
            out.append(block)
    return out


def notebook_json(notebook):
    """The notebook as the site publishes it (validated JSON, one trailing newline)."""
    import nbformat

    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"

