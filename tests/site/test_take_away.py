"""What the site offers to take away, and on what terms (the session's build).

- The LICENSE file is the MIT license that pyproject.toml declares, in the
  name of the authors conf.py names; every page's footer says so and links
  to it, and the About page holds its text, credits Stephen Welch's series
  with plain links to the original video and notebooks, and says how to
  cite the book (its version from pyproject.toml).
- ``downloads/`` holds the package's wheel and a zip of every chapter's
  notebook, in reading order, with the wheel beside them; the About page
  links both, and without a PDF it says how to make one instead of linking
  a missing file.
- Every downloaded notebook's first cell installs the package from that
  wheel, with the extra that the chapters' figures need.
- Where the book lives (conf.py's one setting of each address: the
  published site, the source repository, its issues page): the About page
  links them and the handout edition's address, the citation gives the
  site, every notebook's first cell and the zip's README give all three.

Running the notebooks from the zip in a fresh environment, and the PDF, are
in test_dist.py (``make test-dist``).
"""

import html
import json
import re
import subprocess
import tomllib
import zipfile

from sitetools import ROOT, addresses, site_pages

TAGS = re.compile(r"<[^>]+>")
VIDEO = "https://www.youtube.com/watch?v=5u0jaA3qAGk"
NOTEBOOKS = "https://github.com/stephencwelch/Neural-Networks-Demystified"


def _project():
    with open(ROOT / "pyproject.toml", "rb") as file:
        return tomllib.load(file)["project"]


def _text(page):
    return " ".join(html.unescape(TAGS.sub(" ", page)).split())


def _wheel_name():
    project = _project()
    return f"{project['name']}-{project['version']}-py3-none-any.whl"


def test_the_license_file_is_the_one_pyproject_declares():
    text = (ROOT / "LICENSE").read_text()
    assert _project()["license"] == "MIT"
    assert text.startswith("MIT License\n")
    assert "Permission is hereby granted, free of charge" in text
    assert "Copyright (c) 2026 the nnlesson authors" in text
    assert 'author = "the nnlesson authors"' in (ROOT / "conf.py").read_text()


def test_every_page_states_the_license_and_links_the_credits(site):
    pages = site_pages(site)
    assert len(pages) >= 10
    for name in pages:
        page = (site / f"{name}.html").read_text()
        footer = re.search(r'<p class="nnl-license">(.*?)</p>', page, re.DOTALL)
        assert footer, f"{name}: no license in the footer"
        license = r'href="((\.\./)*about\.html)?#license">MIT License</a>'
        assert re.search(license, footer.group(1)), footer.group(1)
        assert "Stephen Welch" in footer.group(1)


def test_the_about_page_credits_cites_and_licenses(site):
    page = (site / "about.html").read_text()
    text = _text(page)
    for url in (VIDEO, NOTEBOOKS):
        assert f'href="{url}"' in page, url  # a link, and nothing the page loads from there
    assert "Neural Networks Demystified, Part 3: Gradient Descent" in text
    assert "Stephen Welch (2015)" in text
    version = _project()["version"]
    assert f"The nnlesson authors (2026). Gradient descent, computed , version {version}." \
        in text
    assert f"version = {{{version}}}" in text  # the BibTeX entry
    assert " ".join((ROOT / "LICENSE").read_text().split()) in text
    assert 'id="license"' in page


def test_the_about_page_says_where_the_book_lives(site):
    where = addresses()
    assert where["site"].startswith("https://") and where["site"].endswith("/")
    assert where["issues"] == where["repository"] + "/issues"
    page = (site / "about.html").read_text()
    section = page[page.index('id="addresses"'):page.index('id="downloads"')]
    for url in where.values():
        assert f'href="{url}"' in section, url
    text = _text(page)
    assert f"version {_project()['version']}. {where['site']}" in text  # the citation
    assert f"url = {{{where['site']}}}" in text  # and its BibTeX
    # Without a PDF, the published book's is named (no link to a missing file).
    assert f'href="{where["site"]}about.html#downloads"' in page


def test_the_site_offers_the_wheel_and_the_notebooks(site):
    downloads = site / "downloads"
    wheel = downloads / _wheel_name()
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = archive.read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    assert "nnlesson/__init__.py" in names
    assert f"Version: {_project()['version']}".encode() in metadata
    assert b"Provides-Extra: notebooks" in metadata
    about = (site / "about.html").read_text()
    for name in (wheel.name, "nnlesson-notebooks.zip"):
        assert (downloads / name).exists()
        assert f'href="downloads/{name}"' in about, name


def test_without_a_pdf_the_about_page_says_how_to_make_one(site):
    assert list((site / "downloads").glob("*.pdf")) == []
    about = (site / "about.html").read_text()
    assert ".pdf" not in " ".join(re.findall(r'href="([^"]*)"', about))
    text = _text(about)
    assert "not in this copy of the site" in text and "make pdf" in text
    # where to get it, spelled out (the published book's About page)
    assert f"{addresses()['site'].removeprefix('https://')}about.html#downloads" in text


def test_the_download_menu_offers_to_print_the_page_not_a_pdf(site):
    # The theme's ".pdf" item only opens the print dialog: it says so.
    page = (site / "claims.html").read_text()
    assert "window.print()" in page and "Print this page" in page
    assert ">.pdf<" not in re.sub(r"\s+", "", page)


def _first_cell(notebook):
    cell = notebook["cells"][0]
    source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
    return cell["cell_type"], source


def test_every_notebook_starts_by_installing_the_wheel(site):
    notebooks = sorted((site / "_sources").glob("*.ipynb"))
    assert len(notebooks) >= 7
    assert "matplotlib" in " ".join(_project()["optional-dependencies"]["notebooks"])
    for path in notebooks:
        kind, source = _first_cell(json.loads(path.read_text()))
        assert kind == "code"
        install = [line for line in source.splitlines() if not line.startswith("#")]
        assert install == [f'%pip install --quiet "{_wheel_name()}[notebooks]"'], source
        assert "About this book" in source and "nnlesson-notebooks.zip" in source
        for key in ("site", "repository", "issues"):  # where the book lives, first
            assert source.index(addresses()[key]) < source.index("%pip"), (path.name, key)


def _reading_order(site):
    """The pages in the order of the site's navigation."""
    found = re.findall(r'toctree-l1"><a class="reference internal" href="([^"#]+)\.html"',
                       (site / "index.html").read_text())
    return list(dict.fromkeys(found))


def test_the_zip_holds_every_notebook_in_reading_order_with_the_wheel(site):
    chapters = [name for name in _reading_order(site)
                if (site / "_sources" / f"{name}.ipynb").exists()]
    assert len(chapters) == len(list((site / "_sources").glob("*.ipynb"))) >= 7
    with zipfile.ZipFile(site / "downloads" / "nnlesson-notebooks.zip") as archive:
        names = archive.namelist()
        expected = [f"{number:02d}-{name}.ipynb" for number, name in enumerate(chapters, 1)]
        assert sorted(names) == sorted(f"nnlesson-notebooks/{name}" for name in
                                       [_wheel_name(), "README.txt", *expected])
        assert archive.read(f"nnlesson-notebooks/{_wheel_name()}") == \
            (site / "downloads" / _wheel_name()).read_bytes()
        for name, chapter in zip(expected, chapters):
            inside = json.loads(archive.read(f"nnlesson-notebooks/{name}"))
            assert inside == json.loads((site / "_sources" / f"{chapter}.ipynb").read_text())
        readme = archive.read("nnlesson-notebooks/README.txt").decode()
    assert _wheel_name() in readme and "MIT License" in readme
    assert all(url in readme for key, url in addresses().items() if key != "handout")


def test_an_unknown_edition_is_refused():
    result = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "-n", "html",
                             "EDITION=teachers"], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "EDITION=teachers" in result.stderr and "EDITION=handout" in result.stderr


def test_an_address_missing_or_malformed_is_refused():
    import sys
    from types import SimpleNamespace

    from sphinx.errors import ConfigError

    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    from book_downloads import check_addresses

    good = {"nnlesson_site": "https://example.org/book/",
            "nnlesson_repository": "https://example.org/code",
            "nnlesson_issues": "https://example.org/code/issues"}
    check_addresses(None, SimpleNamespace(**good))
    for name, bad in [("nnlesson_site", None), ("nnlesson_site", "https://example.org/book"),
                      ("nnlesson_repository", "example.org/code"),
                      ("nnlesson_issues", "https://example.org/code issues")]:
        try:
            check_addresses(None, SimpleNamespace(**dict(good, **{name: bad})))
        except ConfigError as error:
            assert name in str(error) and repr(bad) in str(error)
        else:
            raise AssertionError(f"{name} = {bad!r} was accepted")


def test_read_the_docs_publishes_the_pdf_and_the_handout():
    import yaml

    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text())
    build = config["build"]
    # Read the Docs installs apt packages (Chromium's libraries) only for build.jobs.
    assert "commands" not in build and build["apt_packages"]
    install = " ".join(build["jobs"]["install"])
    assert "constraints.txt" in install and "pdf" in install and "playwright install" in install
    (html,) = build["jobs"]["build"]["html"]
    assert html.startswith("make book-publish ") and 'BUILDDIR="$READTHEDOCS_OUTPUT"' in html
    assert config["formats"] == ["pdf"]  # its own download menu offers the same PDF
    # make book-publish: the handout and its PDF, the book and its PDF, the handout copied in.
    dry = subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), "-n", "book-publish",
                          "BUILDDIR=out"], capture_output=True, text=True, timeout=60)
    assert dry.returncode == 0, dry.stderr
    assert "book book-pdf EDITION=handout BUILDDIR=out/handout" in dry.stdout
    assert "cp -R out/handout/html out/html/handout" in dry.stdout
