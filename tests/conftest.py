"""Test order and background work for the whole suite.

The site tests (tests/site) need the book built; they run last, and the
build, like every slow job in ``background.JOBS``, starts as soon as the
tests are collected, so that the package's own tests run meanwhile.
"""

import pathlib

import background

SITE = pathlib.Path(__file__).parent / "site"


def pytest_collection_modifyitems(items):
    """The package's tests and doctests first, the site's tests last (stable order)."""
    items.sort(key=lambda item: SITE in pathlib.Path(item.path).parents)


def pytest_collection_finish(session):
    """Start every job whose fixture a selected test uses."""
    if session.config.option.collectonly:
        return
    wanted = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    # pytest's own factory, as its tmp_path_factory fixture hands it out.
    factory = session.config._tmp_path_factory
    for fixture in background.JOBS:
        if fixture in wanted:
            background.start(fixture, factory)
