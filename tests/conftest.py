"""Shared fixtures: one full render of the flagship report per test session."""

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
