"""How fast reports render, and where the time goes: ``make bench`` (a script, not a test).

In one run on this machine, repeated ``--repeat`` times (interleaved, so a busy moment hits
every measurement alike), it prints medians of:

- the flagship report (quangninh 2019) end to end, ``python -m egov_report render`` in a fresh
  process, and per stage: kernel start, imports, loading, validation, analysis, narrative and
  charts (from the notebook's tagged cells), HTML, PDF (from the render's timings.json);
- the floor: a one-cell parameterised notebook with one chart (as issue 13 measured it) through
  the same pipeline (papermill with the project's kernel manager, nbconvert with the report
  template, WeasyPrint), i.e. what any report costs before it does any work;
- the naive chain on the flagship notebook: the ``papermill`` CLI, then
  ``jupyter nbconvert --to html --no-input``, then the ``weasyprint`` CLI;
- the batch of every province-year under data/ with one worker and with two, and a batch run
  with nothing to do;
- a synthetic province of 10,000 communes under 700 districts plus 40 departments
  (``egov_report.tools.synthetic_province``, generated into a temporary data folder), end to end, with
  peak memory of the renderer and of its kernel;

then the ratios against the targets, and for each missed target where the time goes.
Reports are written to a temporary folder; reports/ is not touched.

    egov-bench [--repeat 3] [--communes 10000] [--districts 700] [--skip ...]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from egov_report.paths import PROJECT_ROOT as ROOT

BIN = Path(sys.executable).parent
FLAGSHIP = ("quangninh", 2019)
TARGETS = {  # name: limit (issue 13)
    "flagship / floor": 2.5,
    "flagship / naive chain": 0.5,
    "batch 2 workers / 1 worker": 0.55,
    "scale / flagship": 1.3,
}
MEMORY_LIMIT_MB = 600  # the 10,000-commune render, renderer and kernel together
FIGURES_LIMIT_MB = 3.0  # the 10,000-commune render's figures.json
NOOP_LIMIT_S = 0.2  # a batch with nothing to do
# The flagship is also rendered from this commit's code, in the same run and interleaved, for the
# stage table "before" (issue 13 started here); --before REV picks another, --before "" none.
BEFORE_REV = "bbaef8e"
STAGES = (  # key in timings.json, label
    ("kernel_start", "kernel start"),
    ("setup", "parameters"),
    ("imports", "imports"),
    ("loading", "loading the inputs"),
    ("validation", "validation (Great Expectations)"),
    ("analysis", "analysis (figure record)"),
    ("narrative", "narrative, tables and charts"),
    ("notebook_rest", "papermill: read, save, stop the kernel"),
    ("html", "HTML (nbconvert)"),
    ("pdf", "PDF (WeasyPrint)"),
    ("export", "HTML and PDF together (they overlap)"),
    ("process", "process start, checks, publish"),
)
FLOOR_NOTEBOOK = {
    "cells": [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "parameters",
            "metadata": {"tags": ["parameters"]},
            "outputs": [],
            "source": 'province = "floor"\nyear = 2000\noutput_dir = ""',
        },
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "floor",
            "metadata": {"tags": ["stage-narrative"]},
            "outputs": [],
            "source": (
                "import json, pathlib\nfrom IPython.display import HTML\n"
                "if output_dir:\n"
                "    meta = {'title': 'Báo cáo sàn', 'province_name_full': 'tỉnh Mẫu', 'year': year,\n"
                "            'data_status': 'published', 'data_note': ''}\n"
                "    validation = {'runs': [], 'expectations_passed': 0, 'expectations_evaluated': 0, 'warnings': []}\n"
                "    pathlib.Path(output_dir, 'figures.json').write_text(json.dumps({'meta': meta, 'validation': validation}))\n"
                "from egov_report.core.charts import plt, svg\n"
                "figure, axis = plt.subplots(figsize=(7.2, 2.5))\n"
                "axis.bar(['A', 'B', 'C'], [3, 1, 2])\n"
                "HTML(f'<h2 id=\"floor\">{province} {year}</h2><p>Một ô, một đoạn văn, một biểu đồ.</p>' + svg(figure))"
            ),
        },
    ],
    "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
    "nbformat": 4,
    "nbformat_minor": 5,
}


# -- running and measuring ----------------------------------------------------------------------


class Failed(Exception):
    pass


def measured(command: list[str], env: dict | None = None, cwd: Path = ROOT, log: Path | None = None) -> dict:
    """Run a command; wall seconds and the peak RSS of the largest process in its tree."""
    out = open(log, "ab") if log else subprocess.DEVNULL
    started = time.perf_counter()
    try:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT if log else None, stdin=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        tail = log.read_text(errors="replace").strip().splitlines()[-8:] if log else []
        raise Failed(f"{' '.join(map(str, command))} exited {process.returncode}\n    " + "\n    ".join(tail))
    return {"seconds": seconds, "max_rss_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}


def environment(**extra) -> dict:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    env.update({k: str(v) for k, v in extra.items()})
    return env


def stages_of(timings: dict, wall: float) -> dict:
    seconds = dict(timings["seconds"])
    inside = sum(seconds.get(k, 0.0) for k, _ in STAGES[:7])
    seconds["notebook_rest"] = max(0.0, seconds.get("notebook", 0.0) - inside)
    # HTML and PDF overlap since issue 13 (the PDF in a process of its own): "export" is their time together
    export = seconds.get("export", seconds.get("html", 0.0) + seconds.get("pdf", 0.0))
    seconds["export"] = export
    seconds["process"] = max(0.0, wall - seconds.get("notebook", 0.0) - export)
    seconds["wall"] = wall
    return seconds


def render_once(
    work: Path, name: str, province: str, year: int, data_dir: Path | None = None, code: Path | None = None
) -> dict:
    """One render in a fresh process; ``code``: a checkout of another commit to render with instead."""
    reports = work / f"reports-{name}"
    shutil.rmtree(reports, ignore_errors=True)
    extra = {"EGOV_DATA_DIR": data_dir} if data_dir else {}
    if code:  # its src/ first on the path, for the renderer and (inherited) its kernel
        extra["PYTHONPATH"] = code / "src"
    env = environment(EGOV_REPORTS_DIR=reports, **extra)
    run = measured(
        [sys.executable, "-m", "egov_report", "render", province, str(year)],
        env,
        cwd=code or ROOT,
        log=work / f"{name}.log",
    )
    target = reports / province / str(year)
    timings = json.loads((target / "timings.json").read_text())
    result = stages_of(timings, run["seconds"])
    result["memory"] = timings.get("peak_memory_mb", {})
    result["max_rss_mb"] = run["max_rss_mb"]
    result["cores"] = run["cpu"] / run["seconds"]
    result["figures_mb"] = (target / "figures.json").stat().st_size / 1e6
    page = (target / "report.html").read_text(encoding="utf-8")
    result["tables"], result["charts"] = page.count('<figure class="table'), page.count("<svg")
    try:
        from pypdf import PdfReader  # the test extra; without it the page count is left out

        result["pages"] = len(PdfReader(target / "report.pdf").pages)
    except ImportError:
        result["pages"] = float("nan")
    return result


def floor_once(work: Path) -> dict:
    notebook = work / "floor.ipynb"
    notebook.write_text(json.dumps(FLOOR_NOTEBOOK))
    out = work / "floor-out"
    shutil.rmtree(out, ignore_errors=True)
    env = environment(EGOV_DATA_DIR=work / "floor-data")
    run = measured(
        [sys.executable, "-m", "egov_report.tools.bench", "--floor-render", str(notebook), str(out)],
        env,
        log=work / "floor.log",
    )
    return stages_of(json.loads((out / "timings.json").read_text()), run["seconds"])


def floor_render(notebook: Path, out: Path) -> int:
    """The floor, inside its own process: what egov_report.render.pipeline.render does, on a trivial notebook."""
    from egov_report.kinds import Kind
    from egov_report.render.notebook import kernel_environment
    from egov_report.render.pipeline import RenderResult, render_into
    from egov_report.render.system import check_system

    check_system()
    staging = Path(out)
    staging.mkdir(parents=True)
    (Path(os.environ["EGOV_DATA_DIR"])).mkdir(parents=True, exist_ok=True)
    with kernel_environment(Path(os.environ["EGOV_DATA_DIR"])):
        floor = Kind(name="floor", notebook=Path(notebook), load_framework=lambda path: None)
        render_into(
            floor,
            staging,
            "floor",
            2000,
            RenderResult(target=staging),
            lambda *_: None,
            Path(os.environ["EGOV_DATA_DIR"]),
        )
    return 0


def checkout(rev: str, folder: Path) -> Path:
    """The project's files at ``rev`` (git archive), to render the "before" flagship with."""
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def naive_once(work: Path) -> dict:
    out = work / "naive"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    log = work / "naive.log"
    province, year = FLAGSHIP
    steps = {
        "papermill CLI": [
            str(BIN / "papermill"),
            str(ROOT / "notebooks" / "report.ipynb"),
            str(out / "report.ipynb"),
            "-p",
            "province",
            province,
            "-p",
            "year",
            str(year),
            "-p",
            "output_dir",
            str(out),
            "--cwd",
            str(ROOT / "notebooks"),
            "--no-progress-bar",
        ],
        "jupyter nbconvert --to html --no-input": [
            str(BIN / "jupyter"),
            "nbconvert",
            "--to",
            "html",
            "--no-input",
            str(out / "report.ipynb"),
        ],
        "weasyprint CLI": [str(BIN / "weasyprint"), str(out / "report.html"), str(out / "report.pdf")],
    }
    result = {}
    for name, command in steps.items():
        result[name] = measured(command, environment(), log=log)["seconds"]
    result["wall"] = sum(result.values())
    return result


def batch_once(work: Path, jobs: int) -> dict:
    reports = work / f"reports-batch-{jobs}"
    shutil.rmtree(reports, ignore_errors=True)
    env = environment(EGOV_REPORTS_DIR=reports)
    log = work / f"batch-{jobs}.log"
    log.write_text("")
    command = [sys.executable, "-m", "egov_report", "batch", "--jobs", str(jobs)]
    try:
        run = measured(command, env, log=log)
        failed = 0
    except Failed:  # a failing province-year still counts: its time was spent
        run, failed = {"seconds": float("nan"), "cpu": float("nan")}, 1
    if failed:
        text = log.read_text(errors="replace")
        seconds = re.search(r"; ([\d.]+) s với", text)
        run = {"seconds": float(seconds.group(1)) if seconds else float("nan"), "cpu": float("nan")}
    started = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return {
        "wall": run["seconds"],
        "failed": failed,
        "noop": time.perf_counter() - started,
        "cores": run["cpu"] / run["seconds"],
    }


def import_costs() -> dict:
    """What importing Great Expectations costs a fresh interpreter, and how much of it is altair."""
    # as the validation made ahead imports it (render.ahead.lean_interpreter: scipy.stats on first use)
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "from egov_report.render import ahead; ahead.lean_interpreter(); import great_expectations",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment(),
    )
    cumulative = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|(\s*)(\S+)", line)
        if match and match.group(3) not in cumulative:
            cumulative[match.group(3)] = int(match.group(1)) / 1e6
    return {
        "great_expectations": cumulative.get("great_expectations", float("nan")),
        "altair": cumulative.get("altair", 0.0),
    }


# -- printing -----------------------------------------------------------------------------------


def med(values: list[float]) -> float:
    values = [v for v in values if v == v]  # drop NaN
    return statistics.median(values) if values else float("nan")


def line(label: str, values: list[float], indent: int = 0, unit: str = "s") -> str:
    values = [v for v in values if v == v]
    if not values:
        return f"{' ' * indent}{label:<{52 - indent}} {'—':>8}"
    return (
        f"{' ' * indent}{label:<{52 - indent}} {med(values):>7.2f} {unit}   "
        f"(min {min(values):.2f}, max {max(values):.2f})"
    )


def _arguments() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Render benchmarks: medians, ratios, targets.")
    repeat = os.environ.get("REPEAT", "").strip()  # make bench REPEAT=5
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(repeat) if repeat.isdigit() and int(repeat) > 0 else 3,
        help="repetitions of each measurement (default: $REPEAT, else 3)",
    )
    parser.add_argument("--communes", type=int, default=10_000, help="communes of the synthetic province")
    parser.add_argument("--districts", type=int, default=700)
    parser.add_argument("--departments", type=int, default=40)
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        choices=["naive", "batch", "scale", "floor"],
        help="leave a measurement out (repeatable)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (reports, logs)")
    parser.add_argument(
        "--before",
        default=BEFORE_REV,
        metavar="REV",
        help=f"also render the flagship with the code of this commit (default {BEFORE_REV}; empty: no before column)",
    )
    parser.add_argument("--floor-render", nargs=2, metavar=("NOTEBOOK", "OUT"), help=argparse.SUPPRESS)
    return parser


SCALE_YEAR = 2020


def main(argv: list[str] | None = None) -> int:
    args = _arguments().parse_args(argv)
    if args.floor_render:
        return floor_render(*map(Path, args.floor_render))

    from egov_report.catalog import available_province_years as province_years
    from egov_report.tools.synthetic_province import generate

    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="egov-bench-"))
    cpus = len(os.sched_getaffinity(0))
    print(
        f"egov-report bench: {platform.node()}, {cpus} CPU, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; {args.repeat} repetitions; load average {os.getloadavg()[0]:.2f}"
    )
    years = province_years()
    print(f"batch: {len(years)} province-years under data/: {', '.join(f'{p} {y}' for p, y in years)}")
    if "scale" not in args.skip:
        started = time.perf_counter()
        generate(work / "scale-data", args.communes, args.districts, args.departments, code="tinhmau", year=SCALE_YEAR)
        print(
            f"scale: synthetic province of {args.communes:,} communes, {args.districts:,} districts, "
            f"{args.departments} departments generated in {time.perf_counter() - started:.1f} s"
        )
    print(f"work folder: {work}\n", flush=True)

    runs, errors = _measure(_plan(args, work), args.repeat)
    print(report(runs, import_costs(), args, len(years), cpus))
    print(f"bench took {time.perf_counter() - began:.0f} s")
    if errors:
        print("\nFailures:")
        for error in errors:
            print("  " + error)
    if args.keep:
        print(f"\nkept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if errors else 0


def _plan(args, work: Path) -> list:
    """(name, measurement) in the order each repetition runs them."""
    plan = [("flagship", lambda: render_once(work, "flagship", *FLAGSHIP))]
    if args.before:
        before = checkout(args.before, work / "before-code")
        plan.append(("before", lambda: render_once(work, "before", *FLAGSHIP, code=before)))
    if "floor" not in args.skip:
        plan.append(("floor", lambda: floor_once(work)))
    if "naive" not in args.skip:
        plan.append(("naive", lambda: naive_once(work)))
    if "scale" not in args.skip:
        plan.append(("scale", lambda: render_once(work, "scale", "tinhmau", SCALE_YEAR, work / "scale-data")))
    if "batch" not in args.skip:
        plan += [("batch1", lambda: batch_once(work, 1)), ("batch2", lambda: batch_once(work, 2))]
    return plan


def _measure(plan: list, repeat: int) -> tuple[dict[str, list], list[str]]:
    """Each measurement of the plan ``repeat`` times: the results by name, and the failures."""
    runs: dict[str, list] = {k: [] for k in ("flagship", "before", "floor", "naive", "batch1", "batch2", "scale")}
    errors = []
    for repetition in range(repeat):
        for name, measure in plan:
            print(f"  [{repetition + 1}/{repeat}] {name} ...", end=" ", flush=True)
            try:
                result = measure()
            except Failed as exc:
                print("FAILED")
                errors.append(f"{name}: {exc}")
                continue
            runs[name].append(result)
            print(f"{result['wall']:.2f} s", flush=True)
    return runs, errors


def _column(runs: dict, name: str, key: str) -> list[float]:
    return [r.get(key, float("nan")) for r in runs[name]]


def report(runs: dict, imports: dict, args, batch_size: int, cpus: int) -> str:
    out = ["", f"Medians of {args.repeat} runs (seconds)", ""]
    out += _flagship_lines(runs, args)
    out += _batch_lines(runs, batch_size)
    memory = float("nan")
    if runs["scale"]:
        scale_lines, memory = _scale_lines(runs, args)
        out += scale_lines
    flagship_memory = [r["memory"].get("renderer", 0) + r["memory"].get("kernel", 0) for r in runs["flagship"]]
    out.append(f"{'flagship peak memory, renderer + kernel':<52} {med(flagship_memory):>7.0f} MB")
    out.append(
        f"{'import great_expectations in a fresh interpreter':<52} {imports['great_expectations']:>7.2f} s   "
        f"(of which altair, for one expectation's charts: {imports['altair']:.2f} s)"
    )
    out.append(f"{'load average at the end (other work on the machine)':<52} {os.getloadavg()[0]:>7.2f}")
    target_lines, missed = _targets(runs, memory)
    out += ["", f"{'Targets':<32} {'measured':>9}   {'target':>9}"] + target_lines
    if cpus < 2:
        out.append("(one CPU available: two workers cannot be faster than one)")
    flagship, floor = (med(_column(runs, n, "wall")) for n in ("flagship", "floor"))
    notes = explain(missed, runs, imports, flagship, floor)
    if notes:
        out += ["", "Where the time goes"] + notes
    return "\n".join(out)


def _flagship_lines(runs: dict, args) -> list[str]:
    """The flagship's stages, the commit before, the floor and the naive chain."""
    out = [line("flagship quangninh 2019, end to end", _column(runs, "flagship", "wall"))]
    out.append(
        line("cores busy on average (CPU time / wall time)", _column(runs, "flagship", "cores"), indent=2, unit="  ")
    )
    for key, label in STAGES:
        out.append(line(label, _column(runs, "flagship", key), indent=2))
    if runs["before"]:
        out += stage_table(runs, args.before)
    if runs["floor"]:
        out.append(line("floor: one-cell notebook, same pipeline", _column(runs, "floor", "wall")))
        for key, label in (
            ("kernel_start", "kernel start"),
            ("notebook", "notebook (papermill)"),
            ("html", "HTML"),
            ("pdf", "PDF"),
            ("process", "process start, checks"),
        ):
            out.append(line(label, _column(runs, "floor", key), indent=2))
    if runs["naive"]:
        out.append(line("naive chain on the flagship notebook", _column(runs, "naive", "wall")))
        for key in ("papermill CLI", "jupyter nbconvert --to html --no-input", "weasyprint CLI"):
            out.append(line(key, _column(runs, "naive", key), indent=2))
    return out


def _batch_lines(runs: dict, batch_size: int) -> list[str]:
    if not runs["batch1"]:
        return []
    noop = _column(runs, "batch1", "noop") + _column(runs, "batch2", "noop")
    out = [
        line(f"batch of {batch_size} province-years, 1 worker", _column(runs, "batch1", "wall")),
        line("cores busy on average", _column(runs, "batch1", "cores"), indent=2, unit="  "),
        line(f"batch of {batch_size} province-years, 2 workers", _column(runs, "batch2", "wall")),
        line("cores busy on average", _column(runs, "batch2", "cores"), indent=2, unit="  "),
        line("batch with nothing to do", noop),
    ]
    if any(r["failed"] for r in runs["batch1"] + runs["batch2"]):
        out.append("  (some province-years failed to render; see the work folder's batch-*.log)")
    return out


def _scale_lines(runs: dict, args) -> tuple[list[str], float]:
    """The synthetic province's stages and peak memory, and that memory (renderer + kernel)."""
    label = f"scale: {args.communes:,} communes, {args.districts:,} districts, {args.departments} departments"
    out = [line(label, _column(runs, "scale", "wall"))]
    for key, stage in STAGES:
        out.append(line(stage, _column(runs, "scale", key), indent=2))
    renderer = [r["memory"].get("renderer", float("nan")) for r in runs["scale"]]
    kernel = [r["memory"].get("kernel", float("nan")) for r in runs["scale"]]
    out.append(line("peak memory: renderer process", renderer, indent=2, unit="MB"))
    out.append(line("peak memory: kernel (largest child)", kernel, indent=2, unit="MB"))
    memory = med([a + b for a, b in zip(renderer, kernel)])
    out.append(f"  {'peak memory, both together (upper bound)':<50} {memory:>7.0f} MB")
    return out, memory


def _targets(runs: dict, memory: float) -> tuple[list[str], list[str]]:
    """Each target's line (measured, bound, verdict), and the names of those missed."""
    flagship, floor, naive, scale = (med(_column(runs, n, "wall")) for n in ("flagship", "floor", "naive", "scale"))
    batch1, batch2 = (med(_column(runs, n, "wall")) for n in ("batch1", "batch2"))
    ratios = {
        "flagship / floor": flagship / floor if runs["floor"] else float("nan"),
        "flagship / naive chain": flagship / naive if runs["naive"] else float("nan"),
        "batch 2 workers / 1 worker": batch2 / batch1 if runs["batch1"] else float("nan"),
        "scale / flagship": scale / flagship if runs["scale"] else float("nan"),
    }
    out: list[str] = []
    missed: list[str] = []

    def target(name: str, value: float, limit: float, unit: str, digits: int = 2) -> None:
        verdict = "—" if value != value else ("met" if value <= limit else "MISSED")
        if verdict == "MISSED":
            missed.append(name)
        shown = "—" if value != value else f"{value:.{digits}f}{unit}"
        out.append(f"{name:<32} {shown:>9}   {'≤ ' + format(limit, 'g') + unit:>9}   {verdict}")

    for name, value in ratios.items():
        target(name, value, TARGETS[name], "×")
    if runs["batch1"]:
        target(
            "batch with nothing to do",
            med(_column(runs, "batch1", "noop") + _column(runs, "batch2", "noop")),
            NOOP_LIMIT_S,
            " s",
        )
    if runs["scale"]:
        target("scale peak memory", memory, MEMORY_LIMIT_MB, " MB", 0)
        target("scale figures.json", med(_column(runs, "scale", "figures_mb")), FIGURES_LIMIT_MB, " MB", 1)
    return out, missed


# What changed each stage of the flagship since BEFORE_REV (issue 13; measured one lever at a time
# in docs/performance.md).
LEVERS = {
    "validation": "made ahead beside the kernel's start (render.ahead), scipy.stats on first use there; coverage as a count",
    "html": "nbconvert's last pass beside the PDF",
    "pdf": "forked process; no cycle collector; contents as two lists; charts as images of their SVG",
    "export": "HTML and PDF overlap",
    "process": "no pandas before the kernel; WeasyPrint and nbconvert imported meanwhile",
}


def stage_table(runs: dict, rev: str) -> list[str]:
    """The flagship's stages rendered with the code of ``rev`` and with this checkout, in the same run."""

    def stage(name: str, key: str) -> float:
        return med([r.get(key, float("nan")) for r in runs[name]])

    out = [
        "",
        f"Flagship stages, before ({rev}) and after (this checkout), same run, medians (seconds)",
        f"  {'stage':<40} {'before':>7} {'after':>7} {'change':>7}   lever",
    ]
    for key, label in (*STAGES, ("wall", "end to end")):
        before, after = stage("before", key), stage("flagship", key)
        out.append(f"  {label:<40} {before:>7.2f} {after:>7.2f} {after - before:>+7.2f}   {LEVERS.get(key, '')}")
    return out


def explain(missed: list[str], runs: dict, imports: dict, flagship: float, floor: float) -> list[str]:
    """A note for each missed target, from the measured stages (docs/performance.md has the detail)."""

    def stage(name: str, key: str) -> float:
        return med([r.get(key, float("nan")) for r in runs[name]])

    notes = []
    if "flagship / floor" in missed or "flagship / naive chain" in missed:
        limit = TARGETS["flagship / floor"]
        kernel_work = sum(stage("flagship", k) for k in ("imports", "loading", "validation", "analysis", "narrative"))
        pages = (
            f"{stage('flagship', 'pages'):.0f} pages, "
            if stage("flagship", "pages") == stage("flagship", "pages")
            else ""
        )
        notes += [
            f"- flagship / floor and / naive chain: the floor takes {floor:.1f} s; within {limit:g}x the flagship "
            f"would have to finish in {limit * floor:.1f} s. Its critical path: the kernel "
            f"({stage('flagship', 'kernel_start'):.1f} s to start, then {kernel_work:.1f} s of cells: imports "
            f"{stage('flagship', 'imports'):.1f} s, validation {stage('flagship', 'validation'):.1f} s waiting for the "
            f"validation made ahead beside the kernel's start, which imports Great Expectations (about "
            f"{imports['great_expectations']:.1f} s in a fresh interpreter) and runs the suites, "
            f"narrative, tables and charts {stage('flagship', 'narrative'):.1f} s), then the PDF "
            f"({stage('flagship', 'pdf'):.1f} s: WeasyPrint lays out {pages}{stage('flagship', 'tables'):.0f} "
            f"tables and {stage('flagship', 'charts'):.0f} SVG charts; by WeasyPrint's function calls, layout is "
            "44 % (the tables' widths 12 %), drawing 30 % (the charts 16 %), parsing, styles and boxes the rest). "
            "Each is one Python process on one core.",
            "  What would close the gap: laying the PDF out in parts on both cores (WeasyPrint cannot; parts "
            "laid out apart lose the page numbers and links between them), or a PDF that is not the report as "
            "it is (fixed-width tables, the full ranking only in the Excel annex).",
        ]
    if "batch 2 workers / 1 worker" in missed:
        one, two = stage("batch1", "cores"), stage("batch2", "cores")
        notes.append(
            f"- batch: one render alone keeps {one:.2f} cores busy on average (the validation made ahead and the "
            f"renderer's imports beside the kernel, the PDF beside the HTML and the Excel annex), so on two cores "
            f"two workers can "
            f"at best take {one / 2:.2f} of the serial time; with two workers the renders kept {two:.2f} cores "
            f"busy ({stage('batch2', 'wall'):.1f} s against {stage('batch1', 'wall'):.1f} s). Any other work on the "
            "machine (see the load average above) slows the two-worker run most, as it needs both cores."
        )
    if "scale / flagship" in missed or "scale figures.json" in missed or "scale peak memory" in missed:
        extra = {k: stage("scale", k) - stage("flagship", k) for k in ("validation", "analysis", "narrative", "export")}
        size = stage("scale", "figures_mb")
        notes.append(
            f"- scale: the 10,000-commune report costs {med([r['wall'] for r in runs['scale']]) - flagship:.1f} s more "
            f"than the flagship: validation {extra['validation']:+.1f} s (the coverage check still carries the "
            f"10,000 required codes as a suite parameter, copied by Great Expectations into each of its metrics), "
            f"analysis {extra['analysis']:+.1f} s and narrative {extra['narrative']:+.1f} s (the figure record is "
            f"{size:.2f} MB: the 10,000 ranking entries as a table of rows, every other list of units as unit "
            "codes, docs/input-format.md section 15; the entries' own fields are most of it, the names and labels "
            f"a third), HTML and PDF {extra['export']:+.1f} s."
        )
    return notes


if __name__ == "__main__":
    raise SystemExit(main())
