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
import contextlib
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
from typing import Callable, Iterator

from egov_report.paths import PROJECT_ROOT as ROOT

IGNORED = (".git", ".venv", "reports", "mutants", "__pycache__", ".pytest_cache", "*.egg-info", ".ipynb_checkpoints")


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
    notebook["cells"] = [
        c for c in notebook["cells"] if "stage-validation" not in c.get("metadata", {}).get("tags", [])
    ]
    return json.dumps(notebook, ensure_ascii=False, indent=1) + "\n"


def _drop_validation_cell_py(text: str) -> str:
    return re.sub(r'# %% tags=\["stage-validation"\]\n.*?(?=\n# %%)', "", text, count=1, flags=re.S)


# the named edits mutants.yaml may ask for instead of ``old`` -> ``new``
EDITS = {"drop_validation_cell": _drop_validation_cell_ipynb}


def mutants() -> list[Mutant]:
    """The fixed list, kept as data in mutants.yaml beside this module."""
    import yaml

    entries = yaml.safe_load(Path(__file__).with_name("mutants.yaml").read_text(encoding="utf-8"))
    return [
        Mutant(**{**entry, "edit": EDITS[entry["edit"]]}) if "edit" in entry else Mutant(**entry) for entry in entries
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
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import egov_report, egov_report.paths as p; print(egov_report.__file__); print(p.PROJECT_ROOT)",
        ],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
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
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--no-header", "-o", "addopts=", *tests],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
    )
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    return run.returncode == 0, (lines[-1] if lines else run.stderr.strip()[-200:]), time.monotonic() - start


@contextlib.contextmanager
def project_copy(prefix: str, keep: bool = False) -> Iterator[tuple[Path, Path, dict[str, str]]]:
    """(workspace, the prepared copy in it, its environment); the workspace removed after, unless kept."""
    workspace = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield workspace, *prepared_copy(workspace)
    finally:
        if keep:
            print(f"kept: {workspace}")
        else:
            shutil.rmtree(workspace, ignore_errors=True)


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
    with project_copy("egov-mutants-", args.keep) as (workspace, copy, env):
        return _run(chosen, workspace, copy, env)


def _run(chosen: list[Mutant], workspace: Path, copy: Path, env: dict[str, str]) -> int:
    """Each mutant applied alone to the copy and its tests run; 1 when one of them passes."""
    started = time.monotonic()
    ok, summary, seconds = run_tests(copy, env, sorted({t for m in chosen for t in m.tests}))
    print(f"untouched copy: {'pass' if ok else 'FAIL'} ({summary}, {seconds:.0f} s)")
    if not ok:
        print("the chosen tests must pass before any mutant is tried", file=sys.stderr)
        return 2
    missed = [mutant.name for mutant in chosen if _survives(mutant, workspace, copy, env)]
    print(
        f"{len(chosen) - len(missed)}/{len(chosen)} mutants caught in {time.monotonic() - started:.0f} s"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )
    return 1 if missed else 0


def _survives(mutant: Mutant, workspace: Path, copy: Path, env: dict[str, str]) -> bool:
    """The mutant (and its twin) applied to the copy, its tests run, the copy restored after."""
    edits = [(mutant.file, mutant.apply)]
    if mutant.name in TWINS:
        edits.append(TWINS[mutant.name])
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
    print(f"{'MISSED' if passed else 'caught':7} {mutant.name:30} {mutant.what} [{summary}, {seconds:.0f} s]")
    return passed


if __name__ == "__main__":
    sys.exit(main())
