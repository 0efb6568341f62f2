"""The printed book's order (docs/_ext/book_pdf.py): numbered chapters, appendices last.

The chapters of the numbered parts are numbered 1, 2, ... in reading order;
the appendix parts move to the end, lettered, and the handout edition (or
PDF_REFERENCE=no) leaves them out; an edition or a choice the book does not
have fails with the setting's name and the bad value.
"""

import pathlib
import sys
import types

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

import book_pdf  # noqa: E402

PARTS = [("The lesson", ["network", "cost"]), ("Going deeper", ["minimum"]),
         ("Reference", ["api", "api-book"]), ("About", ["about"])]


def _app(monkeypatch, edition="full", reference="auto"):
    monkeypatch.setattr(book_pdf, "_toctrees",
                        lambda env, docname: PARTS if docname == "index" else [])
    config = types.SimpleNamespace(
        root_doc="index", nnlesson_edition=edition, nnlesson_pdf_reference=reference,
        nnlesson_pdf_numbered_parts=["The lesson", "Going deeper"],
        nnlesson_pdf_appendix_parts=["Reference"])
    return types.SimpleNamespace(config=config, env=None)


def test_the_full_book_numbers_its_chapters_and_ends_with_the_appendices(monkeypatch):
    assert book_pdf.book_order(_app(monkeypatch)) == [
        ("network", "1", "The lesson"), ("cost", "2", ""), ("minimum", "3", "Going deeper"),
        ("about", "", "About"),
        ("api", "Appendix A", "Reference"), ("api-book", "Appendix B", "")]


@pytest.mark.parametrize("edition, reference", [("handout", "auto"), ("full", "no")])
def test_the_handout_leaves_the_appendices_out(monkeypatch, edition, reference):
    order = book_pdf.book_order(_app(monkeypatch, edition, reference))
    assert [docname for docname, _, _ in order] == ["network", "cost", "minimum", "about"]


def test_a_handout_can_ask_for_them(monkeypatch):
    order = book_pdf.book_order(_app(monkeypatch, "handout", "yes"))
    assert order[-1] == ("api-book", "Appendix B", "")


def test_a_choice_the_book_does_not_have_is_refused(monkeypatch):
    from sphinx.errors import ConfigError

    config = _app(monkeypatch, reference="maybe").config
    with pytest.raises(ConfigError, match=r"nnlesson_pdf_reference.*'maybe'"):
        book_pdf.check_edition(None, config)
