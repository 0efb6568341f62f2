"""Write the widget test page from the book's own widget data.

    python tests/site/widget_harness/make_sample.py [OUT_DIR]

writes ``index.html`` (``template.html`` with both widgets embedded by
:func:`nnlesson.book.explorer.widget_html`, from the runs the book itself
shows, with the settings its chapters state in their ``parameters`` cells:
the valleys chapter's explorer, the descent chapter's first stepper) and two
small fallback PNGs into OUT_DIR (default: this folder). The
page loads ``docs/_static/nnl-widgets.{js,css}`` by relative path when
OUT_DIR is this folder, and by file:// URL otherwise.
"""

import html
import pathlib
import sys

from nnlesson import gradient_descent, load_data
from nnlesson.book import book_network
from nnlesson.book.explorer import explorer_data, explorer_runs, stepper_data, widget_html

HERE = pathlib.Path(__file__).resolve().parent
STATIC = HERE.parents[2] / "docs" / "_static"
sys.path.insert(0, str(HERE.parent))
from sitetools import chapter_settings  # noqa: E402


def fallback_pngs(out):
    """Two small stand-in static figures (the book draws its own)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for name in ("explorer-static.png", "stepper-static.png"):
        fig, ax = plt.subplots(figsize=(4, 3), dpi=80)
        ax.text(0.5, 0.5, "static figure", ha="center")
        fig.savefig(out / name)
        plt.close(fig)


def valleys_explorer(settings):
    """The valleys chapter's explorer data."""
    max_steps, tolerance = settings["max_steps"], settings["tolerance"]
    runs = explorer_runs(settings["explorer_etas"], max_steps, tolerance)
    return explorer_data(runs, max_steps, tolerance, opening=settings["eta"])


def descent_stepper(settings):
    """The descent chapter's first stepper data: its run on ``W1[0,0]``."""
    X, y = load_data()
    rate, max_steps, tolerance = settings["eta"], settings["max_steps"], settings["tolerance"]
    run = gradient_descent(book_network(), X, y, learning_rate=rate, max_steps=max_steps,
                           tolerance=tolerance, indices=[0])
    return stepper_data(run, X, y, learning_rate=rate, tolerance=tolerance, max_steps=max_steps)


def write(out=HERE):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    explorer = valleys_explorer(chapter_settings("valleys"))
    stepper = descent_stepper(chapter_settings("descent"))
    stepper["static_id"] = "fig-stepper-static"  # this page's fallback figure
    fallback_pngs(out)
    static = ("../../../docs/_static" if out.resolve() == HERE else STATIC.as_uri())
    page = (HERE / "template.html").read_text(encoding="utf-8")
    page = (page.replace("{{STATIC}}", html.escape(static))
                .replace("{{EXPLORER}}", widget_html(explorer))
                .replace("{{STEPPER}}", widget_html(stepper)))
    (out / "index.html").write_text(page, encoding="utf-8")
    return out / "index.html"


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else HERE))
