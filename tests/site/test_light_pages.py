"""Light pages: what each chapter costs a reader, and the icons that still show.

The theme's 1.6 MB ``_static/scripts/fontawesome.js`` is replaced by a
comment (``docs/_static/scripts/fontawesome.js``): the theme's stylesheet
draws its icons from the Font Awesome web font it ships. These tests fail if
the theme stops loading that file (the override would then do nothing, or
a renamed script would come back), or if an icon a reader sees stops showing.
"""

import io

import pytest

from sitetools import CHAPTERS, ROOT

BUDGET = 500_000  # bytes a page may load, everything included (issue 25)
HOME_BUDGET = 350_000  # the home page: the first page most readers open


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_a_page_loads_at_most_500_kb_and_the_home_page_350_kb(visits, chapter):
    # Everything a first visit loads (an empty cache), read from the
    # session's visit of the page (visits.py); `make bench-pages` measures
    # the same at 1280 px with pageweight.py.
    weight = visits["pages"][chapter]["weight"]
    assert weight["open"] == []
    counted = " ".join(url for url, _ in weight["urls"])  # the count saw the page and its theme
    assert f"/{chapter}.html" in counted and "pydata-sphinx-theme.css" in counted, counted
    heaviest = sorted(weight["urls"], key=lambda u: -u[1])[:4]
    budget = HOME_BUDGET if chapter == "index" else BUDGET
    assert weight["bytes"] <= budget, (
        f"{chapter} loads {weight['bytes']:,} bytes; the heaviest: "
        + ", ".join(f"{url.split('/', 3)[-1]} ({size:,})" for url, size in heaviest))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_lighter_page_draws_as_the_full_one(visits, site, chapter):
    # docs/_ext/purge_css.py drops the rules no page uses from the theme's and
    # the extensions' stylesheets; docs/_ext/compact_math.py writes KaTeX's
    # equations in fewer bytes. The session's visit of the page (visits.py)
    # screenshots it whole at 1280 px light, 400 px dark and in print, with
    # its solutions open, then again with the full stylesheets and the
    # equations as KaTeX wrote them, which the build kept beside the
    # doctrees: every pixel must agree. A theme upgrade whose new rule the
    # purge drops, or a KaTeX upgrade the rewrite misreads, fails here.
    from visits import VIEWS

    compared = visits["pages"][chapter]["full css"]
    assert compared is not None, "the build kept no full stylesheets (doctrees/full-css)"
    shows_math = '<span class="katex">' in (site / f"{chapter}.html").read_text(encoding="utf-8")
    kept = site.parent / "doctrees" / "full-math" / f"{chapter}.json"
    assert kept.is_file() == shows_math, f"{chapter}: equations shown {shows_math}, kept {kept.is_file()}"
    assert compared == {view: 0 for view, *_ in VIEWS}, (
        f"{chapter}: pixels that differ with the full stylesheets: {compared}")


def test_the_theme_loads_our_small_icon_script(site):
    ours = (ROOT / "docs" / "_static" / "scripts" / "fontawesome.js").read_bytes()
    # The build minifies the scripts (purge_css.py: this one, a comment, to
    # nothing) and keeps the copy it minified beside the doctrees.
    full = site.parent / "doctrees" / "full-js" / "scripts" / "fontawesome.js"
    copied = full if full.exists() else site / "_static" / "scripts" / "fontawesome.js"
    assert copied.read_bytes() == ours
    assert len(ours) < 2_000
    assert len((site / "_static" / "scripts" / "fontawesome.js").read_bytes()) <= len(ours)
    for chapter in CHAPTERS:
        page = (site / f"{chapter}.html").read_text()
        assert 'src="_static/scripts/fontawesome.js' in page, (
            f"{chapter}.html no longer loads _static/scripts/fontawesome.js: the theme "
            "changed how it loads Font Awesome; docs/_static/scripts/fontawesome.js "
            "overrides nothing now")


# Every element that draws a Font Awesome icon in a pseudo-element: the
# <i class="fa-..."> of the buttons, and the admonitions' titles. Each is
# tagged, so that its icon alone can be hidden.
ICONS = """() => {
  const shown = el => {  // in the window, and not under another element (a sticky header)
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    const top = r.width > 0 && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight
      && document.elementFromPoint(r.x + Math.min(r.width, 16) / 2, r.y + r.height / 2);
    return top && (el.contains(top) || top.contains(el)) && s.visibility !== "hidden";
  };
  document.querySelectorAll('[data-nnl-icon]').forEach(el => delete el.dataset.nnlIcon);
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of ['before', 'after']) {
      const s = getComputedStyle(el, '::' + pseudo);
      if (/Font Awesome/.test(s.fontFamily) && /^"[^"]+"/.test(s.content) && shown(el)) {
        const r = el.getBoundingClientRect();
        el.dataset.nnlIcon = found.length;
        found.push({name: String(el.className || el.tagName), pseudo, content: s.content,
                    x: r.x, y: r.y, width: r.width, height: r.height});
      }
    }
  }
  return found;
}"""
FONTS = """() => document.fonts.ready.then(() => [...document.fonts]
  .filter(f => /Font Awesome/.test(f.family)).map(f => f.family + ' ' + f.weight + ': ' + f.status))"""
# Whether the icon's font has the glyph: drawn in that font, it differs from
# the same character drawn by the fallback (a missing glyph's box).
HAS_GLYPH = """([k, pseudo]) => {
  const s = getComputedStyle(document.querySelector(`[data-nnl-icon="${k}"]`), '::' + pseudo);
  const glyph = s.content.match(/^"([^"]+)"/)[1];
  const draw = font => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 64;
    const context = canvas.getContext('2d');
    context.font = font;
    context.fillText(glyph, 8, 48);
    return canvas.toDataURL();
  };
  return draw(`${s.fontWeight} 40px ${s.fontFamily}`) !== draw(`${s.fontWeight} 40px nnl-no-such-font`);
}"""
HIDE = """([k, pseudo]) => {
  const style = document.createElement('style');
  style.id = 'nnl-hide';
  style.textContent = `[data-nnl-icon="${k}"]::${pseudo} { color: transparent !important; }`;
  document.head.append(style);
}"""


def _differ(first, second):
    """How many pixels of two screenshots of one box differ clearly."""
    from PIL import Image, ImageChops

    a, b = (Image.open(io.BytesIO(png)).convert("L") for png in (first, second))
    return sum(ImageChops.difference(a, b).point(lambda v: 255 if v > 60 else 0).histogram()[255:])


@pytest.mark.parametrize("width, scheme", [(1280, "light"), (400, "dark")])
def test_every_icon_a_reader_sees_is_drawn(open_page, server, width, scheme):
    record = open_page(f"{server}/cost.html", server, width=width, color_scheme=scheme)
    page = record.page
    page.evaluate(f"() => document.documentElement.dataset.mode = '{scheme}'")
    assert page.evaluate("() => document.documentElement.dataset.theme") == scheme
    fonts = page.evaluate(FONTS)
    assert any(f.endswith("loaded") for f in fonts), fonts
    assert not [f for f in fonts if f.endswith("error")], fonts
    names = ""
    for place in ("() => scrollTo({top: 0, behavior: 'instant'})",
                  "() => document.querySelector('.admonition-title')"
                  ".scrollIntoView({block: 'center', behavior: 'instant'})",
                  "() => document.querySelector('.prev-next-area')"
                  ".scrollIntoView({block: 'center', behavior: 'instant'})"):
        page.evaluate(place)
        icons = page.evaluate(ICONS)
        names += " " + " ".join(f"{icon['name']}::{icon['pseudo']}" for icon in icons)
        blank = []
        for k, icon in enumerate(icons):
            # An fa-lg icon's box is about 1 px tall (line-height .05em), the
            # glyph overflows it: look at a square around its middle.
            side = max(icon["height"], min(icon["width"], 64)) + 8
            middle = icon["y"] + icon["height"] / 2
            clip = {"x": max(0, icon["x"] - 4), "y": max(0, middle - side / 2),
                    "width": icon["width"] + 8, "height": side}
            shown = page.screenshot(clip=clip)
            page.evaluate(HIDE, [k, icon["pseudo"]])
            hidden = page.screenshot(clip=clip)
            page.evaluate("() => document.getElementById('nnl-hide').remove()")
            if _differ(shown, hidden) < 8 or not page.evaluate(HAS_GLYPH, [k, icon["pseudo"]]):
                blank.append(f"{icon['name']}::{icon['pseudo']} {icon['content']}")
        assert blank == [], f"icons that draw nothing: {blank}"
    expected = ["fa-bars", "fa-download", "theme-switch", "admonition-title", "fa-angle"] + (
        ["fa-magnifying-glass", "fa-list"] if width < 960 else ["fa-list"])
    assert all(name in names for name in expected), names
    assert record.errors == []
