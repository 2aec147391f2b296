"""The reconstruction scripts rebuild exactly the sample files shipped under data/.

Every ``scripts/reconstruct_<province>.py`` runs as a subprocess with ``--out`` pointing to a
temporary folder. It must pass its own checks, write exactly the expected files, and write
each one byte for byte the same as the file shipped in data/. The scripts run under an
audit hook. The run fails if a script opens a data file outside the repository (such as the
reference material in ../shared, which CI may not have) or writes anywhere outside the
output folder (and a private folder for the temporary files of libraries such as openpyxl).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[3]  # tests/kinds/tiered_scores/
SCRIPTS = PROJECT_ROOT / "scripts"
SHIPPED = PROJECT_ROOT / "data"  # the repository's own data/, whatever EGOV_DATA_DIR says

LAMDONG_TIERS = ("departments", "agencies", "districts")
DAKNONG_PARTS = ("districts_readiness", "districts_results", "communes_readiness", "communes_results")
EXPECTED_FILES = {
    "quangninh": {
        "units.csv",
        "2019/scores_departments.csv",
        "2019/scores_districts.csv",
        "2019/scores_communes.csv",
        "2018/scores.xlsx",
    },
    "lamdong": {"units.csv", *(f"{year}/scores_{tier}.csv" for year in (2016, 2017) for tier in LAMDONG_TIERS)},
    "daknong": {"units.csv", *(f"{year}/scores_{part}.csv" for year in (2018, 2019) for part in DAKNONG_PARTS)},
    "backan": {"2018/national_ranking.csv", "2019/national_ranking.csv"},
}

# Runs a script (argv: script, output folder, its arguments) as `python script ...` would,
# under an audit hook that records data files opened outside the repository and the output
# folder, and any file opened for writing outside the output folder and the temporary folder.
GUARD = r"""
import os, runpy, sys, tempfile
from pathlib import Path

script, out, *args = sys.argv[1:]
repo = Path(os.path.realpath(script)).parents[1]
out = Path(os.path.realpath(out))
scratch = Path(os.path.realpath(tempfile.gettempdir()))  # TMPDIR, private to this run
DATA_SUFFIXES = {".csv", ".xlsx", ".yaml", ".yml", ".json", ".txt", ".md"}
problems = []

def inside(path, folder):
    return path == folder or folder in path.parents

def watch(event, details):
    if event != "open" or isinstance(details[0], int):
        return
    path = Path(os.path.realpath(os.fsdecode(details[0])))
    mode, flags = details[1], details[2]
    writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & (os.O_WRONLY | os.O_RDWR))
    if writes and not (inside(path, out) or inside(path, scratch)):
        problems.append(f"writes {path}")
    elif path.suffix in DATA_SUFFIXES and not (inside(path, repo) or inside(path, out)):
        problems.append(f"reads {path}")

sys.addaudithook(watch)
sys.path.insert(0, os.path.dirname(script))
sys.argv = [script, "--out", str(out), *args]
try:
    runpy.run_path(script, run_name="__main__")
finally:
    if problems:
        raise SystemExit("files outside the repository or the output folder: " + "; ".join(sorted(set(problems))))
"""


def start_guarded(script: Path, out: Path, log: Path) -> subprocess.Popen:
    """Start the script with --out out, its output (stdout and stderr) going to log."""
    scratch = out.parent / "tmp"
    scratch.mkdir()
    # no __pycache__ written into scripts/; temporary files in a folder of this run only
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "TMPDIR": str(scratch)}
    with open(log, "wb") as handle:
        return subprocess.Popen(
            [sys.executable, "-c", GUARD, str(script), str(out)],
            cwd=out.parent,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple[int, str, Path]]:
    """Every reconstruction, run at the same time, each into its own empty folder:
    province -> (exit status, output, folder)."""
    base = tmp_path_factory.mktemp("reconstruction")
    started = {}
    for province in EXPECTED_FILES:
        out = base / province / "data"
        out.mkdir(parents=True)
        log = base / province / "log.txt"
        started[province] = (start_guarded(SCRIPTS / f"reconstruct_{province}.py", out, log), log, out)
    results = {}
    for province, (process, log, out) in started.items():
        status = process.wait(timeout=300)
        results[province] = (status, log.read_text(encoding="utf-8", errors="replace"), out)
    return results


def test_every_reconstruction_script_is_run():
    scripts = {p.stem.removeprefix("reconstruct_") for p in SCRIPTS.glob("reconstruct_*.py")}
    assert scripts == set(EXPECTED_FILES)


@pytest.mark.parametrize("province", sorted(EXPECTED_FILES))
def test_reconstruction_passes_its_checks_inside_the_repository(runs, province):
    status, output, _out = runs[province]
    assert status == 0, output[-3000:]
    assert "files outside the repository" not in output


@pytest.mark.parametrize("province", sorted(EXPECTED_FILES))
def test_reconstruction_writes_exactly_the_expected_files(runs, province):
    _status, output, out = runs[province]
    written = files_under(out)
    assert written, f"reconstruct_{province}.py wrote nothing\n{output[-3000:]}"
    assert written == {f"{province}/{name}" for name in EXPECTED_FILES[province]}


@pytest.mark.parametrize("province", sorted(EXPECTED_FILES))
def test_reconstruction_gives_the_shipped_files_byte_for_byte(runs, province):
    _status, _output, out = runs[province]
    written = sorted(files_under(out))
    assert written
    differing = [
        name
        for name in written
        if not (SHIPPED / name).is_file() or (SHIPPED / name).read_bytes() != (out / name).read_bytes()
    ]
    assert not differing, f"differ from data/: {differing}"


def test_guard_catches_a_read_outside_the_repository(tmp_path):
    """The audit hook is not vacuous: a script that reads a sibling of its repository fails."""
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "reference.csv").write_text("a,b\n", encoding="utf-8")
    script = tmp_path / "repo" / "scripts" / "peek.py"
    script.parent.mkdir(parents=True)
    script.write_text("open('../shared/reference.csv').read()\n", encoding="utf-8")
    out = tmp_path / "repo" / "out"
    out.mkdir()
    log = tmp_path / "log.txt"
    status = start_guarded(script, out, log).wait(timeout=60)
    assert status != 0
    assert "reads " in log.read_text(encoding="utf-8") and "reference.csv" in log.read_text(encoding="utf-8")
