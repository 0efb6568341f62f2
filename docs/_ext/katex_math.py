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
- :func:`subset_katex_fonts` (``build-finished``): KaTeX's fonts are cut
  to the characters that the site's equations show (a few dozen of the
  thousands they hold), read from the built pages, with fontTools as
  ``icon_fonts`` cuts the icon fonts; cut from KaTeX's own files each
  time, so a new character in a page is never missing from an older cut.
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
    css = _OTHER_FONT_FORMATS.sub("", (source / "katex.min.css").read_text(encoding="utf-8"))
    fonts = sorted(set(_FONT_URL.findall(css)))
    if not fonts or any(not (font.startswith("fonts/") and font.endswith(".woff2")
                             and (source / font).exists()) for font in fonts):
        raise RuntimeError(f"KaTeX's stylesheet names fonts this build does not copy: {fonts}")
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    _write(target / "katex.min.css", css.encode("utf-8"))
    _write(target / "LICENSE", (KATEX / "LICENSE").read_bytes())
    for font in fonts:
        _write(target / font, (source / font).read_bytes())


def stop_renderer(app, exception):
    """End the build's ``node`` process."""
    renderer = getattr(app, "_katex_renderer", None)
    if renderer is not None:
        renderer.close()
        app._katex_renderer = None


_KATEX_SPAN = re.compile(r'<span class="katex(?:-display)?">')
_SPAN_TAG = re.compile(r"<(/?)span\b[^>]*>")
_TEXT = re.compile(r">([^<]+)<")
#: What KaTeX's stylesheet writes itself (its equation numbers), and digits.
_CSS_CHARACTERS = "()0123456789"


def katex_characters(pages):
    """The characters inside KaTeX's output in the HTML ``pages`` (texts)."""
    found = set(_CSS_CHARACTERS)
    for page in pages:
        for start in _KATEX_SPAN.finditer(page):
            depth = 0
            for tag in _SPAN_TAG.finditer(page, start.start()):
                depth += -1 if tag.group(1) else 1
                if depth == 0:
                    break
            for text in _TEXT.findall(page, start.start(), tag.end()):
                found.update(html.unescape(text))
    return found


def subset_katex_fonts(app, exception):
    """Cut every KaTeX font in ``_static/katex/fonts`` to the characters the pages show."""
    if exception is not None or app.builder.name != "html":
        return
    from icon_fonts import _cut

    outdir = pathlib.Path(app.outdir)
    pages = (path.read_text(encoding="utf-8") for path in outdir.glob("**/*.html")
             if not path.relative_to(outdir).parts[0].startswith("_"))
    codepoints = {ord(c) for c in katex_characters(pages) if not c.isspace()}
    target = outdir / "_static" / STATIC / "fonts"
    for font in sorted(target.glob("*.woff2")):
        source = (KATEX / "dist" / "fonts" / font.name).read_bytes()
        _write(font, _cut(source, codepoints, pathlib.Path(app.doctreedir) / "katex-fonts"))


def _write(path, data):
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
