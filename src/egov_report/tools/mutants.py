"""make mutants: deliberate bugs the test suite must catch.

    egov-mutants [--keep] [--only NAME ...] [--list]

Copies the project (without .git, .venv, reports and caches) into a temporary folder, checks
that the chosen tests pass on the untouched copy, then, for each mutant of the fixed list
below, applies the one edit to the copy, runs only the tests that concern it, reports CAUGHT
(a test failed) or MISSED (all passed), and puts the file back. Exit status 0 when every mutant
is caught.

The copy's tests run with this project's interpreter (.venv/bin/python) and PYTHONPATH set to
the copy's src/ first, so `egov_report` is imported from the copy, not from the editable install
of this checkout (checked before anything runs). TMPDIR points inside the copy's folder: nothing
a mutant makes (a file written by an unsafe YAML tag, say) lands in the shared /tmp.
Not part of `make test`; a few minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from egov_report.paths import PROJECT_ROOT as ROOT

IGNORED = (".git", ".venv", "reports", "mutants", "__pycache__", ".pytest_cache", "*.egg-info", ".ipynb_checkpoints")
ANALYSIS = "src/egov_report/kinds/tiered_scores/analysis.py"


@dataclass
class Mutant:
    name: str
    what: str
    file: str
    old: str = ""
    new: str = ""
    tests: list[str] = field(default_factory=list)
    edit: Callable[[str], str] | None = None  # a custom edit of the file's text instead of old → new

    def apply(self, text: str) -> str:
        if self.edit is not None:
            changed = self.edit(text)
        else:
            if text.count(self.old) != 1:
                raise SystemExit(f"{self.name}: the text to mutate is not found exactly once in {self.file}")
            changed = text.replace(self.old, self.new)
        if changed == text:
            raise SystemExit(f"{self.name}: the edit changes nothing in {self.file}")
        return changed


def _drop_validation_cell_ipynb(text: str) -> str:
    notebook = json.loads(text)
    notebook["cells"] = [c for c in notebook["cells"] if "stage-validation" not in c.get("metadata", {}).get("tags", [])]
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def _drop_validation_cell_py(text: str) -> str:
    return re.sub(r'# %% tags=\["stage-validation"\]\n.*?(?=\n# %%)', "", text, count=1, flags=re.S)


def mutants() -> list[Mutant]:
    return [
        Mutant("band-boundary", "a band's floor no longer belongs to it (> instead of >=)",
               "src/egov_report/kinds/tiered_scores/framework.py",
               "if score >= floor - SCORE_TOLERANCE:", "if score > floor + SCORE_TOLERANCE:",
               ["tests/kinds/tiered_scores/test_framework.py"]),
        Mutant("mean-skips-last", "a tier's mean leaves out its last unit", ANALYSIS,
               '"mean": _r(totals.mean()),', '"mean": _r(totals.iloc[:-1].mean()),',
               ["tests/kinds/tiered_scores/test_first_year.py"]),
        Mutant("parent-mean-skips-last", "parents' means leave out the last unit of the tier", ANALYSIS,
               'grouped = frame.groupby("parent_code")', 'grouped = frame.iloc[:-1].groupby("parent_code")',
               ["tests/kinds/tiered_scores/test_first_year.py", "tests/kinds/tiered_scores/test_ties.py"]),
        Mutant("change-sign", "the change of a tier's mean on the previous year has its sign flipped", ANALYSIS,
               '"mean": _r(current["mean"] - previous["mean"]),', '"mean": _r(previous["mean"] - current["mean"]),',
               ["tests/kinds/tiered_scores/test_scoring.py"]),
        Mutant("parent-ties-first", 'parents with equal means ranked with method="first"', ANALYSIS,
               'grouped["mean"].rank(method="min"', 'grouped["mean"].rank(method="first"',
               ["tests/kinds/tiered_scores/test_ties.py"]),
        Mutant("unit-tie-order", "units with equal totals in Python's string order, not Vietnamese order", ANALYSIS,
               'return _tie_ordered(frame, "total", "unit_code").reset_index(drop=True)',
               'return frame.sort_values(["total", "name"], ascending=[False, True]).reset_index(drop=True)',
               ["tests/kinds/tiered_scores/test_ties.py"]),
        Mutant("decimal-comma", "a decimal comma read as a thousands separator (8,5 becomes 85)",
               "src/egov_report/core/tables.py",
               'return float(text.replace(",", "."))', 'return float(text.replace(",", ""))',
               ["tests/kinds/tiered_scores/test_loading.py"]),
        Mutant("validation-ignored", "validation errors never stop a render", "src/egov_report/core/checks.py",
               "    def raise_if_failed(self) -> None:\n        if self.errors:",
               "    def raise_if_failed(self) -> None:\n        if False:",
               ["tests/test_bad_inputs.py::test_refused_input_stops_with_its_message_and_keeps_the_last_good_report"
                "[score-above-maximum]"]),
        Mutant("unsafe-yaml", "YAML read with the unsafe loader (a tag can run code)", "src/egov_report/core/textfiles.py",
               "class _StrictSafeLoader(yaml.SafeLoader):", "class _StrictSafeLoader(yaml.UnsafeLoader):",
               ["tests/test_bad_inputs.py::test_refused_input_stops_with_its_message_and_keeps_the_last_good_report"
                "[framework-python-tag]",
                "tests/test_bad_inputs.py::test_cli_runs_give_the_corpus_messages[framework-python-tag]"]),
        Mutant("enumeration-case-folded", "an enumeration of evaluation.yaml matched whatever its letter case "
               "(Reconstructed read as reconstructed)", "src/egov_report/core/settings.py",
               "if isinstance(value, str) and value in allowed:\n            return value",
               "if isinstance(value, str) and value.lower() in allowed:\n            return value.lower()",
               ["tests/core/test_settings.py"]),
        Mutant("csv-lines-swallowed", "a CSV quote that swallows lines read in silence", "src/egov_report/core/sheets.py",
               "if line > first:  # a quoted field ran past the end of its line",
               "if False:  # a quoted field ran past the end of its line",
               ["tests/core/test_sheets.py", "tests/core/test_properties.py"]),
        Mutant("validation-cell-removed", "the validation cell removed from the notebook (and its .py twin alike)",
               "notebooks/report.ipynb", edit=_drop_validation_cell_ipynb,
               tests=["tests/test_bad_inputs.py::test_refused_input_stops_with_its_message_and_keeps_the_last_good_report"
                      "[score-above-maximum]"]),
    ]


# the notebook's jupytext twin is edited with it, so the mutant is not caught merely by the pairing test
TWINS = {"validation-cell-removed": ("notebooks/report.py", _drop_validation_cell_py)}


def copy_project(target: Path) -> None:
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(*IGNORED))


def environment(copy: Path, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("EGOV_", "PYTEST_"))}
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src"), str(copy / "tests")])
    env["TMPDIR"] = str(tmp)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def check_imports_from_copy(copy: Path, env: dict) -> str:
    run = subprocess.run([sys.executable, "-c", "import egov_report, egov_report.paths as p; "
                          "print(egov_report.__file__); print(p.PROJECT_ROOT)"],
                         cwd=copy, env=env, capture_output=True, text=True, check=True)
    module, root = run.stdout.split()
    if not Path(module).resolve().is_relative_to(copy.resolve()) or Path(root).resolve() != copy.resolve():
        raise SystemExit(f"egov_report is imported from {module}, not from the copy {copy}")
    return module


def prepared_copy(workspace: Path) -> tuple[Path, dict[str, str]]:
    """The project copied into ``workspace``/project with its environment (TMPDIR inside the workspace),
    checked to import egov_report from the copy: (the copy, its environment)."""
    copy, tmp = workspace / "project", workspace / "tmp"
    tmp.mkdir()
    copy_project(copy)
    env = environment(copy, tmp)
    print(f"copy: {copy}\negov_report imported from: {check_imports_from_copy(copy, env)}")
    return copy, env


def _top_level(*folders: Path) -> set[Path]:
    return {item for folder in folders for item in folder.iterdir()}


def run_tests(copy: Path, env: dict, tests: list[str]) -> tuple[bool, str, float]:
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header",
                          "-o", "addopts=", *tests], cwd=copy, env=env, capture_output=True, text=True)
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return run.returncode == 0, (lines[-1] if lines else run.stderr.strip()[-200:]), time.monotonic() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="NAME", help="run these mutants only")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy (its path is printed)")
    args = parser.parse_args(argv)
    chosen = [m for m in mutants() if not args.only or m.name in args.only]
    if args.list:
        for m in chosen:
            print(f"{m.name:30} {m.what}\n{'':30} {m.file}; tests: {' '.join(m.tests)}")
        return 0
    started = time.monotonic()
    workspace = Path(tempfile.mkdtemp(prefix="egov-mutants-"))
    try:
        copy, env = prepared_copy(workspace)
        tests = sorted({t for m in chosen for t in m.tests})
        ok, summary, seconds = run_tests(copy, env, tests)
        print(f"untouched copy: {'pass' if ok else 'FAIL'} ({summary}, {seconds:.0f} s)")
        if not ok:
            print("the chosen tests must pass before any mutant is tried", file=sys.stderr)
            return 2
        missed = []
        for mutant in chosen:
            edits = [(mutant.file, mutant.apply)]
            if mutant.name in TWINS:
                twin, edit = TWINS[mutant.name]
                edits.append((twin, edit))
            originals = {name: (copy / name).read_text(encoding="utf-8") for name, _ in edits}
            before = _top_level(copy, workspace / "tmp")
            try:
                for name, edit in edits:
                    (copy / name).write_text(edit(originals[name]), encoding="utf-8")
                passed, summary, seconds = run_tests(copy, env, mutant.tests)
            finally:
                for name, text in originals.items():
                    (copy / name).write_text(text, encoding="utf-8")
                for made in _top_level(copy, workspace / "tmp") - before:  # what the mutant wrote (a marker file, say)
                    shutil.rmtree(made) if made.is_dir() else made.unlink()
            verdict = "MISSED" if passed else "caught"
            if passed:
                missed.append(mutant.name)
            print(f"{verdict:7} {mutant.name:30} {mutant.what} [{summary}, {seconds:.0f} s]")
        print(f"{len(chosen) - len(missed)}/{len(chosen)} mutants caught in {time.monotonic() - started:.0f} s"
              + (f"; missed: {', '.join(missed)}" if missed else ""))
        return 1 if missed else 0
    finally:
        if args.keep:
            print(f"kept: {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
