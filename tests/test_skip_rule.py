"""The suite's rule (tests/conftest.py): a skipped test fails the run unless it is marked
platform-specific. Checked on a throwaway suite that uses the project's conftest.py."""

import shutil
import subprocess
import sys
from pathlib import Path

CONFTEST = Path(__file__).with_name("conftest.py")


def _run(tmp_path: Path, body: str) -> subprocess.CompletedProcess:
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    platform: may skip\n", encoding="utf-8")
    (tmp_path / "test_sample.py").write_text("import pytest\n\n\n" + body, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unmarked_skip_fails_the_run(tmp_path):
    run = _run(
        tmp_path, "def test_passes():\n    pass\n\n\ndef test_skips():\n    pytest.skip('reference file missing')\n"
    )
    assert run.returncode == 1, run.stdout
    assert "skipped tests not marked platform-specific: the run fails" in run.stdout
    assert "test_sample.py::test_skips: Skipped: reference file missing" in run.stdout


def test_an_unmarked_skipif_fails_the_run(tmp_path):
    run = _run(tmp_path, "@pytest.mark.skipif(True, reason='no data')\ndef test_skips():\n    pass\n")
    assert run.returncode == 1, run.stdout
    assert "test_sample.py::test_skips: Skipped: no data" in run.stdout


def test_a_platform_skip_passes(tmp_path):
    run = _run(
        tmp_path,
        "@pytest.mark.platform\ndef test_skips():\n    pytest.skip('no renameat2')\n\n\ndef test_passes():\n    pass\n",
    )
    assert run.returncode == 0, run.stdout
    assert "1 passed, 1 skipped" in run.stdout and "the run fails" not in run.stdout


def test_a_failure_keeps_its_own_exit_status(tmp_path):
    run = _run(tmp_path, "def test_fails():\n    assert False\n\n\ndef test_skips():\n    pytest.skip('x')\n")
    assert run.returncode == 1 and "1 failed, 1 skipped" in run.stdout
