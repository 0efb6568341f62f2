"""The theme's and the extensions' stylesheets, without the rules no page uses.

pydata-sphinx-theme's stylesheet alone is 311 KB, and with Bootstrap, the
notebook extension's widget styles and the others, about 83% of what a page
loads as CSS styles nothing the site can show. After each HTML build,
:func:`purge_stylesheets` (``build-finished``, after ``icon_fonts`` has cut
the icon rules) runs PurgeCSS (pinned in ``package.json``; one ``node``
process, ``purge_css.js``) over every stylesheet in ``_static`` that does not
come from the book's own ``docs/_static``. A rule stays if every class, id,
tag and attribute its selector names occurs as a word in a page of the site
(the search page and the indexes included) or in one of its scripts (the
theme's, the search's, the interactive figures'), which keeps the rules that
scripts switch on (dark mode's ``data-theme``, an open dialog, a search
result) and every ``@media print`` and narrow-screen rule whose elements
exist. ``@font-face`` and ``@keyframes`` are all kept; a custom property
stays if a kept rule uses it (or a script reads it, :data:`SAFE_VARIABLES`).

The stylesheets are purged from the copies Sphinx and the extensions made
in this build (every build copies them again; the full copies of the last
build are put back first, :func:`restore_stylesheets`), so a rule a new page needs
is never missing from an older cut. Each full stylesheet is kept beside
the doctrees (``full-css/``), outside the site: the site tests render every
page with the full and the purged stylesheets and compare
(``tests/site/visits.py``), so a theme upgrade cannot lose a rule unseen.

Only the site (the ``html`` builder) is purged; the one-page build that is
printed into the PDF keeps its stylesheets whole.
"""

import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
PURGECSS = ROOT / "node_modules" / "purgecss"
SCRIPT = pathlib.Path(__file__).with_name("purge_css.js")
#: Beside the doctrees: the stylesheets as they were before the purge.
FULL = "full-css"
#: Attributes whose values scripts set: rules on them always stay.
DYNAMIC_ATTRIBUTES = ["data-theme", "data-mode"]
#: Custom properties that a script reads (Bootstrap's dropdowns), kept
#: though no rule uses them; every other unused one is dropped.
SAFE_VARIABLES = ["^--bs-position$"]
#: Stylesheets that only import others (nothing to purge).
SKIP = {"styles/theme.css"}


def purged_stylesheets(app):
    """The stylesheets in the site's ``_static`` that the purge rewrites:
    every ``.css`` except the book's own (the relative entries of
    ``html_static_path``; extensions add theirs as absolute paths)."""
    static = pathlib.Path(app.outdir) / "_static"
    ours = {path.relative_to(folder).as_posix()
            for entry in app.config.html_static_path if not pathlib.Path(entry).is_absolute()
            for folder in [pathlib.Path(app.confdir) / entry]
            for path in folder.glob("**/*.css")}
    return sorted(path.relative_to(static).as_posix() for path in static.glob("**/*.css")
                  if path.relative_to(static).as_posix() not in ours | SKIP)


def restore_stylesheets(app):
    """Put the full stylesheets of the last build back into ``_static``.

    Sphinx copies its own and the theme's again on every build, but myst-nb
    and sphinx-exercise copy theirs only if the file there is missing or the
    same (otherwise a warning, which fails the strict build).
    """
    if app.builder.name != "html":
        return
    full = pathlib.Path(app.doctreedir) / FULL
    for path in full.glob("**/*.css"):
        _write(pathlib.Path(app.outdir) / "_static" / path.relative_to(full), path.read_bytes())


def purge_stylesheets(app, exception):
    """Rewrite the theme's and the extensions' stylesheets without unused rules."""
    if exception is not None or app.builder.name != "html":
        return
    if not (PURGECSS / "package.json").exists():
        raise RuntimeError(f"PurgeCSS is not installed in {PURGECSS}: run make html "
                           "(it runs npm ci from package-lock.json)")
    outdir = pathlib.Path(app.outdir)
    static = outdir / "_static"
    names = purged_stylesheets(app)
    sheets = [(static / name).read_text(encoding="utf-8") for name in names]
    content = [str(path) for path in sorted(outdir.glob("**/*.html"))
               if not path.relative_to(outdir).parts[0].startswith("_")]
    content += [str(path) for path in sorted(static.glob("**/*.js"))]
    request = {"content": content, "css": [{"file": n, "raw": s} for n, s in zip(names, sheets)],
               "dynamicAttributes": DYNAMIC_ATTRIBUTES, "variables": True,
               "safelist": {"variables": SAFE_VARIABLES}}
    result = subprocess.run(["node", str(SCRIPT), str(PURGECSS)], input=json.dumps(request),
                            capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise RuntimeError(f"PurgeCSS failed (exit status {result.returncode}):\n{result.stderr}")
    answers = json.loads(result.stdout)
    full = pathlib.Path(app.doctreedir) / FULL
    for name, sheet, answer in zip(names, sheets, answers, strict=True):
        _write(full / name, sheet.encode("utf-8"))
        _write(static / name, answer["css"].encode("utf-8"))


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def setup(app):
    app.connect("builder-inited", restore_stylesheets)
    # After icon_fonts (priority 500), which rewrites the theme's stylesheet.
    app.connect("build-finished", purge_stylesheets, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
