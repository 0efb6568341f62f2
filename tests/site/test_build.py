"""The build fails loudly, never shows stale output, and is the same every time."""

import os
import re
import shutil
import textwrap

import pytest

from sitetools import ROOT, build

FRONT_MATTER = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
        format_version: 0.13
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """)


def copy_project(target, chapters=None):
    """Copy conf.py, the Makefile, nnlesson/ and docs/ (or a one-chapter book) to ``target``.

    Also what the package's wheel is built from (pyproject.toml, README.md,
    LICENSE); the copy uses this checkout's npm packages (KaTeX), as it uses
    its Python.
    """
    for name in ("conf.py", "Makefile", "pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    shutil.copytree(ROOT / "nnlesson", target / "nnlesson",
                    ignore=shutil.ignore_patterns("__pycache__"))
    if chapters is None:
        shutil.copytree(ROOT / "docs", target / "docs",
                        ignore=shutil.ignore_patterns("__pycache__"))
        return target
    (target / "docs").mkdir()
    shutil.copytree(ROOT / "docs" / "_static", target / "docs" / "_static")
    shutil.copytree(ROOT / "docs" / "_templates", target / "docs" / "_templates")
    shutil.copytree(ROOT / "docs" / "_ext", target / "docs" / "_ext",
                    ignore=shutil.ignore_patterns("__pycache__"))
    toc = "\n".join(chapters)
    (target / "docs" / "index.md").write_text(f"# A test book\n\n```{{toctree}}\n{toc}\n```\n")
    for name, body in chapters.items():
        (target / "docs" / f"{name}.md").write_text(FRONT_MATTER + body)
    return target


def build_copy(project, out=None, strict=True):
    env = dict(os.environ, PYTHONPATH=str(project))  # the kernel imports the copy
    return build(project, out or project / "_build" / "html", env=env, strict=strict)


FINE = textwrap.dedent(r"""
    # Fine

    ```{code-cell} ipython3
    :tags: [remove-input]
    from IPython.display import Markdown, Math, display
    from nnlesson.book.prose import glue_text
    glue_text("glued", "$a^2 + b^2$")
    display(Markdown("An output with $c_1$ in it."))
    Math(r"\frac{1}{2}")
    ```

    Math that arrives through glue: {glue}`glued`.
    """)


def test_a_good_chapter_builds(tmp_path):
    # The control for the failures below: the same small book, no fault.
    # Its math comes through glue and a cell's output, and is typeset too.
    project = copy_project(tmp_path, {"fine": FINE})
    result = build_copy(project)
    assert result.returncode == 0, result.stderr
    page = (project / "_build" / "html" / "fine.html").read_text()
    visible = re.sub(r"<annotation.*?</annotation>", "", page, flags=re.S)
    assert page.count('<span class="katex">') == 3, "glued or output math not typeset"
    assert "katex-error" not in page
    assert not [tex for tex in ("a^2", "c_1", "\\frac") if tex in visible]


def test_a_cell_that_raises_fails_the_build(tmp_path):
    chapter = textwrap.dedent("""\
        # Broken

        ```{code-cell} ipython3
        def explode():
            raise RuntimeError("this cell fails on purpose")
        explode()
        ```
        """)
    result = build_copy(copy_project(tmp_path, {"broken": chapter}))
    assert result.returncode != 0
    assert "broken.md" in result.stderr
    assert "Traceback" in result.stderr
    assert "this cell fails on purpose" in result.stderr


def test_a_python_warning_in_a_cell_fails_the_build(tmp_path):
    chapter = "# Warns\n\n```{code-cell} ipython3\nimport warnings\nwarnings.warn('careful now')\n```\n"
    result = build_copy(copy_project(tmp_path, {"warns": chapter}))
    assert result.returncode != 0
    assert "warns.md" in result.stderr
    assert "careful now" in result.stderr


@pytest.mark.parametrize("reference", ["{ref}`no-such-label`", "{eq}`eq-no-such-equation`",
                                       "{func}`nnlesson.no_such_function`"])
def test_a_broken_reference_fails_the_build(tmp_path, reference):
    chapter = f"# Refers\n\nSee {reference}.\n"
    result = build_copy(copy_project(tmp_path, {"refers": chapter}))
    assert result.returncode != 0
    assert "refers.md" in result.stderr


def test_math_katex_cannot_typeset_fails_the_build(tmp_path):
    chapter = "# Typesets\n\nAn undefined command: $\\nosuchcommand{x}$.\n"
    result = build_copy(copy_project(tmp_path, {"typesets": chapter}))
    assert result.returncode != 0
    assert "typesets.md" in result.stderr and "\\nosuchcommand" in result.stderr


def keep_only(project, chapters):
    """Trim a copied book to ``chapters`` (and the home and API pages), to build fast."""
    index = project / "docs" / "index.md"
    text = index.read_text()
    start = text.index("```{toctree}")
    end = text.index("```", start + 3)
    toc = [line for line in text[start:end].splitlines()
           if line.startswith(":") or line.startswith("```") or line.strip() in chapters]
    index.write_text(text[:start] + "\n".join(toc) + "\n" + text[end:])
    for page in (project / "docs").glob("*.md"):
        if page.stem not in {*chapters, "index"}:
            page.unlink()
    return project


def test_a_change_in_the_package_reaches_the_pages(tmp_path):
    # The network chapter shows the raw scores; the book is trimmed to it.
    project = keep_only(copy_project(tmp_path), {"network", "api"})
    out = project / "_build" / "html"
    assert build_copy(project, out, strict=False).returncode == 0
    page = (out / "network.html").read_text()
    assert ">93</p></td>" in page and ">97</p></td>" not in page

    data = project / "nnlesson" / "data.py"
    source = data.read_text()
    assert "RAW_Y = ((75.0,), (82.0,), (93.0,))" in source
    data.write_text(source.replace("(93.0,))", "(97.0,))"))
    result = build_copy(project, out, strict=False)  # incremental: the same output folder
    assert result.returncode == 0, result.stderr
    page = (out / "network.html").read_text()
    assert ">97</p></td>" in page and ">93</p></td>" not in page
    assert ">0.97</p></td>" in page


def test_a_clean_build_executes_every_chapter(site_build):
    from sitetools import LESSONS

    _, log = site_build
    assert len(LESSONS) >= 10
    for chapter in LESSONS:
        assert f"docs/{chapter}.md: Executing notebook" in log, chapter


def test_an_unchanged_rebuild_executes_nothing(tmp_path, site):
    # Copy the session's build and rebuild it from the same sources.
    out = tmp_path / "html"
    shutil.copytree(site, out)
    shutil.copytree(site.parent / "doctrees", tmp_path / "doctrees")
    shutil.copytree(site.parent / "jupyter_execute", tmp_path / "jupyter_execute")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    assert "Executing notebook" not in result.stdout + result.stderr
    assert "0 added, 0 changed, 0 removed" in result.stdout


TIMING = re.compile(r'<span class="nb-timing"[^>]*>.*?</span>')


def test_two_clean_builds_match_except_timings(tmp_path, site):
    other = tmp_path / "html"
    result = build(ROOT, other)
    assert result.returncode == 0, result.stderr
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(other) for p in other.rglob("*.html"))
    assert len(pages) >= 8
    masked = 0
    for page in pages:
        first, second = (site / page).read_text(), (other / page).read_text()
        masked += len(TIMING.findall(first))
        assert TIMING.sub("", first) == TIMING.sub("", second), f"{page} differs"
    assert masked > 0  # the timings were really there, and masked
    for image in (site / "_images").iterdir():
        assert (other / "_images" / image.name).read_bytes() == image.read_bytes()


TIMING_NAMED = re.compile(r'<span class="nb-timing" data-timing="([^"]+)">(.*?)</span>')


def test_each_timing_reads_the_same_on_every_page(site):
    # One measurement per build: a timing shown on two pages, or twice on one
    # page, is the same string everywhere.
    shown = {}
    for page in site.glob("*.html"):
        for name, text in TIMING_NAMED.findall(page.read_text()):
            shown.setdefault(name, set()).add(text)
    assert {"one-weight", "million-loop", "nine-loop"} <= shown.keys()
    different = {name: texts for name, texts in shown.items() if len(texts) > 1}
    assert different == {}
    brute, claims = ((site / f"{page}.html").read_text() for page in ("brute-force", "claims"))
    for name in ("one-weight", "million-loop", "million-vectorized", "nine-loop"):
        assert f'data-timing="{name}"' in brute and f'data-timing="{name}"' in claims, name
