"""Figures the chapters share, in one style.

This module draws; the numerical modules never import it. Every function
returns a matplotlib figure (or draws on the axes given) and leaves showing
or saving to the caller. Backgrounds are opaque white so figures stay
readable when the site is in dark mode.
"""

import numpy as np

try:
    import matplotlib as mpl
    import matplotlib.pyplot as plt
except ImportError as error:  # a plain install has no matplotlib
    raise ImportError("nnlesson.book.plotting draws with matplotlib, which the book's "
                      "extra installs: pip install 'nnlesson[docs]'") from error

from nnlesson.network import unpack

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
    "figure.figsize": (6.4, 3.8),
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
    "font.size": 11,
    "axes.titlesize": 12,
    "legend.frameon": False,
    "svg.hashsalt": "nnlesson",
}


def use_book_style():
    """Apply the book's matplotlib style (opaque white, light grid)."""
    mpl.rcParams.update(STYLE)


def weight_label(index, sizes=(2, 3, 1)):
    """Return the math label of flat weight ``index`` (see :func:`~nnlesson.network.pack`).

    >>> from nnlesson.book.plotting import weight_label
    >>> weight_label(1), weight_label(7)
    ('$W^{(1)}_{0,1}$', '$W^{(2)}_{1,0}$')
    """
    for layer, W in enumerate(unpack(np.arange(sizes[1] * (sizes[0] + sizes[2])), sizes), 1):
        found = np.argwhere(W == index)
        if found.size:
            row, column = found[0]
            return f"$W^{{({layer})}}_{{{row},{column}}}$"
    raise ValueError(f"index must lie in 0..{W.size - 1 + sizes[0] * sizes[1]}, got {index!r}")


def cost_curve(values, costs, index=0, ax=None, label="cost $J$"):
    """Draw ``J`` against one weight; return the axes."""
    if ax is None:
        _, ax = plt.subplots()
    ax.plot(values, costs, color=COLORS["cost"], lw=2, label=label)
    ax.set_xlabel(f"weight {weight_label(index)} (no unit)")
    ax.set_ylabel("cost $J$ (squared score units)")
    return ax


def contour_map(values, grid, indices=(0, 1), ax=None, mark_minimum=True):
    """Draw a filled contour map of a 2-D cost grid; return the axes.

    ``grid[i, j]`` is the cost with weight ``indices[0]`` at ``values[i]``
    and weight ``indices[1]`` at ``values[j]``.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 4.6))
    # contourf wants rows along y: transpose so indices[0] runs along x.
    filled = ax.contourf(values, values, grid.T, levels=30, cmap="viridis")
    ax.figure.colorbar(filled, ax=ax, label="cost $J$")
    ax.set_xlabel(f"weight {weight_label(indices[0])}")
    ax.set_ylabel(f"weight {weight_label(indices[1])}")
    ax.grid(False)
    if mark_minimum:
        i, j = np.unravel_index(np.argmin(grid), grid.shape)
        ax.plot(values[i], values[j], marker="*", ms=16, color=COLORS["best"],
                markeredgecolor="black", ls="none", label="lowest grid point")
        ax.legend(loc="upper right", frameon=True)
    return ax


def prediction_bars(y, y_hat, ax=None):
    """Draw targets and predictions side by side for each student; return the axes."""
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
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left")
    return ax


def network_diagram(sizes=(2, 3, 1), labels=None, ax=None):
    """Draw a fully connected network with no biases; return the axes."""
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
            ax.scatter(x_pos, y_pos, s=900, color="white", edgecolor=COLORS["target"],
                       linewidth=2, zorder=2)
            text = labels.get((layer, k), "")
            ax.text(x_pos, y_pos, text, ha="center", va="center", fontsize=10, zorder=3)
        ax.text(layer, -0.02, names[layer] if layer < 3 else "", ha="center",
                va="top", fontsize=11)
    ax.set_xlim(-0.4, len(sizes) - 0.6)
    ax.set_ylim(-0.12, 1.0)
    ax.axis("off")
    return ax
