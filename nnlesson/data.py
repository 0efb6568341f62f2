"""The book's data: three students, their sleep and study hours, and scores.

Rows are examples. Inputs are (hours of sleep, hours of study); the target is
the test score. The network works on normalized values: each input column is
divided by its largest value, and scores by 100, the best possible score.
"""

import numpy as np

from nnlesson._checks import Flag, validate_params

#: Raw inputs: (hours of sleep, hours of study), one row per student.
RAW_X = ((3.0, 5.0), (5.0, 1.0), (10.0, 2.0))
#: Raw targets: test scores out of 100.
RAW_Y = ((75.0,), (82.0,), (93.0,))
#: The highest possible test score, used to scale ``y``.
MAX_SCORE = 100.0


@validate_params({"normalize": Flag()})
def load_data(normalize=True):
    """Return the book's study data ``(X, y)``.

    Parameters
    ----------
    normalize : bool, default True
        If True, divide each column of ``X`` by its maximum and ``y`` by 100,
        as the book does. If False, return hours and scores as recorded.

    Returns
    -------
    X : ndarray of shape (3, 2)
        Hours of sleep and hours of study, one row per student.
    y : ndarray of shape (3, 1)
        Test scores.

    Examples
    --------
    >>> from nnlesson import load_data
    >>> X, y = load_data()
    >>> X
    array([[0.3, 1. ],
           [0.5, 0.2],
           [1. , 0.4]])
    >>> y
    array([[0.75],
           [0.82],
           [0.93]])
    >>> load_data(normalize=False)[1].ravel()
    array([75., 82., 93.])
    """
    X = np.array(RAW_X)
    y = np.array(RAW_Y)
    if normalize:
        X = X / X.max(axis=0)
        y = y / MAX_SCORE
    return X, y
