"""Shared fixtures: one full render of the flagship report per test session.

No test is skipped silently: a skip fails the run unless the test is marked
``@pytest.mark.platform`` (it cannot run on some systems: README.md, "Tests").

The session runs with a temporary folder of its own (TMPDIR, inherited by every render and
kernel the tests start); at the end, a file the project left there (``egov-*``: kernel sockets,
connection files, render folders) fails the session, and the folder is removed.
"""

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_SESSION_TMP = Path(tempfile.mkdtemp(prefix="t12s-", dir="/tmp" if os.path.isdir("/tmp") else None))
os.environ["TMPDIR"] = str(_SESSION_TMP)  # short: a kernel socket's path holds at most 107 bytes
tempfile.tempdir = None  # looked up again, from TMPDIR


def _left_in_the_temporary_folder(session) -> None:
    left = sorted(p.name for p in _SESSION_TMP.glob("egov-*"))
    shutil.rmtree(_SESSION_TMP, ignore_errors=True)
    if left:
        print(f"\nLeft in the temporary folder by the project: {', '.join(left)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


from egov_report.paths import DATA_DIR  # noqa: E402 - kept after the TMPDIR set-up above


@pytest.fixture()
def data_here(tmp_path, monkeypatch):
    """tmp_path as the data folder, so that messages name files as under data/ (paths.display_path)."""
    from egov_report import paths

    monkeypatch.setattr(paths, "DATA_DIR", tmp_path)


@pytest.fixture()
def merger_data(tmp_path):
    """The province of tests/support/merger_province.py written under tmp_path; returns the data folder."""
    from support import merger_province

    merger_province.write(tmp_path)
    return tmp_path


@pytest.fixture(scope="session")
def flagship(tmp_path_factory) -> Path:
    """reports/quangninh/2019 rendered into a temporary reports folder."""
    from egov_report.render.pipeline import render

    reports = tmp_path_factory.mktemp("reports")
    result = render("quangninh", 2019, reports_dir=reports, log=lambda *_: None)
    return result.target


@pytest.fixture(scope="session")
def shipped_reports(tmp_path_factory) -> Path:
    """Every shipped province-year rendered once per session into a temporary reports folder,
    two at a time: the browser tests and the style tests read the same files."""
    from egov_report import batch

    folder = tmp_path_factory.mktemp("shipped-reports")
    assert batch.main(jobs=2, data_dir=DATA_DIR, reports_dir=folder, out=lambda line: None) == 0
    return folder


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


# -- a skip fails the run, unless the test is marked platform-specific ---------------------------

_UNEXPECTED_SKIPS: list[str] = []


def _unexpected(report) -> bool:
    return report.skipped and not hasattr(report, "wasxfail") and "platform" not in report.keywords


def pytest_collectreport(report):
    if _unexpected(report):  # a whole module skipped (pytest.importorskip, a module-level skip)
        _UNEXPECTED_SKIPS.append(f"{report.nodeid}: {report.longrepr}")


def pytest_runtest_logreport(report):
    if _unexpected(report):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        _UNEXPECTED_SKIPS.append(f"{report.nodeid}: {reason}")


def pytest_terminal_summary(terminalreporter):
    if _UNEXPECTED_SKIPS:
        terminalreporter.section("skipped tests not marked platform-specific: the run fails", red=True)
        for line in _UNEXPECTED_SKIPS:
            terminalreporter.write_line(line)


def pytest_sessionfinish(session, exitstatus):
    """The run fails on a skip not marked platform-specific, or on a file left in the temporary folder."""
    if _UNEXPECTED_SKIPS and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    _left_in_the_temporary_folder(session)
