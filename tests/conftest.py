"""Test order and background work for the whole suite.

Every slow job in ``background.JOBS`` (the book's build first) starts as
soon as the tests are collected. The tests that need no job run first,
then those that need the build, then those that need a slower job, so
that each waits as little as it can.
"""

import background


def _waits_for(item):
    """0: needs no job; 1: needs the session's build; 2: needs another job."""
    jobs = set(getattr(item, "fixturenames", ())) & set(background.JOBS)
    return 0 if not jobs else 1 if jobs <= background.FIRST else 2


def pytest_collection_modifyitems(items):
    """Order the tests by the jobs they wait for (stable within each group)."""
    items.sort(key=_waits_for)


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
