"""KaTeX's markup in fewer bytes, drawn the same.

KaTeX's HTML for one equation is long: a subscript alone is some 400
bytes of nested spans, each with its classes and an inline ``style``. On
the back-propagation chapter the equations are 278 KB of its 356 KB of
HTML. After each HTML build, :func:`compact_pages` (``build-finished``,
before the KaTeX fonts are cut and the stylesheets purged) rewrites the
equations of every page, four ways, none of which changes a pixel:

- a class that KaTeX's stylesheet styles gets a short name of one or two
  letters (:func:`short_names`: ``vlist-t2`` becomes, say, ``K``), in the
  pages and in the site's copy of that stylesheet alike
  (:func:`rename_stylesheet`, at ``builder-inited``);
- a class that no stylesheet styles (``mord``, ``mtight``: KaTeX's own
  bookkeeping) is left out;
- each distinct inline ``style`` becomes a class of the page (``Z0``,
  ``Z1``, ...), defined once in a ``<style>`` in the page's head, its
  declarations ``!important`` as an inline style's win over every rule;
- the ``xmlns`` of ``<math>`` and ``<svg>`` go: an HTML page gives those
  elements their namespace without it.

The MathML copy that screen readers read, the TeX annotation and
``aria-hidden`` stay as KaTeX wrote them. The build fails if a stylesheet
or script of the site names a class the rewrite drops or renames
(:func:`check_untouched_classes`), so a theme upgrade cannot style KaTeX's
classes unseen. Each page's equations as KaTeX wrote them, and KaTeX's
stylesheet with its own class names, are kept beside the doctrees
(``full-math/``): the site tests draw every page with them and with the
rewrite and compare the pixels (``tests/site/visits.py``).

Only the site (the ``html`` builder) is rewritten; the one-page build that
is printed into the PDF keeps KaTeX's markup as it is.
"""

import hashlib
import html
import itertools
import json
import pathlib
import re
import string

from katex_math import STATIC, _write, katex_stylesheet

#: Beside the doctrees: each page's equations as KaTeX wrote them
#: (``<page>.json``), and KaTeX's stylesheet with its class names.
FULL = "full-math"
#: KaTeX's classes that the book's stylesheets and scripts name: kept as they are.
KEPT = frozenset({"katex", "katex-display", "katex-html", "katex-mathml", "katex-error"})
#: The classes KaTeX writes most, first in line for one-letter names.
FREQUENT = ("vlist", "vlist-r", "pstrut", "vlist-t", "katex-base", "katex-strut", "mathnormal",
            "katex-sizing", "reset-size6", "size3", "mspace", "msupsub", "vlist-t2", "vlist-s",
            "mfrac", "frac-line", "nulldelimiter", "delimsizing", "delimcenter", "mop",
            "op-limits", "svg-align", "mathrm", "textrm", "accent-body")
#: Marks a page whose equations are rewritten, and with which names (it
#: holds the page's style classes).
MARK = re.compile(r'<style id="nnl-math" data-names="(\w+)">[^<]*</style>\n')

_CLASS_NAME = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_URL = re.compile(r"(url\([^)]*\))")
_KATEX = re.compile(r'<span class="katex">')
_CLASSES = re.compile(r'\sclass="([^"]*)"')
#: A class a script adds, removes or looks for.
_CLASS_LIST = re.compile(r"""classList\.\w+\(\s*['"]([\w-]+)""")
_STRING = re.compile(r"""(['"`])((?:(?!\1)[^\\\n]|\\.)*)\1""")
_TAG = re.compile(r"<(/?)([a-zA-Z]+)\b([^>]*)>")
_ATTRIBUTE = re.compile(r'\s([a-zA-Z:-]+)="([^"]*)"')


def short_names(css):
    """{KaTeX class: short name} for every class KaTeX's stylesheet ``css``
    names (but :data:`KEPT`): one capital letter (A to Y) for the first 25,
    :data:`FREQUENT` first, then a capital and a letter or digit. The names
    depend on the stylesheet alone, so pages written by earlier builds agree
    with the stylesheet of this one. No name starts with Z (the style
    classes) or with a small letter (Pygments' classes)."""
    found = dict.fromkeys(_CLASS_NAME.findall(_URL.sub("", css)))
    classes = [name for name in FREQUENT if name in found]
    classes += [name for name in found if name not in KEPT and name not in classes]
    capitals = string.ascii_uppercase[:25]
    names = itertools.chain(capitals, (a + b for a in capitals
                                       for b in string.ascii_lowercase + string.digits))
    return dict(zip(classes, names))


def rename_stylesheet(css, names):
    """KaTeX's stylesheet ``css`` with each class of ``names`` renamed."""
    pieces = _URL.split(css)  # a font's file name is not a class
    for k in range(0, len(pieces), 2):
        pieces[k] = _CLASS_NAME.sub(lambda m: "." + names.get(m.group(1), m.group(1)), pieces[k])
    return "".join(pieces)


def _equation_end(page, start):
    """Where the ``<span>`` that opens at ``start`` closes."""
    depth = 0
    for tag in _TAG.finditer(page, start):
        if tag.group(2) != "span":
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.end()
    raise ValueError(f"an equation at character {start} never closes")


def names_digest(names):
    """A short digest of :func:`short_names`' map, written into each rewritten page."""
    return hashlib.sha256(json.dumps(sorted(names.items())).encode()).hexdigest()[:12]


def compact_page(page, names, kept=None):
    """``page`` (HTML) with its equations rewritten: (page, the equations as they were).

    ``names`` is :func:`short_names`' map; see the module for the rewrite.
    A page without equations, or rewritten already with these names, comes
    back unchanged. A page an earlier build rewrote with other names (KaTeX
    was upgraded, and Sphinx did not write the page again) is put back as
    KaTeX wrote it from ``kept``, its equations as that build kept them,
    and rewritten again.
    """
    digest = names_digest(names)
    mark = MARK.search(page)
    if mark and mark.group(1) == digest or not _KATEX.search(page):
        return page, []
    if mark:
        page = _put_back(page[:mark.start()] + page[mark.end():], kept)
    styles = {}  # inline style -> its class

    def tag(match):
        closing, name, attributes = match.groups()
        if closing:
            return match.group(0)
        leftover = _ATTRIBUTE.sub("", attributes).strip()
        if leftover not in ("", "/"):
            raise ValueError(f"an equation's tag the rewrite cannot read: {match.group(0)!r}")
        classes, kept = [], []
        for attribute, value in _ATTRIBUTE.findall(attributes):
            if attribute == "class":
                classes += [c if c in KEPT else names[c]
                            for c in value.split() if c in KEPT or c in names]
            elif attribute == "style" and name == "span":
                classes.append(styles.setdefault(html.unescape(value), f"Z{len(styles):x}"))
            elif attribute != "xmlns":
                kept.append(f' {attribute}="{value}"')
        if classes:
            kept.insert(0, f' class="{" ".join(classes)}"')
        return f"<{name}{''.join(kept)}{leftover}>"

    pieces, originals, position = [], [], 0
    for start in _KATEX.finditer(page):
        if start.start() < position:
            continue
        end = _equation_end(page, start.start())
        originals.append(page[start.start():end])
        pieces += [page[position:start.start()], _TAG.sub(tag, page[start.start():end])]
        position = end
    pieces.append(page[position:])
    rules = "".join(
        f".{name}{{{';'.join(d.strip() + '!important' for d in style.split(';') if d.strip())}}}"
        for style, name in styles.items())
    style = f'<style id="nnl-math" data-names="{digest}">{rules}</style>\n'
    return "".join(pieces).replace("</head>", style + "</head>", 1), originals


def _put_back(page, kept):
    """``page`` with each equation replaced, in order, by ``kept``'s."""
    starts = [start.start() for start in _KATEX.finditer(page)]
    if kept is None or len(kept) != len(starts):
        raise ValueError(f"a page rewritten by an earlier build has {len(starts)} equations; "
                         f"that build kept {'none' if kept is None else len(kept)}: "
                         "build it again from scratch (make clean html)")
    pieces, position = [], 0
    for start, equation in zip(starts, kept):
        pieces += [page[position:start], equation]
        position = _equation_end(page, start)
    pieces.append(page[position:])
    return "".join(pieces)


def _site(app):
    """The site's folder and the doctrees' ``full-math`` folder, or None for
    builders other than ``html``."""
    if app.builder.name != "html":
        return None
    return pathlib.Path(app.outdir), pathlib.Path(app.doctreedir) / FULL


def rename_stylesheet_of_site(app):
    """Give KaTeX's stylesheet in ``_static`` the short class names; keep it
    whole with KaTeX's names in ``full-math/``."""
    folders = _site(app)
    if folders is None:
        return
    outdir, full = folders
    css = katex_stylesheet()
    app._katex_names = short_names(css)
    _write(full / STATIC / "katex.min.css", css.encode("utf-8"))
    _write(outdir / "_static" / STATIC / "katex.min.css",
           rename_stylesheet(css, app._katex_names).encode("utf-8"))


def compact_pages(app, exception):
    """Rewrite the equations of every page this build wrote (:func:`compact_page`)."""
    folders = None if exception is not None else _site(app)
    if folders is None:
        return
    outdir, full = folders
    touched = set(app._katex_names)
    for path in sorted(outdir.glob("**/*.html")):
        relative = path.relative_to(outdir)
        if relative.parts[0].startswith("_"):
            continue
        json_path = full / relative.with_suffix(".json")
        kept = json.loads(json_path.read_text(encoding="utf-8")) if json_path.is_file() else None
        page, originals = compact_page(path.read_text(encoding="utf-8"), app._katex_names, kept)
        if originals:
            touched.update(name for equation in originals
                           for classes in _CLASSES.findall(equation)
                           for name in classes.split() if name not in KEPT)
            _write(json_path, json.dumps(originals).encode("utf-8"))
            path.write_text(page, encoding="utf-8")
    check_untouched_classes(outdir, touched)


def check_untouched_classes(outdir, touched):
    """Fail if a stylesheet or script of the site (KaTeX's own apart) names a
    class of ``touched``, those :func:`compact_page` renames or drops."""
    found = []
    for path in sorted((outdir / "_static").glob("**/*.*")):
        if path.suffix not in (".css", ".js") or path.parent.name == STATIC:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".js":  # the selectors in its strings, and its classList calls
            strings = " ".join(m.group(2) for m in _STRING.finditer(text))
            named = set(_CLASS_NAME.findall(strings)) | set(_CLASS_LIST.findall(text))
        else:
            named = set(_CLASS_NAME.findall(text))
        found += [f"{path.relative_to(outdir)} ({c})" for c in sorted(named & touched)]
    if found:
        raise RuntimeError("stylesheets or scripts name KaTeX classes that compact_math.py "
                           "renames or drops from the equations: " + ", ".join(found))


def setup(app):
    app.connect("builder-inited", rename_stylesheet_of_site, priority=600)  # after find_katex
    # Before the KaTeX fonts are cut (500) and the stylesheets purged (700).
    app.connect("build-finished", compact_pages, priority=450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
