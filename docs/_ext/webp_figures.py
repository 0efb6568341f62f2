"""The chapters' figures as lossless WebP: the same pixels in about a third of the bytes.

matplotlib draws every figure as a PNG (``nnlesson.book.plotting``'s style),
which myst-nb writes beside the executed notebooks (``jupyter_execute``,
named by the PNG's checksum). :func:`figures_as_webp` (``doctree-read``,
before Sphinx collects a page's images) writes each such PNG again as a
lossless WebP beside it and points the page's image at it; Sphinx then
copies the WebP, not the PNG, to ``_images``. Lossless means every pixel
(and its transparency) is the PNG's: the site and the printed PDF, made
from the same doctrees, show the same figure at the same resolution. A
figure already converted (same checksum) is not converted again. The alt
text and caption live on the nodes, which keep them.
"""

import pathlib

from docutils import nodes

#: PIL's WebP effort, 0 (fast) to 6 (smallest): 1 is within 3% of 6's size
#: in a tenth of its time (the clean build's CPU budget).
METHOD = 1


def to_webp(png):
    """Write ``png`` (a path) as a lossless WebP beside it, unless done; return its path."""
    webp = png.with_suffix(".webp")
    if not webp.exists():
        from PIL import Image

        with Image.open(png) as image:
            temporary = webp.with_suffix(".webp.part")
            image.save(temporary, "WEBP", lossless=True, quality=100, method=METHOD, exact=True)
            temporary.replace(webp)  # never a half-written figure, with -j
    return webp


def figures_as_webp(app, doctree):
    """Point every figure that myst-nb wrote as a PNG at its lossless WebP."""
    for image in doctree.findall(nodes.image):
        uri = image["uri"]
        if "://" in uri or uri.startswith("data:"):
            continue
        path = pathlib.Path(app.env.relfn2path(uri, app.env.current_document.docname)[1])
        if path.suffix != ".png" or path.parent.name != "jupyter_execute" or not path.is_file():
            continue
        image["uri"] = uri[: -len(".png")] + ".webp"
        to_webp(path)


def setup(app):
    # Before Sphinx's image collector (priority 500) reads the page's images.
    app.connect("doctree-read", figures_as_webp, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
