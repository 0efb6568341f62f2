"""The chapters' judging words survive a tighter tolerance and a longer budget.

Each chapter glues its texts from its story (``nnlesson.book.stories``).
The book's own words are read from this session's build (myst-nb's glue
data), so the stories are not computed again at the book's settings. Every
story is then recomputed with a tolerance 100 times tighter, and, for the
words that do not name their budget, with budgets 10 times longer; the
judging words must not change. A judging word that does hold only for its
budget must sit in a sentence (or table) that states that budget. The
long runs are the slowest part of the suite: each is computed once.
"""

import html
import inspect
import json
import re

import pytest

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


def _words(story):
    return {name: TAGS.sub("", text) for name, text in story.words().items()}


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


@pytest.mark.parametrize("chapter", DESCENDING)
def test_judging_words_survive_a_tighter_tolerance(site, chapter):
    book = _glued(site, chapter)
    words = _words(_story_of(chapter)(tighter=100))
    assert words and words == {name: book[name] for name in words}


@pytest.mark.parametrize("chapter", DESCENDING)
def test_judging_words_survive_a_ten_times_longer_budget(site, chapter):
    story = _story_of(chapter)
    book = _glued(site, chapter)
    longer = story(longer=10)
    words = {name: text for name, text in _words(longer).items() if name not in longer.BUDGETED}
    assert words == {name: book[name] for name in words}


BUDGET = re.compile(r"\b(within|after|in its|each allowed|budget of)\b[^.]*?\d[\d,]* "
                    r"(one-student )?steps|\d[\d,]* (one-student )?steps[^.]*?\bbudget",
                    re.IGNORECASE)


@pytest.mark.parametrize("chapter", DESCENDING)
def test_words_that_hold_for_a_budget_say_so(site, chapter):
    budgeted = _budgeted(chapter)
    glued = _glued(site, chapter)
    source = (ROOT / "docs" / f"{chapter}.md").read_text()
    paragraphs = re.split(r"\n\s*\n", source)
    for name in budgeted:
        places = [p for p in paragraphs if f"{{glue:md}}`{name}`" in p]
        if not places:  # not in a sentence: then in a glued table whose header names it
            tables = [text for text in glued.values() if glued[name] and glued[name] in text
                      and text.startswith("|")]
            assert tables and all(BUDGET.search(table.splitlines()[0]) for table in tables), name
            continue
        for paragraph in places:
            shown = GLUE_ROLE.sub(lambda m: glued[m.group(1)], paragraph)
            assert BUDGET.search(shown), f"{chapter}: {name!r} in a sentence with no budget:\n{shown}"


def _budgeted(chapter):
    """The BUDGETED names of a chapter's story class (read without computing the story)."""
    story = _story_of(chapter)
    for value in vars(stories).values():
        if isinstance(value, type) and value.__module__ == story.__module__ and \
                issubclass(value, stories.Story):
            return value.BUDGETED
    return ()
