"""Running a report's notebook: papermill with a local kernel, and the seconds each stage took.

The kernel and the renderer always run on the same machine: the kernel talks over local IPC
sockets instead of loopback TCP (no ports, so two renders never race for one, and ipykernel does
not warn about unencrypted TCP), kept in a folder of the render's own that is removed whatever
the end of the render (and by the next render when a killed one could not). A notebook's cells are tagged ``stage-<name>``; the executed
notebook's cell timings give each stage's seconds for ``timings.json``.

Invariant: a render's kernel never outlives ``run_notebook``, however it ends. papermill shuts the
kernel down only once it has started it; Ctrl-C or SIGTERM while the kernel is being launched or
waited for left it running, orphaned, until ipykernel noticed its parent had gone: it found its
connection file removed, opened TCP ports of its own and wrote ipykernel's warnings into the
analyst's terminal after the render's own message. So every manager a render creates is
remembered and its kernel killed before the render's folder is removed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

from ..core import limits
from ..processes import running

STAGE_TAG = "stage-"  # a notebook cell tagged stage-<name> starts that stage; later cells belong to it


# A rendering kernel runs one notebook and stops: the cycle collector runs 30 times less often than
# Python's default (700 allocations), which spent about a second of the flagship's cells walking the
# objects pandas, matplotlib and the record build (docs/performance.md); memory stays within 1 %.
KERNEL_GC = "import gc; gc.set_threshold(20_000, 50, 100)"

RUNTIME_PREFIX = "egov-render-"  # a render's own folder in the temporary folder: egov-render-<pid>-<random>


@functools.lru_cache(maxsize=1)
def local_kernel_manager():
    """The class of a render's kernel manager. jupyter_client is imported here, as a kernel is about
    to start, not with this module: the renderer starts the validation made ahead before it."""
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        """A kernel reached through IPC sockets, its memory capped (``core.limits.render_memory_bytes``,
        through ``render.limited``). Sockets and connection file (with the kernel's key) are kept in
        ``runtime_folder``, the render's own folder, removed with it whatever the end of the render."""

        runtime_folder: Path | None = None
        created: list | None = None  # the managers of this class, so that their kernels can be stopped

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.created is not None:
                self.created.append(self)
            folder = Path(self.runtime_folder or tempfile.gettempdir())
            self.transport = "ipc"
            self.ip = str(folder / f"egov-kernel-{uuid.uuid4().hex[:12]}")
            self.connection_file = str(folder / "kernel.json")

        def format_kernel_cmd(self, extra_arguments=None):
            command = super().format_kernel_cmd(extra_arguments) + [f"--IPKernelApp.exec_lines={KERNEL_GC}"]
            return [
                sys.executable,
                "-m",
                "egov_report.render.limited",
                str(limits.render_memory_bytes()),
                "--",
                *command,
            ]

    return LocalKernelManager


@contextlib.contextmanager
def kernel_environment(data_dir: Path):
    """The kernel inherits this process's environment: point it at the same data folder."""
    with variables_set({"EGOV_DATA_DIR": str(Path(data_dir).resolve())}):
        yield


@contextlib.contextmanager
def variables_set(variables: dict[str, str]):
    """These variables set in this process's environment (which the kernel inherits), then restored."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def runtime_folder():
    """The render's folder for kernel sockets and connection file: created, then removed on every
    exit path; folders left by a render that was killed (its process gone) are removed first."""
    remove_stale_runtime_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{RUNTIME_PREFIX}{os.getpid()}-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_stale_runtime_folders(temporary: Path | None = None) -> list[Path]:
    """Remove egov-render-<pid>-* folders whose process no longer runs (a render killed with SIGKILL)."""
    removed = []
    for folder in Path(temporary or tempfile.gettempdir()).glob(f"{RUNTIME_PREFIX}*"):
        pid = folder.name[len(RUNTIME_PREFIX) :].split("-")[0]
        if pid.isdigit() and not running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def run_notebook(notebook: Path, output: Path, province: str, year: int, output_dir: Path) -> None:
    with runtime_folder() as folder:
        created = []
        manager = type("RenderKernelManager", (local_kernel_manager(),), {"runtime_folder": folder, "created": created})
        try:
            _execute(notebook, output, province, year, output_dir, manager)
        finally:
            kill_kernels(created)


def kill_kernels(managers) -> None:
    """Kill the kernels of these managers that still run, and wait for them. After a render that
    ended normally there are none: papermill has shut its kernel down."""
    for manager in managers:
        process = getattr(manager.provisioner, "process", None)  # jupyter_client's LocalProvisioner: a Popen
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


def _execute(notebook: Path, output: Path, province: str, year: int, output_dir: Path, manager) -> None:
    import papermill

    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters={"province": province, "year": year, "output_dir": str(output_dir)},
        kernel_name="python3",
        kernel_manager_class=manager,
        progress_bar=False,
        execution_timeout=limits.render_cell_seconds(),
        log_output=False,
        cwd=str(notebook.parent),
        # Every cell has run and every file it wrote is closed: stop the kernel at once. A
        # graceful shutdown waits for the interpreter to tear down pandas, matplotlib and
        # Great Expectations: 1 to 2.7 s of every render, measured on the flagship report.
        shutdown_kernel="immediate",
    )


def stage_of_cell(notebook, execution_count: int | None = None, quoted: str = "") -> str:
    """The stage a cell belongs to (by the ``stage-`` tags before it): the cell with this execution
    count (a cell that failed), else the cell whose first line ``quoted`` (a timeout's message)
    quotes, else the first code cell that never finished (the one a dead kernel stopped)."""
    cells = notebook.cells
    quoting = [
        i
        for i, c in enumerate(cells)
        if c.cell_type == "code" and quoted and c.source.strip() and c.source.strip().split("\n")[0] in quoted
    ]
    if execution_count is not None:
        found = [i for i, c in enumerate(cells) if c.get("execution_count") == execution_count]
    elif quoting:
        found = quoting
    else:
        found = [
            i
            for i, c in enumerate(cells)
            if c.cell_type == "code" and not c.get("metadata", {}).get("papermill", {}).get("end_time")
        ]
    stage = "setup"
    for cell in cells[: (found[0] if found else len(cells) - 1) + 1]:
        tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith(STAGE_TAG)]
        if tags:
            stage = tags[0][len(STAGE_TAG) :]
    return stage


def notebook_stages(notebook) -> dict[str, float]:
    """Seconds per stage of an executed notebook, from papermill's timing of each cell.

    "kernel_start": from papermill's start to the first cell (the kernel launched and ready).
    Then the cells' durations summed per stage: a cell tagged ``stage-<name>`` starts stage
    <name>; an untagged cell belongs to the stage before it ("setup" before the first tag).
    """
    timed = [c for c in notebook.cells if c.get("metadata", {}).get("papermill", {}).get("start_time")]
    began = notebook.metadata.get("papermill", {}).get("start_time")
    if not timed or not began:
        return {}
    first = dt.datetime.fromisoformat(timed[0].metadata.papermill.start_time)
    stages = {"kernel_start": (first - dt.datetime.fromisoformat(began)).total_seconds()}
    stage = "setup"
    for cell in timed:
        tags = [t for t in cell.metadata.get("tags", []) if t.startswith(STAGE_TAG)]
        if tags:
            stage = tags[0][len(STAGE_TAG) :]
        stages[stage] = stages.get(stage, 0.0) + float(cell.metadata.papermill.get("duration") or 0.0)
    return stages


def scrub_paths(executed: Path, staging: Path, project_root: Path) -> None:
    """The published notebook names no folder of this machine: papermill's record of the run
    gives the notebook and the output folder relative to the project and the report."""
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    record = notebook.metadata.get("papermill", {})
    if record.get("input_path"):
        path = Path(record["input_path"]).resolve()
        record["input_path"] = str(path.relative_to(project_root)) if path.is_relative_to(project_root) else path.name
    if record.get("output_path"):
        record["output_path"] = Path(record["output_path"]).name
    folders = {str(staging), str(Path(staging).resolve())}
    if record.get("parameters", {}).get("output_dir") in folders:
        record["parameters"]["output_dir"] = "."
    for cell in notebook.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            for folder in sorted(folders, key=len, reverse=True):
                cell.source = cell.source.replace(folder, ".")
    nbformat.write(notebook, executed)
