"""A render's kernel warms up (imports its kind's libraries from its start) without leaving a trace.

Real kernels through the renderer's own ``run_notebook``: the modules named are imported before
the first cell, the notebook's namespace and its execution counts are those of a cold kernel, and
a module that cannot be imported is left for the cell that imports it to report.
"""

from __future__ import annotations

import json

import nbformat

from egov_report import kinds
from egov_report.render.notebook import run_notebook

# colorsys: a standard module that neither ipykernel nor papermill imports, so finding it in
# sys.modules can only be the warm-up's doing.
PROBE = (
    "import sys\n"
    "print(json.dumps({'colorsys': 'colorsys' in sys.modules, 'names': sorted(globals())}))"
)


def _notebook(path):
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    parameters = nbformat.v4.new_code_cell('province = ""\nyear = 0\noutput_dir = ""')
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell("import json"), nbformat.v4.new_code_cell(PROBE)]
    nbformat.write(notebook, path)
    return path


def _run(tmp_path, preload):
    source = _notebook(tmp_path / "probe.ipynb")
    executed = tmp_path / f"executed-{len(preload)}.ipynb"
    run_notebook(source, executed, "probe", 2000, tmp_path, preload=preload)
    cells = nbformat.read(executed, as_version=4).cells
    probe = cells[-1]
    text = "".join(o.get("text", "") for o in probe.outputs if o.output_type == "stream")
    return json.loads(text), [c.execution_count for c in cells if c.cell_type == "code"]


def test_the_kernel_imports_the_preloaded_modules_and_leaves_no_name(tmp_path):
    warm, warm_counts = _run(tmp_path, ("colorsys", "no_such_module_egov"))
    cold, cold_counts = _run(tmp_path, ())

    assert warm["colorsys"] is True and cold["colorsys"] is False
    assert warm["names"] == cold["names"]  # the warm-up binds nothing in the notebook's namespace
    assert "_egov_warm" not in warm["names"]
    assert warm_counts == cold_counts  # and runs no cell of its own: execution counts as in a cold kernel


def test_every_kind_preloads_the_core_libraries_by_default():
    for kind in kinds.registered().values():
        assert kind.preload == kinds.CORE_LIBRARIES
    assert "great_expectations" in kinds.CORE_LIBRARIES


def test_the_quick_system_check_names_the_packages_when_pango_is_missing(monkeypatch):
    """Before the kernel starts, Pango is only loaded (WeasyPrint is imported while the kernel starts);
    a missing Pango still stops the render at once, naming the Debian packages."""
    import ctypes

    import pytest

    from egov_report.errors import ReportError
    from egov_report.render import export

    def missing(name, *args, **kwargs):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    with pytest.raises(ReportError) as caught:
        export.check_system(load_weasyprint=False)
    assert "Pango" in str(caught.value) and export.SYSTEM_PACKAGES in str(caught.value)


def test_the_quick_system_check_passes_here_without_importing_weasyprint():
    import subprocess
    import sys

    code = ("import sys; from egov_report.render.export import check_system; check_system(load_weasyprint=False); "
            "print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
