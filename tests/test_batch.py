"""Rendering in batches: what each render records about itself.

(make reports, incrementality and failure collection are tested here as they land.)
"""

from __future__ import annotations

import pytest

from egov_report.pipeline import notebook_stages


def test_notebook_stages_from_cell_timings():
    import nbformat

    def cell(tags, start, duration):
        return nbformat.v4.new_code_cell(metadata={"tags": tags, "papermill": {
            "start_time": f"2024-01-01T00:00:{start:06.3f}+00:00", "duration": duration}})

    notebook = nbformat.v4.new_notebook(cells=[
        cell(["parameters"], 1.5, 0.01), cell(["stage-imports"], 1.6, 0.5), cell([], 2.2, 0.25),
        cell(["stage-validation"], 2.5, 2.0), cell(["stage-narrative"], 4.6, 1.0), cell([], 5.7, 0.5)])
    notebook.metadata["papermill"] = {"start_time": "2024-01-01T00:00:00.500+00:00"}
    assert notebook_stages(notebook) == pytest.approx(
        {"kernel_start": 1.0, "setup": 0.01, "imports": 0.75, "validation": 2.0, "narrative": 1.5})


def test_the_flagship_records_its_stages(flagship):
    import json

    timings = json.loads((flagship / "timings.json").read_text(encoding="utf-8"))
    for stage in ("kernel_start", "imports", "loading", "validation", "analysis", "narrative", "notebook", "html", "pdf"):
        assert timings["seconds"][stage] >= 0, stage
    assert timings["peak_memory_mb"]["renderer"] > 0 and timings["peak_memory_mb"]["kernel"] > 0
