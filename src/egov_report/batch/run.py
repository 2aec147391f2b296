"""Running a batch: render the jobs that need it in parallel processes, and summarise.

Reports are rendered by separate processes (``python -m egov_report render P Y``), each driving
its own kernel, up to ``workers`` at a time, the longest first. A failure does not stop the
others; the summary lists it.

Invariants: one batch at a time per reports folder (``batch_lock``: its logs and its index are
its own); each render runs in its own process group, so Ctrl-C or SIGTERM to the batch is passed
to every render, which stops as a render does (the last good report or the new one, never half),
and the batch waits for them before it rewrites the index. A render that finds its report busy
in another process (exit 75) is "bận", never a failure.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EXIT_BUSY
from ..locks import holding
from ..paths import DATA_DIR, PROJECT_ROOT, REPORTS_DIR
from .plan import Job

LOGS_DIR = ".batch"  # under reports/: the output of each render of the last batch run
STOP_WAIT = 60  # seconds a stopped render has to clean up before its process group is killed


class BatchBusy(Exception):
    """Another batch holds the reports folder; the message says which."""


def batch_lock(reports_dir: Path, wait: bool = False, out=print):
    """One batch per reports folder: the lock reports/.locks/batch.lock, holding the process id and
    start time of the batch that has it; a second batch stops with BatchBusy, or waits (``wait``)."""

    def busy(holder: str) -> BatchBusy:
        return BatchBusy(
            f"Đang có một lần tạo báo cáo hàng loạt khác trên thư mục này ({holder or 'không rõ'}); "
            "hãy chờ lần đó kết thúc, hoặc chạy với --wait để tự chờ."
        )

    def waiting(holder: str) -> None:
        out(f"Đang chờ lần tạo báo cáo hàng loạt khác kết thúc ({holder or 'không rõ'}) ...")

    holder = f"tiến trình {os.getpid()}, bắt đầu lúc {time.strftime('%H:%M:%S %d/%m/%Y')}"
    return holding(Path(reports_dir) / ".locks" / "batch.lock", holder, busy, waiting if wait else None)


@dataclass
class Outcome:
    job: Job
    status: str  # "built", "failed", "busy" (rendered by another process meanwhile), "skipped"
    seconds: float = 0.0
    returncode: int | None = None
    message: str = ""  # the render's error output, for a failure
    log: Path | None = None
    started_at: float = 0.0  # time.time() when the render started


@dataclass
class BatchResult:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1
    interrupted: bool = False
    signal_number: int = signal.SIGINT  # what stopped an interrupted batch

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
    """The render of one job; --force runs every notebook (a narrative change alone takes the fast path)."""
    full = ["--full"] if job.reason == "--force" else []
    return [sys.executable, "-m", "egov_report", "render", job.province, str(job.year), *full]


def _error_text(path: Path, limit: int = 12) -> str:
    try:
        lines = [
            line.rstrip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()
        ]
    except OSError:
        return ""
    if len(lines) > limit:
        lines = lines[:limit] + [f"... ({len(lines) - limit} dòng nữa trong {path})"]
    return "\n".join(lines)


def run(
    jobs: list[Job],
    workers: int,
    data_dir: Path = DATA_DIR,
    reports_dir: Path = REPORTS_DIR,
    out=print,
    poll: float = 0.05,
) -> BatchResult:
    """Render the jobs that need it, ``workers`` processes at a time; never stops at a failure."""
    started = time.perf_counter()
    result = BatchResult(workers=workers)
    todo = sorted((j for j in jobs if j.reason), key=lambda j: -j.estimate)  # longest first
    result.outcomes += [Outcome(j, "skipped") for j in jobs if not j.reason]
    logs = Path(reports_dir) / LOGS_DIR
    logs.mkdir(parents=True, exist_ok=True)
    env = dict(
        os.environ,
        EGOV_DATA_DIR=str(Path(data_dir).resolve()),
        EGOV_REPORTS_DIR=str(Path(reports_dir).resolve()),
        PYTHONUNBUFFERED="1",
    )
    env.pop("MAKEFLAGS", None)  # the renders are not make jobs
    queue, running = list(todo), {}
    numbers = {id(j): f"[{i + 1}/{len(todo)}]" for i, j in enumerate(todo)}
    try:
        while queue or running:
            while queue and len(running) < workers:
                job = queue.pop(0)
                running[_start(job, logs, env)] = (job, time.perf_counter(), time.time())
                out(f"{_clock()} ▶ {numbers[id(job)]} {job.name}: bắt đầu ({job.reason})")
            time.sleep(poll)
            for process in [p for p in running if p.poll() is not None]:
                job, began, wall = running.pop(process)
                result.outcomes.append(_finished(process, job, began, wall, logs, numbers[id(job)], out))
    except KeyboardInterrupt as stop:
        result.interrupted = True
        result.signal_number = getattr(stop, "signal_number", signal.SIGINT)
        stop_renders(list(running), result.signal_number)
    order = {(j.province, j.year): i for i, j in enumerate(jobs)}
    result.outcomes.sort(key=lambda o: order[(o.job.province, o.job.year)])
    result.seconds = time.perf_counter() - started
    return result


def _logs_of(job: Job, logs: Path) -> tuple[Path, Path]:
    """The render's standard output and error files."""
    return logs / f"{job.province}-{job.year}.log", logs / f"{job.province}-{job.year}.err"


def _start(job: Job, logs: Path, env: dict) -> subprocess.Popen:
    """The render of ``job`` in its own process group, its output in the logs folder."""
    log, err = _logs_of(job, logs)
    with open(log, "w") as stdout, open(err, "w") as stderr:
        return subprocess.Popen(
            _render_command(job),
            stdout=stdout,
            stderr=stderr,
            env=env,
            cwd=PROJECT_ROOT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )


def _finished(process, job: Job, began: float, wall: float, logs: Path, number: str, out) -> Outcome:
    """The outcome of a render whose process has ended, said in one line."""
    log, err = _logs_of(job, logs)
    seconds = time.perf_counter() - began
    if process.returncode == 0:
        out(f"{_clock()} ✓ {number} {job.name}: xong sau {seconds:.1f} s")
        return Outcome(job, "built", seconds, 0, log=log, started_at=wall)
    if process.returncode == EXIT_BUSY:
        out(f"{_clock()} … {number} {job.name}: bận (đang được tạo ở tiến trình khác)")
        return Outcome(job, "busy", seconds, EXIT_BUSY, _error_text(err), log=err, started_at=wall)
    outcome = Outcome(job, "failed", seconds, process.returncode, _error_text(err), log=err, started_at=wall)
    first = outcome.message.splitlines()[0] if outcome.message else f"mã thoát {process.returncode}"
    out(f"{_clock()} ✗ {number} {job.name}: LỖI sau {seconds:.1f} s — {first}")
    return outcome


def stop_renders(processes: list[subprocess.Popen], number: int) -> None:
    """Pass the signal to each render's process group, give them time to clean up, then kill what is left.

    A second Ctrl-C meanwhile is ignored: the renders are already stopping.
    """
    for other in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError):  # not the main thread: signals are not ours to set
            signal.signal(other, signal.SIG_IGN)
    for process in processes:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, number)
    deadline = time.monotonic() + STOP_WAIT
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def failures_at(result: BatchResult) -> dict[tuple[str, int], float]:
    """(province, year) -> when its failed render started: the index marks it only if not built since."""
    return {(o.job.province, o.job.year): o.started_at for o in result.of("failed")}


def summary(result: BatchResult, jobs: list[Job]) -> str:
    built, failed, skipped = result.of("built"), result.of("failed"), result.of("skipped")
    busy = result.of("busy")
    if not built and not failed and not busy and not result.interrupted:
        return (
            f"Không có gì để làm: cả {len(skipped)} báo cáo đã mới nhất so với dữ liệu và mã nguồn "
            f"({result.seconds:.2f} s)."
        )
    lines = [
        f"Tóm tắt: {len(built)} báo cáo đã tạo, {len(failed)} lỗi, {len(skipped)} không đổi (bỏ qua)"
        + (f", {len(busy)} bận" if busy else "")
        + f"; {result.seconds:.1f} s với {result.workers} tiến trình song song."
    ]
    for outcome in built:
        lines.append(f"  ✓ {outcome.job.name}  {outcome.seconds:.1f} s")
    for outcome in failed:
        lines.append(
            f"  ✗ {outcome.job.name}  LỖI (mã thoát {outcome.returncode}) — báo cáo trước đó (nếu có) được giữ nguyên"
        )
        lines += [f"      {line}" for line in outcome.message.splitlines()]
    for outcome in busy:
        lines.append(f"  … {outcome.job.name}  bận: một tiến trình khác đang tạo báo cáo này; không coi là lỗi")
    if result.interrupted:
        done = {(o.job.province, o.job.year) for o in result.outcomes}
        left = [j.name for j in jobs if j.reason and (j.province, j.year) not in done]
        how = (
            "theo yêu cầu"
            if result.signal_number == signal.SIGINT
            else f"vì nhận tín hiệu {signal.Signals(result.signal_number).name}"
        )
        lines.append(
            f"Đã dừng {how}; mỗi báo cáo là bản cũ hoặc bản mới trọn vẹn"
            + (f"; chưa tạo: {', '.join(left)}" if left else "")
            + "."
        )
    return "\n".join(lines)
