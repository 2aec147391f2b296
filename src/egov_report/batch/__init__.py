"""Every report in one command: plan what changed, render in parallel, summarise, index.

``python -m egov_report batch`` (``make reports``) renders every province-year found under
``data/``. It is incremental: each published report carries ``inputs.json``, the SHA-256 of
every file it was built from, written by the render itself:

- the data files the notebook read (framework, unit registry, the year's settings, score files
  and findings, and the previous year's files when the report compares with it), taken from
  the report's provenance, so the list is exactly what the loader read;
- the code: the report's notebook, every file of ``src/egov_report/`` (templates included,
  except the batch's own modules and the index template, which cannot change a report) and the
  validation suites in ``expectations/``.

(``egov_report.stamps`` writes and reads the stamps; ``plan`` decides, ``run`` renders, ``index``
lists.)

A report is rebuilt when one of those files changed content, disappeared or (for code) was
added; touching a file without changing it rebuilds nothing. Planning imports nothing heavy
(no pandas, Great Expectations or papermill) and hashes about a megabyte, so a run with
nothing to do takes a fraction of a second.

Reports are rendered by separate processes (``python -m egov_report render P Y``), each
driving its own kernel, up to ``--jobs`` at a time. A failure does not stop the others; the
summary lists it and the exit status is 1. ``reports/index.html`` lists every published report.
One batch runs at a time per reports folder (a second stops, naming the first, or waits with
``--wait``); Ctrl-C or SIGTERM stops the renders too and the index is still rewritten.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..paths import DATA_DIR, REPORTS_DIR
from .index import write_index
from .plan import plan as plan_jobs
from .run import BatchBusy as BatchBusy  # re-exported: the command line catches it
from .run import batch_lock, default_workers, failures_at, summary
from .run import run as run_jobs

SKIPPED_LISTED = 20  # up to this many reports left as they are are named; beyond, counted


def main(
    jobs: int | None = None,
    force: bool = False,
    dry_run: bool = False,
    data_dir: Path = DATA_DIR,
    reports_dir: Path = REPORTS_DIR,
    out=print,
    wait: bool = False,
) -> int:
    """Plan, render and index, under the reports folder's batch lock (a dry run takes no lock)."""
    if dry_run:
        return _main(jobs, force, dry_run, data_dir, reports_dir, out)
    with batch_lock(reports_dir, wait=wait, out=out):
        return _main(jobs, force, dry_run, data_dir, reports_dir, out)


def _main(jobs, force, dry_run, data_dir, reports_dir, out) -> int:
    started = time.perf_counter()
    planned = plan_jobs(data_dir, reports_dir, force=force)
    todo = [j for j in planned if j.reason]
    workers = max(1, min(jobs or default_workers(), len(todo) or 1))
    if not planned:
        out(f"Không tìm thấy tỉnh, năm nào trong {data_dir} (cần <tỉnh>/<năm>/evaluation.yaml).")
        return 0
    out(
        f"{len(planned)} báo cáo: {len(todo)} cần tạo, {len(planned) - len(todo)} đã mới nhất"
        + (f"; chạy {workers} tiến trình song song." if todo else ".")
    )
    skipped = [job.name for job in planned if not job.reason]
    if skipped:
        out(
            f"  = không đổi, bỏ qua: {', '.join(skipped)}"
            if len(skipped) <= SKIPPED_LISTED
            else f"  = {len(skipped)} báo cáo không đổi, bỏ qua"
        )
    if dry_run:
        for job in todo:
            out(f"  ▶ {job.name}: {job.reason}")
        return 0
    result = run_jobs(planned, workers, data_dir, reports_dir, out=out)
    result.seconds = time.perf_counter() - started
    index = write_index(reports_dir, failures_at(result))
    out(summary(result, planned))
    if todo:
        out(f"Danh mục báo cáo: {index}")
    if result.interrupted:
        return 128 + int(result.signal_number)
    return 0 if result.ok else 1
