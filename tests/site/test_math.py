"""Equations are typeset when the book is built: they show with JavaScript off.

Every chapter is opened in Chromium with JavaScript disabled: each ``.math``
element must hold KaTeX's markup (the visible HTML and the hidden MathML for
screen readers), no raw TeX may be left in the text, and every equation
reference must carry the number of the equation it points to.
"""

import json
import re

import pytest

from sitetools import CHAPTERS, LESSONS, ROOT
from test_browser import RAW_TEX

#: KaTeX's fonts as the npm package ships them, before the build cuts them.
KATEX_FONTS = ROOT / "node_modules" / "katex" / "dist"

MATH_STATE = """() => {
  const math = [...document.querySelectorAll('.math')];
  return {
    math: math.length,
    katex: math.filter(m => m.querySelector('.katex > .katex-html')).length,
    mathml: math.filter(m => m.querySelector('.katex > .katex-mathml > math')).length,
    errors: document.querySelectorAll('.katex-error').length,
    text: document.querySelector('article').innerText,
    numbers: [...document.querySelectorAll('div.math[id] > .eqno')].map(n => ({
      id: n.parentElement.id, number: n.firstChild.textContent.trim()})),
    references: [...document.querySelectorAll('article a[href*="#equation-"]:not(.headerlink)')].map(a => ({
      href: a.getAttribute('href'), text: a.textContent.trim()})),
    scripts: [...document.scripts].map(s => s.src).filter(src => /math|katex/i.test(src)),
    drawn: (() => {  // the characters KaTeX draws, by the font the browser styles them with
      const drawn = {}, walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest('.katex-html') || !/[^\\n\\r\\t]/.test(node.data)) continue;
        const style = getComputedStyle(node.parentElement);
        const key = [style.fontFamily.split(',')[0].trim(), style.fontWeight, style.fontStyle].join('|');
        drawn[key] = (drawn[key] || '') + node.data;
      }
      return drawn;
    })(),
  };
}"""


@pytest.fixture(scope="module")
def pages_without_javascript(browser, server):
    """Every chapter's math, read with JavaScript off: {chapter: MATH_STATE}."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    states = {}
    for chapter in CHAPTERS:
        page.goto(f"{server}/{chapter}.html", wait_until="load")
        states[chapter] = page.evaluate(MATH_STATE)
    context.close()
    outside = [url for url in requests if not url.startswith(server)]
    assert outside == []
    return states


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_equation_is_typeset_without_javascript(pages_without_javascript, chapter):
    state = pages_without_javascript[chapter]
    if chapter in LESSONS:  # every page that runs code has math
        assert state["math"] > 0
    assert state["katex"] == state["math"], f"{state['math'] - state['katex']} equations not typeset"
    assert state["mathml"] == state["math"], "an equation lacks the MathML for screen readers"
    assert state["errors"] == 0
    leftovers = [tex for tex in RAW_TEX if tex in state["text"]]
    assert not leftovers, f"raw TeX left in the page: {leftovers}"
    assert state["scripts"] == [], "a page loads math JavaScript"


def test_equation_references_carry_the_number_they_point_to(pages_without_javascript):
    numbers = {f"{chapter}.html#{equation['id']}": equation["number"]
               for chapter, state in pages_without_javascript.items()
               for equation in state["numbers"]}
    # Equations 1 to 5 of the source keep their numbers, numbered across the book.
    assert sorted(numbers.values(), key=lambda n: int(n.strip("()"))) == \
        [f"({k})" for k in range(1, len(numbers) + 1)]
    assert len(numbers) >= 5
    checked = 0
    for chapter, state in pages_without_javascript.items():
        for reference in state["references"]:
            page, _, anchor = reference["href"].partition("#")
            target = f"{page or chapter + '.html'}#{anchor}"
            assert target in numbers, f"{chapter}: {reference['href']} points to no equation"
            assert numbers[target] in reference["text"], (chapter, reference, numbers[target])
            checked += 1
    assert checked >= 5


def test_katex_is_served_from_the_site(site):
    css = (site / "_static" / "katex" / "katex.min.css").read_text()
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert fonts and all(font.endswith(".woff2") for font in fonts), fonts
    missing = [font for font in fonts if not (site / "_static" / "katex" / font).exists()]
    assert missing == []
    assert not (site / "_static" / "mathjax").exists()
    assert '_static/katex/katex.min.css' in (site / "network.html").read_text()


def test_every_character_katex_draws_is_in_its_cut_font(pages_without_javascript, site):
    """The fonts are cut per font to the characters each draws
    (docs/_ext/katex_math.py): each character of every equation must be a
    glyph of the font file the browser draws it from."""
    from fontTools.ttLib import TTFont

    css = (site / "_static" / "katex" / "katex.min.css").read_text()
    faces = {}
    for body in re.findall(r"@font-face\{([^}]*)\}", css):
        found = dict(re.findall(r"(font-family|font-weight|font-style):([^;}]+)", body))
        url = re.search(r"url\((fonts/[^)]+)\)", body).group(1)
        faces[found["font-family"], found.get("font-weight", "400"),
              found.get("font-style", "normal")] = url
    cmaps, whole, missing, checked = {}, {}, {}, 0
    for chapter, state in pages_without_javascript.items():
        for key, text in state["drawn"].items():
            family, weight, style = key.split("|")
            family = family.strip("\"'")
            if not family.startswith("KaTeX_"):
                continue
            urls = ([faces[family, weight, style]] if (family, weight, style) in faces
                    else [url for (f, _, _), url in faces.items() if f == family])
            for url in urls:
                if url not in cmaps:
                    cmaps[url] = set(TTFont(site / "_static" / "katex" / url).getBestCmap())
                    whole[url] = set(TTFont(KATEX_FONTS / url).getBestCmap())
            # Spaces too (inside \text{...}): a space missing from the cut font
            # would be drawn by the reader's fallback font, at its own width.
            for c in set(text):
                checked += 1
                had = [url for url in urls if ord(c) in whole[url]]  # none: KaTeX never had it
                if had and not any(ord(c) in cmaps[url] for url in had):
                    missing.setdefault(f"{chapter}: {key}", set()).add(c)
    assert checked > 50
    assert missing == {}


def test_downloaded_notebooks_keep_tex(site):
    notebook = json.loads((site / "_sources" / "network.ipynb").read_text())
    text = "".join("".join(cell["source"]) for cell in notebook["cells"]
                   if cell["cell_type"] == "markdown")
    assert "\\hat{y}" in text and "$$" in text
    assert "katex" not in text
