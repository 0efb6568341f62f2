"""The code a reader sees runs on its own, in order.

For every chapter, drop the cells the page removes (``remove-cell``: glue
and styling only) and run the rest top to bottom in a fresh kernel. A name
that only a removed cell defines fails here, as it would for a reader who
copies the visible code. Hidden-input cells count as visible: the reader
can open them.
"""

import pathlib

import pytest

jupytext = pytest.importorskip("jupytext")
nbclient = pytest.importorskip("nbclient")

DOCS = pathlib.Path(__file__).resolve().parents[1] / "docs"
CHAPTERS = ["network", "cost", "brute-force", "downhill", "descent", "convexity", "claims"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_visible_code_runs_in_order(chapter, tmp_path):
    notebook = jupytext.read(DOCS / f"{chapter}.md")
    before = sum(cell.cell_type == "code" for cell in notebook.cells)
    notebook.cells = [cell for cell in notebook.cells
                      if "remove-cell" not in cell.metadata.get("tags", [])]
    kept = sum(cell.cell_type == "code" for cell in notebook.cells)
    assert 0 < kept < before, "expected both visible and removed cells"
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, naming the cell, on the first failure
    errors = [output for cell in notebook.cells if cell.cell_type == "code"
              for output in cell.get("outputs", []) if output.get("output_type") == "error"]
    assert errors == []
