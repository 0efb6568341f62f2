"""Chapter notebooks that read like the page: MyST Markdown made plain.

The book's chapters are MyST text notebooks. Executed, they still hold MyST
syntax that only Sphinx understands: in Jupyter a reader would see
"After {glue:md}`one-steps` steps" where the page says "After 97 steps".
:func:`convert_notebook` turns an executed chapter notebook into one that
reads like the page; ``nnlesson_build.offer_notebook`` hooks it into the
build, which offers the result as ``_sources/<page>.ipynb``.

What it handles
---------------
Roles (``{name}`` followed by a code span, with any number of backticks):

- ``{glue}``, ``{glue:}``, ``{glue:any}``, ``{glue:md}``, ``{glue:text}``
  (``key`` or ``page::key``; ``glue:text`` takes ``key:format``): the glued
  text, from the executed notebook's glue data.
- ``{eq}``: the equation's number, "(5)" (a link when the equation is on
  another page).
- ``{numref}``: "Figure 3" (``numfig_format``), or the role's own text with
  ``%s``, ``{number}`` or ``{name}``; a link to the page when elsewhere.
- ``{ref}``, ``{doc}``, ``{any}``: a Markdown link to the page in the site,
  with the section or page title (or the role's own text).
- ``{func}``, ``{meth}``, ``{class}``, ``{mod}``, ``{attr}``, ``{data}``,
  ``{exc}``, ``{obj}``, ``{const}`` (also ``{py:...}``): inline code,
  ``~`` shortening and ``()`` after functions as Sphinx does; a link to the
  API page when the object is documented.
- ``{math}``: ``$...$``. ``{sub}``, ``{sup}``, ``{kbd}``: HTML tags.
  ``{abbr}``, ``{term}``, ``{download}``, ``{file}``, ``{samp}``,
  ``{guilabel}``, ``{menuselection}``, ``{command}``, ``{program}``,
  ``{envvar}``, ``{option}``, ``{keyword}``: their text (code where
  Sphinx shows code).

Directives, in backtick or colon fences, nested to any depth (the body of
a directive is converted in turn); options as ``:key: value`` lines or a
YAML block:

- ``note``, ``tip``, ``hint``, ``important``, ``warning``, ``caution``,
  ``attention``, ``danger``, ``error``, ``seealso``, ``admonition`` (its
  title), ``dropdown``, ``topic``, ``sidebar``, ``margin``: a blockquote
  with a bold title.
- ``exercise`` (optional title, ``:label:``, ``:class:``, ``:nonumber:``):
  a blockquote "**Exercise N** (title)"; ``solution`` (the exercise's
  label): "**Solution to Exercise N**" and its text; the gated forms
  ``exercise-start``/``exercise-end`` and ``solution-start``/``solution-end``
  too. Numbers come from Sphinx (sphinx-exercise numbers them like
  figures), else they count up on the page.
- ``math`` (``:label:``, ``:nowrap:``): ``$$...$$``, with ``\\tag{5}`` for a
  numbered equation; several lines become ``aligned``. ``$$...$$ (label)``
  (dollarmath labels) gets its tag the same way.
- ``figure`` and ``image``: the image, embedded as a cell attachment, and
  "**Figure N:** caption". A code cell whose ``mystnb`` metadata has a
  figure caption is followed by a Markdown cell with that caption.
- ``table`` (caption, ``:name:``): "**Table N:** caption" over the table;
  ``list-table`` and ``csv-table``: a pipe table.
- ``literalinclude`` (every option Sphinx's ``literalinclude`` takes, such
  as ``:pyobject:``, ``:start-at:``, ``:lines:``): a fenced code block
  holding the included code, under "**Listing N:** caption" when it has a
  ``:caption:``; ``code-block``, ``code``, ``sourcecode``, ``code-cell`` in
  Markdown: a fenced code block.
- ``glue``, ``glue:``, ``glue:any``, ``glue:md``, ``glue:text``: the glued
  text; ``glue:math``: ``$$...$$``; ``glue:figure``: the glued image.
- ``raw`` (html or markdown): its content; ``include``: the file,
  converted; ``toctree``: a list of links to its pages; ``tab-set``,
  ``tab-item``, ``card``, ``epigraph``, ``pull-quote``, ``highlights``,
  ``rubric``, ``container``, ``div``: their text.
- Any other directive: its title in bold and its body, and a warning
  (the build fails on it: teach this module the directive).

Also: ``(label)=`` targets, ``%`` comments and ``+++`` breaks are dropped;
definition lists ("term", then ": definition") become bullets with the term
in bold;
links to chapters (``x.md#anchor``, ``x``, a label, ``#anchor``) become
links to their pages in the site; ``[text]{#id .class}`` and other inline
attributes lose their braces. Code spans, fenced code, inline and display
math, tables and raw HTML pass through unchanged. Code cells and their
outputs stay as they are, except cells tagged ``remove-cell``, which only
style figures and glue text into the prose (which now holds that text):
they go, as on the page. So the notebook is the code a reader sees, and
running it shows that this code runs on its own, in order. The build's own
metadata (``source_map``, ``jupytext``) goes.

Links point into the site: to ``<base>/<page>.html#anchor`` where ``base``
is the ``nnlesson_notebook_baseurl`` setting (default: Sphinx's
``html_baseurl``), or, when neither is set, relative ``<page>.html#anchor``
links, which work beside the site's pages.
"""

from __future__ import annotations

import base64
import copy
import csv
import dataclasses
import hashlib
import io
import json
import mimetypes
import pathlib
import posixpath
import re
from typing import Callable

#: Admonitions: directive name -> default title.
ADMONITIONS = {
    "note": "Note", "tip": "Tip", "hint": "Hint", "important": "Important",
    "warning": "Warning", "caution": "Caution", "attention": "Attention",
    "danger": "Danger", "error": "Error", "seealso": "See also", "admonition": "",
    "dropdown": "", "topic": "", "sidebar": "", "margin": "", "card": "",
    "tab-item": "", "epigraph": "", "pull-quote": "", "highlights": "",
}
PYTHON_ROLES = {"func", "meth", "class", "mod", "attr", "data", "exc", "obj", "const",
                "property", "type"}
CODE_ROLES = {"file", "samp", "command", "program", "envvar", "option", "keyword",
              "literal", "code"}
TEXT_ROLES = {"term", "download", "guilabel", "menuselection", "dfn", "emphasis",
              "strong", "title-reference", "t", "pep", "rfc", "index"}
GLUE_ROLES = {"glue", "glue:", "glue:any", "glue:md", "glue:text"}
NUMFIG_FORMAT = {"figure": "Fig. %s", "table": "Table %s", "code-block": "Listing %s",
                 "section": "Section %s", "exercise": "Exercise %s"}

_ROLE = re.compile(r"\{(?P<name>[A-Za-z0-9_+:.\-]+)\}(?P<ticks>`+)")
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[^}\s]+)\}\s*(?P<argument>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w\-]+):(?:\s+(?P<value>.*))?$")
_TARGET = re.compile(r"^\s*\((?P<label>[^()\s]+)\)=\s*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_TITLED = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")
_TICKS = re.compile(r"`+")


@dataclasses.dataclass
class Context:
    """What the converter knows about the site; all of it optional.

    The build fills it from Sphinx's environment (:func:`context_from_sphinx`);
    tests fill in what a snippet needs.
    """

    #: The page being converted ("descent", "part/chapter").
    docname: str = "index"
    #: Glued values of this page: name -> Markdown text.
    glue: dict = dataclasses.field(default_factory=dict)
    #: Glued values of another page: (docname, name) -> text or None.
    other_glue: Callable[[str, str], str | None] | None = None
    #: Where links point: "" for links relative to the page, else a URL.
    baseurl: str = ""
    #: Every page of the site, and its title.
    titles: dict = dataclasses.field(default_factory=dict)
    #: Labels: label -> (docname, anchor, title).
    labels: dict = dataclasses.field(default_factory=dict)
    #: Numbered things: label -> (figtype, number).
    numbers: dict = dataclasses.field(default_factory=dict)
    #: This page's numbers in page order: figtype -> [number, ...].
    page_numbers: dict = dataclasses.field(default_factory=dict)
    #: Equations: label -> (docname, number).
    equations: dict = dataclasses.field(default_factory=dict)
    #: Documented Python objects: full name -> (docname, anchor).
    objects: dict = dataclasses.field(default_factory=dict)
    numfig_format: dict = dataclasses.field(default_factory=lambda: dict(NUMFIG_FORMAT))
    eqref_format: str = "({number})"
    #: The folder of the sources (``docs``): includes and images are read from it.
    srcdir: pathlib.Path | None = None
    #: A note for the top of the notebook, in Markdown (none if empty).
    preface: str = ""
    #: What could not be converted, for the build to report.
    warnings: list = dataclasses.field(default_factory=list)

    def url(self, docname, anchor=None):
        """The link to ``docname``'s page (and ``anchor`` on it)."""
        page = f"{docname}.html"
        if self.baseurl:
            link = f"{self.baseurl.rstrip('/')}/{page}"
        else:
            link = posixpath.relpath(page, posixpath.dirname(self.docname) or ".")
        return f"{link}#{anchor}" if anchor else link

    def warn(self, message):
        self.warnings.append(message)


def convert_notebook(notebook, context):
    """Return a converted copy of an executed chapter notebook (a dict, nbformat 4)."""
    import nbformat

    notebook = nbformat.from_dict(copy.deepcopy(dict(notebook)))
    converter = _Converter(context)
    for name in ("source_map", "jupytext"):
        notebook.metadata.pop(name, None)
    cells = []
    if context.preface:
        cells.append(_markdown_cell(context.preface, "preface", notebook))
    for index, cell in enumerate(notebook.cells):
        converter.glue_from_outputs(cell)
    for index, cell in enumerate(notebook.cells):
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        if cell.cell_type == "markdown":
            converter.attachments = {}
            cell.source = converter.markdown(source).strip("\n")
            if converter.attachments:
                cell.attachments = converter.attachments
            cells.append(cell)
        elif cell.cell_type == "code":
            if "remove-cell" in cell.metadata.get("tags", []):
                continue  # styling and glue only: the page shows their results as text
            cells.append(cell)
            caption = converter.cell_figure(cell)
            if caption:
                cells.append(_markdown_cell(caption, f"caption-{index}", notebook))
        else:
            cells.append(cell)
    notebook.cells = cells
    return notebook


def convert_markdown(text, context=None):
    """Return MyST Markdown ``text`` as plain Markdown (images as attachments are dropped)."""
    return _Converter(context or Context()).markdown(text)


def _markdown_cell(source, key, notebook):
    import nbformat

    cell = nbformat.v4.new_markdown_cell(source)
    if notebook.get("nbformat_minor", 0) >= 5:
        cell.id = hashlib.sha1(f"{key}:{source}".encode()).hexdigest()[:12]
    else:
        cell.pop("id", None)
    return cell


@dataclasses.dataclass
class _Directive:
    name: str
    argument: str
    options: dict
    content: list


class _Converter:
    def __init__(self, context):
        self.context = context
        self.attachments = {}
        self.counters = {}
        self.exercises = {}

    # -- numbers --------------------------------------------------------------

    def number(self, figtype, label=None):
        """The number of the next ``figtype`` on the page, or of ``label``."""
        count = self.counters[figtype] = self.counters.get(figtype, 0) + 1
        if label and label in self.context.numbers:
            return self.context.numbers[label][1]
        page = self.context.page_numbers.get(figtype, [])
        return page[count - 1] if count <= len(page) else str(count)

    def label_format(self, figtype):
        """How Sphinx names a numbered ``figtype``: "Figure %s"."""
        return self.context.numfig_format.get(figtype) or NUMFIG_FORMAT.get(figtype, "%s")

    # -- blocks ---------------------------------------------------------------

    def markdown(self, text):
        lines = text.split("\n")
        out, segment, i = [], [], 0
        while i < len(lines):
            fence = self._fence(lines[i])
            if fence is None:
                segment.append(lines[i])
                i += 1
                continue
            indent, char, length, info = fence
            end = i + 1
            closer = re.compile(rf"^[ \t]*{re.escape(char)}{{{length},}}[ \t]*$")
            while end < len(lines) and not closer.match(lines[end]):
                end += 1
            out.append(self.text("\n".join(segment)))
            segment = []
            directive = _DIRECTIVE.match(info.strip())
            if directive:
                body = [_dedent(line, indent) for line in lines[i + 1:end]]
                rendered = self.directive(directive["name"], directive["argument"].strip(), body)
                out.append("\n".join(indent + line if line.strip() else line
                                     for line in rendered.split("\n")))
            else:
                out.append("\n".join(lines[i:end + 1]))
            i = end + 1
        out.append(self.text("\n".join(segment)))
        return _squeeze("\n".join(out))

    @staticmethod
    def _fence(line):
        match = _FENCE.match(line)
        if not match or len(match["indent"].expandtabs()) > 3 * 8:
            return None
        fence, info = match["fence"], match["info"]
        if fence[0] == "`" and "`" in info:
            return None
        if fence[0] == ":" and not info.strip().startswith("{"):
            return None
        return match["indent"], fence[0], len(fence), info

    def directive(self, name, argument, body):
        options, content = _options(body)
        directive = _Directive(name, argument, options, content)
        handler = getattr(self, "d_" + re.sub(r"[^a-z0-9]", "_", name.lower()), None)
        if handler is None and name in ADMONITIONS:
            handler = self.d_admonition
        if handler is None:
            self.context.warn(f"notebook download: the {{{name}}} directive is not "
                              f"converted (docs/_ext/notebook_export.py); its text is kept")
            title = self.text(argument)
            return _quote(f"**{title}**" if title else "", self.markdown("\n".join(content)))
        return handler(directive)

    def body(self, directive):
        return self.markdown("\n".join(directive.content))

    def d_admonition(self, d):
        title = self.text(d.argument) if d.argument else ADMONITIONS.get(d.name, "")
        return _quote(f"**{title}**" if title else "", self.body(d))

    def d_exercise(self, d, gated=False):
        label = d.options.get("label")
        title = f"**Exercise {self.number('exercise', label)}**"
        if "nonumber" in d.options:
            title = "**Exercise**"
        elif label:
            self.exercises[label] = title.strip("*")
        if d.argument:
            title += f" ({self.text(d.argument)})"
        if gated:
            return title
        return _quote(title, self.body(d))

    def d_exercise_start(self, d):
        return self.d_exercise(d, gated=True)

    def d_solution(self, d, gated=False):
        exercise = self.exercises.get(d.argument)
        if exercise is None and d.argument in self.context.numbers:
            exercise = f"Exercise {self.context.numbers[d.argument][1]}"
        title = f"**Solution to {exercise}**" if exercise else "**Solution**"
        return title if gated else f"{title}\n\n{self.body(d)}"

    def d_solution_start(self, d):
        return self.d_solution(d, gated=True)

    def d_exercise_end(self, d):
        return ""

    d_solution_end = d_exercise_end

    def d_math(self, d):
        content = "\n".join(([d.argument] if d.argument else []) + d.content).strip()
        label = d.options.get("label") or d.options.get("name")
        return self._display_math(content, label, nowrap="nowrap" in d.options)

    def _display_math(self, content, label=None, nowrap=False):
        if not nowrap and "\\\\" in content and "\\begin" not in content:
            content = f"\\begin{{aligned}}\n{content}\n\\end{{aligned}}"
        if label:
            number = self.context.equations.get(label, (None, None))[1]
            if number is None:
                self.context.warn(f"notebook download: no number for equation {label!r}")
            else:
                content += f" \\tag{{{number}}}"
        return f"$$\n{content}\n$$"

    def d_figure(self, d):
        label = d.options.get("name")
        image = self._image(d.argument, d.options.get("alt", ""))
        caption = self.body(d).strip()
        if not caption:
            return image
        number = self.number("figure", label)
        prefix = self.label_format("figure") % number
        return f"{image}\n\n**{prefix}:** {caption}"

    def d_image(self, d):
        return self._image(d.argument, d.options.get("alt", ""))

    def _image(self, path, alt):
        source = self._source_file(path)
        if source is None or not source.is_file():
            self.context.warn(f"notebook download: image {path!r} not found")
            return f"![{alt}]({path})"
        name = source.name
        mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.attachments[name] = {mime: base64.b64encode(source.read_bytes()).decode()}
        return f"![{alt}](attachment:{name})"

    def _source_file(self, path):
        if self.context.srcdir is None:
            return None
        srcdir = pathlib.Path(self.context.srcdir)
        if path.startswith("/"):
            return srcdir / path.lstrip("/")
        return srcdir / posixpath.dirname(self.context.docname) / path

    def d_table(self, d):
        table = self.body(d)
        if not d.argument:
            return table
        number = self.number("table", d.options.get("name"))
        prefix = self.label_format("table") % number
        return f"**{prefix}:** {self.text(d.argument)}\n\n{table}"

    def d_list_table(self, d):
        rows, row = [], None
        for line in d.content:
            if re.match(r"^[*-] ", line):
                row = []
                rows.append(row)
                line = line[2:].lstrip()
            if re.match(r"^\s*[*-]( |$)", line) and row is not None:
                row.append(line.strip()[1:].strip())
            elif row and line.strip():
                row[-1] += " " + line.strip()
        return self._pipe_table(d, rows)

    def d_csv_table(self, d):
        rows = list(csv.reader(io.StringIO("\n".join(d.content)), skipinitialspace=True))
        if "header" in d.options:
            rows.insert(0, next(csv.reader([d.options["header"]], skipinitialspace=True)))
            d.options.setdefault("header-rows", "1")
        return self._pipe_table(d, rows)

    def _pipe_table(self, d, rows):
        rows = [[self.text(cell).replace("|", "\\|").replace("\n", " ") for cell in row]
                for row in rows if row]
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        if int(d.options.get("header-rows", 0) or 0) == 0:
            rows.insert(0, [""] * width)
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        table = "\n".join(lines)
        if d.argument:
            number = self.number("table", d.options.get("name"))
            prefix = self.label_format("table") % number
            table = f"**{prefix}:** {self.text(d.argument)}\n\n{table}"
        return table

    def d_literalinclude(self, d):
        source = self._source_file(d.argument)
        language = d.options.get("language") or _language(d.argument)
        if source is None or not source.is_file():
            self.context.warn(f"notebook download: cannot include {d.argument!r}")
            return f"(see `{d.argument}` in the book's sources)"
        from sphinx.directives.code import LiteralIncludeReader

        options = {key: (int(value) if key in {"dedent", "lineno-start", "tab-width"}
                         and value not in (None, "") else value)
                   for key, value in d.options.items()}
        config = type("Config", (), {"source_encoding": "utf-8-sig"})()
        try:
            code, _ = LiteralIncludeReader(str(source), options, config).read()
        except Exception as error:  # what Sphinx would report for the page, too
            self.context.warn(f"notebook download: cannot include {d.argument!r}: {error}")
            return f"(see `{d.argument}` in the book's sources)"
        return self._captioned(_code_block(code, language), d)

    def _captioned(self, block, d):
        """A code block with its caption: Sphinx numbers every captioned one."""
        caption = d.options.get("caption")
        if not caption:
            return block
        number = self.number("code-block", d.options.get("name"))
        return f"**{self.label_format('code-block') % number}:** {self.text(caption)}\n\n{block}"

    def d_code_block(self, d):
        return self._captioned(_code_block("\n".join(d.content), d.argument or ""), d)

    d_code = d_sourcecode = d_code_block

    def d_code_cell(self, d):
        return _code_block("\n".join(d.content), "python")

    def d_raw(self, d):
        return "\n".join(d.content)

    def d_include(self, d):
        source = self._source_file(d.argument)
        if source is None or not source.is_file():
            self.context.warn(f"notebook download: cannot include {d.argument!r}")
            return ""
        return self.markdown(source.read_text(encoding="utf-8"))

    def d_toctree(self, d):
        items = []
        for line in d.content:
            entry = line.strip()
            if not entry or entry.startswith(":"):
                continue
            titled = _TITLED.match(entry)
            title, target = (titled["title"], titled["target"]) if titled else (None, entry)
            docname = self._docname(target)
            title = title or self.context.titles.get(docname, target)
            items.append(f"- [{title}]({self.context.url(docname)})")
        return "\n".join(items)

    def d_glue(self, d):
        return self.glue(d.argument, "md") or ""

    d_glue_ = d_glue_any = d_glue_md = d_glue

    def d_glue_text(self, d):
        return self.glue(d.argument, "text") or ""

    def d_glue_math(self, d):
        text = self.glue(d.argument, "math")
        return self._display_math(text.strip().strip("$"), d.options.get("label")) if text else ""

    def d_glue_figure(self, d):
        key = d.argument
        output = self.context.glue.get(("output", key))
        caption = self.body(d).strip()
        if not output:
            self.context.warn(f"notebook download: no glued figure {key!r}")
            return caption
        for mime in ("image/png", "image/jpeg", "image/svg+xml"):
            if mime in output:
                name = f"{key}{mimetypes.guess_extension(mime) or ''}"
                self.attachments[name] = {mime: output[mime]}
                image = f"![{d.options.get('alt', '')}](attachment:{name})"
                break
        else:
            image = output.get("text/plain", "")
        if not caption:
            return image
        number = self.number("figure", d.options.get("name"))
        prefix = self.label_format("figure") % number
        return f"{image}\n\n**{prefix}:** {caption}"

    def d_tab_set(self, d):
        return self.body(d)

    d_container = d_div = d_grid = d_grid_item = d_grid_item_card = d_tab_set

    def d_tab_item(self, d):
        return f"**{self.text(d.argument)}**\n\n{self.body(d)}"

    def d_rubric(self, d):
        return f"**{self.text(d.argument)}**"

    def d_eval_rst(self, d):
        self.context.warn("notebook download: an {eval-rst} block is left out")
        return ""

    # -- code cells -----------------------------------------------------------

    def cell_figure(self, cell):
        """The caption line to put after a code cell that myst-nb shows as a figure."""
        figure = (cell.metadata.get("mystnb") or {}).get("figure") or {}
        caption = figure.get("caption")
        if not caption:
            return None
        number = self.number("figure", figure.get("name"))
        prefix = self.label_format("figure") % number
        return f"**{prefix}:** {self.text(str(caption))}"

    def glue_from_outputs(self, cell):
        """Glue shown in a cell (``glue(..., display=True)``) is also glue data."""
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook")
            if scrapbook and "name" in scrapbook:
                prefix = scrapbook.get("mime_prefix", "")
                data = {key[len(prefix):]: value for key, value in output.get("data", {}).items()}
                self.context.glue.setdefault(scrapbook["name"], _glue_text(data))
                self.context.glue.setdefault(("output", scrapbook["name"]), data)

    def glue(self, key, kind):
        key, _, spec = key.strip().partition(":") if kind == "text" and "::" not in key \
            else (key.strip(), "", "")
        page, _, name = key.rpartition("::")
        if page and page != self.context.docname:
            found = self.context.other_glue(page, name) if self.context.other_glue else None
        else:
            found = self.context.glue.get(name)
        if found is None:
            self.context.warn(f"notebook download: nothing glued under {key!r}")
            return None
        text = found if isinstance(found, str) else _glue_text(found)
        if kind == "text" and spec:
            try:
                text = format(float(text), spec)
            except ValueError:
                pass
        if kind == "text":
            text = re.sub(r"^'(.*)'$", r"\1", text)
        return text

    # -- inline ---------------------------------------------------------------

    def text(self, text):
        """Convert the roles, links and inline attributes in a run of Markdown lines."""
        if not text:
            return text
        lines = []
        for line in text.split("\n"):
            stripped = line.strip()
            if _TARGET.match(line) or stripped == "+++" or stripped.startswith("+++ {") \
                    or re.match(r"^\s*%", line):
                continue
            definition = re.match(r"^: +(.*)$", line)
            if definition and lines and lines[-1].strip() and not lines[-1].startswith("- **"):
                lines[-1] = f"- **{lines[-1].strip()}**"  # deflist: term, then ": definition"
                line = "  " + definition.group(1)
            lines.append(line)
        text = "\n".join(lines)
        kept = []

        def keep(value):
            kept.append(value)
            return f"\x00{len(kept) - 1}\x00"

        out, i, n = [], 0, len(text)
        while i < n:
            char = text[i]
            if char == "\\" and i + 1 < n:
                out.append(keep(text[i:i + 2]))
                i += 2
                continue
            if char == "{":
                role = _ROLE.match(text, i)
                if role:
                    ticks = len(role["ticks"])
                    close = _closing_ticks(text, role.end(), ticks)
                    if close is not None:
                        content = text[role.end():close]
                        out.append(keep(self.role(role["name"], content)))
                        i = close + ticks
                        continue
            if char == "`":
                ticks = len(_TICKS.match(text, i).group())
                close = _closing_ticks(text, i + ticks, ticks)
                end = (close + ticks) if close is not None else i + ticks
                out.append(keep(text[i:end]))
                i = end
                continue
            if char == "$":
                end = self._math_end(text, i)
                if end is not None:
                    math = text[i:end]
                    label = re.match(r"[ \t]*\((?P<label>[^()\s]+)\)", text[end:]) \
                        if math.startswith("$$") else None
                    if label:
                        math = self._display_math(math[2:-2].strip(), label["label"])
                        end += label.end()
                    out.append(keep(math))
                    i = end
                    continue
            out.append(char)
            i += 1
        text = "".join(out)
        text = re.sub(r"(!?)\[([^\[\]]*)\]\((<[^<>]*>|[^()\s]*)(\s+\"[^\"]*\")?\)",
                      lambda m: keep(self._link(m)), text)
        text = re.sub(r"\[([^\[\]]*)\]\{[^{}]*\}", r"\1", text)  # [text]{#id .class}
        text = re.sub(r"(?<=[*_\x00])\{[#.][^{}]*\}", "", text)  # *text*{.class}
        while _PLACEHOLDER.search(text):
            text = _PLACEHOLDER.sub(lambda m: kept[int(m.group(1))], text)
        return text

    @staticmethod
    def _math_end(text, i):
        """End of the dollar math starting at ``text[i]``, or None (MyST's dollarmath rules)."""
        if text.startswith("$$", i):
            close = text.find("$$", i + 2)
            return None if close < 0 else close + 2
        if i + 1 >= len(text) or text[i + 1].isspace():
            return None
        j = i + 1
        while j < len(text):
            if text.startswith("\n\n", j):
                return None
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == "$":
                if text[j - 1].isspace() or (j + 1 < len(text) and text[j + 1].isdigit()):
                    return None
                return j + 1
            j += 1
        return None

    def _link(self, match):
        bang, label, url, title = match.groups()
        url = url.strip("<>")
        if bang:
            if _SCHEME.match(url) or not url:
                return match.group(0)
            return self._image(url, label)
        new_url, default_title = self._resolve_link(url)
        label = label or default_title or url
        return f"[{label}]({new_url}{title or ''})"

    def _resolve_link(self, url):
        if url.startswith("project:"):
            url = url[len("project:"):]
        elif _SCHEME.match(url) or not url:
            return url, None
        path, _, anchor = url.partition("#")
        if not path:
            title = self.context.labels.get(anchor, (None, None, None))[2]
            return self.context.url(self.context.docname, anchor), title
        docname = self._docname(path)
        if docname in self.context.titles:
            return self.context.url(docname, anchor or None), self.context.titles[docname]
        if not anchor and path in self.context.labels:
            docname, anchor, title = self.context.labels[path]
            return self.context.url(docname, anchor), title
        return url, None

    def _docname(self, path):
        path = re.sub(r"\.(md|ipynb|rst)$", "", path)
        if path.startswith("/"):
            return path.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(self.context.docname), path))

    def role(self, name, content):
        name = name.lower()
        if name.startswith("py:"):
            name = name[3:]
        if name in GLUE_ROLES:
            text = self.glue(content, "text" if name == "glue:text" else "md")
            return text if text is not None else f"`{content}`"
        if name == "math":
            return f"${content}$"
        if name == "eq":
            return self.role_eq(content)
        if name == "numref":
            return self.role_numref(content)
        if name in ("ref", "doc", "any", "std:ref", "std:doc"):
            return self.role_ref(name.split(":")[-1], content)
        if name in PYTHON_ROLES:
            return self.role_python(name, content)
        if name in ("sub", "subscript"):
            return f"<sub>{content}</sub>"
        if name in ("sup", "superscript"):
            return f"<sup>{content}</sup>"
        if name == "kbd":
            return f"<kbd>{content}</kbd>"
        if name == "abbr":
            return re.sub(r"\s*\([^()]*\)\s*$", "", content)
        if name in CODE_ROLES:
            return f"`{content}`"
        if name in TEXT_ROLES:
            titled = _TITLED.match(content)
            return titled["title"] if titled and titled["title"] else content
        self.context.warn(f"notebook download: the {{{name}}} role is not converted "
                          f"(docs/_ext/notebook_export.py); its text is kept")
        return content

    def role_eq(self, content):
        titled = _TITLED.match(content)
        label = titled["target"] if titled else content.strip()
        docname, number = self.context.equations.get(label, (None, None))
        if number is None:
            self.context.warn(f"notebook download: no number for equation {label!r}")
            return f"({label})"
        text = titled["title"] if titled and titled["title"] else \
            self.context.eqref_format.format(number=number)
        return self._maybe_link(text, docname, f"equation-{label}")

    def role_numref(self, content):
        titled = _TITLED.match(content)
        label = titled["target"] if titled else content.strip()
        figtype, number = self.context.numbers.get(label, (None, None))
        if number is None:
            self.context.warn(f"notebook download: no number for {label!r}")
            return label
        docname, anchor, name = self.context.labels.get(label, (None, label, ""))
        if titled and titled["title"]:
            text = titled["title"].replace("%s", number).replace("{number}", number) \
                .replace("{name}", name or "")
        else:
            text = self.label_format(figtype) % number
        return self._maybe_link(text, docname, anchor)

    def role_ref(self, kind, content):
        titled = _TITLED.match(content)
        target = titled["target"] if titled else content.strip()
        title = titled["title"] if titled else None
        if kind == "doc" or (kind == "any" and self._docname(target) in self.context.titles):
            docname = self._docname(target)
            if docname not in self.context.titles:
                self.context.warn(f"notebook download: no page {target!r}")
                return title or target
            return f"[{title or self.context.titles[docname]}]({self.context.url(docname)})"
        if target in self.context.labels:
            docname, anchor, name = self.context.labels[target]
            figtype, number = self.context.numbers.get(target, (None, None))
            if number and (not name or figtype == "exercise"):  # as sphinx-exercise shows it
                name = self.label_format(figtype) % number
            return f"[{title or name or target}]({self.context.url(docname, anchor)})"
        if kind == "any":
            return self.role_python("obj", content)
        self.context.warn(f"notebook download: no label {target!r}")
        return title or target

    def role_python(self, kind, content):
        titled = _TITLED.match(content)
        target = (titled["target"] if titled else content).strip()
        plain = target.startswith("!")
        target = target.lstrip("!~.")
        if titled and titled["title"]:
            text = titled["title"]
        else:
            text = content.strip().lstrip("!.")
            text = text.lstrip("~").rsplit(".", 1)[-1] if text.startswith("~") else text
            if kind in ("func", "meth") and not text.endswith(")"):
                text += "()"
        code = f"`{text}`"
        found = None if plain else self._python_object(target)
        return f"[{code}]({self.context.url(*found)})" if found else code

    def _python_object(self, target):
        objects = self.context.objects
        if target in objects:
            return objects[target]
        matches = [name for name in objects if name.endswith("." + target)]
        return objects[matches[0]] if len(matches) == 1 else None

    def _maybe_link(self, text, docname, anchor):
        if docname is None or docname == self.context.docname:
            return text
        return f"[{text}]({self.context.url(docname, anchor)})"


def _glue_text(data):
    """The text of a glued output: Markdown, else LaTeX, else plain text."""
    for mime in ("text/markdown", "text/latex", "text/plain"):
        if mime in data:
            value = data[mime]
            return value if isinstance(value, str) else "".join(value)
    return ""


def _closing_ticks(text, start, count):
    for run in _TICKS.finditer(text, start):
        if len(run.group()) == count:
            return run.start()
    return None


def _options(body):
    """Split a directive's body into (options, content lines)."""
    options, lines = {}, list(body)
    if lines and lines[0].strip() == "---":
        try:
            end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
        except StopIteration:
            end = None
        if end is not None:
            import yaml

            options = yaml.safe_load("\n".join(lines[1:end])) or {}
            lines = lines[end + 1:]
    else:
        while lines and _OPTION.match(lines[0].strip()):
            option = _OPTION.match(lines.pop(0).strip())
            options[option["key"]] = (option["value"] or "").strip()
    options = {str(key): ("" if value is None else str(value) if not isinstance(value, str)
                          else value) for key, value in options.items()}
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return options, lines


def _dedent(line, indent):
    return line[len(indent):] if line.startswith(indent) else line.lstrip()


def _quote(title, body):
    lines = ([title, ""] if title else []) + body.strip("\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(f"> {line}" if line.strip() else ">" for line in lines)


def _code_block(code, language):
    code = code.rstrip("\n")
    ticks = "`" * max(3, max((len(run) + 1 for run in re.findall(r"`{3,}", code)), default=3))
    return f"{ticks}{language}\n{code}\n{ticks}"


def _language(path):
    return {".py": "python", ".md": "markdown", ".toml": "toml", ".json": "json",
            ".yaml": "yaml", ".yml": "yaml", ".sh": "bash", ".txt": ""}.get(
        pathlib.PurePosixPath(path).suffix, "")


def _squeeze(text):
    """At most one blank line in a row outside code: what the dropped lines leave."""
    return re.sub(r"\n{3,}", "\n\n", text)


# -- the site's knowledge, from Sphinx --------------------------------------

def context_from_sphinx(app, docname):
    """A :class:`Context` for ``docname`` from Sphinx's environment (after reading)."""
    env = app.env
    site = getattr(app, "_nnlesson_notebook_site", None)
    if site is None:
        site = app._nnlesson_notebook_site = _site_tables(app)
    executed = pathlib.Path(app.outdir).parent / "jupyter_execute"

    def glue_of(page):
        path = executed / f"{page}.glue.json"
        if not path.exists():
            return {}
        return {name: _glue_text(output.get("data", {})) for name, output
                in json.loads(path.read_text(encoding="utf-8")).items()}

    def other_glue(page, name):
        return glue_of(page).get(name)

    page_numbers = {figtype: [".".join(map(str, number)) for number in
                              sorted(numbers.values())]
                    for figtype, numbers in env.toc_fignumbers.get(docname, {}).items()}
    baseurl = app.config.nnlesson_notebook_baseurl
    if baseurl is None:
        baseurl = app.config.html_baseurl or ""
    title = site["titles"].get(docname, docname)
    return Context(
        docname=docname, glue=glue_of(docname), other_glue=other_glue, baseurl=baseurl,
        titles=site["titles"], labels=site["labels"], numbers=site["numbers"],
        page_numbers=page_numbers, equations=site["equations"], objects=site["objects"],
        numfig_format=dict(NUMFIG_FORMAT, **app.config.numfig_format),
        eqref_format=app.config.math_eqref_format or "({number})",
        srcdir=pathlib.Path(app.srcdir),
        preface=(f"*This notebook is the chapter “{title}” of the book "
                 f"“{app.config.project}”"
                 + (f" ([read it online]({Context(docname, baseurl=baseurl).url(docname)}))"
                    if baseurl else "")
                 + ". To run it, install the `nnlesson` package with its `docs` extra "
                   "(`pip install '.[docs]'` in the book's repository).*"),
    )


def _site_tables(app):
    env = app.env
    std = env.get_domain("std")
    titles = {docname: title.astext() for docname, title in env.titles.items()}
    labels, numbers = {}, {}
    for label, (docname, anchor, title) in std.labels.items():
        labels[label] = (docname, anchor, title)
    for label, (docname, anchor) in std.anonlabels.items():
        labels.setdefault(label, (docname, anchor, ""))
    by_id = {}
    for docname, figtypes in env.toc_fignumbers.items():
        for figtype, ids in figtypes.items():
            for node_id, number in ids.items():
                by_id[(docname, node_id)] = (figtype, ".".join(map(str, number)))
                numbers.setdefault(node_id, by_id[(docname, node_id)])
    for label, (docname, anchor, _) in labels.items():
        if (docname, anchor) in by_id:
            numbers[label] = by_id[(docname, anchor)]
    math = env.get_domain("math")
    equations = {}
    for label, (docname, number) in math.equations.items():
        if app.config.math_numfig and app.config.numfig:
            from docutils.nodes import make_id

            parts = env.toc_fignumbers.get(docname, {}).get("displaymath", {}).get(
                make_id(f"equation-{label}"), ())
            if parts:
                number = ".".join(map(str, parts))
        equations[label] = (docname, str(number))
    objects = {name: (entry.docname, entry.node_id)
               for name, entry in env.get_domain("py").objects.items()}
    return {"titles": titles, "labels": labels, "numbers": numbers,
            "equations": equations, "objects": objects}
