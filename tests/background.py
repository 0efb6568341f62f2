"""Slow work that the tests need, started as soon as they are collected.

The session's build of the book, the faulty book's builds, the wheel's fresh
environment and the stories' long runs depend on nothing the other tests do.
Each is a *job*: a function of pytest's ``tmp_path_factory``, registered under
the name of the fixture that needs it. Once the tests are collected
(``tests/conftest.py``), every job whose fixture a selected test uses starts
in a thread of its own; the fixture then waits for its result. Meanwhile the
tests that need none of them run, so on two cores the build runs beside the
package's tests and the browser tests beside the long runs.

Jobs run subprocesses (a build, a virtual environment, a Python that runs
the stories), so their threads mostly wait and hold no lock that a test
needs. A job that fails raises its error in every test that uses it.

The session's build comes first: the site's tests wait for it. The
browser's visit of every page (tests/site/visits.py) follows it, beside the
other browser tests. Every other job runs at a lower priority (``nice`` 10,
which on Linux is a thread's own and passes to the processes it starts),
so on a busy machine it takes the cores only when the build, the visits
and the tests leave them idle.
"""

import concurrent.futures
import os

#: fixture name -> function(tmp_path_factory) that computes its value
JOBS = {}
#: the job that most tests wait for: tests that need only it run before the others
FIRST = {"site_build"}
#: the jobs that run at the normal priority
NORMAL = {"site_build", "visits"}
_started = {}
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=8, thread_name_prefix="job")


def job(fixture):
    """Register the decorated function as the job behind ``fixture``."""
    def register(function):
        JOBS[fixture] = function
        return function
    return register


def _run(fixture, tmp_path_factory):
    if fixture not in NORMAL:
        os.nice(10)  # this thread, and what it starts (a pool thread runs one job)
    return JOBS[fixture](tmp_path_factory)


def start(fixture, tmp_path_factory):
    """Start the job behind ``fixture`` unless it has started; return its future."""
    if fixture not in _started:
        _started[fixture] = _pool.submit(_run, fixture, tmp_path_factory)
    return _started[fixture]


def result(fixture, tmp_path_factory):
    """The job's value: waited for, or computed now if nothing started it."""
    return start(fixture, tmp_path_factory).result()
