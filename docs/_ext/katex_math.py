"""Equations rendered into the HTML when the book is built, by KaTeX.

A page arrives with its math already typeset: no math JavaScript runs when
it is read, so equations show at first paint, with JavaScript off, and from
``file://``. KaTeX's output carries a hidden MathML copy for screen readers.
KaTeX comes from the npm package pinned in ``package.json`` and
``package-lock.json`` at the repository root (``make html`` runs ``npm ci``).

How, one hook per job:

- :func:`find_katex` (``builder-inited``): checks that ``node`` and KaTeX
  are there, and copies KaTeX's stylesheet and its WOFF2 fonts (every
  browser that runs the site reads WOFF2) to ``_static/katex``, with
  KaTeX's licence, before any page is written.
- :func:`add_stylesheets` (``html-page-context``): pages that show math
  load KaTeX's stylesheet; other pages don't.
- :func:`render_page_math` (``doctree-resolved``): renders every equation of
  a page in one request to one ``node`` process (``katex_render.js``) that
  lives for the whole build, and keeps the HTML on the math nodes. The event
  runs in the main process, also in a parallel build (``-j``), so there is
  only ever one renderer; the writers, in their own processes, read the
  HTML from the nodes. TeX that KaTeX cannot render is a warning naming the
  page and line, so the strict build fails.
- :func:`html_visit_math` and :func:`html_visit_displaymath`: Sphinx's HTML
  math renderer ``katex``. Numbers and ``{eq}`` references are Sphinx's own
  (``math_numfig``), written as ``sphinx.ext.mathjax`` writes them; display
  math is wrapped as MathJax wraps it (``split`` for ``\\\\``, ``aligned``
  for parts separated by a blank line). Math that never passed through a
  page's doctree (a title shown in a table of contents) is rendered on the
  spot by a short-lived ``node``.
- :func:`stop_renderer` (``build-finished``): the ``node`` process ends.
- :func:`subset_katex_fonts` (``build-finished``): each of KaTeX's fonts is
  cut to the characters that the site's equations draw with it (a few dozen
  of the thousands they hold), read from the built pages: a character is
  drawn with the font that KaTeX's stylesheet gives the classes of the
  spans around it (:func:`katex_font_characters`). Cut with fontTools as
  ``icon_fonts`` cuts the icon fonts, from KaTeX's own files each time, so
  a new character in a page is never missing from an older cut; a font no
  equation uses is copied whole and not cut (no page asks for it).
"""

import html
import json
import pathlib
import re
import shutil
import subprocess

from docutils import nodes
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

ROOT = pathlib.Path(__file__).resolve().parents[2]
KATEX = ROOT / "node_modules" / "katex"
SCRIPT = pathlib.Path(__file__).with_name("katex_render.js")
STATIC = "katex"  # the folder inside _static
STYLESHEETS = [f"{STATIC}/katex.min.css", "math.css"]  # math.css: docs/_static

logger = logging.getLogger(__name__)


def find_katex(app):
    """Fail early, with the fix, when ``node`` or KaTeX is missing; copy KaTeX's files."""
    if app.builder.format != "html":
        return
    if shutil.which("node") is None:
        raise RuntimeError("node is not installed: the book's equations are rendered by KaTeX "
                           "when it is built (install Node.js 18 or newer, then run make html)")
    if not (KATEX / "package.json").exists():
        raise RuntimeError(f"KaTeX is not installed in {KATEX}: run make html "
                           "(it runs npm ci from package-lock.json)")
    copy_katex(pathlib.Path(app.outdir) / "_static" / STATIC)


def add_stylesheets(app, pagename, templatename, context, doctree):
    """Load KaTeX's stylesheet on the pages that show math; other pages skip it."""
    if context.get("has_maths_elements"):
        for stylesheet in STYLESHEETS:
            app.add_css_file(stylesheet)


class Renderer:
    """One ``node`` process running ``katex_render.js``; ``render`` takes a batch."""

    def __init__(self):
        self.process = subprocess.Popen(
            ["node", str(SCRIPT), str(KATEX)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def render(self, items):
        """Render ``[(tex, display), ...]``; return KaTeX's answers in order."""
        self.process.stdin.write(json.dumps(items) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError(f"the KaTeX renderer stopped (exit status {self.process.wait()})")
        return json.loads(answer)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def render_once(items):
    """Render a batch with a ``node`` process of its own, which ends with it."""
    result = subprocess.run(["node", str(SCRIPT), str(KATEX)], input=json.dumps(items) + "\n",
                            capture_output=True, text=True, encoding="utf-8", check=True)
    return json.loads(result.stdout)


def tex_of(node):
    """The TeX KaTeX renders for a math node: (tex, display)."""
    if isinstance(node, nodes.math):
        return node.astext(), False
    text = node.astext()
    if node.get("no-wrap", node.get("nowrap", False)):
        return text, True
    # As sphinx.ext.mathjax wraps display math (Sphinx numbers it, not KaTeX).
    parts = [part for part in text.split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part
             for part in parts]
    if len(parts) > 1:
        return r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}", True
    return (parts[0] if parts else ""), True


def _is_math(node):
    return isinstance(node, (nodes.math, nodes.math_block))


def render_page_math(app, doctree, docname):
    """Render every equation of ``docname`` in one batch; keep the HTML on its node."""
    if app.builder.format != "html":
        return
    math = list(doctree.findall(_is_math))
    if not math:
        return
    items = sorted({tex_of(node) for node in math})
    renderer = getattr(app, "_katex_renderer", None)
    if renderer is None:
        renderer = app._katex_renderer = Renderer()
    answers = dict(zip(items, renderer.render(items)))
    for node in math:
        node["katex_html"] = _html(answers[tex_of(node)], tex_of(node)[0], node)


def _html(answer, tex, node):
    """KaTeX's HTML, or the TeX marked as an error after a warning that names the page."""
    for warning in answer.get("warnings", []):
        logger.warning("KaTeX: %s in %r", warning, tex, location=node)
    if "error" in answer:
        logger.warning("KaTeX cannot render %r: %s", tex, answer["error"], location=node)
        return f'<span class="katex-error">{html.escape(tex)}</span>'
    return answer["html"]


def _rendered(node):
    if "katex_html" not in node:
        tex = tex_of(node)
        node["katex_html"] = _html(render_once([tex])[0], tex[0], node)
    return node["katex_html"]


def html_visit_math(self, node):
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(_rendered(node))
    self.body.append("</span>")
    raise nodes.SkipNode


def html_visit_displaymath(self, node):
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight"))
    if node["number"]:
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    self.body.append(_rendered(node))
    self.body.append("</div>\n")
    raise nodes.SkipNode


_OTHER_FONT_FORMATS = re.compile(r',url\(fonts/[^)]+\.(?:woff|ttf)\) format\("(?:woff|truetype)"\)')
_FONT_URL = re.compile(r"url\(([^)]+)\)")


def copy_katex(target):
    """Copy KaTeX's stylesheet, WOFF2 fonts and licence to ``target``.

    The stylesheet names each font in three formats; only WOFF2 is kept (and
    copied), so a browser never asks for a file the site lacks. They are
    copied before the pages are written, so the pages' links carry their
    checksum like every other stylesheet.
    """
    source = KATEX / "dist"
    css = katex_stylesheet()
    fonts = sorted(set(_FONT_URL.findall(css)))
    if not fonts or any(not (font.startswith("fonts/") and font.endswith(".woff2")
                             and (source / font).exists()) for font in fonts):
        raise RuntimeError(f"KaTeX's stylesheet names fonts this build does not copy: {fonts}")
    _write(target / "katex.min.css", css.encode("utf-8"))
    _write(target / "LICENSE", (KATEX / "LICENSE").read_bytes())
    for font in fonts:
        _write(target / font, (source / font).read_bytes())


def katex_stylesheet():
    """KaTeX's stylesheet, naming its fonts in WOFF2 only (see :func:`copy_katex`)."""
    css = (KATEX / "dist" / "katex.min.css").read_text(encoding="utf-8")
    return _OTHER_FONT_FORMATS.sub("", css)


def stop_renderer(app, exception):
    """End the build's ``node`` process."""
    renderer = getattr(app, "_katex_renderer", None)
    if renderer is not None:
        renderer.close()
        app._katex_renderer = None


_KATEX_SPAN = re.compile(r'<span class="katex(?:-display)?">')
_SPAN_TAG = re.compile(r"<(/?)span\b[^>]*>")
_OTHER_TAG = re.compile(r"<[^>]*>")
#: What KaTeX's stylesheet writes itself (its equation numbers), and digits.
_CSS_CHARACTERS = "()0123456789"
#: The spaces a font draws (inside ``\text{...}``); other white space in the markup it does not.
_SPACES = " \u00a0"


_FONT_FACE = re.compile(r"@font-face\{([^}]*)\}")
_FONT_RULE = re.compile(r"([^{}]+)\{([^{}]*font-family:KaTeX_[^{}]*)\}")
_PROPERTY = re.compile(r"(font-family|font-weight|font-style):([^;}]+)")
_CLASS = re.compile(r"\.([A-Za-z0-9_-]+)")
_OPEN_SPAN = re.compile(r'<span\b(?:[^>]*?\bclass="([^"]*)")?[^>]*>')


def katex_font_rules(css):
    """KaTeX's stylesheet as (faces, rules): faces maps (family, weight,
    style) to a font file's name; rules are (classes, properties) in the
    stylesheet's order, for each selector that sets a KaTeX font."""
    faces, rules = {}, []
    for body in _FONT_FACE.findall(css):
        found = dict(_PROPERTY.findall(body))
        url = re.search(r"url\(fonts/([^)]+\.woff2)\)", body)
        if url and "font-family" in found:
            faces[found["font-family"].strip(), found.get("font-weight", "400").strip(),
                  found.get("font-style", "normal").strip()] = url.group(1)
    for selectors, body in _FONT_RULE.findall(css):
        if "@font-face" in selectors:
            continue
        found = {name: value.split(",")[0].split()[-1].strip() if name == "font-family"
                 else value.strip() for name, value in _PROPERTY.findall(body)}
        for selector in selectors.split(","):
            if ":" in selector or "[" in selector or ">" in selector:
                continue
            classes = _CLASS.findall(selector.split()[-1])
            if classes:
                rules.append((frozenset(classes), found))
    return faces, rules


def katex_font_characters(pages, css):
    """The characters each KaTeX font draws in the HTML ``pages`` (texts):
    {font file name: characters}, from the classes of the spans around each
    character and ``css``, KaTeX's stylesheet (the MathML copy of each
    equation, for screen readers, is drawn by no KaTeX font)."""
    faces, rules = katex_font_rules(css)
    weights = {"bold": "700", "normal": "400"}
    found = {}
    by_class = {}  # class -> the rules that name it, by their place in the stylesheet
    for k, (needed, _) in enumerate(rules):
        for name in needed:
            by_class.setdefault(name, []).append(k)

    def face(font):
        family, weight, style = font
        weight = weights.get(weight, weight)
        name = faces.get((family, weight, style))
        # No face of that weight and style: the browser picks another of the family.
        return [name] if name else [n for (f, _, _), n in faces.items() if f == family]

    for page in pages:
        for start in _KATEX_SPAN.finditer(page):
            stack = []
            position = start.start()
            for tag in _SPAN_TAG.finditer(page, position):
                text = html.unescape(_OTHER_TAG.sub("", page[position:tag.start()])) if stack else ""
                position = tag.end()
                if any(c in _SPACES or not c.isspace() for c in text) and not stack[-1][1]:
                    for name in face(stack[-1][0]):
                        found.setdefault(name, set()).update(c for c in text if c in _SPACES
                                                             or not c.isspace())
                if tag.group(1):
                    stack.pop()
                    if not stack:
                        break
                    continue
                classes = set((_OPEN_SPAN.match(tag.group(0)).group(1) or "").split())
                if stack:
                    family, weight, style = stack[-1][0]
                    hidden = stack[-1][1]
                else:
                    family, weight, style, hidden = "KaTeX_Main", "400", "normal", False
                for k in sorted({k for name in classes for k in by_class.get(name, ())}):
                    needed, properties = rules[k]
                    if needed <= classes:
                        family = properties.get("font-family", family)
                        weight = properties.get("font-weight", weight)
                        style = properties.get("font-style", style)
                stack.append(((family, weight, style), hidden or "katex-mathml" in classes))
    main = faces.get(("KaTeX_Main", "400", "normal"))
    if main:
        found.setdefault(main, set()).update(_CSS_CHARACTERS)
    return found


def subset_katex_fonts(app, exception):
    """Cut each KaTeX font in ``_static/katex/fonts`` to the characters the pages draw with it."""
    if exception is not None or app.builder.name != "html":
        return
    from icon_fonts import _cut

    outdir = pathlib.Path(app.outdir)
    target = outdir / "_static" / STATIC / "fonts"
    pages = (path.read_text(encoding="utf-8") for path in outdir.glob("**/*.html")
             if not path.relative_to(outdir).parts[0].startswith("_"))
    drawn = katex_font_characters(pages, (target.parent / "katex.min.css").read_text(
        encoding="utf-8"))
    for font in sorted(target.glob("*.woff2")):
        if font.name not in drawn:
            continue  # copied whole: no page asks for it
        source = (KATEX / "dist" / "fonts" / font.name).read_bytes()
        codepoints = {ord(c) for c in drawn[font.name]}
        _write(font, _cut(source, codepoints, pathlib.Path(app.doctreedir) / "katex-fonts"))


def _write(path, data):
    """Write the bytes ``data`` to ``path`` (its folder made), unless it holds them already."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def setup(app):
    app.add_html_math_renderer("katex", inline_renderers=(html_visit_math, None),
                               block_renderers=(html_visit_displaymath, None))
    app.connect("builder-inited", find_katex)
    app.connect("doctree-resolved", render_page_math)
    app.connect("html-page-context", add_stylesheets)
    app.connect("build-finished", stop_renderer)
    app.connect("build-finished", subset_katex_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
