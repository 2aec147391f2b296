"""Rendering one province-year: run the notebook, export HTML and PDF, publish atomically.

Everything is written into a staging folder next to the reports; only when the notebook
ran, validation passed and both HTML and PDF were produced and checked does the staging
folder replace ``reports/<province>/<year>/``, in one atomic exchange of the two folders
(Linux ``renameat2``; elsewhere two renames, undone by the next run if interrupted). On
failure, interruption (Ctrl-C, SIGTERM) included, the last good report is left byte for byte
as it was and the failed run (executed notebook, validation.json, validation-ge.json) is kept
in ``reports/<province>/<year>.failed/``. A lock per province-year stops a second render of the
same report; what a killed run left behind is cleaned up by the next one, under that lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .errors import FrameworkError, InputError, Interrupted, ParameterError, RenderBusy, ReportError, ValidationFailed
from .framework import KIND_NOTEBOOKS, check_framework, framework_file
from .loading import check_parameters
from .paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_ROOT
from .records import FIGURES_FILE, VALIDATION_FILE, read_json
from .validation import GE_LOG_ENV, GE_LOG_FILE

SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
TIMINGS_FILE = "timings.json"  # next to each report: seconds per stage, peak memory


@dataclass
class RenderResult:
    target: Path
    # Seconds per stage: "notebook" (papermill: kernel start to shutdown), "html", "pdf", and
    # within the notebook "kernel_start" plus one entry per stage its cells are tagged with
    # (see notebook_stages); "workbook_wait": waiting for the Excel annex after the PDF.
    seconds: dict[str, float] = field(default_factory=dict)
    memory_mb: dict[str, float] = field(default_factory=dict)  # peak RSS: "renderer", "kernel"


def check_system() -> None:
    """WeasyPrint needs Pango and a font with Vietnamese letters from the system."""
    hint = f"Cài các gói Debian/Ubuntu: sudo apt-get install {SYSTEM_PACKAGES}"
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        raise ReportError(f"Thiếu thư viện hệ thống cho WeasyPrint (Pango): {exc}.\n{hint}") from None
    try:
        found = subprocess.run(["fc-list", ":family=DejaVu Sans", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        found = ""
    if "DejaVu Sans" not in found:
        raise ReportError(f"Không tìm thấy phông chữ DejaVu Sans (cần cho chữ tiếng Việt trong PDF).\n{hint}")


@contextlib.contextmanager
def report_lock(reports_dir: Path, province: str, year: int):
    """One render of a province-year at a time; a second one stops at once with a message.

    The lock is an flock on reports/.locks/<province>-<year>.lock: the system releases it when
    the process ends, however it ends, so a killed run never leaves a stale lock. The file holds
    the process id of the render that has it, for the message.
    """
    locks = Path(reports_dir) / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / f"{province}-{year}.lock", "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            by = f" (tiến trình {holder})" if holder.isdigit() else ""
            raise RenderBusy(
                f"Đang có một lần tạo báo cáo {province} {year} khác{by}; hãy chờ lần đó kết thúc rồi chạy lại."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()


@contextlib.contextmanager
def kernel_environment(data_dir: Path, validation_log: Path | None = None):
    """The kernel inherits this process's environment: point it at the same data folder, and tell
    validation where to write its complete Great Expectations results."""
    values = {"EGOV_DATA_DIR": str(Path(data_dir).resolve())}
    if validation_log is not None:
        values[GE_LOG_ENV] = str(Path(validation_log).resolve())
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_notebook(notebook: Path, output: Path, province: str, year: int, output_dir: Path) -> None:
    import papermill

    papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters={"province": province, "year": year, "output_dir": str(output_dir)},
        kernel_name="python3",
        kernel_manager_class="egov_report.kernels.LocalKernelManager",
        progress_bar=False,
        log_output=False,
        cwd=str(notebook.parent),
        # Every cell has run and every file it wrote is closed: stop the kernel at once. A
        # graceful shutdown waits for the interpreter to tear down pandas, matplotlib and
        # Great Expectations: 1 to 2.7 s of every render, measured on the flagship report.
        shutdown_kernel="immediate",
    )


def publish(staging: Path, target: Path) -> None:
    """Swap the new report in: at every moment the target is the whole old report or the whole new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):  # staging now holds the old report
        shutil.rmtree(staging, ignore_errors=True)
        return
    previous = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(target, previous)  # a kill between these two renames is undone by recover()
    os.rename(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two folders in one system call (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system without the exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(second))


def failed_folder(target: Path) -> Path:
    return target.with_name(f"{target.name}.failed")


def keep_failed(staging: Path, target: Path) -> Path:
    failed = failed_folder(target)
    failed.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(failed, ignore_errors=True)
    os.rename(staging, failed)
    return failed


def staging_root(reports_dir: Path) -> Path:
    return Path(reports_dir) / ".staging"


def recover(reports_dir: Path, target: Path, province: str, year: int) -> None:
    """Under the lock, before a render: undo what a killed run of this province-year left behind.

    A report renamed away but not replaced (killed between the two renames of the fallback
    publish) is put back; leftover staging folders and old copies are removed.
    """
    olds = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        os.rename(olds.pop(), target)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
    pattern = re.compile(rf"{re.escape(province)}-{year}-[0-9a-f]{{8}}")
    for stale in staging_root(reports_dir).glob(f"{province}-{year}-*"):
        if pattern.fullmatch(stale.name):
            shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def signals_deferred():
    """Ctrl-C or SIGTERM arriving while folders are swapped or cleaned up waits until that is done.

    Yields the list of signals received meanwhile. Only the main thread can handle signals;
    elsewhere this does nothing.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    saved = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        saved[number] = signal.getsignal(number)
        signal.signal(number, lambda signum, frame: received.append(signum))
    try:
        yield received
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def scrub_paths(executed: Path, staging: Path) -> None:
    """The published notebook names no folder of this machine: papermill's record of the run
    gives the notebook and the output folder relative to the project and the report."""
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    record = notebook.metadata.get("papermill", {})
    if record.get("input_path"):
        record["input_path"] = _project_relative(Path(record["input_path"]))
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


def _project_relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return path.name


def shown_path(path: Path) -> str:
    """A path for a message on the terminal: relative to the project when inside it."""
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(Path(path).resolve())


def render(province, year, reports_dir: Path | None = None, data_dir: Path | None = None, log=print) -> RenderResult:
    """Render one province-year into reports/<province>/<year>/, or leave the last good report as it was.

    ``reports_dir`` and ``data_dir`` default to reports/ and data/ (or EGOV_REPORTS_DIR and
    EGOV_DATA_DIR), looked up when called.
    """
    data_dir = Path(data_dir) if data_dir is not None else Path(paths.DATA_DIR)
    reports_dir = Path(reports_dir) if reports_dir is not None else Path(paths.REPORTS_DIR)
    province, year = check_parameters(province, year, data_dir)
    kind = check_framework(framework_file(data_dir / province, year))  # a broken framework stops here
    notebook = NOTEBOOKS_DIR / f"{KIND_NOTEBOOKS[kind]}.ipynb"
    check_system()
    target = reports_dir / province / str(year)
    result = RenderResult(target=target)
    with report_lock(reports_dir, province, year):
        recover(reports_dir, target, province, year)
        staging = staging_root(reports_dir) / f"{province}-{year}-{uuid.uuid4().hex[:8]}"
        staging.mkdir(parents=True)
        try:
            with kernel_environment(data_dir, staging / GE_LOG_FILE):
                _render_into(notebook, staging, province, year, result, log)
            scrub_paths(staging / "report.ipynb", staging)
            with signals_deferred():  # the run is complete: a signal now waits for the swap
                publish(staging, target)
                shutil.rmtree(failed_folder(target), ignore_errors=True)  # an older failure is obsolete
        except BaseException as error:
            with signals_deferred():
                explained = _explain_failure(staging, target, error)
            if explained is not None:
                raise explained from None
            raise
        finally:
            with signals_deferred():
                shutil.rmtree(staging, ignore_errors=True)
    return result


def _render_into(notebook: Path, staging: Path, province: str, year: int, result: RenderResult, log) -> None:
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    from .batch import STAMP_FILE, code_inputs, data_inputs, make_stamp
    from .records import write_json
    from .rendering import html_to_pdf, looks_complete, notebook_to_html

    code = code_inputs(notebook)  # taken before the run: a file changed meanwhile rebuilds the report next time
    preload = _preload("nbconvert")  # this process idles while the kernel works: import the exporter meanwhile
    executed = staging / "report.ipynb"
    started = time.perf_counter()
    try:
        run_notebook(notebook, executed, province, year, staging)
    except PapermillExecutionError as exc:
        raise _NotebookFailed(exc) from None
    result.seconds["notebook"] = time.perf_counter() - started
    executed_notebook = nbformat.read(executed, as_version=4)
    result.seconds.update(notebook_stages(executed_notebook))
    log(f"  notebook đã chạy ({result.seconds['notebook']:.1f} s)")

    record = read_json(staging / FIGURES_FILE)
    workbook = _start_workbook(record, staging)  # the Excel annex, in its own process, beside HTML and PDF
    try:
        started = time.perf_counter()
        preload.join()
        meta = record["meta"]
        title = f"{meta['title']} {meta['province_name_full']} năm {meta['year']}"
        html = notebook_to_html(executed_notebook, title)
        problems = looks_complete(html)
        if problems:
            raise ReportError("HTML không đạt: " + "; ".join(problems))
        (staging / "report.html").write_text(html, encoding="utf-8")
        result.seconds["html"] = time.perf_counter() - started

        started = time.perf_counter()
        pdf = staging / "report.pdf"
        html_to_pdf(print_html(html), pdf)
        if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
            raise ReportError("Không tạo được tệp PDF")
        result.seconds["pdf"] = time.perf_counter() - started
        if workbook is not None:
            result.seconds["workbook_wait"], workbook = _finish_workbook(*workbook), None
    finally:
        if workbook is not None:  # HTML or PDF failed: stop the workbook too
            workbook[0].kill()
            workbook[0].wait()
            workbook[1].close()
    log(f"  HTML ({result.seconds['html']:.1f} s) và PDF ({result.seconds['pdf']:.1f} s) đã tạo")

    result.memory_mb = peak_memory_mb()
    write_json({"seconds": {k: round(v, 3) for k, v in result.seconds.items()}, "peak_memory_mb": result.memory_mb},
               staging / TIMINGS_FILE)
    data = data_inputs(record, Path(os.environ.get("EGOV_DATA_DIR", DATA_DIR)), province)
    files = sorted(p.name for p in staging.iterdir()) + [STAMP_FILE]
    write_json(make_stamp(province, year, record, code, data, result.seconds, files), staging / STAMP_FILE)


# Table cells carry their alignment twice: as a class (report.css aligns th.right, td.left ...)
# and as an inline style, for JupyterLab, which shows the notebook without report.css.
# WeasyPrint parses every inline style on its own: 3,000 of them were 0.6-0.9 s of the
# flagship's PDF. The page it lays out keeps the classes only; the result is the same.
_ALIGNED_BY_CLASS = re.compile(r'(<t[hd] class="(left|right)") style="text-align: \2"')


def print_html(html: str) -> str:
    """The HTML WeasyPrint lays out: as report.html, less the inline styles the classes repeat."""
    return _ALIGNED_BY_CLASS.sub(r"\1", html)


STAGE_TAG = "stage-"  # a notebook cell tagged stage-<name> starts that stage; later cells belong to it


def notebook_stages(notebook) -> dict[str, float]:
    """Seconds per stage of an executed notebook, from papermill's timing of each cell.

    "kernel_start": from papermill's start to the first cell (the kernel launched and ready).
    Then the cells' durations summed per stage: a cell tagged ``stage-<name>`` starts stage
    <name>; an untagged cell belongs to the stage before it ("setup" before the first tag).
    """
    import datetime as dt

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
            stage = tags[0][len(STAGE_TAG):]
        stages[stage] = stages.get(stage, 0.0) + float(cell.metadata.papermill.get("duration") or 0.0)
    return stages


def peak_memory_mb() -> dict[str, float]:
    """Peak resident memory of this process, and of its largest finished child (the kernel)."""
    import resource

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return {
        "renderer": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1),
        "kernel": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale, 1),
    }


def _preload(*modules: str):
    """Import modules in a background thread; the caller joins it before using them."""
    import importlib
    import threading

    def work():
        for name in modules:
            with contextlib.suppress(Exception):  # a real import error surfaces where the module is used
                importlib.import_module(name)

    thread = threading.Thread(target=work, name="egov-preload", daemon=True)
    thread.start()
    return thread


def _start_workbook(record: dict, staging: Path):
    """Start writing rankings.xlsx from figures.json in a separate process (None: nothing to write)."""
    from .workbook import RANKINGS_FILE

    if not record.get("tiers") or not all("ranking" in t for t in record["tiers"]):
        return None
    errors = open(staging / ".workbook.err", "w+")
    command = [sys.executable, "-m", "egov_report.workbook", str(staging / FIGURES_FILE), str(staging / RANKINGS_FILE)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, stdin=subprocess.DEVNULL), errors


def _finish_workbook(process, errors) -> float:
    """Wait for the Excel annex; returns the seconds waited (what it added to the render)."""
    started = time.perf_counter()
    try:
        code = process.wait()
        errors.seek(0)
        message = errors.read().strip().splitlines()
    finally:
        errors.close()
        os.unlink(errors.name)
    if code != 0:
        raise ReportError("Không tạo được tệp rankings.xlsx: " + (message[-1] if message else f"mã thoát {code}"))
    return time.perf_counter() - started


class _NotebookFailed(Exception):
    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


_NOTEBOOK_ERRORS = {"InputError": InputError, "FrameworkError": FrameworkError, "ParameterError": ParameterError}


def _explain_failure(staging: Path, target: Path, error: BaseException) -> BaseException | None:
    """The failed run kept for debugging, and the exception to show instead of ``error`` (None: ``error``).

    Messages name what was kept: the executed notebook and the complete validation results.
    A failure that is not a ReportError (a bug) leaves its traceback in traceback.txt there, so
    the analyst sees a message and a developer finds the details.
    """
    if not staging.exists():
        return Interrupted(_signal_of(error)) if isinstance(error, KeyboardInterrupt) else None
    unexpected = not isinstance(error, (ReportError, _NotebookFailed, KeyboardInterrupt))
    if unexpected:
        (staging / "traceback.txt").write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    validation = _read_validation(staging / VALIDATION_FILE)
    worth_keeping = [n for n in ("report.ipynb", VALIDATION_FILE, GE_LOG_FILE, "traceback.txt") if (staging / n).exists()]
    failed = keep_failed(staging, target) if worth_keeping else None
    kept = _kept_lines(failed)
    if isinstance(error, KeyboardInterrupt) or _kernel_interrupted(error):
        return Interrupted(_signal_of(error), detail=kept)
    if validation is not None and not validation.get("passed", True):
        return ValidationFailed([e["message"] for e in validation.get("errors", [])], detail=kept)
    suffix = f"\n{kept}" if kept else ""
    if isinstance(error, _NotebookFailed):
        detail = error.error
        known = _NOTEBOOK_ERRORS.get(detail.ename)
        if known is not None:
            return known(f"{detail.evalue}{suffix}")
        return ReportError(f"Notebook dừng vì lỗi ở ô số {detail.exec_count}: {detail.ename}: {detail.evalue}{suffix}")
    if isinstance(error, ReportError):
        return type(error)(f"{error}{suffix}") if type(error) is not ValidationFailed else None
    return ReportError(f"Lỗi không mong đợi khi tạo báo cáo ({type(error).__name__}: {error}){suffix}")


def _kernel_interrupted(error: BaseException) -> bool:
    """Ctrl-C reached the kernel's running cell (an interrupt sent to the kernel too)."""
    return isinstance(error, _NotebookFailed) and error.error.ename == "KeyboardInterrupt"


def _signal_of(error: BaseException) -> int:
    return getattr(error, "signal_number", signal.SIGINT)


def _read_validation(path: Path) -> dict | None:
    try:
        return read_json(path) if path.exists() else None
    except (OSError, ValueError):
        return None


def _kept_lines(failed: Path | None) -> str:
    if failed is None:
        return ""
    lines = []
    for name, what in (("report.ipynb", "Notebook đã chạy được giữ lại để kiểm tra"),
                       (GE_LOG_FILE, "Kết quả kiểm tra Great Expectations đầy đủ"),
                       ("traceback.txt", "Chi tiết lỗi (cho người phát triển)")):
        if (failed / name).exists():
            lines.append(f"{what}: {shown_path(failed / name)}")
    return "\n".join(lines)
