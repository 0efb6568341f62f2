"""Write the widget test page from the book's own widget data.

    python tests/site/widget_harness/make_sample.py [OUT_DIR]

writes ``index.html`` (``template.html`` with both widgets embedded by
:func:`nnlesson.book.explorer.widget_html`, from the data the book itself
shows) and two small fallback PNGs into OUT_DIR (default: this folder). The
page loads ``docs/_static/nnl-widgets.{js,css}`` by relative path when
OUT_DIR is this folder, and by file:// URL otherwise.
"""

import html
import pathlib
import sys

from nnlesson.book.explorer import explorer_data, stepper_data, widget_html

HERE = pathlib.Path(__file__).resolve().parent
STATIC = HERE.parents[2] / "docs" / "_static"


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


def write(out=HERE):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    explorer, stepper = explorer_data(), stepper_data()
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
