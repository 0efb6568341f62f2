"""The published folder holds only what a reader needs.

No doctrees, no pickles, no error report from an earlier failed build, and
no absolute path of the build machine in any file (pages, sources, the
downloaded notebooks). After a failed build, too: test_faults.py.
"""

from sitetools import ROOT


def leftovers(site, project):
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


def test_the_book_holds_only_what_a_reader_needs(site):
    assert leftovers(site, ROOT) == []
    assert not (site / ".doctrees").exists()
    assert (site.parent / "doctrees").is_dir()  # beside the site, not in it
    from sitetools import LESSONS

    assert sorted(p.name for p in (site / "_sources").glob("*.ipynb")) == sorted(
        f"{page}.ipynb" for page in LESSONS)
