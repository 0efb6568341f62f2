"""The chapters' judging words survive a tighter tolerance and a longer budget.

Each chapter glues its texts from its story (``nnlesson.book.stories``).
The book's own words are read from this session's build (myst-nb's glue
data), so the stories are not computed again at the book's settings. Every
story is then recomputed with a tolerance 100 times tighter, and, for the
words that do not name their budget, with budgets 10 times longer; the
judging words must not change. A judging word that does hold only for its
budget must sit in a sentence (or table row) that states that budget; so
must a word about the point where a tolerance stopped a run. Timings are
read from this build's one measurement, as the chapters read them. The
long runs are the slowest part of the suite: each is computed once, in a
Python of its own that starts as soon as the build is done and runs beside
the browser tests (tests/background.py).
"""

import html
import inspect
import json
import os
import re
import subprocess
import sys

import pytest

import background
import nnlesson.book.stories as stories
from sitetools import LESSONS, ROOT

GLUE_ROLE = re.compile(r"\{glue:md\}`([^`]+)`")
TAGS = re.compile(r"<[^>]+>")


def _story_of(chapter):
    """The story function a chapter glues from (its one glue cell names it)."""
    source = (ROOT / "docs" / f"{chapter}.md").read_text()
    return getattr(stories, re.search(r"glue_story\((\w+_story)\(\)\)", source).group(1))


def _glued(site, chapter):
    """name -> the text this build glued, as plain text."""
    data = json.loads((site.parent / "jupyter_execute" / f"{chapter}.glue.json").read_text())
    return {name: html.unescape(TAGS.sub("", value["data"]["text/markdown"]))
            for name, value in data.items()}


@pytest.mark.parametrize("chapter", LESSONS)
def test_every_glued_name_comes_from_the_chapters_story(site, chapter):
    used = set(GLUE_ROLE.findall((ROOT / "docs" / f"{chapter}.md").read_text()))
    glued = _glued(site, chapter)
    assert used and used <= set(glued), sorted(used - set(glued))


#: The chapters whose stories run descent (a tolerance and step budgets to vary).
DESCENDING = [chapter for chapter in LESSONS
              if {"tighter", "longer"} <= set(inspect.signature(_story_of(chapter)).parameters)]


def test_the_stories_that_judge_runs_were_found():
    assert {"descent", "valleys", "convexity", "minimum", "claims"} <= set(DESCENDING)


def _run_longer(chapter):
    """The judging words a longer budget must leave alone: those that name no budget and no stop."""
    kind = _story_class(chapter)
    return set(kind.JUDGING) - set(kind.BUDGETED + kind.AT_THE_STOP)


def _settings(chapter):
    """The two variations a chapter's story is computed with: {"tighter": ...}, {"longer": ...}.

    A chapter whose every budget-dependent word names its budget has no
    word to run longer for: its budget-free words are checked with a
    hundred times shorter budget instead (which changes any word that a
    budget does enter).
    """
    budget_free = set(_story_class(chapter).BUDGET_FREE)
    return [{"tighter": 100}, {"longer": 10 if _run_longer(chapter) - budget_free else 0.01}]


VARIED_STORIES = """\
import json, sys
import nnlesson.book.stories as stories
words = {}
for chapter, story, settings in json.loads(sys.argv[1]):
    words[chapter + json.dumps(settings)] = getattr(stories, story)(**settings).words()
print(json.dumps(words))
"""


@background.job("varied_stories")
def _compute_varied_stories(tmp_path_factory):
    # Stories read the build's timings, as its chapters did: after the build.
    site, _ = background.result("site_build", tmp_path_factory)
    runs = [(chapter, _story_of(chapter).__name__, settings)
            for chapter in DESCENDING for settings in _settings(chapter)]
    result = subprocess.run(
        [sys.executable, "-c", VARIED_STORIES, json.dumps(runs)], cwd=ROOT,
        capture_output=True, text=True, timeout=1200,
        env=dict(os.environ,
                 NNLESSON_TIMINGS=str(site.parent / "doctrees" / "nnlesson-timings.json")))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def varied_stories(site, tmp_path_factory):
    """chapter + settings -> the story's words, with a tighter tolerance or another budget."""
    return background.result("varied_stories", tmp_path_factory)


def _varied(varied_stories, chapter, settings, leave_out=()):
    words = varied_stories[chapter + json.dumps(settings)]
    return {name: TAGS.sub("", text) for name, text in words.items() if name not in leave_out}


@pytest.mark.parametrize("chapter", DESCENDING)
def test_judging_words_survive_a_tighter_tolerance(site, varied_stories, chapter):
    book = _glued(site, chapter)
    words = _varied(varied_stories, chapter, {"tighter": 100}, _story_class(chapter).AT_THE_STOP)
    assert words and words == {name: book[name] for name in words}


@pytest.mark.parametrize("chapter", DESCENDING)
def test_judging_words_survive_a_ten_times_longer_budget(site, varied_stories, chapter):
    # (or, where every budget-dependent word names its budget, a hundred
    # times shorter one: see _settings)
    checked = _run_longer(chapter)
    words = {name: text for name, text
             in _varied(varied_stories, chapter, _settings(chapter)[1]).items()
             if name in checked}
    book = _glued(site, chapter)
    assert words and words == {name: book[name] for name in words}


BUDGET = re.compile(r"\b(within|after|in its|each allowed|budget of)\b[^.]*?\d[\d,]*\s+"
                    r"(one-student\s+)?steps|\d[\d,]*\s+(one-student\s+)?steps[^.]*?\bbudget",
                    re.IGNORECASE)


@pytest.mark.parametrize("chapter", DESCENDING)
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


def _story_class(chapter):
    """The Story class of a chapter (read without computing the story)."""
    story = _story_of(chapter)
    (kind,) = [value for value in vars(stories).values()
               if isinstance(value, type) and value.__module__ == story.__module__
               and issubclass(value, stories.Story)]
    return kind


def _budgeted(chapter):
    """The names whose sentences must state a budget or a stop."""
    kind = _story_class(chapter)
    return kind.BUDGETED + kind.AT_THE_STOP
