"""Running a batch: render the jobs that need it in parallel processes, and summarise.

Reports are rendered by separate processes (``python -m egov_report render P Y``), each driving
its own kernel, up to ``workers`` at a time, the longest first. A failure does not stop the
others; the summary lists it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import DATA_DIR, PROJECT_ROOT, REPORTS_DIR
from .plan import Job

LOGS_DIR = ".batch"  # under reports/: the output of each render of the last batch run


@dataclass
class Outcome:
    job: Job
    status: str  # "built", "failed", "skipped"
    seconds: float = 0.0
    returncode: int | None = None
    message: str = ""  # the render's error output, for a failure
    log: Path | None = None


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1
    interrupted: bool = False

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def ok(self) -> bool:
        return not self.of("failed") and not self.interrupted


def default_workers() -> int:
    """Workers: ``-jN`` when run by ``make -jN``, otherwise one per available core."""
    flags = os.environ.get("MAKEFLAGS", "")
    match = re.search(r"(?:^|\s)-j\s*(\d+)", flags) or re.search(r"(?:^|\s)--jobs=(\d+)", flags)
    if match:
        return max(1, int(match.group(1)))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _clock() -> str:
    return time.strftime("%H:%M:%S")


def _render_command(job: Job) -> list[str]:
    return [sys.executable, "-m", "egov_report", "render", job.province, str(job.year)]


def _error_text(path: Path, limit: int = 12) -> str:
    try:
        lines = [line.rstrip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    except OSError:
        return ""
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} dòng nữa trong {path})"]
    return "\n".join(lines)


def run(jobs: list[Job], workers: int, data_dir: Path = DATA_DIR, reports_dir: Path = REPORTS_DIR,
        out=print, poll: float = 0.05) -> BatchResult:
    """Render the jobs that need it, ``workers`` processes at a time; never stops at a failure."""
    started = time.perf_counter()
    result = BatchResult(workers=workers)
    todo = sorted((j for j in jobs if j.reason), key=lambda j: -j.estimate)  # longest first
    result.outcomes += [Outcome(j, "skipped") for j in jobs if not j.reason]
    logs = Path(reports_dir) / LOGS_DIR
    logs.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, EGOV_DATA_DIR=str(Path(data_dir).resolve()),
               EGOV_REPORTS_DIR=str(Path(reports_dir).resolve()), PYTHONUNBUFFERED="1")
    env.pop("MAKEFLAGS", None)  # the renders are not make jobs
    total, queue, running = len(todo), list(todo), {}
    numbers = {id(j): i + 1 for i, j in enumerate(todo)}
    try:
        while queue or running:
            while queue and len(running) < workers:
                job = queue.pop(0)
                log, err = logs / f"{job.province}-{job.year}.log", logs / f"{job.province}-{job.year}.err"
                with open(log, "w") as stdout, open(err, "w") as stderr:
                    process = subprocess.Popen(_render_command(job), stdout=stdout, stderr=stderr, env=env,
                                               cwd=PROJECT_ROOT, stdin=subprocess.DEVNULL)
                running[process] = (job, time.perf_counter(), log, err)
                out(f"{_clock()} ▶ [{numbers[id(job)]}/{total}] {job.name}: bắt đầu ({job.reason})")
            time.sleep(poll)
            for process in [p for p in running if p.poll() is not None]:
                job, began, log, err = running.pop(process)
                seconds = time.perf_counter() - began
                if process.returncode == 0:
                    outcome = Outcome(job, "built", seconds, 0, log=log)
                    out(f"{_clock()} ✓ [{numbers[id(job)]}/{total}] {job.name}: xong sau {seconds:.1f} s")
                else:
                    outcome = Outcome(job, "failed", seconds, process.returncode, _error_text(err), log=err)
                    first = outcome.message.splitlines()[0] if outcome.message else f"mã thoát {process.returncode}"
                    out(f"{_clock()} ✗ [{numbers[id(job)]}/{total}] {job.name}: LỖI sau {seconds:.1f} s — {first}")
                result.outcomes.append(outcome)
    except KeyboardInterrupt:
        result.interrupted = True
        for process in running:  # they received the same Ctrl-C; give them time to clean up
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.terminate()
                process.wait()
    order = {(j.province, j.year): i for i, j in enumerate(jobs)}
    result.outcomes.sort(key=lambda o: order[(o.job.province, o.job.year)])
    result.seconds = time.perf_counter() - started
    return result


def summary(result: BatchResult, jobs: list[Job]) -> str:
    built, failed, skipped = result.of("built"), result.of("failed"), result.of("skipped")
    if not built and not failed and not result.interrupted:
        return (f"Không có gì để làm: cả {len(skipped)} báo cáo đã mới nhất so với dữ liệu và mã nguồn "
                f"({result.seconds:.2f} s).")
    lines = [f"Tóm tắt: {len(built)} báo cáo đã tạo, {len(failed)} lỗi, {len(skipped)} không đổi (bỏ qua); "
             f"{result.seconds:.1f} s với {result.workers} tiến trình song song."]
    for outcome in built:
        lines.append(f"  ✓ {outcome.job.name}  {outcome.seconds:.1f} s")
    for outcome in failed:
        lines.append(f"  ✗ {outcome.job.name}  LỖI (mã thoát {outcome.returncode}) — báo cáo trước đó (nếu có) được giữ nguyên")
        lines += [f"      {line}" for line in outcome.message.splitlines()]
    if result.interrupted:
        done = {(o.job.province, o.job.year) for o in result.outcomes}
        left = [j.name for j in jobs if j.reason and (j.province, j.year) not in done]
        lines.append("Đã dừng theo yêu cầu" + (f"; chưa tạo: {', '.join(left)}" if left else "") + ".")
    return "\n".join(lines)
