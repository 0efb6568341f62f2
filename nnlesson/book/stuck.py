"""The search for a start that gets stuck, for :doc:`/convexity` and :doc:`/minimum`."""

from nnlesson.bfgs import train_bfgs
from nnlesson.endpoints import LOCAL_MINIMUM, classify_point
from nnlesson.network import Network


def bfgs_until_stuck(X, y, seeds=range(100), tolerance=1e-5):
    """BFGS from ``Network.random(seed=s)`` for each ``s`` of ``seeds`` in turn,
    until one run ends in a local minimum.

    Each run's end is classified by :func:`~nnlesson.classify_point`, which
    also polishes it to the bottom itself (BFGS stops a hair short of it).

    Parameters
    ----------
    X, y : ndarray
        Inputs and targets.
    seeds : iterable of int, default range(100)
        The starts to try, in this order.
    tolerance : float, default 1e-5
        BFGS's tolerance (:func:`~nnlesson.train_bfgs`).

    Returns
    -------
    runs : dict
        seed -> :class:`~nnlesson.BFGSResult`, for every seed tried, in
        order: the last is the first that ended in a local minimum.
    ends : dict
        seed -> :class:`~nnlesson.endpoints.PointReport` of its run's end.

    Raises
    ------
    RuntimeError
        If no seed's run ends in a local minimum.

    Examples
    --------
    >>> from nnlesson import load_data
    >>> from nnlesson.book.stuck import bfgs_until_stuck
    >>> X, y = load_data()
    >>> runs, ends = bfgs_until_stuck(X, y)
    >>> {seed: end.kind for seed, end in ends.items()}
    {0: 'global minimum', 1: 'global minimum', 2: 'local minimum'}
    >>> runs[2].reason
    'converged'
    """
    runs, ends = {}, {}
    for seed in map(int, seeds):
        runs[seed] = train_bfgs(Network.random(seed=seed), X, y, tolerance=tolerance)
        ends[seed] = classify_point(runs[seed].network, X, y)
        if ends[seed].kind == LOCAL_MINIMUM:
            return runs, ends
    raise RuntimeError(f"no BFGS run from the seeds {seeds} ended in a local minimum")
