"""Validation made ahead by the renderer (render/ahead.py, core/ahead.py): taken only for the very bytes the notebook loaded."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from egov_report import kinds
from egov_report.core import ahead
from egov_report.core.ahead import PROCESS_VARIABLE, RESULT_VARIABLE, validated
from egov_report.core.provenance import input_digests
from egov_report.render import ahead as render_ahead
from support.helpers import PROVINCE, YEAR


@dataclass
class Inputs:
    input_files: list[Path]


class Calls:
    def __init__(self):
        self.count = 0

    def __call__(self, inputs):
        self.count += 1
        return {"made": "here"}


@pytest.fixture
def inputs(tmp_path):
    path = tmp_path / "scores.csv"
    path.write_text("code,total\nX01,80\n", encoding="utf-8")
    return Inputs([path])


def _write(target: Path, outcome: dict) -> None:
    target.write_bytes(pickle.dumps(outcome))


def _made_ahead_at(monkeypatch, target: Path, pid: int | None = None) -> None:
    """The environment a rendering kernel gets: where the result is, which process makes it."""
    monkeypatch.setenv(RESULT_VARIABLE, str(target))
    monkeypatch.setenv(PROCESS_VARIABLE, str(os.getpid() if pid is None else pid))


def _ended_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_without_a_render_the_notebook_validates_itself(inputs, monkeypatch):
    monkeypatch.delenv(RESULT_VARIABLE, raising=False)
    validate = Calls()
    assert validated(validate, inputs) == {"made": "here"}
    assert validate.count == 1


@pytest.fixture
def made_ahead(inputs, tmp_path, monkeypatch) -> Path:
    """A result made ahead for the inputs as they are now, where the kernel is told to find it."""
    target = tmp_path / "ahead.pickle"
    _write(target, {"digests": input_digests(inputs.input_files), "validation": {"made": "ahead"}})
    _made_ahead_at(monkeypatch, target)
    return target


def test_the_result_made_ahead_is_taken_for_the_same_bytes(inputs, made_ahead):
    validate = Calls()
    assert validated(validate, inputs) == {"made": "ahead"}
    assert validate.count == 0


def test_a_file_changed_in_between_is_validated_again(inputs, made_ahead):
    inputs.input_files[0].write_text("code,total\nX01,81\n", encoding="utf-8")  # the kernel read other bytes
    validate = Calls()
    assert validated(validate, inputs) == {"made": "here"}
    assert validate.count == 1


def test_a_failure_ahead_leaves_the_validation_to_the_notebook(inputs, tmp_path, monkeypatch):
    target = tmp_path / "ahead.pickle"
    ahead.make(kinds.lazy("os.path:no_such_loader"), os.path.exists, "quangninh", 2019, target)
    assert "error" in pickle.loads(target.read_bytes())
    _made_ahead_at(monkeypatch, target)
    validate = Calls()
    assert validated(validate, inputs) == {"made": "here"}


def test_no_wait_for_a_process_that_ended_without_a_result(inputs, tmp_path, monkeypatch):
    _made_ahead_at(monkeypatch, tmp_path / "never-written.pickle", _ended_pid())
    validate = Calls()
    started = time.perf_counter()
    assert validated(validate, inputs) == {"made": "here"}
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize("province, year", [("phutho", 2021), ("backan", 2019), ("quangninh", 2020)])
def test_made_ahead_by_the_kind_equals_the_notebooks_own(province, year, tmp_path, monkeypatch):
    """One province-year of each kind, through the process the renderer starts: same problems, same runs."""
    from egov_report.catalog import framework_file
    from egov_report.paths import DATA_DIR

    kind = kinds.kind(kinds.check_framework(framework_file(Path(DATA_DIR) / province, year)))
    job = render_ahead.start(kind.loader, kind.validator, province, year, tmp_path, 4096 * 1024 * 1024)
    _made_ahead_at(monkeypatch, job.target, job.process.pid)
    loader, validate = kind.loader, kind.validator
    inputs = loader(province, year)
    calls = []
    taken = validated(lambda i: calls.append(i) or validate(i), inputs)
    assert calls == []  # taken from the process
    assert taken.to_dict() == validate(inputs).to_dict()
    assert taken.to_dict()["expectations_evaluated"] > 0
    assert job.stop() is True  # and says so to the renderer
    assert not job.target.exists() and not list(tmp_path.glob(".validation-ahead*"))


def test_every_shipped_report_took_the_validation_made_ahead(shipped_reports):
    """A kernel that quietly validated on its own would still be right, only slower: timings.json tells."""
    from egov_report.core.records import read_json

    timings = sorted(shipped_reports.glob("*/*/timings.json"))
    assert len(timings) == 14  # the shipped province-years (data/): 12, and Quảng Ninh's districts 2019–2020
    assert {str(t.parent.relative_to(shipped_reports)): read_json(t)["validated_ahead"] for t in timings} == {
        str(t.parent.relative_to(shipped_reports)): True for t in timings
    }
    assert not list(shipped_reports.rglob(".validation-ahead*"))  # nothing of it published


STATISTICS_PROBE = """
import sys
from egov_report.render import ahead
ahead.lean_interpreter()
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.validation import validate
validate(load_evaluation("{province}", {year})).raise_if_failed()
print("scipy.stats ran:", any(name in sys.modules for name in ("scipy.optimize", "scipy.special")))
from great_expectations.expectations.core.expect_column_kl_divergence_to_be_less_than import stats
print("entropy:", stats.entropy([1, 1], [1, 3]) > 0)
print("scipy.stats ran:", any(name in sys.modules for name in ("scipy.optimize", "scipy.special")))
"""


def test_the_validation_ahead_loads_scipy_stats_only_when_an_expectation_uses_it():
    done = subprocess.run(
        [sys.executable, "-c", STATISTICS_PROBE.format(province=PROVINCE, year=YEAR)],
        capture_output=True,
        text=True,
        check=True,
    )
    # the shipped suites ran without it; the expectation that needs it finds it whole
    assert done.stdout.splitlines() == ["scipy.stats ran: False", "entropy: True", "scipy.stats ran: True"]
