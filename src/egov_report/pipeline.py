"""Rendering one province-year: run the notebook, export HTML and PDF, publish atomically.

Everything is written into a staging folder next to the reports; only when the notebook
ran, validation passed and both HTML and PDF were produced and checked does the staging
folder replace ``reports/<province>/<year>/``. On failure the last good report is left as
it was and the executed notebook is kept in ``reports/<province>/<year>.failed/``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ReportError, ValidationFailed
from .framework import KIND_NOTEBOOKS, check_framework, framework_file
from .loading import check_parameters
from .paths import DATA_DIR, NOTEBOOKS_DIR, REPORTS_DIR, display_path
from .records import FIGURES_FILE, VALIDATION_FILE, read_json

SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"


@dataclass
class RenderResult:
    target: Path
    seconds: dict[str, float] = field(default_factory=dict)


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
    """One render of a province-year at a time; a second one stops with a message."""
    locks = reports_dir / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with open(locks / f"{province}-{year}.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ReportError(f"Đang có một lần tạo báo cáo {province} {year} khác; hãy chờ lần đó kết thúc.") from None
        yield


@contextlib.contextmanager
def kernel_environment(data_dir: Path):
    """The kernel inherits this process's environment: point it at the same data folder."""
    saved = os.environ.get("EGOV_DATA_DIR")
    os.environ["EGOV_DATA_DIR"] = str(Path(data_dir).resolve())
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("EGOV_DATA_DIR", None)
        else:
            os.environ["EGOV_DATA_DIR"] = saved


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
    )


def publish(staging: Path, target: Path) -> None:
    """Swap the new report in: the old one is renamed away first, then removed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    if target.exists():
        os.rename(target, previous)
    os.rename(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


def keep_failed(staging: Path, target: Path) -> Path:
    failed = target.with_name(f"{target.name}.failed")
    failed.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(failed, ignore_errors=True)
    os.rename(staging, failed)
    return failed


def render(province, year, reports_dir: Path = REPORTS_DIR, data_dir: Path = DATA_DIR, log=print) -> RenderResult:
    province, year = check_parameters(province, year, data_dir)
    kind = check_framework(framework_file(Path(data_dir) / province, year))  # a broken framework stops here
    notebook = NOTEBOOKS_DIR / f"{KIND_NOTEBOOKS[kind]}.ipynb"
    check_system()
    reports_dir = Path(reports_dir)
    target = reports_dir / province / str(year)
    result = RenderResult(target=target)
    with report_lock(reports_dir, province, year):
        staging = reports_dir / ".staging" / f"{province}-{year}-{uuid.uuid4().hex[:8]}"
        staging.mkdir(parents=True)
        try:
            with kernel_environment(data_dir):
                _render_into(notebook, staging, province, year, result, log)
            publish(staging, target)
        except BaseException:
            if staging.exists():
                _explain_failure(staging, target)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return result


def _render_into(notebook: Path, staging: Path, province: str, year: int, result: RenderResult, log) -> None:
    import nbformat
    from papermill.exceptions import PapermillExecutionError

    from .rendering import html_to_pdf, looks_complete, notebook_to_html

    executed = staging / "report.ipynb"
    started = time.perf_counter()
    try:
        run_notebook(notebook, executed, province, year, staging)
    except PapermillExecutionError as exc:
        raise _NotebookFailed(exc) from None
    result.seconds["notebook"] = time.perf_counter() - started
    log(f"  notebook đã chạy ({result.seconds['notebook']:.1f} s)")

    started = time.perf_counter()
    record = read_json(staging / FIGURES_FILE)
    meta = record["meta"]
    title = f"{meta['title']} {meta['province_name_full']} năm {meta['year']}"
    html = notebook_to_html(nbformat.read(executed, as_version=4), title)
    problems = looks_complete(html)
    if problems:
        raise ReportError("HTML không đạt: " + "; ".join(problems))
    (staging / "report.html").write_text(html, encoding="utf-8")
    result.seconds["html"] = time.perf_counter() - started

    started = time.perf_counter()
    pdf = staging / "report.pdf"
    html_to_pdf(html, pdf)
    if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
        raise ReportError("Không tạo được tệp PDF")
    result.seconds["pdf"] = time.perf_counter() - started
    log(f"  HTML ({result.seconds['html']:.1f} s) và PDF ({result.seconds['pdf']:.1f} s) đã tạo")


class _NotebookFailed(Exception):
    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def _explain_failure(staging: Path, target: Path) -> None:
    """Turn a failed run into an actionable message; keep the executed notebook for debugging."""
    validation_file = staging / VALIDATION_FILE
    validation = read_json(validation_file) if validation_file.exists() else None
    notebook_ran = (staging / "report.ipynb").exists()
    failed = keep_failed(staging, target) if notebook_ran else None
    kept = f"\nNotebook đã chạy được giữ lại để kiểm tra: {display_path(failed / 'report.ipynb')}" if failed else ""
    if validation and not validation["passed"]:
        raise ValidationFailed([e["message"] for e in validation["errors"]], detail=kept.strip()) from None
    import sys

    error = sys.exc_info()[1]
    if isinstance(error, _NotebookFailed):
        detail = error.error
        raise ReportError(
            f"Notebook dừng vì lỗi ở ô số {detail.exec_count}: {detail.ename}: {detail.evalue}{kept}"
        ) from None
    if isinstance(error, ReportError):
        raise ReportError(f"{error}{kept}") from None
