"""A broken chapter fails the build, loudly and by name, and leaves nothing stale behind.

One small book, built three times as a writer would meet it:

1. with a fault in each of its chapters but one (a cell that raises, a
   Python warning in a cell, three broken references, TeX that KaTeX cannot
   typeset). The build fails; each fault is reported with its chapter's name;
   the chapter without a fault, whose math comes through glue and a cell's
   output, is typeset all the same.
2. unchanged: the chapter whose cell failed runs again and fails again
   (a failure is never served from the last build), and only that chapter
   runs.
3. with every fault fixed and a number changed in the package: the build
   passes, no error report is left in the site, no file holds the build
   machine's path, and the chapter that shows the package's number shows
   the new one (a change in the package re-runs the chapters). This build
   also adds the example chapter and its story exactly as the README's
   "Adding a chapter" shows them: the recipe builds, and the chapter lint
   (tests/test_book_story.py) finds nothing wrong with it.
"""

import importlib.util
import re
import textwrap

import pytest

import background
from sitetools import ROOT
from test_book_story import chapter_problems
from test_build import build_copy, copy_project

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

    ```{code-cell} ipython3
    from nnlesson.data import RAW_Y
    print(f"the third student scored {RAW_Y[2][0]:g}")
    ```
    """)
BROKEN = textwrap.dedent("""\
    # Broken

    ```{code-cell} ipython3
    def explode():
        raise RuntimeError("this cell fails on purpose")
    explode()
    ```
    """)
FIXED = textwrap.dedent("""\
    # Broken, then fixed

    It has {glue:md}`answer` answers.

    ```{code-cell} ipython3
    :tags: [remove-cell]
    from nnlesson.book.prose import glue_text
    glue_text('answer', '42')
    ```
    """)
WARNS = "# Warns\n\n```{code-cell} ipython3\nimport warnings\nwarnings.warn('careful now')\n```\n"
REFERENCES = {"refers-ref": "{ref}`no-such-label`", "refers-eq": "{eq}`eq-no-such-equation`",
              "refers-func": "{func}`nnlesson.no_such_function`"}
TYPESETS = "# Typesets\n\nAn undefined command: $\\nosuchcommand{x}$.\n"
#: chapter -> (its faulty text, what the failed build must say about it)
FAULTS = {
    "broken": (BROKEN, ["Traceback", "this cell fails on purpose"]),
    "warns": (WARNS, ["careful now"]),
    **{name: (f"# Refers\n\nSee {reference}.\n", [reference.split("`")[1]])
       for name, reference in REFERENCES.items()},
    "typesets": (TYPESETS, ["\\nosuchcommand"]),
}


def recipe():
    """The example chapter and its story, as the README's "Adding a chapter" shows them."""
    section = (ROOT / "README.md").read_text().split("## Adding a chapter")[1].split("\n## ")[0]
    blocks = re.findall(r"^   ````(?:markdown|python)\n(.*?)^   ````$", section, re.M | re.S)
    chapter, story = (textwrap.dedent(block) for block in blocks)
    return chapter, story


@background.job("faulty_book")
def _build_three_times(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("faults"),
                           {"fine": FINE, **{name: text for name, (text, _) in FAULTS.items()},
                            "example": "# Example\n\nTo come.\n"})
    runs = {"faulty": build_copy(project)}
    runs["fine"] = (project / "_build" / "html" / "fine.html").read_text()
    runs["again"] = build_copy(project)
    for name in FAULTS:
        fixed = FIXED if name == "broken" else f"# {name}\n\nNo fault now.\n"
        (project / "docs" / f"{name}.md").write_text(_with_front_matter(project, name, fixed))
    data = project / "nnlesson" / "data.py"
    assert "RAW_Y = ((75.0,), (82.0,), (93.0,))" in data.read_text()
    data.write_text(data.read_text().replace("(93.0,))", "(97.0,))"))
    chapter, story = recipe()
    (project / "docs" / "example.md").write_text(chapter)
    stories = project / "nnlesson" / "book" / "stories"
    (stories / "example.py").write_text(story)
    with open(stories / "__init__.py", "a") as exports:
        exports.write("from nnlesson.book.stories.example import ExampleStory  # noqa: E402\n")
    runs["fixed"] = build_copy(project)
    return project, runs


@pytest.fixture(scope="module")
def faulty_book(tmp_path_factory):
    """The small book's three builds: {"faulty", "again", "fixed"} -> CompletedProcess,
    and the fine chapter's page as the faulty build wrote it (``runs["fine"]``).
    (Built in the background from the start of the session.)"""
    return background.result("faulty_book", tmp_path_factory)


def _with_front_matter(project, name, body):
    """``body`` under the front matter the chapter ``name`` has (it stays a notebook)."""
    text = (project / "docs" / f"{name}.md").read_text()
    return text[:text.index("---\n", 4) + 4] + body


@pytest.mark.parametrize("chapter", FAULTS)
def test_each_fault_fails_the_build_and_names_its_chapter(faulty_book, chapter):
    _, runs = faulty_book
    faulty = runs["faulty"]
    assert faulty.returncode != 0
    assert f"{chapter}.md" in faulty.stderr, faulty.stderr
    for message in FAULTS[chapter][1]:
        assert message in faulty.stderr, f"{chapter}: {message!r} not reported"


def test_the_chapter_without_a_fault_is_typeset_and_not_blamed(faulty_book):
    _, runs = faulty_book
    assert "fine.md" not in runs["faulty"].stderr
    page = runs["fine"]
    assert "the third student scored 93" in page
    visible = re.sub(r"<annotation.*?</annotation>", "", page, flags=re.S)
    assert page.count('<span class="katex">') == 3, "glued or output math not typeset"
    assert "katex-error" not in page
    assert not [tex for tex in ("a^2", "c_1", "\\frac") if tex in visible]


def test_a_failed_chapter_runs_again_and_fails_again(faulty_book):
    project, runs = faulty_book
    report = project / "_build" / "html" / "reports" / "broken.err.log"
    assert f"Notebook exception traceback saved in: {report}" in runs["faulty"].stderr
    again = runs["again"]
    assert again.returncode != 0 and "this cell fails on purpose" in again.stderr
    executed = re.findall(r"docs/([\w-]+)\.md: Executing notebook", again.stdout + again.stderr)
    assert "broken" in executed and "fine" not in executed


def test_the_fixed_book_passes_with_nothing_stale_left(faulty_book):
    from test_published import leftovers

    project, runs = faulty_book
    fixed = runs["fixed"]
    assert fixed.returncode == 0, fixed.stderr
    site = project / "_build" / "html"
    assert not (site / "reports").exists()
    assert leftovers(site, project) == []
    assert "It has 42 answers." in (site / "_sources" / "broken.ipynb").read_text()
    page = (site / "fine.html").read_text()  # unchanged, but the package changed
    assert "the third student scored 97" in page and "scored 93" not in page


def test_the_readme_s_recipe_builds_a_chapter_that_follows_it(faulty_book):
    project, runs = faulty_book
    assert runs["fixed"].returncode == 0, runs["fixed"].stderr
    page = (project / "_build" / "html" / "example.html").read_text()
    assert re.search(r"The run (came to rest|was still moving) after [\d,]+ steps?\.", page)
    spec = importlib.util.spec_from_file_location(
        "example_story", project / "nnlesson" / "book" / "stories" / "example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert chapter_problems(project / "docs" / "example.md", module) == []
