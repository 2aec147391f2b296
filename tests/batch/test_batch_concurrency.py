"""Batches at once and batches stopped (issue 12): one batch per reports folder, renders stopped with it.

Two ``make reports`` on one reports folder used to build a report twice, truncate a log and mark
freshly built reports as failed; SIGTERM ended the batch while its renders went on publishing.
Here: a second batch stops at once naming the first (or waits with --wait); SIGTERM to a batch
stops its renders, every report is the old one or the new one, whole, and the index is rewritten;
a report busy in another render is "bận", not "lỗi"; the index never marks failed a report built
again since its failure.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch import copy_quangninh

from egov_report import batch, stamps
from egov_report.batch import index as batch_index
from support.helpers import PROJECT_ROOT

EXPECTED_FILES = {"report.html", "report.pdf", "report.ipynb", "figures.json", stamps.STAMP_FILE}


@pytest.fixture
def folders(tmp_path):
    data, reports = tmp_path / "data", tmp_path / "reports"
    copy_quangninh(data)
    env = dict(os.environ, EGOV_DATA_DIR=str(data), EGOV_REPORTS_DIR=str(reports), PYTHONUNBUFFERED="1")
    env.pop("MAKEFLAGS", None)
    return data, reports, env


def start_batch(env, *options) -> tuple[subprocess.Popen, list[str]]:
    """A batch in the background, returned once its first render has started (with the lines so far)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "egov_report", "batch", "-j", "1", *options],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = []
    for line in process.stdout:
        lines.append(line.rstrip("\n"))
        if "▶" in line:
            return process, lines
    raise AssertionError("the batch started no render: " + "\n".join(lines) + process.stderr.read())


def renders_running(reports: Path) -> list[str]:
    """Report locks still held (a render holds its report's lock until its process ends)."""
    held = []
    for path in (reports / ".locks").glob("*-*.lock"):
        with open(path, "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(handle, fcntl.LOCK_UN)
            except BlockingIOError:
                held.append(path.stem)
    return held


def whole_or_absent(reports: Path) -> None:
    for year in ("2018", "2019"):
        target = reports / "quangninh" / year
        if target.exists():
            assert EXPECTED_FILES <= {p.name for p in target.iterdir()}, target
    staging = reports / ".staging"
    logs = "\n".join(p.read_text(encoding="utf-8") for p in (reports / ".batch").glob("*.err"))
    assert not staging.exists() or not list(staging.iterdir()), logs


@pytest.mark.e2e
def test_two_batches_at_once_the_second_stops_naming_the_first(folders):
    data, reports, env = folders
    first, _ = start_batch(env)
    try:
        second = subprocess.run(
            [sys.executable, "-m", "egov_report", "batch", "-j", "1"],
            env=env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert second.returncode == 75
        assert second.stderr.startswith(
            f"Lỗi: Đang có một lần tạo báo cáo hàng loạt khác trên thư mục này (tiến trình {first.pid}, bắt đầu lúc "
        )
        assert second.stderr.rstrip().endswith("); hãy chờ lần đó kết thúc, hoặc chạy với --wait để tự chờ.")
        log = reports / ".batch"
        assert all(p.stat().st_size >= 0 for p in log.iterdir())
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=120)


@pytest.mark.e2e
def test_sigterm_to_a_batch_stops_its_renders_and_rewrites_the_index(folders):
    data, reports, env = folders
    process, lines = start_batch(env)
    time.sleep(3)  # the render is under way (its kernel started)
    stopped = time.monotonic()
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 143, out + err
    assert time.monotonic() - stopped < 60
    assert "Đã dừng vì nhận tín hiệu SIGTERM; mỗi báo cáo là bản cũ hoặc bản mới trọn vẹn" in out
    assert renders_running(reports) == []  # the renders ended with the batch
    assert (reports / batch_index.INDEX_FILE).exists()  # rewritten on the way out
    whole_or_absent(reports)
    before = sorted(p.name for p in reports.rglob("*"))
    time.sleep(3)
    assert sorted(p.name for p in reports.rglob("*")) == before  # nothing published after the batch ended


def test_a_second_batch_with_wait_waits_for_the_first(tmp_path):
    reports, data = tmp_path / "reports", tmp_path / "data"
    data.mkdir()
    env = dict(os.environ, EGOV_DATA_DIR=str(data), EGOV_REPORTS_DIR=str(reports))
    with batch.batch_lock(reports):
        waiting = subprocess.Popen(
            [sys.executable, "-m", "egov_report", "batch", "--wait"],
            env=env,
            cwd=PROJECT_ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(2)
        assert waiting.poll() is None  # still waiting
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert out.startswith(f"Đang chờ lần tạo báo cáo hàng loạt khác kết thúc (tiến trình {os.getpid()}, bắt đầu lúc ")


@pytest.mark.e2e
def test_a_report_busy_in_another_render_is_busy_not_failed(folders):
    data, reports, _ = folders
    locks = reports / ".locks"
    locks.mkdir(parents=True)
    held = {}
    for year in (2018, 2019):  # both reports are being rendered by someone else
        held[year] = open(locks / f"quangninh-{year}.lock", "a+")
        fcntl.flock(held[year], fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        lines: list[str] = []
        code = batch.main(jobs=1, data_dir=data, reports_dir=reports, out=lines.append)
    finally:
        for handle in held.values():
            handle.close()
    text = "\n".join(lines)
    assert code == 0, text
    assert "quangninh 2019: bận (đang được tạo ở tiến trình khác)" in text
    assert "LỖI" not in text and "0 lỗi" in text and "2 bận" in text


def test_the_index_never_marks_failed_a_report_built_since(tmp_path):
    target = tmp_path / "quangninh" / "2019"
    target.mkdir(parents=True)
    rendered = dt.datetime(2026, 1, 2, 10, 0).astimezone()
    stamp = {"format": stamps.STAMP_FORMAT, "rendered_at": rendered.isoformat(), "meta": {}, "outputs": []}
    (target / stamps.STAMP_FILE).write_text(json.dumps(stamp), encoding="utf-8")
    key = ("quangninh", 2019)
    earlier, later = rendered.timestamp() - 60, rendered.timestamp() + 60
    assert not batch_index.index_entries(tmp_path, {key: earlier})[0]["failed"]  # built again after the failure
    assert batch_index.index_entries(tmp_path, {key: later})[0]["failed"]
