#!/usr/bin/env python3
"""make mutation: a mutation score over the code that computes, decides or states what a reader sees.

    .venv/bin/python -m egov_report.tools.mutation [--budget SECONDS] [--score] [--no-suites]

Two parts, both within one time budget (default 40 minutes; MUTATION_BUDGET in the environment):

1. mutmut (configured in pyproject.toml, [tool.mutmut]: the modules and the fast tests) with one
   worker, under `nice -n 10`. mutmut works on a copy in mutants/ and keeps each mutant's result
   there, so a run stopped by the budget goes on where it stopped the next time; a module or
   test file changed since makes mutmut try its mutants again.
2. egov_report/tools/mutate_suites.py: the validation suites' parameters loosened one at a time.

Then prints the score per module: killed / (mutants - equivalent), the equivalent mutants being
those docs/mutation.md names. `--score` only prints the scores of the results kept.
Not part of `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from egov_report.paths import PROJECT_ROOT as ROOT

MUTANTS = ROOT / "mutants"
EQUIVALENT_LIST = ROOT / "docs" / "mutation.md"


def equivalent_mutants() -> set[str]:
    """The mutants docs/mutation.md documents as equivalent: each `name` in its section "Equivalent mutants"."""
    if not EQUIVALENT_LIST.exists():
        return set()
    text = EQUIVALENT_LIST.read_text(encoding="utf-8")
    section = text.split("## Equivalent mutants", 1)[-1].split("\n## ", 1)[0]
    return set(re.findall(r"`([\w.]+__mutmut_\d+)`", section))


def results() -> dict[str, dict[str, int | None]]:
    """{module path: {mutant: exit code or None (not tried yet)}} from mutmut's kept results."""
    found = {}
    for meta in sorted((MUTANTS / "src").rglob("*.py.meta")):
        module = meta.relative_to(MUTANTS).as_posix()[: -len(".meta")]
        found[module] = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
    return found


def print_scores() -> bool:
    """The score per module; True when every module reaches 90 % killed or equivalent."""
    from mutmut.stats import status_by_exit_code  # mutmut's reading of a mutant's exit code

    equivalent = equivalent_mutants()
    ok = True
    print(
        f"{'module':48} {'mutants':>7} {'killed':>6} {'equiv.':>6} {'timeout':>7} {'surv.':>5} {'no test':>7} "
        f"{'untried':>7} {'score':>6}"
    )
    for module, codes in results().items():
        kinds = Counter()
        for name, code in codes.items():
            status = status_by_exit_code[code]
            kinds[
                "killed"
                if status == "killed"
                else "equivalent"
                if name in equivalent
                else "untried"
                if status == "not checked"
                else status
            ] += 1
        tried = len(codes) - kinds["untried"]
        # a timeout counts as detected (an endless loop); its own column, since a loaded machine can
        # make a slow test time out too: docs/mutation.md says which ones are endless loops
        score = (kinds["killed"] + kinds["timeout"] + kinds["equivalent"]) / tried if tried else 0.0
        ok = ok and score >= 0.9 and not kinds["untried"]
        print(
            f"{module:48} {len(codes):7} {kinds['killed']:6} {kinds['equivalent']:6} {kinds['timeout']:7} "
            f"{kinds['survived']:5} {kinds['no tests']:7} {kinds['untried']:7} {score:6.1%}"
        )
    return ok


def refresh_package_data() -> list[Path]:
    """Copy src/'s other files (templates, stylesheets, YAML) into mutants/src/ where they changed.

    mutmut copies them once, when it first makes mutants/, and then only regenerates the Python files
    it mutates: a template edited since would be judged in its old wording, and a test of the new
    wording would fail on every mutant (or mutmut's first pass would stop the run).
    Returns the files copied.
    """
    copied = []
    target_root = MUTANTS / "src"
    if not target_root.is_dir():
        return copied  # mutmut makes it, with every file, on its first run
    for source in sorted((ROOT / "src").rglob("*")):
        if not source.is_file() or source.suffix in (".py", ".pyc") or "__pycache__" in source.parts:
            continue
        target = target_root / source.relative_to(ROOT / "src")
        if not target.exists() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            copied.append(target)
    return copied


def run_mutmut(budget: float) -> None:
    """mutmut with one worker, niced, stopped (results kept) when the budget runs out."""
    refresh_package_data()
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "scripts"), os.environ.get("PYTHONPATH")]))
    )
    mutmut = Path(sys.executable).with_name("mutmut")
    process = subprocess.Popen(
        ["nice", "-n", "10", str(mutmut), "run", "--max-children", "1"], cwd=ROOT, env=env, start_new_session=True
    )
    try:
        process.wait(timeout=budget)
    except subprocess.TimeoutExpired:
        print(f"\nmutation: the budget of {budget:.0f} s ran out; the results so far are kept in mutants/")
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--budget",
        type=float,
        default=float(os.environ.get("MUTATION_BUDGET") or 2400),
        help="seconds for both parts (default 2400, or MUTATION_BUDGET)",
    )
    parser.add_argument("--score", action="store_true", help="only print the scores of the kept results")
    parser.add_argument("--no-suites", action="store_true", help="leave out the validation suites' mutants")
    args = parser.parse_args(argv)
    if not args.score:
        started = time.monotonic()
        run_mutmut(args.budget)
        left = args.budget - (time.monotonic() - started)
        if not args.no_suites and left > 60:
            subprocess.run(
                [
                    "nice",
                    "-n",
                    "10",
                    sys.executable,
                    "-m",
                    "egov_report.tools.mutate_suites",
                    "--budget",
                    str(int(left)),
                ],
                cwd=ROOT,
            )
    return 0 if print_scores() else 1


if __name__ == "__main__":
    sys.exit(main())
