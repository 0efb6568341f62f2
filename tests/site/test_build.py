"""The book is built once per session, executes every chapter, and is the same every time.

That every chapter, run again in fresh kernels, shows the same outputs and
glues the same values is checked with ``make test-dist`` (it runs the whole
book a second time). How a broken chapter fails the build: test_faults.py.
"""

import json
import os
import re
import shutil
import textwrap

import pytest

from sitetools import LESSONS, ROOT, build

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


def test_a_clean_build_executes_every_chapter(site_build):
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


@pytest.fixture(scope="session")
def second_runs(site):
    """Every chapter executed a second time, every cell, as the build executed it.

    Each chapter's notebook (``jupyter_execute/<chapter>.ipynb``, hidden
    cells and all) runs from the top in a fresh kernel of its own, two at a
    time, in the chapters' folder, with the build's strict IPython profile
    and its one timing measurement. Returns chapter -> (notebook, glue), or
    the error text.
    """
    nbclient = pytest.importorskip("nbclient")
    import asyncio
    import concurrent.futures

    import nbformat

    built = site.parent / "jupyter_execute"
    from nnlesson.book.plotting import SVG_FIGURES

    # As the build's kernels: its IPython profile, its timings, figures as PNG and SVG.
    env = dict(os.environ, IPYTHONDIR=str(site.parent / "doctrees" / "ipython"),
               NNLESSON_TIMINGS=str(site.parent / "doctrees" / "nnlesson-timings.json"),
               **{SVG_FIGURES: "1"})
    two_at_a_time = None

    async def run(chapter):
        notebook = nbformat.read(built / f"{chapter}.ipynb", as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                cell.outputs = []
        client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                         resources={"metadata": {"path": str(ROOT / "docs")}})
        async with two_at_a_time:
            try:
                await client.async_execute(env=env)
            except nbclient.exceptions.CellExecutionError as error:
                return str(error)
        return notebook

    async def run_all():
        nonlocal two_at_a_time
        two_at_a_time = asyncio.Semaphore(2)
        return await asyncio.gather(*map(run, LESSONS))

    # A thread of its own: the browser tests' Playwright keeps an event loop
    # running in this one.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as thread:
        return dict(zip(LESSONS, thread.submit(asyncio.run, run_all()).result()))


def _outputs(notebook, built):
    """Every code cell's outputs, comparable: one text per stream, glued values by name.

    myst-nb (``nb_merge_streams``) appends each later stream output to the
    first of its name when the build runs, in place, and keeps the later
    ones: in the ``built`` notebook the first one holds them all already.
    """
    cells, glue = [], {}
    for cell in (cell for cell in notebook.cells if cell.cell_type == "code"):
        shown, streams = [], {}
        for output in cell.outputs:
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:  # glue: the build keeps it in <chapter>.glue.json, not in the cell
                glue[name] = {kind.removeprefix("application/papermill.record/"): value
                              for kind, value in output["data"].items()}
            elif output["output_type"] == "stream":
                if output["name"] not in streams:
                    streams[output["name"]] = len(shown)
                    shown.append(("stream", output["name"], output["text"]))
                elif not built:
                    at = streams[output["name"]]
                    shown[at] = shown[at][:2] + (shown[at][2] + output["text"],)
            elif output["output_type"] == "error":
                shown.append(("error", output["ename"], output["evalue"]))
            else:
                shown.append((output["output_type"], json.dumps(output["data"], sort_keys=True)))
        # Merging strips each stream's trailing white space.
        cells.append([entry[:2] + (entry[2].rstrip(),) if entry[0] == "stream" else entry
                      for entry in shown])
    return cells, glue


@pytest.mark.dist
@pytest.mark.parametrize("chapter", LESSONS)
def test_every_cell_gives_the_same_output_a_second_time(site, second_runs, chapter):
    # The book is the same every time it is built: run again in a fresh
    # kernel, every cell (hidden ones included) shows the same text, numbers,
    # figures (PNG bytes) and glued values as in this build.
    import nbformat

    again = second_runs[chapter]
    assert not isinstance(again, str), f"{chapter} fails when run again:\n{again}"
    built = site.parent / "jupyter_execute"
    first, _ = _outputs(nbformat.read(built / f"{chapter}.ipynb", as_version=4), built=True)
    second, glue = _outputs(again, built=False)
    assert any(first) and len(first) == len(second)
    for number, (one, two) in enumerate(zip(first, second)):
        assert one == two, (f"{chapter}: code cell {number} shows something else a second "
                            f"time:\n{str(one)[:600]}\n---\n{str(two)[:600]}")
    glued = json.loads((built / f"{chapter}.glue.json").read_text())
    assert glue and glue == {name: value["data"] for name, value in glued.items()}


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


NUMPY_REPR = re.compile(r"\bnp\.(?:float|int|uint|bool)\w*\(|\bnp\.(?:True|False)_")


@pytest.mark.parametrize("chapter", LESSONS)
def test_no_output_shows_a_numpy_scalars_repr(site, chapter):
    # NumPy 2 shows a scalar as np.float64(57.0): a chapter's cells show plain
    # Python numbers (float(...), int(...)) or format them.
    page = (site / f"{chapter}.html").read_text()
    assert NUMPY_REPR.findall(re.sub(r"<[^>]+>", "", page)) == []
