"""Write, check, then publish: the last good report survives failures, interruptions and
concurrent renders; the published report names no folder of this machine.

Most tests drive pipeline.render in-process with a stand-in for the notebook stage; the
interruption and concurrency tests run the real command (`python -m egov_report render`)
with private data and reports folders (EGOV_DATA_DIR, EGOV_REPORTS_DIR). Nothing waits a
fixed time: a test waits for an event (a file appearing, a process ending), with a generous
deadline only so that a broken run cannot hang the suite.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from egov_report import cli, paths
from egov_report.errors import Interrupted, RenderBusy, ReportError
from egov_report.render import pipeline, publish
from support.helpers import PROJECT_ROOT, PROVINCE, PROVINCE_DIR, YEAR

DEADLINE = 180  # seconds a subprocess may take before the test gives up (not a timing assumption)
LAST_GOOD = {"report.html": "<html>báo cáo đã ký</html>\n", "report.pdf": "%PDF-1.7 đã ký", "figures.json": "{}\n"}


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _last_good_report(reports: Path, province: str = PROVINCE, year: int = YEAR) -> Path:
    target = reports / province / str(year)
    target.mkdir(parents=True)
    for name, text in LAST_GOOD.items():
        (target / name).write_text(text, encoding="utf-8")
    return target


def _data(tmp_path: Path, *extra_provinces: str) -> Path:
    """data/ with a copy of the flagship province (and copies of it under other codes)."""
    data = tmp_path / "data"
    for code in (PROVINCE, *extra_provinces):
        shutil.copytree(PROVINCE_DIR, data / code, ignore=shutil.ignore_patterns("2020"))
    return data


def _staging_left(reports: Path) -> list[Path]:
    staging = reports / ".staging"
    return list(staging.iterdir()) if staging.exists() else []


# -- publish and recover -----------------------------------------------------------------------


def _folder(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    for name, text in files.items():
        (path / name).write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2", "two-renames"])
def test_publish_replaces_the_whole_report(tmp_path, monkeypatch, exchange):
    if not exchange:
        monkeypatch.setattr(publish, "_exchange", lambda first, second: False)
    target = _folder(tmp_path / "quangninh" / "2019", {"report.html": "old", "stale.txt": "old only"})
    staging = _folder(tmp_path / ".staging" / "quangninh-2019-0123abcd", {"report.html": "new"})
    publish.publish(staging, target)
    assert sorted(p.name for p in target.iterdir()) == ["report.html"]
    assert (target / "report.html").read_text(encoding="utf-8") == "new"
    assert not staging.exists()
    assert not list(target.parent.glob(".2019.old-*"))


def test_publish_a_first_report(tmp_path):
    staging = _folder(tmp_path / ".staging" / "quangninh-2019-0123abcd", {"report.html": "new"})
    target = tmp_path / "quangninh" / "2019"
    publish.publish(staging, target)
    assert (target / "report.html").read_text(encoding="utf-8") == "new"


@pytest.mark.platform  # renameat2(RENAME_EXCHANGE): Linux 3.15+ with glibc 2.28+
def test_exchange_swaps_two_folders(tmp_path):
    first = _folder(tmp_path / "a", {"x": "a"})
    second = _folder(tmp_path / "b", {"x": "b"})
    if not publish._exchange(first, second):
        pytest.skip("no renameat2 exchange here: publish uses two renames, recovered by recover()")
    assert (first / "x").read_text() == "b" and (second / "x").read_text() == "a"


def test_recover_puts_back_a_report_a_killed_run_renamed_away(tmp_path):
    reports = tmp_path / "reports"
    target = _last_good_report(reports)
    before = _digests(target)
    target.rename(target.with_name(".2019.old-0123abcd"))  # killed between the two renames
    stale = _folder(reports / ".staging" / f"{PROVINCE}-{YEAR}-89abcdef", {"report.ipynb": "{}"})
    other = _folder(reports / ".staging" / f"{PROVINCE}x-{YEAR}-89abcdef", {"report.ipynb": "{}"})
    publish.recover(reports, target, PROVINCE, YEAR)
    assert _digests(target) == before
    assert not stale.exists() and other.exists()  # only this province-year's leftovers
    assert not list(target.parent.glob(".2019.old-*"))


def test_recover_removes_an_old_copy_when_the_new_report_is_in_place(tmp_path):
    reports = tmp_path / "reports"
    target = _last_good_report(reports)
    old = _folder(target.with_name(".2019.old-0123abcd"), {"report.html": "older"})
    publish.recover(reports, target, PROVINCE, YEAR)
    assert not old.exists() and (target / "report.html").exists()


# -- the lock -----------------------------------------------------------------------------------


def test_a_second_render_of_the_same_report_is_refused_while_the_first_holds_the_lock(tmp_path):
    with publish.report_lock(tmp_path, PROVINCE, YEAR):
        with pytest.raises(RenderBusy) as busy:
            with publish.report_lock(tmp_path, PROVINCE, YEAR):
                pass
        with publish.report_lock(tmp_path, PROVINCE, YEAR + 1):  # another year is independent
            pass
    message = str(busy.value)
    assert f"{PROVINCE} {YEAR}" in message and f"tiến trình {os.getpid()}" in message
    with publish.report_lock(tmp_path, PROVINCE, YEAR):  # released
        pass


def test_the_command_says_the_report_is_busy(tmp_path):
    """A real second render while this process holds the lock: a message and exit 75, nothing touched."""
    data, reports = _data(tmp_path), tmp_path / "reports"
    target = _last_good_report(reports)
    before = _digests(target)
    with publish.report_lock(reports, PROVINCE, YEAR):
        second = _command(data, reports, PROVINCE, YEAR)
        _, stderr = second.communicate(timeout=DEADLINE)
    assert stderr == (
        f"Lỗi: Đang có một lần tạo báo cáo {PROVINCE} {YEAR} khác (tiến trình {os.getpid()}); hãy chờ "
        f"lần đó kết thúc rồi chạy lại.\n{cli.NOTHING_PUBLISHED}\n"
    )
    assert second.returncode == cli.EXIT_BUSY
    assert _digests(target) == before and not _staging_left(reports)


# -- failures and interruptions inside the render, in-process ----------------------------------


@pytest.fixture
def fake_render(tmp_path, monkeypatch):
    """render() with the notebook stage replaced: ``stage`` decides what it writes and raises."""
    data, reports = _data(tmp_path), tmp_path / "reports"
    target = _last_good_report(reports)
    monkeypatch.setattr(pipeline, "check_system", lambda **_: None)
    state = {}

    def run(stage):
        def fake(kind, staging, province, year, result, log, data_dir):
            state["staging"] = staging
            stage(staging)

        monkeypatch.setattr(pipeline, "render_into", fake)
        return pipeline.render(PROVINCE, YEAR, reports_dir=reports, data_dir=data, log=lambda *_: None)

    return run, target, reports, state


def _executed_notebook(staging: Path) -> None:
    """What papermill leaves: the executed notebook, with the absolute paths of the run."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(
        nbformat.v4.new_code_cell(f'output_dir = "{staging}"', metadata={"tags": ["injected-parameters"]})
    )
    notebook.metadata["papermill"] = {
        "input_path": str(PROJECT_ROOT / "notebooks" / "report.ipynb"),
        "output_path": str(staging / "report.ipynb"),
        "parameters": {"output_dir": str(staging)},
    }
    nbformat.write(notebook, staging / "report.ipynb")


def test_an_interruption_keeps_the_last_good_report_and_the_notebook(fake_render):
    run, target, reports, state = fake_render
    before = _digests(target)

    def interrupted(staging):
        _executed_notebook(staging)
        (staging / "report.html").write_text("half", encoding="utf-8")
        raise KeyboardInterrupt

    with pytest.raises(Interrupted) as stopped:
        run(interrupted)
    assert _digests(target) == before and not _staging_left(reports)
    failed = target.with_name(f"{YEAR}.failed")
    assert (failed / "report.ipynb").exists()
    assert stopped.value.exit_code == 130 and str(failed / "report.ipynb") in stopped.value.detail


def test_a_bug_is_a_message_and_its_traceback_is_kept(fake_render):
    run, target, reports, _ = fake_render
    before = _digests(target)

    def buggy(staging):
        _executed_notebook(staging)
        raise KeyError("rank")

    with pytest.raises(ReportError) as failure:
        run(buggy)
    failed = target.with_name(f"{YEAR}.failed")
    assert str(failure.value).startswith("Lỗi không mong đợi khi tạo báo cáo (KeyError: 'rank')")
    assert "KeyError" in (failed / "traceback.txt").read_text(encoding="utf-8")
    assert _digests(target) == before and not _staging_left(reports)


def test_success_publishes_a_notebook_without_local_paths_and_drops_an_older_failure(fake_render):
    run, target, reports, state = fake_render
    failed = _folder(target.with_name(f"{YEAR}.failed"), {"report.ipynb": "{}"})

    def complete(staging):
        _executed_notebook(staging)
        (staging / "report.html").write_text("new", encoding="utf-8")

    run(complete)
    assert (target / "report.html").read_text(encoding="utf-8") == "new"
    assert not failed.exists() and not _staging_left(reports)
    text = (target / "report.ipynb").read_text(encoding="utf-8")
    assert str(state["staging"]) not in text and str(PROJECT_ROOT) not in text and str(reports) not in text
    notebook = nbformat.read(target / "report.ipynb", as_version=4)
    assert notebook.metadata.papermill.input_path == "notebooks/report.ipynb"
    assert notebook.metadata.papermill.parameters.output_dir == "."
    assert notebook.cells[0].source == 'output_dir = "."'


# -- parameters --------------------------------------------------------------------------------


@pytest.mark.parametrize("province, year", [("01", "2019"), ("22", "2019"), (PROVINCE, "2019.0"), (PROVINCE, "02019")])
def test_numeric_looking_parameters_stay_text(monkeypatch, capsys, province, year):
    monkeypatch.setenv("PROVINCE", province)
    monkeypatch.setenv("YEAR", year)
    assert cli.main(["render", "--from-env"]) == cli.EXIT_PARAMETERS
    err = capsys.readouterr().err
    assert f"PROVINCE={province!r} YEAR={year!r}" in err  # quoted as typed: 01 is not 1
    assert f"{PROVINCE} {YEAR}" in err  # and what is available


def test_make_takes_province_and_year_literally(tmp_path):
    """`make report PROVINCE='$(shell ...)'` must not run the command (make expands $(...) itself)."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    env = {k: v for k, v in os.environ.items() if k not in ("PROVINCE", "YEAR", "MAKEFLAGS", "MFLAGS")}
    ready = subprocess.run(["make", "-q", ".venv/.installed-render"], cwd=PROJECT_ROOT, env=env, capture_output=True)
    if ready.returncode != 0:
        pytest.skip("the venv is not up to date: `make report` would install packages first")
    marker = tmp_path / "ran"
    run = subprocess.run(
        ["make", "-s", "report", f"PROVINCE=$(shell touch {marker})x", f"YEAR=`touch {marker}`"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    assert run.returncode != 0 and not marker.exists()
    typed = f"$(shell touch {marker})x"
    echoed = typed if len(typed) <= 80 else typed[:79] + "…"  # a value quoted in a message is cut at 80
    assert f"PROVINCE='{echoed}'" in run.stderr


# -- the real command: interruptions and concurrent renders ------------------------------------


def _command(data: Path, reports: Path, province: str, year: int) -> subprocess.Popen:
    """`python -m egov_report render` on private data and reports folders, in its own process group."""
    env = dict(os.environ, EGOV_DATA_DIR=str(data), EGOV_REPORTS_DIR=str(reports))
    return subprocess.Popen(
        [sys.executable, "-m", "egov_report", "render", province, str(year)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for(condition, process: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert process.poll() is None, f"the render ended before {what}: {process.communicate()}"
        assert time.monotonic() < deadline, f"no {what} after {DEADLINE} s"
        time.sleep(0.05)


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state == "Z"


def _kernel_children(pid: int) -> set[int]:
    """The render's kernel processes (before and after ``render.limited`` becomes the kernel)."""
    found = set()
    for child in _children(pid):
        try:
            if b"ipykernel_launcher" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
        except OSError:
            continue
    return found


def _kernel_launched(render: subprocess.Popen, staging: Path) -> bool:
    """The kernel's process exists: it may not have read its connection file yet."""
    return bool(_kernel_children(render.pid))


def _cells_running(render: subprocess.Popen, staging: Path) -> bool:
    """papermill has saved the executed notebook after its third cell: the kernel runs the cells."""
    return any(b'"execution_count": 3' in path.read_bytes() for path in staging.glob("*/report.ipynb"))


@pytest.mark.platform
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
@pytest.mark.parametrize("when", [_kernel_launched, _cells_running], ids=["kernel-launched", "cells-running"])
@pytest.mark.parametrize("how", ["ctrl-c", "sigterm"])
def test_an_interrupted_render_leaves_the_last_good_report_byte_identical(tmp_path, how, when):
    data, reports = _data(tmp_path), tmp_path / "reports"
    target = _last_good_report(reports)
    before = _digests(target)
    render = _command(data, reports, PROVINCE, YEAR)
    staging = reports / ".staging"
    _wait_for(lambda: when(render, staging), render, when.__name__)
    kernels = _kernel_children(render.pid)
    if how == "ctrl-c":
        os.killpg(render.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole foreground group
    else:
        render.send_signal(signal.SIGTERM)
    _, stderr = render.communicate(timeout=DEADLINE)

    failed = target.with_name(f"{YEAR}.failed")
    stopped = "Đã dừng theo yêu cầu (Ctrl-C)" if how == "ctrl-c" else "Đã dừng vì nhận tín hiệu SIGTERM"
    # nothing else: a kernel left running would write ipykernel's warnings here (TCP, parent gone)
    assert stderr == (
        f"{stopped}; báo cáo trước đó (nếu có) được giữ nguyên.\n"
        f"Notebook đã chạy được giữ lại để kiểm tra: {pipeline.shown_path(failed / 'report.ipynb')}\n"
    )
    assert render.returncode == (130 if how == "ctrl-c" else 143)
    assert _digests(target) == before  # byte for byte
    assert not _staging_left(reports)
    assert (failed / "report.ipynb").exists()
    assert kernels
    # stopped by the render before it ended, not left to notice its parent had gone
    assert [pid for pid in kernels if not _gone(pid)] == []


def test_two_province_years_render_at_the_same_time(tmp_path):
    """Different province-years do not share a lock, a staging folder or a kernel: both succeed."""
    data, reports = _data(tmp_path, "testprov"), tmp_path / "reports"
    renders = [_command(data, reports, province, YEAR) for province in (PROVINCE, "testprov")]
    results = [render.communicate(timeout=DEADLINE) for render in renders]
    for render, (_stdout, stderr) in zip(renders, results):
        assert render.returncode == 0, stderr
        assert "Traceback" not in stderr
    for province in (PROVINCE, "testprov"):
        report = reports / province / str(YEAR)
        assert (report / "report.pdf").read_bytes()[:5] == b"%PDF-"
        assert '"passed": true' in (report / "validation.json").read_text(encoding="utf-8")
    assert not _staging_left(reports)


# -- what a published report shows of this machine ----------------------------------------------


def test_the_published_report_reveals_no_local_path(flagship):
    home = str(Path.home())
    forbidden = {str(PROJECT_ROOT), str(flagship.parent.parent), str(paths.DATA_DIR.resolve())}
    if home not in ("/", ""):
        forbidden.add(home)
    for path in sorted(flagship.iterdir()):
        if path.suffix not in (".html", ".ipynb", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        for folder in forbidden:
            assert folder not in text, f"{path.name} names {folder}"
        assert not re.search(r"/tmp/|/home/|/root/|/Users/", text), path.name
