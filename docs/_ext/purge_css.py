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

The theme's rules for its version switcher and its announcement and
version-warning banners go too (:data:`BANNERS`) unless ``conf.py`` asks
for one of them: the theme's script names their classes, but fills them
only for a configured versions file or announcement.

The purged stylesheets, the book's own (not purged) and every script in
``_static`` that is not minified yet (Sphinx's, the extensions', the
book's own) are then minified by esbuild
(pinned in ``package.json``) in the same ``node`` process: the same rules and
the same code in fewer bytes. The book's own stylesheets are kept whole in
``full-css/`` as well, so the comparison covers their minified copies too.
The full scripts are kept beside the doctrees
too (``full-js/``) and put back at the next build's start, as the stylesheets.
The theme's Bootstrap script bundles every component of Bootstrap (81 KB on
every page), though its pages use only the dropdowns and the tooltips: it is
replaced by ``docs/_ext/bootstrap.js`` (the theme's script with those two),
bundled by esbuild in the same process from package.json's pinned Bootstrap
(the version the theme bundles) and Popper: about 48 KB. It is not read for
the purge (every component's class names are in it); the classes and
attributes the two components add to a page are kept by name
(:data:`BOOTSTRAP_CLASSES`, :data:`DYNAMIC_ATTRIBUTES`).

Only the site (the ``html`` builder) is purged; the one-page build that is
printed into the PDF keeps its stylesheets and scripts whole.
"""

import json
import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[2]
NODE_MODULES = ROOT / "node_modules"
SCRIPT = pathlib.Path(__file__).with_name("purge_css.js")
#: Beside the doctrees: the stylesheets as they were before the purge.
FULL = "full-css"
#: Beside the doctrees: the scripts as they were before they were minified.
FULL_JS = "full-js"
#: Attributes whose values scripts set: rules on them always stay (the
#: theme's modes; where Popper places an open dropdown or tooltip).
DYNAMIC_ATTRIBUTES = ["data-theme", "data-mode", "data-bs-popper", "data-popper-placement"]
#: The theme's Bootstrap script (in ``_static``): replaced by :data:`BOOTSTRAP_PARTS`,
#: and left out of the words the purge reads.
BOOTSTRAP = "scripts/bootstrap.js"
BOOTSTRAP_PARTS = pathlib.Path(__file__).with_name("bootstrap.js")
#: The classes Bootstrap's dropdowns and tooltips (the components the theme's
#: markup asks for with ``data-bs-toggle``) add to a page: their rules stay.
BOOTSTRAP_CLASSES = ["^show$", "^showing$", "^fade$", "^tooltip", "^bs-tooltip-", "^dropdown",
                     "^collapsing$"]
#: The theme's version switcher and banners (class and id names), dropped
#: unless ``html_theme_options`` has one of :data:`BANNER_OPTIONS`.
BANNERS = ["^version-switcher", "^list-group", "^bd-header-version-warning$",
           "^pst-button-link-to-stable-version$", "^bd-header-announcement",
           "^pst-async-banner-revealer$"]
BANNER_OPTIONS = ("switcher", "announcement", "show_version_warning_banner")
#: A script with lines longer than this on average is minified already.
MINIFIED_LINE = 500
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
    """Put the full stylesheets and scripts of the last build back into ``_static``.

    Sphinx copies its own and the theme's again on every build, but myst-nb
    and sphinx-exercise copy theirs only if the file there is missing or the
    same (otherwise a warning, which fails the strict build).
    """
    if app.builder.name != "html":
        return
    for kept, pattern in [(FULL, "**/*.css"), (FULL_JS, "**/*.js")]:
        full = pathlib.Path(app.doctreedir) / kept
        for path in full.glob(pattern):
            _write(pathlib.Path(app.outdir) / "_static" / path.relative_to(full),
                   path.read_bytes())


def purge_stylesheets(app, exception):
    """Rewrite the theme's and the extensions' stylesheets without unused rules."""
    if exception is not None or app.builder.name != "html":
        return
    for module in ("purgecss", "esbuild", "bootstrap", "@popperjs/core"):
        if not (NODE_MODULES / module / "package.json").exists():
            raise RuntimeError(f"{module} is not installed in {NODE_MODULES}: run make html "
                               "(it runs npm ci from package-lock.json)")
    outdir = pathlib.Path(app.outdir)
    static = outdir / "_static"
    purged = purged_stylesheets(app)
    ours = sorted(path.relative_to(static).as_posix() for path in static.glob("**/*.css")
                  if path.relative_to(static).as_posix() not in set(purged) | SKIP)
    names = purged + ours
    sheets = [(static / name).read_text(encoding="utf-8") for name in names]
    content = [str(path) for path in sorted(outdir.glob("**/*.html"))
               if not path.relative_to(outdir).parts[0].startswith("_")]
    scripts = sorted(static.glob("**/*.js"))
    content += [str(path) for path in scripts if path.relative_to(static).as_posix() != BOOTSTRAP]
    minify = [(path, text) for path in scripts
              for text in [path.read_text(encoding="utf-8")] if not _minified(path, text)]
    options = app.config.html_theme_options or {}
    blocklist = [] if any(options.get(key) for key in BANNER_OPTIONS) else BANNERS
    request = {"content": content,
               "css": [{"file": n, "raw": s} for n, s in zip(purged, sheets)],
               "minify_css": [{"file": n, "raw": s} for n, s in zip(ours, sheets[len(purged):])],
               "blocklist": blocklist,
               "js": [{"file": str(path), "raw": text} for path, text in minify],
               "bundle": str(BOOTSTRAP_PARTS) if (static / BOOTSTRAP).exists() else None,
               "dynamicAttributes": DYNAMIC_ATTRIBUTES, "variables": True,
               "safelist": {"variables": SAFE_VARIABLES, "standard": BOOTSTRAP_CLASSES}}
    result = subprocess.run(["node", str(SCRIPT), str(NODE_MODULES)], input=json.dumps(request),
                            capture_output=True, text=True, encoding="utf-8")
    if result.returncode != 0:
        raise RuntimeError(f"PurgeCSS failed (exit status {result.returncode}):\n{result.stderr}")
    answers = json.loads(result.stdout)
    full = pathlib.Path(app.doctreedir) / FULL
    for name, sheet, answer in zip(names, sheets, answers["css"] + answers["minify_css"],
                                   strict=True):
        _write(full / name, sheet.encode("utf-8"))
        _write(static / name, answer.encode("utf-8"))
    full_js = pathlib.Path(app.doctreedir) / FULL_JS
    if answers["bundle"] is not None:
        minify.append((static / BOOTSTRAP, (static / BOOTSTRAP).read_text(encoding="utf-8")))
        answers["js"].append(answers["bundle"])
    for (path, text), answer in zip(minify, answers["js"], strict=True):
        _write(full_js / path.relative_to(static), text.encode("utf-8"))
        _write(path, answer.encode("utf-8"))


def _minified(path, text):
    return path.name.endswith(".min.js") or len(text) > MINIFIED_LINE * (text.count("\n") + 1)


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def setup(app):
    app.connect("builder-inited", restore_stylesheets)
    # After icon_fonts (priority 500), which rewrites the theme's stylesheet.
    app.connect("build-finished", purge_stylesheets, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
