"""The theme's icon fonts and icon classes, cut down to the icons this site shows.

pydata-sphinx-theme draws its icons with Font Awesome's web fonts: its
stylesheet maps each of about 2,000 ``fa-*`` classes to a character (66 KB
of rules), and a page that shows one icon downloads the whole 115 KB solid
font. After each HTML build, :func:`subset_icon_fonts` (``build-finished``)
finds the icons the site can show: those of the ``fa-*`` classes named in
its pages and scripts, and every icon character that a stylesheet writes
itself (the theme's admonition, link and breadcrumb icons). It rewrites the
theme's stylesheet in ``_static`` without the other classes' rules, and
every Font Awesome font with only those characters. Both are cut from the
theme's own files each time, so a new icon in a page is never missing from
an older cut; each cut font is kept beside the doctrees for the next build.

Its companion ``docs/_static/scripts/fontawesome.js`` replaces the theme's
1.6 MB icon script. ``tests/site/test_light_pages.py`` checks that every icon
a reader sees is drawn from a glyph of its font.
"""

import hashlib
import io
import pathlib
import re

THEME_CSS = "styles/pydata-sphinx-theme.css"  # inside _static
FONT_FACE = re.compile(r"@font-face\{[^}]*Font Awesome[^}]*src:url\(([^)]+\.woff2)\)[^}]*\}")
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"([^"]*)"\}')
ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
PRIVATE_USE = re.compile(r'"[^"\n]*?([\ue000-\uf8ff]|\\[eEfF][0-9a-fA-F]{3}\b)')


def _characters(css_string):
    """The characters of a CSS string's body (escapes decoded)."""
    return CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), css_string)


def _theme_static():
    import pydata_sphinx_theme

    static = pathlib.Path(pydata_sphinx_theme.__file__).parent / "theme" / \
        "pydata_sphinx_theme" / "static"
    if not (static / THEME_CSS).exists():
        raise RuntimeError(f"pydata-sphinx-theme has no {THEME_CSS} in {static}: "
                           "docs/_ext/icon_fonts.py needs updating for this theme version")
    return static


def icons_in_use(outdir, theme_css):
    """The icons that the pages, scripts and stylesheets in ``outdir`` can show.

    Returns (the ``fa-*`` class names with a rule in ``theme_css``, the
    characters of the fonts they and the stylesheets draw).
    """
    by_name = {}
    for names, text in ICON_RULE.findall(theme_css):
        for name in names.split(","):
            by_name[name.lstrip(".")] = _characters(text)
    names = set()
    for pattern in ("**/*.html", "_static/**/*.js"):
        for path in outdir.glob(pattern):
            if path.name != "fontawesome.js":
                text = path.read_text(encoding="utf-8", errors="replace")
                names.update(name for name in ICON_NAME.findall(text) if name in by_name)
    drawn = {by_name[name] for name in names}
    for path in (outdir / "_static").glob("**/*.css"):
        css = ICON_RULE.sub("", path.read_text(encoding="utf-8", errors="replace"))
        drawn.update(_characters(match) for match in PRIVATE_USE.findall(css))
    return names, {ord(c) for text in drawn for c in text}


def subset_icon_fonts(app, exception):
    """Rewrite the theme's stylesheet and Font Awesome fonts with only the icons in use."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = pathlib.Path(app.outdir)
    static = _theme_static()
    theme_css = (static / THEME_CSS).read_text(encoding="utf-8")
    fonts = FONT_FACE.findall(theme_css)
    if not fonts:
        raise RuntimeError(f"no Font Awesome @font-face in the theme's {THEME_CSS}: "
                           "docs/_ext/icon_fonts.py needs updating for this theme version")
    names, codepoints = icons_in_use(outdir, theme_css)

    def keep(rule):
        used = any(name.lstrip(".") in names for name in rule.group(1).split(","))
        return rule.group(0) if used else ""

    _write(outdir / "_static" / THEME_CSS, ICON_RULE.sub(keep, theme_css).encode("utf-8"))
    for url in sorted(set(fonts)):
        relative = str(pathlib.PurePosixPath(
            *_normalise((pathlib.PurePosixPath(THEME_CSS).parent / url).as_posix().split("/"))))
        source = (static / relative).read_bytes()
        _write(outdir / "_static" / relative,
               _cut(source, codepoints, pathlib.Path(app.doctreedir) / "icon-fonts"))


def _cut(font_bytes, codepoints, cache):
    """``font_bytes`` (WOFF2) with only ``codepoints``; kept in ``cache`` for the next build."""
    key = hashlib.sha256(font_bytes + repr(sorted(codepoints)).encode()).hexdigest()[:20]
    cached = cache / f"{key}.woff2"
    if cached.exists():
        return cached.read_bytes()
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = ["*"]  # keep the licence and the font's names
    options.notdef_outline = True
    font = TTFont(io.BytesIO(font_bytes), recalcTimestamp=False)  # same bytes every build
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints & set(font.getBestCmap()))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer)
    cache.mkdir(parents=True, exist_ok=True)
    cached.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def _write(path, data):
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def _normalise(parts):
    out = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part not in ("", "."):
            out.append(part)
    return out


def setup(app):
    app.connect("build-finished", subset_icon_fonts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
