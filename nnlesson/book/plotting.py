"""Figures the chapters share, in one style.

This module draws; the numerical modules never import it. Every function
returns a matplotlib figure (or draws on the axes given) and leaves showing
or saving to the caller. Backgrounds are opaque white so figures stay
readable when the site is in dark mode.
"""

import os

import numpy as np

try:
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib import patheffects
except ImportError as error:  # a plain install has no matplotlib
    raise ImportError("nnlesson.book.plotting draws with matplotlib, which the book's "
                      "extra installs: pip install 'nnlesson[docs]'") from error

from nnlesson.book.prose import weight_label  # noqa: F401  (re-exported: figures label weights)

#: Colours with enough contrast on white, one per role, used in every chapter.
COLORS = {
    "target": "#1f4e79",  # y: dark blue
    "prediction": "#c0392b",  # y_hat: dark red
    "cost": "#1f4e79",
    "path": "#c0392b",
    "best": "#e67e22",
    "neutral": "#555555",
}
STYLE = {
    # 5.6 inches at 110 dpi is 616 px: drawn at full size in the book's
    # column, and with 13-point text (20 px) still 12 px on a 400 px phone.
    "figure.figsize": (5.6, 3.6),
    "figure.dpi": 110,
    "savefig.dpi": 110,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "savefig.transparent": False,
    "axes.grid": True,
    "grid.alpha": 0.35,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 13,
    "axes.titlesize": 13,
    "axes.labelsize": 13,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 13,
    "legend.frameon": False,
    "svg.hashsalt": "nnlesson",
}


def use_book_style():
    """Apply the book's matplotlib style (opaque white, light grid).

    Examples
    --------
    >>> import matplotlib
    >>> from nnlesson.book.plotting import use_book_style
    >>> use_book_style()
    >>> matplotlib.rcParams["font.size"], matplotlib.rcParams["figure.dpi"]
    (13.0, 110.0)
    """
    mpl.rcParams.update(STYLE)
    if os.environ.get(SVG_FIGURES):
        _svg_too()


#: Set (to anything) by the book's build (conf.py): a chapter's kernel then
#: sends each figure as a PNG and as an SVG. The site shows the PNG; the
#: printed book (Sphinx's one-page build) the SVG, sharp at any resolution.
SVG_FIGURES = "NNLESSON_SVG_FIGURES"


def _svg_too():
    """In a Jupyter kernel with the inline backend, send figures as PNG and SVG."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None:  # no date in the SVG: the same figure, the same bytes
        set_matplotlib_formats("png", "svg", metadata={"Date": None})


def sigmoid_curve(saturated=4.0, ax=None):
    """Draw the sigmoid from -8 to 8, shading where it is saturated; return the axes.

    Examples
    --------
    >>> from nnlesson.book.plotting import sigmoid_curve
    >>> ax = sigmoid_curve(saturated=4.0)
    >>> ax.get_xlabel(), len(ax.get_lines())
    ('$z$', 1)
    """
    from nnlesson.activation import sigmoid

    if ax is None:
        _, ax = plt.subplots()
    z = np.linspace(-8, 8, 401)
    ax.plot(z, sigmoid(z), color=COLORS["cost"], lw=2)
    for low, high in ((-8, -saturated), (saturated, 8)):
        ax.axvspan(low, high, color=COLORS["best"], alpha=0.2, lw=0)
    ax.text(-(8 + saturated) / 2, 0.5, "saturated", ha="center", color=COLORS["neutral"])
    ax.text((8 + saturated) / 2, 0.5, "saturated", ha="center", color=COLORS["neutral"])
    ax.set_xlim(-8, 8)
    ax.set_xlabel("$z$")
    ax.set_ylabel("$f(z)$")
    return ax


def cost_curve(values, costs, index=0, ax=None, label="cost $J$"):
    """Draw ``J`` against one weight; return the axes.

    Examples
    --------
    >>> from nnlesson.book.plotting import cost_curve
    >>> ax = cost_curve([0.0, 1.0, 2.0], [0.3, 0.1, 0.2])
    >>> ax.get_xlabel()
    'weight $W^{(1)}_{0,0}$'
    """
    if ax is None:
        _, ax = plt.subplots()
    ax.plot(values, costs, color=COLORS["cost"], lw=2, label=label)
    ax.set_xlabel(f"weight {weight_label(index)}")
    ax.set_ylabel("cost $J$")
    return ax


def contour_map(values, grid, indices=(0, 1), ax=None, mark_minimum=True):
    """Draw a filled contour map of a 2-D cost grid; return the axes.

    ``grid[i, j]`` is the cost with weight ``indices[0]`` at ``values[i]``
    and weight ``indices[1]`` at ``values[j]``.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.book.plotting import contour_map
    >>> values = np.linspace(-1, 1, 5)
    >>> ax = contour_map(values, np.add.outer(values**2, values**2))
    >>> ax.get_ylabel(), ax.get_legend().get_texts()[0].get_text()
    ('weight $W^{(1)}_{0,1}$', 'lowest grid point')
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 4.8))
    _filled_map(ax, values, values, grid)
    ax.set_xlabel(f"weight {weight_label(indices[0])}")
    ax.set_ylabel(f"weight {weight_label(indices[1])}")
    ax.grid(False)
    if mark_minimum:
        i, j = np.unravel_index(np.argmin(grid), grid.shape)
        ax.plot(values[i], values[j], marker="*", ms=16, color=COLORS["best"],
                markeredgecolor="black", ls="none", label="lowest grid point")
        _legend_above(ax)
    return ax


def _legend_above(ax):
    """The legend in a row above the map, where it covers none of it."""
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.01), ncol=3, frameon=False,
              borderaxespad=0, handletextpad=0.4, columnspacing=1.2)


def _filled_map(ax, xs, ys, grid):
    """A filled contour map of ``grid`` (``grid[i, j]`` at ``xs[i]``, ``ys[j]``), colours on a
    log scale, so the low valley floors stand out from the high plateaus; with a colour bar."""
    from matplotlib.colors import LogNorm

    grid = np.asarray(grid)
    log = grid.min() > 0  # costs are; a log scale needs it
    levels = np.geomspace(grid.min(), grid.max(), 31) if log else 30
    # contourf wants rows along y: transpose so xs runs along x.
    filled = ax.contourf(xs, ys, grid.T, levels=levels, cmap="viridis",
                         norm=LogNorm() if log else None)
    # Each band's edge in its own colour: no hairline gaps between the bands
    # where the figure is drawn as vectors (the printed book's SVG).
    filled.set_edgecolor("face")
    bar = ax.figure.colorbar(filled, ax=ax, label="cost $J$" + (" (log scale)" if log else ""))
    if log:  # round ticks, 1-2-5 in each power of ten
        ticks = [m * 10.0**k for k in range(-12, 2) for m in (1, 2, 5)]
        ticks = [t for t in ticks if grid.min() <= t <= grid.max()]
        bar.set_ticks(ticks, labels=[f"{t:g}" for t in ticks])
    bar.ax.minorticks_off()
    ax.grid(False)
    return filled


def prediction_bars(y, y_hat, ax=None):
    """Draw targets and predictions side by side for each student; return the axes.

    Examples
    --------
    >>> from nnlesson.book.plotting import prediction_bars
    >>> ax = prediction_bars([0.75, 0.82, 0.93], [0.5, 0.5, 0.5])
    >>> len(ax.patches), [label.get_text() for label in ax.get_xticklabels()]
    (6, ['student 1', 'student 2', 'student 3'])
    """
    if ax is None:
        _, ax = plt.subplots()
    students = np.arange(len(y))
    width = 0.38
    ax.bar(students - width / 2, np.ravel(y), width, color=COLORS["target"],
           label="target $y$")
    ax.bar(students + width / 2, np.ravel(y_hat), width, color=COLORS["prediction"],
           label=r"prediction $\hat{y}$")
    ax.set_xticks(students, [f"student {k + 1}" for k in students])
    ax.set_ylabel("test score / 100")
    ax.set_ylim(0, 1.25)  # room above the bars for the legend
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.legend(loc="upper center", ncol=2)
    return ax


def network_diagram(sizes=(2, 3, 1), labels=None, ax=None):
    """Draw a fully connected network with no biases; return the axes.

    Examples
    --------
    >>> from nnlesson.book.plotting import network_diagram
    >>> ax = network_diagram((2, 3, 1), labels={(0, 0): "sleep"})
    >>> len(ax.lines)  # one line per weight
    9
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 3.4))
    labels = labels or {}
    positions = []
    for layer, size in enumerate(sizes):
        ys = np.linspace(0, 1, size + 2)[1:-1]
        positions.append([(layer, y_pos) for y_pos in ys[::-1]])
    for left, right in zip(positions, positions[1:]):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color=COLORS["neutral"], lw=1, zorder=1)
    names = ("input", "hidden", "output")
    for layer, nodes in enumerate(positions):
        for k, (x_pos, y_pos) in enumerate(nodes):
            ax.scatter(x_pos, y_pos, s=1500, color="white", edgecolor=COLORS["target"],
                       linewidth=2, zorder=2)
            text = labels.get((layer, k), "")
            ax.text(x_pos, y_pos, text, ha="center", va="center", fontsize=12, zorder=3)
        ax.text(layer, -0.02, names[layer] if layer < 3 else "", ha="center", va="top")
    ax.set_xlim(-0.4, len(sizes) - 0.6)
    ax.set_ylim(-0.12, 1.0)
    ax.axis("off")
    return ax


def descent_path(ax, path, indices=(0, 1), label="descent path"):
    """Draw a descent path (rows of flat weights) over a :func:`contour_map`; return the axes.

    The path is drawn in white under red so it shows on every colour of the
    map; its start is a circle.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.book.plotting import contour_map, descent_path
    >>> values = np.linspace(-1, 1, 5)
    >>> ax = contour_map(values, np.add.outer(values**2, values**2))
    >>> ax = descent_path(ax, np.array([[1.0, 1.0], [0.5, 0.4], [0.1, 0.0]]))
    >>> ax.get_lines()[-2].get_label()
    'descent path'
    """
    x, y = path[:, indices[0]], path[:, indices[1]]
    ax.plot(x, y, "-", color="white", lw=3.5)
    ax.plot(x, y, "-", color=COLORS["path"], lw=2, label=label)
    ax.plot(x[0], y[0], "o", ms=9, color=COLORS["path"], markeredgecolor="white", label="start")
    _legend_above(ax)
    return ax


def cost_by_step(steps, costs, ax=None, label=None, color=None, unit="step"):
    """Draw ``J`` against the step number, both on log scales; return the axes.

    The x axis is the step number plus one, on a log scale (so the start,
    step 0, has a place at 1): it shows the early steps, where most of the
    change happens, and the long tail alike.

    Examples
    --------
    >>> from nnlesson.book.plotting import cost_by_step
    >>> ax = cost_by_step([0, 1, 2], [0.1, 0.01, 0.001])
    >>> ax.get_xscale(), ax.get_yscale(), ax.get_lines()[0].get_xdata().tolist()
    ('log', 'log', [1, 2, 3])
    """
    if ax is None:
        _, ax = plt.subplots()
    ax.loglog(np.asarray(steps) + 1, costs, color=color or COLORS["cost"], lw=2, label=label)
    ax.set_xlabel(f"{unit} + 1 (log scale)")
    ax.set_ylabel("cost $J$ (log scale)")
    return ax


def downhill_arrows(values, grid, points, gradients, indices=(0, 1), ax=None):
    """Draw the negative gradient as arrows on a :func:`contour_map`; return the axes.

    ``points`` are ``(k, 2)`` positions of the two weights and ``gradients``
    the matching ``(k, 2)`` slopes; each arrow points along minus the
    gradient, with length proportional to the gradient's.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.book.plotting import downhill_arrows
    >>> values = np.linspace(-1, 1, 5)
    >>> points = np.array([[0.5, 0.5], [-0.5, 0.0]])
    >>> ax = downhill_arrows(values, np.add.outer(values**2, values**2), points, 2 * points)
    >>> len(ax.collections[-1].get_offsets())  # one arrow per point
    2
    """
    ax = contour_map(values, grid, indices, ax=ax, mark_minimum=True)
    # Lengths span orders of magnitude: draw the square root of each length,
    # so the short arrows of the flat valley still show their direction.
    lengths = np.linalg.norm(gradients, axis=1, keepdims=True)
    shown = -gradients / np.maximum(lengths, 1e-300) * np.sqrt(lengths)
    ax.quiver(points[:, 0], points[:, 1], shown[:, 0], shown[:, 1],
              color="white", edgecolor="black", linewidth=0.6, angles="xy", width=0.006)
    ax.get_legend().remove()  # the caption says what the star and the arrows are
    return ax


def stepper_figure(data):
    """Draw a stepper's whole run on its curve (the static stand-in of the widget); return the axes.

    ``data`` is :func:`~nnlesson.book.explorer.stepper_data`'s dict, so the
    picture shows exactly the steps the interactive figure steps through.

    Examples
    --------
    >>> from nnlesson.book.plotting import stepper_figure
    >>> data = {"curve": {"w_from": 0.0, "w_to": 2.0, "cost": [0.3, 0.1, 0.2]}, "x_label": "w",
    ...         "steps": {"w": [0.0, 1.0], "cost": [0.3, 0.1]}}
    >>> stepper_figure(data).get_lines()[1].get_xdata().tolist()
    [0.0, 1.0]
    """
    _, ax = plt.subplots()
    curve = data["curve"]
    ax.plot(np.linspace(curve["w_from"], curve["w_to"], len(curve["cost"])), curve["cost"],
            color=COLORS["cost"], lw=2, label="cost $J$")
    ax.plot(data["steps"]["w"], data["steps"]["cost"],
            "o-", ms=4, lw=1, color=COLORS["path"], label="descent steps")
    ax.set_xlabel(f"weight {data['x_label']}")
    ax.set_ylabel("cost $J$")
    ax.legend(loc="upper center")
    return ax


def explorer_figure(data, rates=(0.001, 30.0, 3000.0)):
    """Draw some of the explorer's runs on its map (the static stand-in); return the axes.

    ``data`` is :func:`~nnlesson.book.explorer.explorer_data`'s dict: the
    map and the paths are the ones the interactive figure draws. ``rates``
    picks the runs: ones whose paths differ (small rates follow much the same
    path as each other, only slower). The legend sits under the map.

    Examples
    --------
    >>> import numpy as np
    >>> from nnlesson.book.plotting import explorer_figure
    >>> values = np.linspace(-1, 1, 5).tolist()
    >>> runs = [{"learning_rate": r, "x": [0.5, 0.0], "y": [0.5, 0.0]} for r in (1.0, 2.0)]
    >>> data = {"map": {"x": values, "y": values, "cost": np.add.outer(values, values).tolist()},
    ...         "x_label": "a", "y_label": "b", "runs": runs}
    >>> len(explorer_figure(data, rates=(2.0,)).get_lines())  # the path and its end
    2
    """
    fig, ax = plt.subplots(figsize=(5.6, 5.4))
    grid = np.array(data["map"]["cost"])
    _filled_map(ax, data["map"]["x"], data["map"]["y"], grid)
    by_rate = {run["learning_rate"]: run for run in data["runs"]}
    outline = [patheffects.withStroke(linewidth=4.5, foreground="black")]
    for k, (rate, color) in enumerate(zip(rates, ["white", COLORS["path"], "#e67e22"])):
        path = np.column_stack([by_rate[rate]["x"], by_rate[rate]["y"]])
        z = 10 - k  # the slower runs' shorter paths on top
        ax.plot(path[:, 0], path[:, 1], "-", color=color, lw=2.5, path_effects=outline,
                label=f"$\\eta$ = {rate:g}", zorder=z)
        ax.plot(path[-1, 0], path[-1, 1], "o", color=color, markeredgecolor="black", ms=8,
                zorder=z)
    ax.set_xlim(min(data["map"]["x"]), max(data["map"]["x"]))
    ax.set_ylim(min(data["map"]["y"]), max(data["map"]["y"]))
    ax.set_xlabel(f"weight {data['x_label']}")
    ax.set_ylabel(f"weight {data['y_label']}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=len(rates), frameon=False,
              title="each run ends at its dot")
    fig.tight_layout()
    return ax
