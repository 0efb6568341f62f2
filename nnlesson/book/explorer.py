"""Data for the book's interactive figures, computed by the package at build time.

Two kinds of figure move: a one-weight stepper (:doc:`/descent`) and a
learning-rate explorer over the two-weight cost map (:doc:`/valleys`). Their
pictures are drawn in the reader's browser by ``docs/_static/nnl-widgets.js``
(its header comment documents the data format); every number they show is
computed by :func:`~nnlesson.gradient_descent`, with the settings the
chapter states and passes in, and embedded in the page with
:func:`widget_html`. Nothing is computed while the reader reads.
"""

import json

import numpy as np

from nnlesson.book import ONE_WEIGHT, TWO_WEIGHTS, book_network
from nnlesson.book.prose import fixed, plural, scientific
from nnlesson.bruteforce import cost_grid
from nnlesson.data import load_data
from nnlesson.optimizers import Momentum
from nnlesson.study import descent_study

#: Each explorer run stores at most this many points of its path (more add
#: bytes to the page, not detail a reader can see at the map's size), except
#: the run the explorer opens on, which keeps every step (up to
#: ``OPENING_POINTS``), so that Step there is one descent step (a site test
#: checks).
STORED_POINTS = 160
#: The most points the opening run keeps.
OPENING_POINTS = 1000
#: The explorer's map: this many values per weight, from -5 to 5.
MAP_POINTS = 61


def reason_text(result, tolerance, max_steps):
    """Why a run stopped, in the book's words, completing "It stopped because ...".

    ``tolerance`` and ``max_steps`` are the settings the run was made with.

    Examples
    --------
    >>> from nnlesson import Network, gradient_descent, load_data
    >>> from nnlesson.book.explorer import reason_text
    >>> X, y = load_data()
    >>> run = gradient_descent(Network.random(seed=0), X, y, 1.0, max_steps=5, tolerance=0.0)
    >>> reason_text(run, tolerance=0.0, max_steps=5)
    'it used all 5 steps'
    """
    return {
        "converged": f"its gradient became shorter than the tolerance, {scientific(tolerance)} "
                     "(flat ground, which is not the same as a minimum)",
        "step limit": f"it used all {max_steps:,} steps",
        "diverged": "its next step would have taken the weights beyond the largest numbers "
                    "a computer can hold, so that step was refused",
        "saturated": "its weights grew so large that every neuron's output is pinned at 0 or 1: "
                     "the cost sits on a plateau and the slopes vanish",
    }[result.reason]


def final_cost_text(result):
    """The final cost as the explorer's readout prints it.

    Examples
    --------
    >>> from nnlesson import Network, gradient_descent, load_data
    >>> from nnlesson.book.explorer import final_cost_text
    >>> X, y = load_data()
    >>> final_cost_text(gradient_descent(Network.random(seed=0), X, y, 1.0, 1, 0.0))
    '0.04297'
    """
    return scientific(result.costs[-1], 4)


def explorer_runs(rates, max_steps, tolerance, done=None):
    """The explorer's runs: ``gradient_descent`` on the book's two weights at each rate.

    Every run starts from the book's network and descends on ``W1[0,0]`` and
    ``W1[0,1]`` with the given step budget and tolerance. They run side by
    side (:func:`~nnlesson.study.descent_study`, the loop of
    ``gradient_descent`` for a stack of runs, each exactly the single run):
    one NumPy call per step for all the rates instead of one per rate.
    ``done`` holds runs already made with the same settings (rate ->
    result), such as a chapter's own run at one of the rates: they are used
    as they are, not run again.

    Returns a dict: rate -> :class:`~nnlesson.DescentResult`, in the order of ``rates``.

    Examples
    --------
    >>> from nnlesson.book.explorer import explorer_runs
    >>> runs = explorer_runs([30.0, 1e4], max_steps=20_000, tolerance=1e-4)
    >>> {rate: (run.reason, run.n_steps) for rate, run in runs.items()}
    {30.0: ('converged', 301), 10000.0: ('converged', 1)}
    >>> explorer_runs([1e4, 30.0], 20_000, 1e-4, done={30.0: runs[30.0]})[30.0] is runs[30.0]
    True
    """
    done = dict(done or {})
    todo = [float(rate) for rate in rates if rate not in done]
    if todo:
        X, y = load_data()
        study = descent_study(range(len(todo)), X, y, todo, max_steps, tolerance,
                              start=book_network(), indices=TWO_WEIGHTS, classify=False,
                              keep_paths=True)
        done.update(zip(todo, study.runs))
    return {float(rate): done[rate] for rate in rates}


def explorer_data(runs, max_steps, tolerance, opening):
    """The learning-rate explorer's data (a dict ready for JSON).

    ``runs`` is :func:`explorer_runs`'s dict, made with ``max_steps`` and
    ``tolerance``; the slider opens at the rate closest to ``opening``.

    Examples
    --------
    >>> from nnlesson.book.explorer import explorer_data, explorer_runs
    >>> runs = explorer_runs([30.0, 1e4], max_steps=20_000, tolerance=1e-4)
    >>> data = explorer_data(runs, max_steps=20_000, tolerance=1e-4, opening=30.0)
    >>> data["kind"], len(data["runs"]), data["runs"][0]["n_steps_text"], len(data["map"]["x"])
    ('explorer', 2, '301', 61)
    >>> data["initial"], data["runs"][1]["reason_text"][:37]
    (0, 'its gradient became shorter than the ')
    """
    X, y = load_data()
    values = np.linspace(-5, 5, MAP_POINTS)
    grid = cost_grid(book_network(), X, y, values, TWO_WEIGHTS)
    i, j = np.unravel_index(np.argmin(grid), grid.shape)
    rates = list(runs)
    initial = min(range(len(rates)), key=lambda k: abs(np.log(rates[k] / opening)))
    return {
        "kind": "explorer",
        "static_id": "fig-explorer-static",
        "title": "Gradient descent on two weights, one learning rate at a time",
        "x_label": "W⁽¹⁾₀,₀",
        "y_label": "W⁽¹⁾₀,₁",
        "settings_text": f"Every run starts from the book's network, takes at most "
                         f"{max_steps:,} steps, and stops when the gradient is shorter than "
                         f"{scientific(tolerance)}.",
        "initial": initial,
        "map": {"x": _rounded(values), "y": _rounded(values), "cost": [_rounded(row) for row in grid],
                "cost_is_row_x": True, "best": [_round(values[i]), _round(values[j])],
                "best_cost": _round(grid[i, j]), "best_cost_text": scientific(grid[i, j], 4)},
        "runs": [_explorer_run(rate, result, max_steps, tolerance,
                               OPENING_POINTS if k == initial else STORED_POINTS)
                 for k, (rate, result) in enumerate(runs.items())],
    }


def _explorer_run(rate, result, max_steps, tolerance, most):
    keep = _stored_steps(result.n_steps, most)
    return {
        "learning_rate": rate,
        "learning_rate_text": f"{rate:g}",
        "reason": result.reason,
        "reason_text": reason_text(result, tolerance, max_steps),
        "n_steps": result.n_steps,
        "n_steps_text": f"{result.n_steps:,}",
        "final_cost": _round(result.costs[-1]),
        "final_cost_text": final_cost_text(result),
        "steps": result.steps[keep].tolist(),
        "x": _rounded(result.path[keep, TWO_WEIGHTS[0]]),
        "y": _rounded(result.path[keep, TWO_WEIGHTS[1]]),
        "costs": _rounded(result.costs[keep]),
    }


def _stored_steps(n, most=STORED_POINTS):
    """Record numbers to keep: all of a short run; of a long one, 0, the last,
    the early steps densely and the rest evenly."""
    if n + 1 <= most:
        return np.arange(n + 1)
    early = np.geomspace(1, n, most // 2).round()
    even = np.linspace(0, n, most // 2).round()
    return np.unique(np.concatenate([[0, n], early, even])).astype(int)


def stepper_data(run, X, y, learning_rate, tolerance, max_steps, span=(-5.0, 5.0),
                 static_id="fig-descent-1d", title="One weight, one step at a time",
                 optimizer=None):
    """The one-weight stepper's data: every step of ``run``, a descent on ``W1[0,0]``.

    The steps are columns (one list per field, each as long as the run has
    records) and the curve's weights are evenly spaced from ``w_from`` to
    ``w_to``, one per cost: each number once, not once per step with its
    field's name.

    ``run`` is the chapter's own :func:`~nnlesson.gradient_descent` run with
    the given settings (nothing runs again here); the curve is drawn over
    ``span``, the other weights as at the run's start. With ``optimizer``
    (the run's :class:`~nnlesson.Momentum`), each step's move is the step
    the run actually took next (``path[k+1] - path[k]``, not
    ``-learning_rate * slope``: ``moves_taken`` tells the widget so), and
    the readout says what that step is.

    Examples
    --------
    >>> from nnlesson import gradient_descent, load_data
    >>> from nnlesson.book import book_network
    >>> from nnlesson.book.explorer import stepper_data
    >>> X, y = load_data()
    >>> run = gradient_descent(book_network(), X, y, learning_rate=30.0, max_steps=5,
    ...                        tolerance=1e-4, indices=[0])
    >>> data = stepper_data(run, X, y, learning_rate=30.0, tolerance=1e-4, max_steps=5)
    >>> data["kind"], data["static_id"], data["steps"]["w_text"][0], len(data["steps"]["w"])
    ('stepper', 'fig-descent-1d', '−1.3750', 6)
    """
    weight = ONE_WEIGHT[0]
    net = run.network.with_params(run.path[0])
    values = np.linspace(*span, 201)
    curve = cost_grid(net, X, y, values, ONE_WEIGHT)
    steps = []
    for k, params in enumerate(run.path):
        _, gradient = net.with_params(params).cost_and_gradient(X, y)
        slope = float(gradient[weight])
        steps.append({"w": _round(params[weight]), "cost": _round(run.costs[k]),
                      "slope": _round(slope), "w_text": fixed(params[weight], 4),
                      "cost_text": scientific(run.costs[k], 4), "slope_text": scientific(slope, 3),
                      "move_text": f"{-learning_rate * slope:+.4f}".replace("-", "−")})
    ending = ("the slope's size is now below the tolerance, so the run stops here."
              if run.reason == "converged" else
              f"the run has used all {plural(run.n_steps, 'step')} it was allowed.")
    extra = {}
    if optimizer is not None and not (isinstance(optimizer, Momentum) and not optimizer.nesterov):
        raise ValueError(f"optimizer must be None or a heavy-ball Momentum, got {optimizer!r}")
    if optimizer is not None:  # a method with a memory: the move is the step it took
        for step, here, there in zip(steps, run.path[:-1, weight], run.path[1:, weight]):
            step["move_text"] = f"{there - here:+.4f}".replace("-", "−")
        extra["moves_taken"] = True  # the widget draws the move from w to the next w
        extra["move_words"] = (f"({optimizer.beta:g} times the step before, minus the "
                               "learning rate times the slope)")
        if run.reason == "converged":
            ending = ("the slope is now shorter than the tolerance, and the next step "
                      "shorter than the tolerance times the learning rate, so the run stops "
                      "here.")
        settings = (f"Learning rate {learning_rate:g}, momentum β = {optimizer.beta:g}; the "
                    f"run stops when the slope is shorter than {scientific(tolerance)} and "
                    f"the next step shorter than {scientific(tolerance)} times the learning "
                    f"rate, or after "
                    f"{plural(max_steps, 'step')}. It took {plural(run.n_steps, 'step')}.")
        extra["settings_text"] = settings
    return {
        "kind": "stepper",
        "static_id": static_id,
        "title": title,
        "x_label": "W⁽¹⁾₀,₀",
        "learning_rate": learning_rate,
        "settings_text": f"Learning rate {learning_rate:g}; the run stops when the slope's size "
                         f"is below {scientific(tolerance)}, or after "
                         f"{plural(max_steps, 'step')}. It took {plural(run.n_steps, 'step')}.",
        "end_text": ending,
        "curve": {"w_from": _round(values[0]), "w_to": _round(values[-1]),
                  "cost": _rounded(curve)},
        "steps": _columns(steps),
    } | extra


def _columns(rows):
    """One list per field from a list of dicts with the same fields (the widgets' JSON).

    Examples
    --------
    >>> from nnlesson.book.explorer import _columns
    >>> _columns([{"w": 1.0, "cost": 0.5}, {"w": 2.0, "cost": 0.25}])
    {'w': [1.0, 2.0], 'cost': [0.5, 0.25]}
    """
    fields = list(rows[0]) if rows else []
    if any(list(row) != fields for row in rows):
        raise ValueError(f"rows: every row must have the fields {fields}, in that order")
    return {field: [row[field] for row in rows] for field in fields}


def widget_html(data):
    """The page markup for one widget: a hidden container holding its data as JSON.

    The JSON cannot close the ``<script>`` element early (every ``</`` is
    escaped). The widget's script un-hides the container and hides the
    static figure whose id is ``data["static_id"]``.

    Examples
    --------
    >>> from nnlesson.book.explorer import widget_html
    >>> widget_html({"kind": "stepper", "title": "</script>"})[:60]
    '<div class="nnl-widget" data-nnl-kind="stepper" hidden><scri'
    >>> "</script>\\"" in widget_html({"kind": "stepper", "title": "</script>"})
    False
    """
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return (f'<div class="nnl-widget" data-nnl-kind="{data["kind"]}" hidden>'
            f'<script type="application/json" class="nnl-data">{payload}</script></div>')


def _round(x):
    return float(f"{float(x):.5g}")


def _rounded(values):
    return [_round(x) for x in np.ravel(values)]
