"""Store the expected outputs of the notebooks' regression-check cells.

Cells marked ``# NBVAL_CHECK_OUTPUT`` are compared by ``pytest --nbval-lax`` with the outputs
saved in the notebook. After a deliberate change of the figures (a new dictionary entry, a
better rule), run this script, read the diff of the notebooks, and commit it:

    .venv/bin/python scripts/refresh_checked_outputs.py

It executes each notebook with its default parameters (the seed corpus) and keeps the outputs
of the marked cells only; every other output is cleared, so the notebooks stay small.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
MARK = "NBVAL_CHECK_OUTPUT"


def refresh(path: Path) -> int:
    notebook = nbformat.read(path, as_version=4)
    executed = nbformat.read(path, as_version=4)
    NotebookClient(executed, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    kept = 0
    for cell, ran in zip(notebook.cells, executed.cells):
        if cell.cell_type != "code":
            continue
        cell.execution_count = None
        if MARK in cell.source:
            # nbval only compares cells that look executed: give them a count.
            cell.execution_count = ran.execution_count
            cell.outputs = [o for o in ran.outputs if o.get("output_type") in {"stream", "execute_result", "display_data"}]
            kept += 1
        else:
            cell.outputs = []
    nbformat.write(notebook, path)
    return kept


def main(paths: list[str]) -> int:
    for path in [Path(p) for p in paths] or sorted(NOTEBOOKS.glob("*.ipynb")):
        print(f"{path.name}: {refresh(path)} checked cells stored")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
