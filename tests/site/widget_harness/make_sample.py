"""Write the widget test page: sample data for both widget kinds, from real runs.

    python tests/site/widget_harness/make_sample.py [OUT_DIR]

writes ``index.html`` (``template.html`` with the sample JSON embedded) and
two small fallback PNGs into OUT_DIR (default: this folder). The page loads
``docs/_static/nnl-widgets.{js,css}`` by relative path when OUT_DIR is this
folder, and by file:// URL otherwise. The JSON follows the format in the
header comment of nnl-widgets.js; the book's own producer will do the same
with its own words.
"""

import html
import json
import pathlib
import sys

import numpy as np

from nnlesson import cost_grid, gradient_descent, load_data
from nnlesson.book import MAX_STEPS, ONE_WEIGHT, TOLERANCE, TWO_WEIGHTS, book_network

HERE = pathlib.Path(__file__).resolve().parent
STATIC = HERE.parents[2] / "docs" / "_static"
RATES = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]
REASONS = {
    "converged": "the gradient became shorter than the tolerance, 0.0001",
    "step limit": f"it used all {MAX_STEPS:,} steps without the gradient getting short enough",
    "diverged": "the next step would have raised J above its starting value, so it was refused",
}


def r5(x):
    """Round to 5 significant digits, as the book's producer does."""
    return float(f"{x:.5g}")


def stored_steps(n, most=250):
    """All steps of a short run; for a long one, a thinned selection with 0 and n."""
    if n + 1 <= most:
        return np.arange(n + 1)
    early = np.geomspace(1, n, most // 2).round()
    even = np.linspace(0, n, most // 2).round()
    return np.unique(np.concatenate([[0, n], early, even])).astype(int)


def explorer_data(net, X, y):
    values = np.linspace(-5, 5, 61)
    grid = cost_grid(net, X, y, values, TWO_WEIGHTS)
    i, j = np.unravel_index(np.argmin(grid), grid.shape)
    runs = []
    for rate in RATES:
        result = gradient_descent(net, X, y, rate, MAX_STEPS, TOLERANCE, TWO_WEIGHTS)
        keep = stored_steps(result.n_steps)
        path = result.params[:, list(TWO_WEIGHTS)]  # the per-step weights
        runs.append({
            "learning_rate": rate, "reason": result.reason, "reason_text": REASONS[result.reason],
            "n_steps": result.n_steps, "final_cost": r5(result.costs[-1]),
            "n_steps_text": f"{result.n_steps:,}",
            "steps": keep.tolist(),
            "points": [[r5(a), r5(b)] for a, b in path[keep]],
            "costs": [r5(c) for c in result.costs[keep]],
        })
    return {
        "kind": "explorer", "static_id": "fig-explorer-static",
        "title": "Gradient descent on two weights",
        "x_label": "W⁽¹⁾₀,₀", "y_label": "W⁽¹⁾₀,₁",
        "settings_text": f"Every run: at most {MAX_STEPS:,} steps; stops when the gradient "
                         f"is shorter than {TOLERANCE:g}.",
        "initial": RATES.index(10),
        "map": {"x": values.round(5).tolist(), "y": values.round(5).tolist(),
                "cost": [[r5(c) for c in row] for row in grid], "cost_is_row_x": True,
                "best": [r5(values[i]), r5(values[j])], "best_cost": r5(grid[i, j])},
        "runs": runs,
    }, grid, values


def stepper_data(net, X, y, rate=30):
    values = np.linspace(-5, 5, 201)
    curve = cost_grid(net, X, y, values, ONE_WEIGHT)
    result = gradient_descent(net, X, y, rate, 40, 1e-3, ONE_WEIGHT)
    w = result.params[:, ONE_WEIGHT[0]]
    slopes = []
    for weights in result.params:  # dJ/dw at each step
        _, grad = net.with_params(weights).cost_and_gradient(X, y)
        slopes.append(grad[ONE_WEIGHT[0]])
    return {
        "kind": "stepper", "static_id": "fig-stepper-static",
        "title": "One weight, one step at a time",
        "x_label": "W⁽¹⁾₀,₀", "learning_rate": rate,
        "settings_text": f"Learning rate {rate}; the run stops when the slope is shorter than 0.001.",
        "end_text": "the slope is now flatter than the tolerance, so the run stops here.",
        "curve": {"w": values.round(5).tolist(), "cost": [r5(c) for c in curve]},
        "steps": [{"w": r5(a), "cost": r5(c), "slope": r5(s)}
                  for a, c, s in zip(w, result.costs, slopes)],
    }, curve, values, result


def fallback_pngs(out, grid, values, curve, one_values, one):
    """Two small static figures, standing in for the book's own."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3.4), dpi=80)
    ax.contourf(values, values, grid.T, levels=20, cmap="viridis")
    ax.set_xlabel("W1[0,0]"); ax.set_ylabel("W1[0,1]")
    fig.tight_layout(); fig.savefig(out / "explorer-static.png"); plt.close(fig)
    fig, ax = plt.subplots(figsize=(4, 2.8), dpi=80)
    ax.plot(one_values, curve)
    ax.plot(one.params[:, 0], one.costs, "o-", ms=3)
    ax.set_xlabel("W1[0,0]"); ax.set_ylabel("J")
    fig.tight_layout(); fig.savefig(out / "stepper-static.png"); plt.close(fig)


def embed(data):
    """JSON that is safe inside <script>: no "</" can end the element early."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


def write(out=HERE):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    X, y = load_data()
    net = book_network()
    explorer, grid, values = explorer_data(net, X, y)
    stepper, curve, one_values, one = stepper_data(net, X, y)
    fallback_pngs(out, grid, values, curve, one_values, one)
    static = ("../../../docs/_static" if out.resolve() == HERE else STATIC.as_uri())
    page = (HERE / "template.html").read_text(encoding="utf-8")
    page = (page.replace("{{STATIC}}", html.escape(static))
                .replace("{{EXPLORER_JSON}}", embed(explorer))
                .replace("{{STEPPER_JSON}}", embed(stepper)))
    (out / "index.html").write_text(page, encoding="utf-8")
    return out / "index.html"


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else HERE))
