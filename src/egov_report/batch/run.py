"""Every report in one command: plan what changed, render in parallel, summarise, index.

``python -m egov_report batch`` (``make reports``) renders every province-year found under
``data/``. It is incremental: each published report carries ``inputs.json``, the SHA-256 of
every file it was built from, written by the render itself:

- the data files the notebook read (framework, unit registry, the year's settings, score files
  and findings, and the previous year's files when the report compares with it), taken from
  the report's provenance, so the list is exactly what the loader read;
- the code: the report's notebook, every file of ``src/egov_report/`` (templates included,
  except this module and the index template, which cannot change a report) and the
  validation suites in ``expectations/``.

A report is rebuilt when one of those files changed content, disappeared or (for code) was
added; touching a file without changing it rebuilds nothing. Planning imports nothing heavy
(no pandas, Great Expectations or papermill) and hashes about a megabyte, so a run with
nothing to do takes a fraction of a second.

Reports are rendered by separate processes (``python -m egov_report render P Y``), each
driving its own kernel, up to ``--jobs`` at a time. A failure does not stop the others; the
summary lists it and the exit status is 1. ``reports/index.html`` lists every published report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .paths import DATA_DIR, PROJECT_ROOT, REPORTS_DIR, TEMPLATES_DIR

STAMP_FILE = "inputs.json"  # what a published report was built from (written by the render)
INDEX_FILE = "index.html"
LOGS_DIR = ".batch"  # under reports/: the output of each render of the last batch run
STAMP_FORMAT = 1
DATA_PREFIX = "data/"  # inputs from the data folder are keyed data/<province>/...
CODE_GLOBS = ("src/egov_report/**/*", "expectations/*.json")  # plus the notebook the report ran
NOT_REPORT_INPUTS = {"src/egov_report/batch.py", "src/egov_report/templates/index.html.j2"}  # cannot change a report
REPORT_FILES = (("HTML", "report.html"), ("PDF", "report.pdf"), ("Excel", "rankings.xlsx"))
DATA_STATUS_WORDS = {"reconstructed": "số liệu mẫu dựng lại", "synthetic": "số liệu tổng hợp, không có thật"}
SKIPPED_LISTED = 20  # up to this many reports left as they are are named; beyond, counted

_PROVINCE_RE = re.compile(r"[a-z][a-z0-9_-]{0,40}")  # as egov_report.loading (which imports pandas)
_YEAR_RE = re.compile(r"\d{4}")


# -- inputs and stamps ------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_inputs(notebook: Path | None = None, root: Path = PROJECT_ROOT) -> dict[str, str]:
    """The code a report depends on, keyed by path in the project, with SHA-256: the package,
    the validation suites and (when given) the notebook the report is rendered from."""
    found = {}
    paths = [p for pattern in CODE_GLOBS for p in Path(root).glob(pattern)]
    for path in paths + ([Path(notebook)] if notebook else []):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            try:
                key = path.resolve().relative_to(Path(root).resolve()).as_posix()
            except ValueError:  # a notebook outside the project (scripts/bench.py's floor)
                key = path.resolve().as_posix()
            if key not in NOT_REPORT_INPUTS:
                found[key] = sha256_file(path)
    return dict(sorted(found.items()))


def data_inputs(record: dict, data_dir: Path, province: str) -> dict[str, str]:
    """The data files a report read, keyed data/<province>/..., with SHA-256.

    Taken from the figure record's provenance (exactly what the notebook read). A record
    without provenance makes every file of the province's folder an input: never too few.
    """
    listed = record.get("provenance", {}).get("inputs") or []
    if listed and all(str(f.get("path", "")).startswith(DATA_PREFIX) for f in listed):
        return {f["path"]: f["sha256"] for f in listed}
    base = Path(data_dir)
    return {DATA_PREFIX + p.relative_to(base).as_posix(): sha256_file(p)
            for p in sorted((base / province).rglob("*")) if p.is_file()}


def province_years(data_dir: Path = DATA_DIR) -> list[tuple[str, int]]:
    """The province-years under data/, as ``egov_report.loading.available_province_years``."""
    found = []
    for settings in sorted(Path(data_dir).glob("*/*/evaluation.yaml")):
        province, year = settings.parent.parent.name, settings.parent.name
        if _PROVINCE_RE.fullmatch(province) and _YEAR_RE.fullmatch(year):
            found.append((province, int(year)))
    return found


def read_stamp(target: Path) -> dict | None:
    try:
        stamp = json.loads((Path(target) / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("format") == STAMP_FORMAT else None


def make_stamp(province: str, year: int, record: dict, code: dict[str, str], data: dict[str, str],
               seconds: dict[str, float], files: list[str]) -> dict:
    """The stamp a render writes next to its report (``inputs.json``).

    ``code`` is ``code_inputs()`` taken before the notebook ran, ``data`` is ``data_inputs()``;
    ``meta`` (from the figure record) is what ``reports/index.html`` shows.
    """
    meta = record.get("meta", {})
    parts = [meta.get("title"), meta.get("province_name_full")]
    heading = f"{' '.join(parts)} năm {meta.get('year')}" if all(parts) else None  # as the report's title
    return {
        "format": STAMP_FORMAT,
        "province": province,
        "year": year,
        "rendered_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(sum(v for k, v in seconds.items() if k in ("notebook", "html", "pdf")), 2),
        "meta": {key: meta.get(key) for key in ("province_name", "province_name_full", "title", "kind", "data_status")}
        | {"heading": heading},
        "files": files,
        "inputs": dict(sorted({**data, **code}.items())),
    }


class _Hashes:
    """SHA-256 of files by path, each file read once per run (framework.yaml serves every year)."""

    def __init__(self, data_dir: Path, root: Path = PROJECT_ROOT):
        self.data_dir, self.root = Path(data_dir), Path(root)
        self._cache: dict[Path, str | None] = {}

    def path(self, key: str) -> Path:
        if key.startswith(DATA_PREFIX):
            return self.data_dir / key[len(DATA_PREFIX):]
        return self.root / key

    def __call__(self, key: str) -> str | None:
        path = self.path(key)
        if path not in self._cache:
            try:
                self._cache[path] = sha256_file(path)
            except OSError:
                self._cache[path] = None
        return self._cache[path]


def _changes(stamp: dict, code: dict[str, str], hashes: _Hashes) -> list[str]:
    """The inputs of a report that differ from what it was built from (empty: up to date)."""
    recorded = stamp.get("inputs") or {}
    changed = []
    for key, digest in recorded.items():
        now = code.get(key) if key in code else hashes(key)
        if now != digest:
            changed.append(key if now is not None else f"{key} (đã xóa)")
    recorded_code = {k for k in recorded if not k.startswith(DATA_PREFIX)}
    changed += [f"{key} (mới)" for key in sorted(set(code) - recorded_code)]
    return changed


# -- planning ---------------------------------------------------------------------------------


@dataclass
class Job:
    province: str
    year: int
    target: Path
    reason: str | None  # why it is rebuilt; None: up to date, skipped
    estimate: float = 0.0  # seconds the last render took, or a guess (to start the longest first)

    @property
    def name(self) -> str:
        return f"{self.province} {self.year}"


def _guess_seconds(folder: Path) -> float:
    """A report never rendered: guess its time from its data (a fixed cost, and more data, more time)."""
    try:
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    except OSError:
        size = 0
    return 8.0 + size / 100_000


def plan(data_dir: Path = DATA_DIR, reports_dir: Path = REPORTS_DIR, force: bool = False,
         only: list[tuple[str, int]] | None = None) -> list[Job]:
    """Every province-year under ``data_dir`` (or ``only`` those), with why each must be rebuilt."""
    code = code_inputs()
    hashes = _Hashes(data_dir)
    jobs = []
    for province, year in province_years(data_dir):
        if only is not None and (province, year) not in only:
            continue
        target = Path(reports_dir) / province / str(year)
        stamp = read_stamp(target)
        estimate = float(stamp.get("seconds") or 0) if stamp else _guess_seconds(Path(data_dir) / province / str(year))
        if force:
            reason = "--force"
        elif not (target / "report.html").exists():
            reason = "chưa có báo cáo"
        elif stamp is None:
            reason = f"báo cáo chưa có {STAMP_FILE}"
        else:
            changed = _changes(stamp, code, hashes)
            reason = None
            if changed:
                shown = ", ".join(changed[:3]) + (f" và {len(changed) - 3} tệp khác" if len(changed) > 3 else "")
                reason = f"đã thay đổi: {shown}"
        jobs.append(Job(province, year, target, reason, estimate))
    return jobs


# -- running ----------------------------------------------------------------------------------


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


# -- index ------------------------------------------------------------------------------------


def index_entries(reports_dir: Path = REPORTS_DIR, failed: set[tuple[str, int]] = frozenset()) -> list[dict]:
    """One entry per published report (a folder reports/<province>/<year>/ with its stamp)."""
    entries = []
    for stamp_path in sorted(Path(reports_dir).glob(f"*/*/{STAMP_FILE}")):
        target = stamp_path.parent
        stamp = read_stamp(target)
        if stamp is None or not _PROVINCE_RE.fullmatch(target.parent.name) or not _YEAR_RE.fullmatch(target.name):
            continue
        meta = stamp.get("meta") or {}
        when = dt.datetime.fromisoformat(stamp["rendered_at"])
        province, year = target.parent.name, int(target.name)
        entries.append({
            "province": province,
            "province_name": meta.get("province_name") or province,
            "year": year,
            "kind": meta.get("kind") or "",
            "title": meta.get("heading") or meta.get("title") or "",
            "data_status": DATA_STATUS_WORDS.get(meta.get("data_status"), meta.get("data_status") or "")
            if meta.get("data_status") != "published" else "",
            "date": when.strftime("%d/%m/%Y %H:%M"),
            "links": [{"label": label, "href": f"{province}/{year}/{name}"}
                      for label, name in REPORT_FILES if (target / name).exists()],
            "failed": (province, year) in failed,
        })
    entries.sort(key=lambda e: (e["province_name"], -e["year"]))
    return entries


def write_index(reports_dir: Path = REPORTS_DIR, failed: set[tuple[str, int]] = frozenset()) -> Path:
    """reports/index.html, rewritten only when its content changes."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined)
    entries = index_entries(reports_dir, failed)
    html = env.get_template("index.html.j2").render(entries=entries, provinces=len({e["province"] for e in entries}))
    path = Path(reports_dir) / INDEX_FILE
    if not path.exists() or path.read_text(encoding="utf-8") != html:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return path


# -- the command ------------------------------------------------------------------------------


def main(jobs: int | None = None, force: bool = False, dry_run: bool = False, data_dir: Path = DATA_DIR,
         reports_dir: Path = REPORTS_DIR, out=print) -> int:
    started = time.perf_counter()
    planned = plan(data_dir, reports_dir, force=force)
    todo = [j for j in planned if j.reason]
    workers = max(1, min(jobs or default_workers(), len(todo) or 1))
    if not planned:
        out(f"Không tìm thấy tỉnh, năm nào trong {data_dir} (cần <tỉnh>/<năm>/evaluation.yaml).")
        return 0
    out(f"{len(planned)} báo cáo: {len(todo)} cần tạo, {len(planned) - len(todo)} đã mới nhất"
        + (f"; chạy {workers} tiến trình song song." if todo else "."))
    skipped = [job.name for job in planned if not job.reason]
    if skipped:
        out(f"  = không đổi, bỏ qua: {', '.join(skipped)}" if len(skipped) <= SKIPPED_LISTED
            else f"  = {len(skipped)} báo cáo không đổi, bỏ qua")
    if dry_run:
        for job in todo:
            out(f"  ▶ {job.name}: {job.reason}")
    if dry_run:
        return 0
    result = run(planned, workers, data_dir, reports_dir, out=out)
    result.seconds = time.perf_counter() - started
    failed = {(o.job.province, o.job.year) for o in result.of("failed")}
    index = write_index(reports_dir, failed)
    out(summary(result, planned))
    if todo:
        out(f"Danh mục báo cáo: {index}")
    if result.interrupted:
        return 130
    return 0 if result.ok else 1
