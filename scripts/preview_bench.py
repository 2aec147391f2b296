"""Save-to-page times of ``make preview``, and ``make report`` after a findings edit against a full render.

On a copy of data/ in a temporary folder (the project's files are never edited, a template
excepted: a Jinja comment appended, then the file restored), the preview server is started in
this process; each edit is saved, then the clock runs until the page served carries the new
version (what the browser's reload would fetch). Medians of ``--repeat`` (5) per input.

    .venv/bin/python scripts/preview_bench.py [--province quangninh --year 2019 --repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "src/egov_report/templates/tiered_scores/summary.html.j2"


def state(url: str) -> dict:
    return json.load(urllib.request.urlopen(url + "__state", timeout=30))


def wait_version(url: str, version: int, limit: float = 600) -> dict:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        now = state(url)
        if now["version"] != version:
            urllib.request.urlopen(url, timeout=30).read()  # the page the browser reloads
            return now
        time.sleep(0.02)
    raise TimeoutError("the page did not change")


def timed_save(url: str, edit) -> tuple[float, dict]:
    version = state(url)["version"]
    started = time.perf_counter()
    edit()
    now = wait_version(url, version)
    return time.perf_counter() - started, now


def appender(path: Path, text_of):
    counter = iter(range(10**6))

    def edit():
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text_of(next(counter)))

    return edit


def score_editor(path: Path):
    """The first unit's scores between their own values and 0.01 more (a CSV: code, name, criteria, total)."""
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    state_ = {"flip": False}

    def edit():
        state_["flip"] = not state_["flip"]
        path.write_text(
            original if not state_["flip"] else original.replace(lines[1], _bumped(lines[1]), 1), encoding="utf-8"
        )

    return edit


def _bumped(line: str) -> str:
    """The first criterion's score and the total each 0.01 higher: a valid row, other figures."""
    from decimal import Decimal

    cells = line.rstrip("\n").split(",")
    for index in (2, len(cells) - 1):
        cells[index] = str(Decimal(cells[index]) + Decimal("0.01"))
    return ",".join(cells) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--province", default="quangninh")
    parser.add_argument("--year", type=int, default=2019)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-report", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="egov-preview-bench-"))
    data, reports = work / "data", work / "reports"
    shutil.copytree(ROOT / "data", data)
    year = data / args.province / str(args.year)
    python = sys.executable
    env = dict(os.environ, EGOV_DATA_DIR=str(data), EGOV_REPORTS_DIR=str(reports))
    template_text = TEMPLATE.read_text(encoding="utf-8")
    results: dict[str, list[float]] = {}
    try:
        render = [python, "-m", "egov_report", "render", args.province, str(args.year)]
        subprocess.run(render + ["--full"], env=env, check=True, stdout=subprocess.DEVNULL)
        if not args.skip_report:
            findings = appender(year / "findings.md", lambda i: f"\nCâu kiểm tra số {i} của lần đo.\n")
            for label, extra in (("make report, findings edited (fast path)", []), ("make report --full", ["--full"])):
                for _ in range(args.repeat):
                    findings()
                    started = time.perf_counter()
                    subprocess.run(render + extra, env=env, check=True, stdout=subprocess.DEVNULL)
                    results.setdefault(label, []).append(time.perf_counter() - started)
                print(f"{label}: median {statistics.median(results[label]):.1f} s", flush=True)

        os.environ.update(EGOV_DATA_DIR=str(data))
        from egov_report.render.preview import serve

        ready, stop = threading.Event(), threading.Event()
        server = threading.Thread(
            target=serve,
            args=(args.province, args.year),
            kwargs=dict(port=0, data_dir=data, reports_dir=reports, log=lambda *_: None, ready=ready, stop=stop),
            daemon=True,
        )
        server.start()
        ready.wait(60)
        url = ready.preview.url
        wait_version(url, 0)  # the first build (fast: the report above is current)
        edits = {
            "findings.md": appender(year / "findings.md", lambda i: f"\nCâu xem trước số {i}.\n"),
            "published.yaml": appender(year / "published.yaml", lambda i: f"\n# lần đo {i}\n"),
            "template": appender(TEMPLATE, lambda i: f"\n{{# lần đo {i} #}}\n"),
            "score file (notebook re-run)": score_editor(year / "scores_departments.csv"),
        }
        for label, edit in edits.items():
            for _ in range(args.repeat):
                seconds, now = timed_save(url, edit)
                results.setdefault(f"preview: {label}", []).append(seconds)
                time.sleep(0.5)
            print(
                f"preview: {label}: median {statistics.median(results['preview: ' + label]):.2f} s "
                f"({now['status_text']})",
                flush=True,
            )
        stop.set()
        server.join(30)
    finally:
        TEMPLATE.write_text(template_text, encoding="utf-8")
        shutil.rmtree(work, ignore_errors=True)
    print(
        json.dumps(
            {
                k: {"median": round(statistics.median(v), 2), "runs": [round(x, 2) for x in v]}
                for k, v in results.items()
            },
            ensure_ascii=False,
            indent=1,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
