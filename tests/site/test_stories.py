"""The chapters' judging words survive a tighter tolerance and a longer budget.

Each chapter states its settings in one visible cell tagged ``parameters``
and hands its runs to its story in its last cell. The book's own words are
read from this session's build (myst-nb's glue data). Each chapter whose
story names settings to vary (``TIGHTER``, ``LONGER``) is then executed
again with one cell added after its settings cell, as papermill injects
parameters: every tolerance in ``TIGHTER`` divided by 100 and every budget
in ``LONGER`` multiplied by 10. Its judging words must not change, except
those about the point where a tolerance stopped a run (``AT_THE_STOP``).
A judging word that holds only for a budget that its sentence names
(``BUDGETED``; that budget is a setting of its own, not in ``LONGER``) must
sit in a sentence or table row that states the budget; so must a word
about the point where a tolerance stopped a run. Timings are read from this
build's one measurement, as the chapters read them. The runs again are the
slowest part of the suite: they start as soon as the build is done and run
beside the browser tests (tests/background.py).
"""

import html
import json
import os
import re
import subprocess
import sys

import pytest

import background
from sitetools import LESSONS, ROOT
from test_book_story import story_class

GLUE_ROLE = re.compile(r"\{glue(?::md)?\}`([^`]+)`")
GLUE_DIRECTIVE = re.compile(r"```\{glue(?::md)?\} (\S+)")
TAGS = re.compile(r"<[^>]+>")


def _story_class(chapter):
    return story_class(ROOT / "docs" / f"{chapter}.md")


def _glued(site, chapter):
    """name -> the text this build glued, as plain text."""
    data = json.loads((site.parent / "jupyter_execute" / f"{chapter}.glue.json").read_text())
    return {name: html.unescape(TAGS.sub("", value["data"]["text/markdown"]))
            for name, value in data.items()}


def _used(chapter):
    source = (ROOT / "docs" / f"{chapter}.md").read_text()
    return set(GLUE_ROLE.findall(source)) | set(GLUE_DIRECTIVE.findall(source))


@pytest.mark.parametrize("chapter", LESSONS)
def test_every_glued_name_comes_from_the_chapters_story(site, chapter):
    used, glued = _used(chapter), _glued(site, chapter)
    assert used and used <= set(glued), sorted(used - set(glued))


@pytest.mark.parametrize("chapter", LESSONS)
def test_every_glued_name_is_used_on_its_page(site, chapter):
    # A judging word that the page shows only inside a glued table (each of
    # its "; "-separated parts in a row) is glued for the robustness test.
    glued, used = _glued(site, chapter), _used(chapter)
    tables = [glued[name] for name in used if glued.get(name, "").startswith("|")]
    judging = set(_story_class(chapter).JUDGING)
    in_tables = {name for name in judging & set(glued)
                 if all(any(part in table for table in tables) for part in glued[name].split("; "))}
    assert set(glued) - in_tables <= used, sorted(set(glued) - in_tables - used)


#: The chapters whose stories vary settings (a tolerance or a step budget).
VARIED = [chapter for chapter in LESSONS
          if _story_class(chapter).TIGHTER + _story_class(chapter).LONGER]


def test_the_chapters_that_judge_runs_were_found():
    assert {"descent", "valleys", "convexity", "minimum", "claims"} <= set(VARIED)


def injected(chapter):
    """The cell the robustness test adds after the chapter's settings cell."""
    kind = _story_class(chapter)
    return "\n".join(["# added by the robustness test (tests/site/test_stories.py)"]
                      + [f"{name} = {name} / 100" for name in kind.TIGHTER]
                      + [f"{name} = {name} * 10" for name in kind.LONGER])


RUN_AGAIN = """\
import concurrent.futures, json, sys
import jupytext, nbclient, nbformat
PREFIX = "application/papermill.record/"

def run(chapter, cell):
    notebook = jupytext.read(f"docs/{chapter}.md")
    (at,) = [k for k, c in enumerate(notebook.cells)
             if "parameters" in c.metadata.get("tags", [])]
    notebook.cells.insert(at + 1, nbformat.v4.new_code_cell(cell))
    nbclient.NotebookClient(notebook, timeout=1200, kernel_name="python3",
                            resources={"metadata": {"path": "docs"}}).execute()
    texts = {}
    for c in notebook.cells:
        for output in c.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                texts[name] = output["data"][PREFIX + "text/markdown"]
    return chapter, texts

with concurrent.futures.ThreadPoolExecutor(2) as pool:
    done = dict(pool.map(lambda job: run(*job), json.loads(sys.argv[1])))
print(json.dumps(done))
"""


@background.job("varied_chapters")
def _run_the_chapters_again(tmp_path_factory):
    # The chapters read the build's timings, as they did in the build: after it.
    site, _ = background.result("site_build", tmp_path_factory)
    result = subprocess.run(
        [sys.executable, "-c", RUN_AGAIN, json.dumps([(c, injected(c)) for c in VARIED])],
        cwd=ROOT, capture_output=True, text=True, timeout=1800,
        env=dict(os.environ,
                 NNLESSON_TIMINGS=str(site.parent / "doctrees" / "nnlesson-timings.json")))
    assert result.returncode == 0, result.stderr[-5000:]
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def varied_chapters(site, tmp_path_factory):
    """chapter -> name -> the text glued when the chapter ran with the varied settings."""
    return background.result("varied_chapters", tmp_path_factory)


@pytest.mark.parametrize("chapter", VARIED)
def test_judging_words_survive_a_tighter_tolerance_and_a_longer_budget(site, varied_chapters,
                                                                      chapter):
    kind = _story_class(chapter)
    checked = set(kind.JUDGING) - set(kind.AT_THE_STOP)
    book = _glued(site, chapter)
    again = {name: html.unescape(TAGS.sub("", text))
             for name, text in varied_chapters[chapter].items() if name in checked}
    assert checked and again == {name: book[name] for name in checked}


BUDGET = re.compile(r"\b(within|after|in its|each allowed|budget of)\b[^.]*?\d[\d,]*\s+"
                    r"(one-student\s+)?steps|\d[\d,]*\s+(one-student\s+)?steps[^.]*?\bbudget",
                    re.IGNORECASE)


@pytest.mark.parametrize("chapter", VARIED)
def test_words_that_hold_for_a_budget_say_so(site, chapter):
    budgeted = _budgeted(chapter)
    glued = _glued(site, chapter)
    source = (ROOT / "docs" / f"{chapter}.md").read_text()
    paragraphs = re.split(r"\n\s*\n", source)
    tables = [text.splitlines() for text in glued.values() if text.startswith("|")]
    for name in budgeted:
        places = [p for p in paragraphs if f"{{glue:md}}`{name}`" in p]
        if not places:  # not in a sentence: then each of its parts in glued tables' rows
            for part in glued[name].split("; "):
                rows = [(table[0], row) for table in tables for row in table[2:] if part in row]
                assert rows and all(BUDGET.search(header) or BUDGET.search(row)
                                    for header, row in rows), f"{chapter}: {name!r}: {part!r}"
            continue
        for paragraph in places:
            shown = GLUE_ROLE.sub(lambda m: glued[m.group(1)], paragraph)
            assert BUDGET.search(shown), f"{chapter}: {name!r} in a sentence with no budget:\n{shown}"


def _budgeted(chapter):
    """The names whose sentences must state a budget or a stop."""
    kind = _story_class(chapter)
    return kind.BUDGETED + kind.AT_THE_STOP
