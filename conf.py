"""Sphinx settings for the book. Build with ``make html``.

Sources live in ``docs/``; this file sits at the repository root, so the
build is ``sphinx-build -c . docs _build/html`` (the Makefile holds the
exact command and its options). Everything that is behaviour rather than a
setting lives in the local extension ``docs/_ext/nnlesson_build.py``.
"""

import os
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "docs" / "_ext"))

project = "Gradient descent, computed"
author = "the nnlesson authors"
copyright = "2026, the nnlesson authors"

# -- where the book lives ---------------------------------------------------
# Set once, here: the About page, the citation, the PDF's title page and
# every notebook's first cell give these addresses, and the notebooks link
# to the published pages (the handout edition's to nnlesson_site + "handout/",
# where `make publish` puts it).
nnlesson_site = "https://nnlesson.readthedocs.io/en/latest/"
nnlesson_repository = "https://github.com/nnlesson/nnlesson"
nnlesson_issues = nnlesson_repository + "/issues"

# -- the printed book (make pdf) ---------------------------------------------
# The PDF numbers the chapters of these parts (the home page's toctree
# captions) 1, 2, ... as the home page lists them, and prints these parts
# at the end as lettered appendices, which the handout edition leaves out
# (make pdf PDF_REFERENCE=yes or no decides otherwise).
nnlesson_pdf_numbered_parts = ["The lesson", "Going deeper (optional)"]
nnlesson_pdf_appendix_parts = ["Reference"]

extensions = [
    "myst_nb",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    "sphinx_togglebutton",
    "sphinx_exercise",
    "nnlesson_build",
    "book_pdf",  # the one-page book that make pdf prints; the handout edition
    "book_downloads",  # the wheel, the notebooks' zip, the downloads list, the citation
    "katex_math",
    "compact_math",  # KaTeX's markup in fewer bytes, drawn the same
    "icon_fonts",
    "webp_figures",  # the figures as lossless WebP
    "purge_css",  # after icon_fonts: unused CSS rules out of the theme's and extensions' stylesheets
]
exclude_patterns = ["_build", "_ext", "_templates", "jupyter_execute", ".jupyter_cache", "**.ipynb_checkpoints"]

# -- strictness -----------------------------------------------------------
nitpicky = True
nitpick_ignore_regex = [
    # numpydoc type descriptions ("ndarray of shape (n, 1)") are prose, not
    # Python objects; every other cross-reference is still checked.
    (r"py:class", r".*"),
]

# -- notebooks ------------------------------------------------------------
# Every chapter executes in a fresh kernel whenever Sphinx reads it; Sphinx
# re-reads a chapter when it or the package changes (nnlesson_build).
nb_execution_mode = "force"
# A failing cell is logged as a warning that names the chapter and shows the
# traceback; -W turns it into a failed build. (With raise_on_error = True
# Sphinx would only print "ExecutionError: <path>".)
nb_execution_raise_on_error = False
nb_execution_show_tb = True
nb_execution_timeout = 120
nb_output_stderr = "error"  # anything a cell writes to stderr fails the build
nb_merge_streams = True
nb_render_markdown_format = "myst"
# Every figure comes as a PNG and an SVG (nnlesson.book.plotting reads this
# variable, which the chapters' kernels inherit): the site shows the PNG
# (as WebP, webp_figures), the one-page build that make pdf prints the SVG,
# so printed figures stay sharp and the site's pages no heavier.
os.environ["NNLESSON_SVG_FIGURES"] = "1"
nb_mime_priority_overrides = [("html", "image/svg+xml", None)]
myst_enable_extensions = ["dollarmath", "amsmath", "colon_fence", "attrs_inline", "deflist"]
myst_heading_anchors = 3

# -- numbering ------------------------------------------------------------
# Equations are numbered across the whole book in reading order (the toctree
# is not numbered, so every number is global): equations 1 to 5 of the
# source keep their numbers.
numfig = True
math_numfig = True
math_eqref_format = "({number})"
numfig_format = {"figure": "Figure %s", "table": "Table %s", "code-block": "Listing %s"}

# -- autodoc ---------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "none"
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

# -- HTML -------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = "Gradient descent, computed"
html_static_path = ["docs/_static"]
html_css_files = ["book.css"]
html_js_files = [("book.js", {"defer": "defer"})]
html_favicon = "docs/_static/favicon.svg"
templates_path = ["docs/_templates"]
html_last_updated_fmt = None
html_copy_source = True
html_show_sourcelink = False
html_theme_options = {
    "use_download_button": True,
    "use_fullscreen_button": False,
    "use_repository_button": False,
    "use_issues_button": False,
    "use_edit_page_button": False,
    "launch_buttons": {},
    "show_navbar_depth": 1,
    "home_page_in_toc": True,
    # The license and the credits on every page (docs/_templates).
    "footer_content_items": ["author.html", "copyright.html", "license-footer.html"],
}

# Equations are typeset by KaTeX when the book is built (katex_math): pages
# carry no math JavaScript, and KaTeX's stylesheet and fonts are in _static.
html_math_renderer = "katex"
