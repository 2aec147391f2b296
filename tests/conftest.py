"""Shared fixtures (one full render of the flagship report per test session), and the rule that
no test is skipped silently: a skip fails the run unless the test is marked
``@pytest.mark.platform`` (it cannot run on some systems: README.md, "Tests")."""

import shutil
from pathlib import Path

import pytest

from egov_report.paths import DATA_DIR


@pytest.fixture(scope="session")
def flagship(tmp_path_factory) -> Path:
    """reports/quangninh/2019 rendered into a temporary reports folder."""
    from egov_report.render.pipeline import render

    reports = tmp_path_factory.mktemp("reports")
    result = render("quangninh", 2019, reports_dir=reports, log=lambda *_: None)
    return result.target


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
    if _UNEXPECTED_SKIPS and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
