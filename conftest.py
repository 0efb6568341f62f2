"""pytest set-up shared by the tests and the doctests."""

import numpy as np
import pytest

import nnlesson


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    """Doctests see ``np`` and every public name of nnlesson, as the book does."""
    doctest_namespace["np"] = np
    for name in nnlesson.__all__:
        doctest_namespace[name] = getattr(nnlesson, name)
