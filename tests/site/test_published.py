"""The published folder holds only what a reader needs.

No doctrees, no pickles, no error report from an earlier failed build, and
no absolute path of the build machine in any file (pages, sources, the
downloaded notebooks). A failed build still says where its report is.
"""

from sitetools import ROOT
from test_build import build_copy, copy_project

BROKEN = "# A chapter\n\n```{code-cell} ipython3\nraise RuntimeError('fails on purpose')\n```\n"
FIXED = "# A chapter\n\nIt has {glue:md}`answer` answers.\n\n" \
    "```{code-cell} ipython3\n:tags: [remove-cell]\n" \
    "from nnlesson.book.prose import glue_text\nglue_text('answer', '42')\n```\n"


def _leftovers(site, project):
    """Files a reader does not need, and files that hold the project's path."""
    needle = str(project).encode()
    found = []
    for path in sorted(site.rglob("*")):
        if path.is_dir():
            if path.name in ("doctrees", ".doctrees", "reports", "jupyter_execute"):
                found.append(f"{path.relative_to(site)}/")
            continue
        if path.name.endswith((".err.log", ".pickle", ".doctree")):
            found.append(str(path.relative_to(site)))
        elif needle in path.read_bytes():
            found.append(f"{path.relative_to(site)} holds {project}")
    return found


def test_a_failed_build_leaves_no_report_behind(tmp_path):
    project = copy_project(tmp_path, {"chapter": BROKEN})
    site = project / "_build" / "html"
    failed = build_copy(project)
    assert failed.returncode != 0
    report = site / "reports" / "chapter.err.log"
    assert f"Notebook exception traceback saved in: {report}" in failed.stderr
    assert "fails on purpose" in report.read_text()

    again = build_copy(project)  # unchanged: the chapter runs again, and fails again
    assert again.returncode != 0 and "fails on purpose" in again.stderr

    (project / "docs" / "chapter.md").write_text(
        (project / "docs" / "chapter.md").read_text().replace(BROKEN, FIXED))
    fixed = build_copy(project)
    assert fixed.returncode == 0, fixed.stderr
    assert not (site / "reports").exists()
    assert _leftovers(site, project) == []
    assert "It has 42 answers." in (site / "_sources" / "chapter.ipynb").read_text()


def test_the_book_holds_only_what_a_reader_needs(site):
    assert _leftovers(site, ROOT) == []
    assert not (site / ".doctrees").exists()
    assert (site.parent / "doctrees").is_dir()  # beside the site, not in it
    from sitetools import LESSONS

    assert sorted(p.name for p in (site / "_sources").glob("*.ipynb")) == sorted(
        f"{page}.ipynb" for page in LESSONS)
