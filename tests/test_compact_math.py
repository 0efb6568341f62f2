"""KaTeX's markup in fewer bytes (docs/_ext/compact_math.py), on small pages.

The site tests draw every built page with the rewrite and with KaTeX's own
markup and compare the pixels; these check the rewrite itself.
"""

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import compact_math  # noqa: E402

CSS = ("@font-face{font-family:KaTeX_Main;src:url(fonts/KaTeX_Main-Regular.woff2) format(\"woff2\")}"
       ".katex{font:normal 1.21em KaTeX_Main}.katex .katex-html{display:inline-block}"
       ".katex .mathnormal{font-family:KaTeX_Math;font-style:italic}"
       ".katex .vlist-t{display:inline-table}.katex .vlist>span>.pstrut{overflow:hidden}"
       ".katex .msupsub{text-align:left}.katex .newthing{color:red}.katex .vlist-r{display:table-row}"
       ".katex .katex-base{position:relative}.katex .katex-strut{display:inline-block}")
EQUATION = (
    '<span class="katex"><span class="katex-mathml"><math xmlns="http://www.w3.org/1998/Math/MathML">'
    '<semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow>'
    '<annotation encoding="application/x-tex">x^2</annotation></semantics></math></span>'
    '<span class="katex-html" aria-hidden="true"><span class="katex-base">'
    '<span class="katex-strut" style="height:0.8141em;"></span>'
    '<span class="mord"><span class="mord mathnormal">x</span><span class="msupsub">'
    '<span class="vlist-t"><span class="vlist" style="height:0.8141em;">'
    '<span style="top:-3.063em;margin-right:0.05em;"><span class="pstrut" style="height:2.7em;">'
    '</span><svg xmlns="http://www.w3.org/2000/svg" width="1em"><path d="M0 0"/></svg>'
    '<span class="mord mtight">2</span></span></span></span></span></span></span></span></span>')
PAGE = f"<html><head><title>t</title></head><body><p>Say {EQUATION}.</p></body></html>"


@pytest.fixture
def names():
    return compact_math.short_names(CSS)


def test_the_classes_katex_styles_get_short_names_that_no_other_class_can_have(names):
    assert set(names) == {"katex-base", "katex-strut", "mathnormal", "vlist-t", "vlist", "pstrut",
                          "msupsub", "newthing", "vlist-r"}  # not katex, katex-html, nor a font's file
    assert len(set(names.values())) == len(names)
    assert all(name[0] in "ABCDEFGHIJKLMNOPQRSTUVWXY" and len(name) <= 2 for name in names.values())
    # The most frequent come first, whatever the stylesheet's order.
    assert names["vlist"] == "A" and names["pstrut"] == "C"
    assert compact_math.short_names(CSS) == names  # the stylesheet alone decides


def test_the_stylesheet_is_renamed_but_its_font_files(names):
    renamed = compact_math.rename_stylesheet(CSS, names)
    assert "url(fonts/KaTeX_Main-Regular.woff2)" in renamed
    assert f".katex .{names['mathnormal']}{{font-family:KaTeX_Math" in renamed
    assert f".katex .{names['vlist']}>span>.{names['pstrut']}{{" in renamed
    assert ".katex .katex-html{" in renamed and "mathnormal" not in renamed


def test_a_page_s_equations_are_rewritten_and_kept_as_they_were(names):
    page, originals = compact_math.compact_page(PAGE, names)
    assert originals == [EQUATION]
    assert len(page) < len(PAGE)
    # The styles: one class each, defined once in the head, winning as an inline style.
    assert 'style="' not in page
    head = page[page.index('<style id="nnl-math"'):page.index("</head>")]
    assert head.count("height:0.8141em!important") == 1
    assert "top:-3.063em!important;margin-right:0.05em!important" in head
    assert f'<span class="{names["katex-strut"]} Z0"></span>' in page
    assert f'<span class="{names["vlist"]} Z0">' in page
    # Styled classes renamed, unstyled ones gone, the book's and KaTeX's outer names kept.
    assert f'<span class="{names["mathnormal"]}">x</span>' in page
    assert "mord" not in page and "mtight" not in page
    assert '<span class="katex-html" aria-hidden="true">' in page
    # The MathML for screen readers is KaTeX's, without the namespace HTML gives it anyway.
    assert ('<math><semantics><mrow><msup><mi>x</mi><mn>2</mn></msup></mrow>'
            '<annotation encoding="application/x-tex">x^2</annotation>') in page
    assert '<svg width="1em"><path d="M0 0"/></svg>' in page
    assert page.startswith("<html><head><title>t</title>") and page.endswith(".</p></body></html>")


def test_a_page_is_rewritten_once_and_a_page_without_math_not_at_all(names):
    page, _ = compact_math.compact_page(PAGE, names)
    assert compact_math.compact_page(page, names) == (page, [])
    plain = "<html><head></head><body><span style='x'>a</span></body></html>"
    assert compact_math.compact_page(plain, names) == (plain, [])


def test_a_page_rewritten_with_other_names_is_put_back_and_rewritten_again(names):
    # KaTeX upgraded: its stylesheet, so the names, change; Sphinx does not
    # write an unchanged page again, so the rewrite starts from what it kept.
    older = compact_math.short_names(CSS.replace(".katex .vlist-r{display:table-row}", ""))
    assert older != names
    page, kept = compact_math.compact_page(PAGE, older)
    assert compact_math.compact_page(page, names, kept) == compact_math.compact_page(PAGE, names)
    with pytest.raises(ValueError, match="has 1 equations; that build kept none"):
        compact_math.compact_page(page, names)


def test_markup_the_rewrite_cannot_read_is_an_error(names):
    with pytest.raises(ValueError, match="cannot read.*hidden"):
        compact_math.compact_page(PAGE.replace('aria-hidden="true"', "hidden"), names)
    with pytest.raises(ValueError, match="never closes"):
        compact_math.compact_page(PAGE.replace("</span>.</p>", ".</p>"), names)


def test_a_site_stylesheet_or_script_that_names_a_rewritten_class_fails_the_build(tmp_path):
    static = tmp_path / "_static"
    (static / "katex").mkdir(parents=True)
    (static / "katex" / "katex.min.css").write_text(".katex .mord{}")  # KaTeX's own: fine
    (static / "theme.css").write_text(".katex-html{margin:0}.text-center{}")
    (static / "theme.js").write_text("const t = response.text(); el.querySelector('.katex');")
    compact_math.check_untouched_classes(tmp_path, {"mord", "text", "vlist"})
    (static / "theme.css").write_text(".katex .mord{margin:0}")
    (static / "widget.js").write_text("el.classList.add('vlist');")
    with pytest.raises(RuntimeError, match=r"theme\.css \(mord\), _static/widget\.js \(vlist\)"):
        compact_math.check_untouched_classes(tmp_path, {"mord", "text", "vlist"})
