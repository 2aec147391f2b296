"""The report notebook as analysts meet it: paired with its text twin, committed without
outputs, parameters discoverable, and served by a real Jupyter server."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid

import jupytext
import nbformat
import papermill
import pytest

from egov_report.catalog import check_parameters
from egov_report.errors import ParameterError
from egov_report.paths import NOTEBOOKS_DIR, PROJECT_ROOT

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def _cells(notebook):
    return [(c.cell_type, c.source.strip(), sorted(c.metadata.get("tags", []))) for c in notebook.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_and_its_text_twin_agree(path):
    twin = path.with_suffix(".py")
    assert twin.exists(), f"{path.name} has no jupytext twin {twin.name}"
    assert _cells(jupytext.read(path)) == _cells(jupytext.read(twin)), (
        f"{path.name} and {twin.name} disagree: run `jupytext --sync {twin.relative_to(PROJECT_ROOT)}`"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, "strip outputs before committing"


def test_parameters_are_discoverable():
    parameters = papermill.inspect_notebook(str(NOTEBOOKS_DIR / "report.ipynb"))
    assert parameters["province"]["inferred_type_name"] == "str"
    assert parameters["year"]["inferred_type_name"] == "int"
    assert "data/" in parameters["province"]["help"] and "data/" in parameters["year"]["help"]


@pytest.mark.parametrize("province, year", [("../etc", 2019), ("quangninh", "20x9"), ("quangninh", 1999)])
def test_bad_parameters_stop_in_the_first_cell_with_the_cli_message(province, year, tmp_path):
    with pytest.raises(ParameterError) as expected:
        check_parameters(province, year)
    with pytest.raises(papermill.PapermillExecutionError) as failure:
        papermill.execute_notebook(
            str(NOTEBOOKS_DIR / "report.ipynb"),
            str(tmp_path / "out.ipynb"),
            parameters={"province": province, "year": year},
            kernel_name="python3",
            progress_bar=False,
            cwd=str(NOTEBOOKS_DIR),
        )
    error = failure.value
    assert error.ename == "ParameterError" and error.evalue == str(expected.value)
    source = nbformat.read(NOTEBOOKS_DIR / "report.ipynb", as_version=4)
    first_code = next(
        c for c in source.cells if c.cell_type == "code" and "parameters" not in c.metadata.get("tags", [])
    )
    assert error.source == first_code.source  # nothing ran before the check


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, token: str):
    request = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _post(url: str, token: str, body: dict):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.loads(response.read())


@pytest.fixture
def jupyter_server(tmp_path):
    port, token = _free_port(), uuid.uuid4().hex
    environment = dict(
        os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_CONFIG_DIR=str(tmp_path / "config")
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter_server",
            "--no-browser",
            "--allow-root",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={PROJECT_ROOT}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                _get(f"{base}/api/status", token)
                break
            except OSError:
                time.sleep(0.25)
        else:
            pytest.fail("the Jupyter server did not start")
        yield base, token
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_jupyter_server_serves_the_notebook_and_the_project_kernel(jupyter_server):
    base, token = jupyter_server
    model = _get(f"{base}/api/contents/notebooks/report.ipynb", token)
    assert model["type"] == "notebook"
    tags = [c["metadata"].get("tags", []) for c in model["content"]["cells"]]
    assert ["parameters"] in tags
    specs = _get(f"{base}/api/kernelspecs", token)
    assert "python3" in specs["kernelspecs"]
    kernel = _post(f"{base}/api/kernels", token, {"name": "python3"})
    assert kernel["name"] == "python3" and kernel["id"]
    assert any(k["id"] == kernel["id"] for k in _get(f"{base}/api/kernels", token))


@pytest.mark.e2e
def test_notebook_runs_with_its_defaults(tmp_path):
    """As in JupyterLab: no parameters, nothing written, the analysis rendered inline."""
    before = sorted(p.name for p in NOTEBOOKS_DIR.iterdir())
    executed = papermill.execute_notebook(
        str(NOTEBOOKS_DIR / "report.ipynb"),
        str(tmp_path / "out.ipynb"),
        kernel_name="python3",
        progress_bar=False,
        cwd=str(NOTEBOOKS_DIR),
    )
    html = "".join(o.get("data", {}).get("text/html", "") for c in executed.cells for o in c.get("outputs", []))
    assert "Quảng Ninh" in html and "73,83" in html and "<svg" in html
    assert not any(o.get("output_type") == "error" for c in executed.cells for o in c.get("outputs", []))
    assert sorted(p.name for p in NOTEBOOKS_DIR.iterdir()) == before


def test_the_rendering_kernel_collects_cycles_less_often_and_a_jupyterlab_kernel_as_python_does(tmp_path):
    """The renderer's kernel runs one notebook and stops (render/notebook.py KERNEL_GC); an analyst's is untouched."""
    import gc

    from egov_report.render.notebook import run_notebook

    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import gc; print(gc.get_threshold())")])
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(probe, tmp_path / "probe.ipynb")
    run_notebook(tmp_path / "probe.ipynb", tmp_path / "rendered.ipynb", "quangninh", 2019, tmp_path)
    printed = nbformat.read(tmp_path / "rendered.ipynb", as_version=4).cells[-1].outputs[0].text.strip()
    assert printed == "(20000, 50, 100)"
    plain = papermill.execute_notebook(
        str(tmp_path / "probe.ipynb"), str(tmp_path / "plain.ipynb"), kernel_name="python3", progress_bar=False
    )
    assert plain.cells[-1].outputs[0].text.strip() == str(gc.get_threshold())
