"""What a reader sees of an executed notebook: code cells' HTML outputs, nothing else.

No code, no prompts, no injected-parameters cell, no warnings or tracebacks, no cell tagged
``parameters``, ``injected-parameters``, ``remove-output`` or ``technical`` (technical.html has those).
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

REPORT_OUTPUT_TYPES = {"display_data", "execute_result"}
HIDDEN_TAGS = {"parameters", "injected-parameters", "remove-output", "technical"}


def report_view(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as a reader sees it (a copy: ``notebook`` is left as it was)."""
    view = copy.deepcopy(notebook)
    keep_report_cells(view)
    return view


def keep_report_cells(notebook: nbformat.NotebookNode) -> None:
    """Keep in place only the code cells that show HTML, and of each only its HTML outputs."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code" or set(cell.get("metadata", {}).get("tags", [])) & HIDDEN_TAGS:
            continue
        cell.outputs = [
            o
            for o in cell.get("outputs", [])
            if o.output_type in REPORT_OUTPUT_TYPES and "text/html" in o.get("data", {})
        ]
        if cell.outputs:
            cells.append(cell)
    notebook.cells = cells
