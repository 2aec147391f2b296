"""Rendering one province-year: check, run the kind's notebook, export HTML and PDF, publish.

Orchestration only: ``notebook`` runs the kernel, ``page`` and ``contents`` make the HTML,
``pdf_process`` the PDF, ``publish`` swaps the report in atomically, ``stamps`` records what it
was built from. The kind (from the framework file, through the registry ``egov_report.kinds``)
names the notebook and the extra files written next to the report (each in its own process,
beside the HTML and PDF export); nothing here knows a kind or the shape of its record.

On failure, interruption (Ctrl-C, SIGTERM) included, the last good report is left byte for byte
as it was and the failed run (executed notebook, validation.json, validation-ge.json) is kept
in ``reports/<province>/<year>.failed/``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .. import kinds, paths, stamps
from ..catalog import check_parameters, framework_file
from ..core import limits
from ..core.published import published_path, reconcile
from ..core.records import FIGURES_FILE, GE_LOG_FILE, VALIDATION_FILE, read_json, report_title, write_json
from ..errors import (
    FrameworkError,
    InputError,
    Interrupted,
    ParameterError,
    ReportError,
    ValidationFailed,
    os_error_from_text,
    os_error_message,
)
from ..paths import PROJECT_ROOT
from .completeness import looks_complete
from .contents import add_table_of_contents
from .notebook import kernel_environment, notebook_stages, run_notebook, scrub_paths, stage_of_cell, variables_set
from .pdf import print_html
from .pdf_process import PdfJob
from .publish import (
    failed_folder,
    interrupts_kept,
    keep_failed,
    publish,
    recover,
    report_lock,
    signals_deferred,
    staging_root,
    stop_if_interrupted,
)
from .system import check_system, check_weasyprint
from .technical import TECHNICAL_FILE, technical_html

TIMINGS_FILE = "timings.json"  # next to each report: seconds per stage, peak memory
EXECUTED_NOTEBOOK = "report.ipynb"


@dataclass
class RenderResult:
    target: Path
    # Seconds per stage: "notebook" (papermill: kernel start to shutdown), "html", "pdf", and
    # within the notebook "kernel_start" plus one entry per stage its cells are tagged with
    # (see notebook.notebook_stages); "outputs_wait": waiting for the kind's extra outputs after the PDF.
    seconds: dict[str, float] = field(default_factory=dict)
    memory_mb: dict[str, float] = field(default_factory=dict)  # peak RSS: "renderer", "kernel"
    validated_ahead: bool | None = None  # the kernel took the validation made ahead (None: the kind makes none)


def shown_path(path: Path) -> str:
    """A path for a message on the terminal: relative to the project when inside it."""
    try:
        return str(Path(path).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(Path(path).resolve())


def render(
    province, year, reports_dir: Path | None = None, data_dir: Path | None = None, log=print, full: bool = True
) -> RenderResult:
    """Render one province-year into reports/<province>/<year>/, or leave the last good report as it was.

    ``reports_dir`` and ``data_dir`` default to reports/ and data/ (or EGOV_REPORTS_DIR and
    EGOV_DATA_DIR), looked up when called. ``full=False`` allows the fast path (render.fastpath):
    when only narrative inputs changed since the published report, its figure record is reused.
    """
    data_dir = Path(data_dir) if data_dir is not None else Path(paths.DATA_DIR)
    reports_dir = Path(reports_dir) if reports_dir is not None else Path(paths.REPORTS_DIR)
    province, year = check_parameters(province, year, data_dir)
    kind = kinds.kind(kinds.check_framework(framework_file(data_dir / province, year)))  # a broken one stops here
    check_system(load_weasyprint=False)  # WeasyPrint itself is imported while the kernel starts (render_into)
    target = reports_dir / province / str(year)
    result = RenderResult(target=target)
    with report_lock(reports_dir, province, year), interrupts_kept() as interrupts:
        recover(reports_dir, target, province, year)
        staging = staging_root(reports_dir) / f"{province}-{year}-{uuid.uuid4().hex[:8]}"
        try:
            staging.mkdir(parents=True)  # inside the try: a signal right after it still cleans it up
            if not full and _fast_path_allowed(kind, target, data_dir, province, year, log):
                render_fast(kind, staging, target, province, year, result, log, data_dir)
            else:
                with kernel_environment(data_dir):
                    render_into(kind, staging, province, year, result, log, data_dir)
            scrub_paths(staging / EXECUTED_NOTEBOOK, staging, PROJECT_ROOT)
            with signals_deferred():  # the run is complete: a signal now waits for the swap
                stop_if_interrupted(interrupts)  # one Python dropped on the way stops the render here
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


def render_into(
    kind: kinds.Kind, staging: Path, province: str, year: int, result: RenderResult, log, data_dir: Path
) -> None:
    """The render's work inside a staging folder: notebook, HTML, PDF, the kind's outputs, timings, stamp.

    No lock, no publishing: ``render`` wraps it (and ``egov-bench`` measures the floor with it).
    """
    # The inputs are validated beside the starting kernel, which takes the result (render.ahead):
    # started first, so that the rest of this process's preparation overlaps it too.
    ahead = _validate_ahead(kind, province, year, staging)
    try:
        code = stamps.code_inputs(kind.notebook)  # taken before the run: a file changed meanwhile rebuilds next time
        # This process idles while the kernel starts and works: import the exporters meanwhile (on the
        # other core, once the validation ahead has it to itself: both are done before the kernel is).
        # papermill (the kernel's client) first, in this thread: nbconvert and it share jupyter_client, and two
        # threads importing one package at once can meet a partially initialised module (ImportError)
        import papermill  # noqa: F401

        preload = _preload("nbconvert", "weasyprint", after=ahead.wait if ahead else None)
        started = time.perf_counter()
        _execute(kind, staging, province, year, ahead.kernel_variables if ahead else {})
    finally:
        if ahead:
            result.validated_ahead = ahead.stop()
    result.seconds["notebook"] = time.perf_counter() - started
    import nbformat

    executed_notebook = nbformat.read(staging / EXECUTED_NOTEBOOK, as_version=4)
    result.seconds.update(notebook_stages(executed_notebook))
    log(f"  notebook đã chạy ({result.seconds['notebook']:.1f} s)")

    record = read_json(staging / FIGURES_FILE)
    export_into(kind, staging, executed_notebook, record, result, log, data_dir, province, year, code, preload)


def render_fast(
    kind: kinds.Kind, staging: Path, target: Path, province: str, year: int, result: RenderResult, log, data_dir: Path
) -> None:
    """The fast path's work inside a staging folder: the stored record, the notebook's cells run in
    this process (render.fastpath), then the same export as a full render."""
    import nbformat

    from . import fastpath

    code = stamps.code_inputs(kind.notebook)
    started = time.perf_counter()
    executed = nbformat.read(target / EXECUTED_NOTEBOOK, as_version=4)
    try:
        executed, namespace = fastpath.run_narrative(executed, target, province, year, data_dir)
    except fastpath.NotebookError as error:
        cause = error.__cause__
        if isinstance(cause, ReportError):  # an input error (a published key, a findings image): as a full run says it
            raise cause from None
        raise ReportError(f"Notebook dừng vì lỗi: {error}") from None
    record = namespace["record"]
    write_json(record, staging / FIGURES_FILE)
    fastpath.copy_validation(target, staging)
    nbformat.write(executed, staging / EXECUTED_NOTEBOOK)
    result.seconds["notebook"] = 0.0
    result.seconds["narrative"] = time.perf_counter() - started
    log(f"  chỉ phần lời văn thay đổi: dựng lại từ số liệu đã tính ({result.seconds['narrative']:.1f} s)")
    export_into(kind, staging, executed, read_json(staging / FIGURES_FILE), result, log, data_dir, province, year, code)


def _fast_path_allowed(kind: kinds.Kind, target: Path, data_dir: Path, province: str, year: int, log) -> bool:
    from . import fastpath

    if not fastpath.stored_complete(target):
        return False
    allowed, changed = fastpath.narrative_change(stamps.read_stamp(target), kind.notebook, data_dir, province, year)
    if allowed and changed:
        log("  đầu vào thay đổi chỉ ở phần lời văn: " + ", ".join(changed))
    return allowed


def export_into(
    kind: kinds.Kind,
    staging: Path,
    executed_notebook,
    record: dict,
    result: RenderResult,
    log,
    data_dir: Path,
    province: str,
    year: int,
    code: dict[str, str],
    preload=None,
) -> None:
    """From the executed notebook and its record to the report's files in ``staging``: HTML, PDF,
    technical record, the kind's outputs, timings and stamp (``code``: the code inputs taken before)."""
    stamps.check_unchanged(record, data_dir)  # the figures describe the files as they are, or nothing is published
    check_published(record, data_dir, province, year, log)
    _export(kind, staging, executed_notebook, record, result, preload, (province, year, data_dir))
    log(f"  HTML ({result.seconds['html']:.1f} s) và PDF ({result.seconds['pdf']:.1f} s) đã tạo")

    stamps.check_unchanged(record, data_dir)  # and still are, now that the report is made
    _write_timings_and_stamp(kind, staging, record, code, result, (province, year, data_dir))


def _execute(kind: kinds.Kind, staging: Path, province: str, year: int, variables: dict[str, str]) -> None:
    """Run the kind's notebook into staging/report.ipynb, ``variables`` added to the kernel's environment."""
    from papermill.exceptions import PapermillExecutionError

    executed = staging / EXECUTED_NOTEBOOK
    try:
        with variables_set(variables):
            run_notebook(kind.notebook, executed, province, year, staging)
    except PapermillExecutionError as exc:
        raise _NotebookFailed(exc) from None
    except Exception as exc:  # a cell over its time, or the kernel gone (killed, out of memory)
        raise _stopped_notebook(exc, executed) from None


def _export(
    kind: kinds.Kind,
    staging: Path,
    executed_notebook,
    record: dict,
    result: RenderResult,
    preload,
    where: tuple[str, int, Path],
) -> None:
    """report.html, technical.html and report.pdf, the kind's extra outputs beside them; all made or none waited for."""
    outputs = [_start_output(output, staging) for output in kind.outputs]  # beside HTML and PDF
    pdf_job = None
    try:
        started = time.perf_counter()
        if preload is not None:
            preload.join()
        check_weasyprint()  # imported by the preload, or the reason it could not be, with the packages to install
        from .page import nbconvert_pass, template_html  # nbconvert: imported by the preload too

        page = add_table_of_contents(template_html(executed_notebook, report_title(record["meta"])))
        # The PDF is laid out in a process of its own from the template's page (report.html's DOM)
        # while this one finishes report.html (nbconvert's last pass) and technical.html.
        pdf_job = PdfJob(print_html(page), staging / "report.pdf")
        html_started = time.perf_counter()
        html = _write_report_html(nbconvert_pass(page), staging)
        _write_technical(html, record, staging, where)
        result.seconds["html"] = time.perf_counter() - started

        pdf_job.wait()
        pdf_job = None
        _check_pdf(staging / "report.pdf")
        # the PDF's own time (from the page to the file), part of it beside the HTML's
        result.seconds["pdf"] = time.perf_counter() - html_started
        result.seconds["export"] = time.perf_counter() - started  # HTML and PDF together, as waited for
        started = time.perf_counter()
        while outputs:
            _finish_output(*outputs.pop(0))
        result.seconds["outputs_wait"] = time.perf_counter() - started
    finally:
        if pdf_job is not None:  # HTML failed, or an interruption: the PDF is not waited for
            pdf_job.stop()
        for process, errors, _output in outputs:  # HTML, PDF or an output failed: stop the others too
            process.kill()
            process.wait()
            errors.close()


def _write_report_html(html: str, staging: Path) -> str:
    """report.html, once the page is fit to publish (``looks_complete``); returns it."""
    problems = looks_complete(html)
    if problems:
        raise ReportError("HTML không đạt: " + "; ".join(problems))
    (staging / "report.html").write_text(html, encoding="utf-8")
    return html


def _write_technical(html: str, record: dict, staging: Path, where: tuple[str, int, Path]) -> None:
    """technical.html beside report.html: the validation as the kernel wrote it, else the record's."""
    from ..core.builder import absent_parts  # after the kernel: the renderer's start stays lean
    from ..core.document import read_document

    validation = (
        read_json(staging / VALIDATION_FILE) if (staging / VALIDATION_FILE).exists() else record.get("validation", {})
    )
    (staging / TECHNICAL_FILE).write_text(
        technical_html(
            record, validation, report_title(record["meta"]), report=html, absent=absent_parts(read_document(*where))
        ),
        encoding="utf-8",
    )


def _check_pdf(pdf: Path) -> None:
    if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
        raise ReportError("Không tạo được tệp PDF")


def _write_timings_and_stamp(
    kind: kinds.Kind, staging: Path, record: dict, code, result: RenderResult, where: tuple[str, int, Path]
) -> None:
    """timings.json, then the stamp (inputs.json), which lists every file of the report, itself included."""
    province, year, data_dir = where
    result.memory_mb = peak_memory_mb()
    write_json(
        {
            "seconds": {k: round(v, 3) for k, v in result.seconds.items()},
            "peak_memory_mb": result.memory_mb,
            "validated_ahead": result.validated_ahead,
        },
        staging / TIMINGS_FILE,
    )
    data = stamps.data_inputs(record, data_dir, province) | stamps.year_folder_inputs(data_dir, province, year)
    files = sorted(p.name for p in staging.iterdir()) + [stamps.STAMP_FILE]
    extra = [{"file": o.file, "label": o.label} for o in kind.outputs]
    stamp = stamps.make_stamp(province, year, record, code, data, result.seconds, files, extra)
    from .fastpath import FIGURE_PARTS, figure_parts

    stamp[FIGURE_PARTS] = figure_parts(data_dir, province, year, data)  # a narrative edit of evaluation.yaml told apart
    write_json(stamp, staging / stamps.STAMP_FILE)


def _validate_ahead(kind: kinds.Kind, province: str, year: int, staging: Path):
    """Start validating the inputs ahead (a kind that names its loader and validation), else None."""
    if not (kind.loader and kind.validator):
        return None
    from . import ahead

    return ahead.start(kind.loader, kind.validator, province, year, staging, limits.render_memory_bytes())


MEMORY_HINT = "đặt biến môi trường EGOV_RENDER_MEMORY_MB để nâng giới hạn nếu dữ liệu thật sự lớn như vậy"


def _stopped_notebook(error: Exception, executed: Path) -> Exception:
    """A notebook stopped by a bound (a cell's time) or with its kernel gone: a message naming the stage."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if not isinstance(error, (CellTimeoutError, DeadKernelError)):
        return error
    stage = _stage_reached(executed, quoted=str(error) if isinstance(error, CellTimeoutError) else "")
    if isinstance(error, CellTimeoutError):
        return ReportError(
            f"Quá thời gian ở bước «{stage}»: một ô của notebook chạy quá "
            f"{limits.render_cell_seconds()} s (đặt EGOV_RENDER_CELL_SECONDS để nâng giới hạn)"
        )
    return ReportError(
        f"Kernel của notebook dừng đột ngột ở bước «{stage}» (có thể do hết bộ nhớ: giới hạn "
        f"{limits.render_memory_bytes() // limits.MB} MB; {MEMORY_HINT})"
    )


def _stage_reached(executed: Path, execution_count: int | None = None, quoted: str = "") -> str:
    import nbformat

    try:
        return stage_of_cell(nbformat.read(executed, as_version=4), execution_count, quoted)
    except (OSError, ValueError, IndexError):
        return "không rõ"


def check_published(record: dict, data_dir: Path, province: str, year: int, log) -> None:
    """Each published figure that departs from the record as a warning; one marked to fail stops the run."""
    path = published_path(data_dir, province, year)
    failing = []
    for comparison in reconcile(record, path):
        if comparison.matches:
            continue
        log(f"  cảnh báo: {shown_path(path)}: {comparison.describe()}")
        if comparison.on_mismatch == "fail":
            failing.append(comparison.describe())
    if failing:
        raise InputError(
            f"{shown_path(path)}: số liệu lệch với số đã công bố (on_mismatch: fail): " + "; ".join(failing)
        )


OUTPUT_NICENESS = 10  # how much lower than the renderer a kind's extra output runs (Unix niceness)


def _start_output(output: kinds.Output, staging: Path):
    """Start writing one of the kind's extra files from figures.json, in a process of its own."""
    errors = open(staging / f".{output.file}.err", "w+")
    command = output.command(staging / FIGURES_FILE, staging / output.file)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, stdin=subprocess.DEVNULL)
    # The PDF is the render's longest step: on two cores it and the HTML come first, the extra file
    # takes what they leave (it was slowing the PDF by a few tenths of a second, three processes on two cores).
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, process.pid, min(os.getpriority(os.PRIO_PROCESS, 0) + OUTPUT_NICENESS, 19))
    return process, errors, output


def _finish_output(process, errors, output: kinds.Output) -> None:
    """Wait for an extra output; a failure names the file and the last line its process said."""
    try:
        code = process.wait()
        errors.seek(0)
        message = errors.read().strip().splitlines()
    finally:
        errors.close()
        os.unlink(errors.name)
    if code != 0:
        raise ReportError(f"Không tạo được tệp {output.file}: " + (message[-1] if message else f"mã thoát {code}"))


def peak_memory_mb() -> dict[str, float]:
    """Peak resident memory of this process, and of its largest finished child (the kernel)."""
    import resource

    scale = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return {
        "renderer": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale, 1),
        "kernel": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / scale, 1),
    }


def _preload(*modules: str, after=None):
    """Import modules in a background thread (once ``after()`` returns); the caller joins it before using them."""
    import importlib
    import threading

    def work():
        if after is not None:
            with contextlib.suppress(Exception):
                after()
        for name in modules:
            with contextlib.suppress(Exception):  # a real import error surfaces where the module is used
                importlib.import_module(name)

    thread = threading.Thread(target=work, name="egov-preload", daemon=True)
    thread.start()
    return thread


class _NotebookFailed(Exception):
    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


_OS_ERRORS = {
    "OSError",
    "IOError",
    "PermissionError",
    "FileNotFoundError",
    "FileExistsError",
    "IsADirectoryError",
    "NotADirectoryError",
    "BlockingIOError",
    "InterruptedError",
    "TimeoutError",
}
_NOTEBOOK_ERRORS = {"InputError": InputError, "FrameworkError": FrameworkError, "ParameterError": ParameterError}


def _explain_failure(staging: Path, target: Path, error: BaseException) -> BaseException | None:
    """The failed run kept for debugging, and the exception to show instead of ``error`` (None: ``error``).

    Messages name what was kept: the executed notebook and the complete validation results.
    A failure that is not a ReportError (a bug) leaves its traceback in traceback.txt there, so
    the analyst sees a message and a developer finds the details.
    """
    if not staging.exists():
        return Interrupted(_signal_of(error)) if isinstance(error, KeyboardInterrupt) else None
    unexpected = not isinstance(error, (ReportError, _NotebookFailed, KeyboardInterrupt, OSError))
    if unexpected:
        with contextlib.suppress(OSError):  # a full disk must not hide the error itself
            (staging / "traceback.txt").write_text("".join(traceback.format_exception(error)), encoding="utf-8")
    validation = _read_validation(staging / VALIDATION_FILE)
    failed, kept = _keep(staging, target)
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
        written = os_error_from_text(detail.evalue) if detail.ename in _OS_ERRORS else None
        if written is not None:  # a cell writing figures.json on a full disk ...: said as the renderer says it
            return ReportError(f"{os_error_message(written, shown_path, staging.parent)}{suffix}")
        if detail.ename == "MemoryError":
            stage = _stage_reached(failed / EXECUTED_NOTEBOOK if failed else staging, detail.exec_count)
            return ReportError(
                f"Hết bộ nhớ ở bước «{stage}» (ô số {detail.exec_count}): giới hạn "
                f"{limits.render_memory_bytes() // limits.MB} MB; {MEMORY_HINT}{suffix}"
            )
        return ReportError(f"Notebook dừng vì lỗi ở ô số {detail.exec_count}: {detail.ename}: {detail.evalue}{suffix}")
    if isinstance(error, ReportError):
        return type(error)(f"{error}{suffix}") if type(error) is not ValidationFailed else None
    if isinstance(error, OSError):
        return ReportError(f"{os_error_message(error, shown_path, staging.parent)}{suffix}")
    return ReportError(f"Lỗi không mong đợi khi tạo báo cáo ({type(error).__name__}: {error}){suffix}")


def _keep(staging: Path, target: Path) -> tuple[Path | None, str]:
    """Keep the failed run beside the report: (the folder, the lines saying what it holds).

    Keeping it never hides the error that stopped the run: if the folder cannot be kept (a full
    disk, another file system), the lines say so and why, after the first error.
    """
    try:
        _cap_kept(staging)
        worth = [n for n in ("report.ipynb", VALIDATION_FILE, GE_LOG_FILE, "traceback.txt") if (staging / n).exists()]
        failed = keep_failed(staging, target) if worth else None
    except OSError as second:
        return None, f"(Không giữ lại được lần chạy lỗi: {os_error_message(second, shown_path, target.parent)})"
    return failed, _kept_lines(failed)


def _cap_kept(staging: Path) -> None:
    """What a failed run keeps stays small: a file over ``limits.max_kept_bytes()`` is replaced by a note."""
    cap = limits.max_kept_bytes()
    for path in staging.iterdir():
        if path.is_file() and path.stat().st_size > cap:
            size = path.stat().st_size
            path.unlink()
            path.with_name(path.name + ".qua-lon.txt").write_text(
                f"{path.name}: {size / limits.MB:.0f} MB, vượt giới hạn {cap // limits.MB} MB của những gì một lần chạy "
                "lỗi giữ lại (EGOV_MAX_KEPT_MB); không giữ.\n",
                encoding="utf-8",
            )


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
    for name, what in (
        ("report.ipynb", "Notebook đã chạy được giữ lại để kiểm tra"),
        (GE_LOG_FILE, "Kết quả kiểm tra Great Expectations đầy đủ"),
        ("traceback.txt", "Chi tiết lỗi (cho người phát triển)"),
    ):
        if (failed / name).exists():
            lines.append(f"{what}: {shown_path(failed / name)}")
    return "\n".join(lines)
