"""make reports: every province-year in one command, incremental, parallel, failures collected.

One private data folder (Quảng Ninh 2018 and 2019, and a small synthetic province) is
rendered once for the module; the tests then change one input at a time and check exactly
which reports the next run rebuilds. No test asserts a duration.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from egov_report import batch, kinds, stamps
from egov_report.batch import index as batch_index
from egov_report.batch import plan as batch_plan
from egov_report.batch import run as batch_run
from egov_report.core.records import read_json
from egov_report.render.notebook import notebook_stages
from egov_report.render.pipeline import TIMINGS_FILE
from egov_report.tools.synthetic_province import generate
from support.helpers import PROJECT_ROOT, SHIPPED_DATA, read_csv_rows, write_csv_rows

QN_2018, QN_2019, SMALL = ("quangninh", 2018), ("quangninh", 2019), ("tinhnho", 2020)


def copy_quangninh(data: Path) -> None:
    """data/quangninh with its 2018 and 2019 folders only (whatever else data/ holds)."""
    source, target = SHIPPED_DATA / "quangninh", data / "quangninh"
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.is_file():
            shutil.copy2(item, target / item.name)
    for year in ("2018", "2019"):
        shutil.copytree(source / year, target / year)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    data, reports = base / "data", base / "reports"
    copy_quangninh(data)
    generate(data, communes=24, districts=3, departments=4, code="tinhnho", name="Tỉnh Nhỏ", year=2020, years=1)
    lines: list[str] = []
    code = batch.main(jobs=2, data_dir=data, reports_dir=reports, out=lines.append)
    return SimpleNamespace(data=data, reports=reports, code=code, lines=lines)


def run(world, **options) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = batch.main(data_dir=world.data, reports_dir=world.reports, out=lines.append, **options)
    return code, lines


def started(lines: list[str]) -> set[str]:
    return {m.group(1) for line in lines if (m := re.search(r"▶ \[\d+/\d+\] (\S+ \d{4}): bắt đầu", line))}


def stale(world) -> dict[str, str]:
    return {job.name: job.reason for job in batch_plan.plan(world.data, world.reports) if job.reason}


def stamp_mtime(world, province_year) -> int:
    province, year = province_year
    return (world.reports / province / str(year) / stamps.STAMP_FILE).stat().st_mtime_ns


def score_file(world, province_year, name) -> Path:
    province, year = province_year
    return world.data / province / str(year) / name


# -- the first run ---------------------------------------------------------------------------


@pytest.mark.e2e
def test_first_run_builds_every_province_year(world):
    assert world.code == 0, "\n".join(world.lines)
    assert started(world.lines) == {"quangninh 2018", "quangninh 2019", "tinhnho 2020"}
    for province, year in (QN_2018, QN_2019, SMALL):
        target = world.reports / province / str(year)
        for name in ("report.html", "report.pdf", "rankings.xlsx", stamps.STAMP_FILE, TIMINGS_FILE):
            assert (target / name).stat().st_size > 0, (target, name)
    assert any("3 báo cáo đã tạo, 0 lỗi" in line for line in world.lines)


@pytest.mark.e2e
def test_first_year_reports_state_their_figures(world):
    """The two first-year renders (no previous year) hold the figures recomputed from their files."""
    from support import oracle
    from support.quangninh_2018 import TIERS, workbook_rows

    for province, year in (QN_2018, SMALL):
        target = world.reports / province / str(year)
        record = read_json(target / "figures.json")
        oracle.assert_first_year(record)
        folder = world.data / province
        for tier in record["tiers"]:
            sheet, floors = TIERS[tier["code"]]
            rows = (
                workbook_rows(sheet)
                if (province, year) == QN_2018
                else oracle.csv_rows(folder / str(year) / f"scores_{tier['code']}.csv")
            )
            parents = oracle.registry_parents(folder / "units.csv") if tier["code"] == "communes" else None
            oracle.assert_tier_matches(tier, oracle.totals(rows, 3), floors, parents)
    text = (world.reports / "quangninh" / "2018" / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", text)  # a figure's marks and emphasis inline
    # sample data: the body states the published 121 điểm, the annex of sample data the computed 68,83
    assert "68,83/100" in text and "121,00/170" in text and "So với năm" not in text


@pytest.mark.e2e
def test_progress_says_when_each_report_starts_and_ends(world):
    for name in ("quangninh 2018", "quangninh 2019", "tinhnho 2020"):
        assert any(re.search(rf"▶ \[\d/3\] {name}: bắt đầu \(chưa có báo cáo\)", line) for line in world.lines)
        assert any(re.search(rf"✓ \[\d/3\] {name}: xong sau [\d.]+ s", line) for line in world.lines)
    assert any("2 tiến trình song song" in line for line in world.lines)


@pytest.mark.e2e
def test_stamp_lists_what_the_report_was_built_from(world):
    stamp = stamps.read_stamp(world.reports / "quangninh" / "2019")
    inputs = stamp["inputs"]
    for key in (
        "data/quangninh/framework.yaml",
        "data/quangninh/units.csv",
        "data/quangninh/2019/evaluation.yaml",
        "data/quangninh/2019/scores_communes.csv",
        "data/quangninh/2018/scores.xlsx",  # the year compared with
        "notebooks/report.ipynb",
        "src/egov_report/kinds/tiered_scores/narrative.py",
        "src/egov_report/core/builder.py",
        "expectations/registry.json",
    ):
        assert key in inputs, key
    assert not any(key.startswith(("src/egov_report/batch/", "src/egov_report/templates/batch/")) for key in inputs)
    assert not any(key.startswith("data/tinhnho") for key in inputs)
    small = stamps.read_stamp(world.reports / "tinhnho" / "2020")["inputs"]
    assert not any(key.startswith("data/quangninh") for key in small)


@pytest.mark.e2e
def test_index_lists_every_report_with_links(world):
    page = (world.reports / batch_index.INDEX_FILE).read_text(encoding="utf-8")
    rows = re.findall(r'<tr id="([a-z]+-\d{4})">(.*?)</tr>', page, flags=re.S)
    assert sorted(r[0] for r in rows) == ["quangninh-2018", "quangninh-2019", "tinhnho-2020"]
    cells = dict(rows)
    assert "Quảng Ninh" in cells["quangninh-2019"] and "Tỉnh Nhỏ" in cells["tinhnho-2020"]
    assert "tiered_scores" in cells["quangninh-2019"]
    assert (
        "Đánh giá mức độ Chính quyền điện tử tỉnh Quảng Ninh năm 2019" in cells["quangninh-2019"]
    )  # the report's title
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", cells["quangninh-2019"])
    for province, year in (QN_2018, QN_2019, SMALL):
        for name in ("report.html", "report.pdf", "rankings.xlsx"):
            href = f"{province}/{year}/{name}"
            assert f'href="{href}"' in cells[f"{province}-{year}"]
            assert (world.reports / href).exists()


# -- incrementality --------------------------------------------------------------------------


@pytest.mark.e2e
def test_a_run_with_nothing_to_do_renders_nothing_and_says_so(world):
    before = {py: stamp_mtime(world, py) for py in (QN_2018, QN_2019, SMALL)}
    code, lines = run(world, jobs=2)
    assert code == 0
    assert started(lines) == set()
    assert any(line.startswith("Không có gì để làm: cả 3 báo cáo đã mới nhất") for line in lines), lines
    assert {py: stamp_mtime(world, py) for py in before} == before


def test_touching_a_file_without_changing_it_rebuilds_nothing(world):
    path = score_file(world, QN_2019, "scores_communes.csv")
    os.utime(path, (path.stat().st_atime + 60, path.stat().st_mtime + 60))
    assert stale(world) == {}


@pytest.mark.e2e
def test_changing_one_input_rebuilds_exactly_its_report(world):
    path = score_file(world, SMALL, "scores_departments.csv")
    rows = read_csv_rows(path)
    rows[1][2] = str(round(float(rows[1][2]) - 1, 2))  # one group score, still valid
    rows[1][-1] = str(round(sum(float(v) for v in rows[1][2:-1]), 2))
    write_csv_rows(path, rows)
    assert stale(world) == {"tinhnho 2020": "đã thay đổi: data/tinhnho/2020/scores_departments.csv"}
    before = {py: stamp_mtime(world, py) for py in (QN_2018, QN_2019)}
    code, lines = run(world, jobs=2)
    assert code == 0, "\n".join(lines)
    assert started(lines) == {"tinhnho 2020"}
    assert any("1 báo cáo đã tạo, 0 lỗi, 2 không đổi" in line for line in lines)
    assert {py: stamp_mtime(world, py) for py in before} == before
    assert stale(world) == {}


def test_the_year_compared_with_is_an_input(world):
    path = score_file(world, QN_2018, "scores.xlsx")
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\0")
        reasons = stale(world)
        assert set(reasons) == {"quangninh 2018", "quangninh 2019"}
        assert "data/quangninh/2018/scores.xlsx" in reasons["quangninh 2019"]
    finally:
        path.write_bytes(original)
    assert stale(world) == {}


def test_a_code_change_rebuilds_every_report(world, monkeypatch):
    code = stamps.code_inputs()
    monkeypatch.setattr(batch_plan, "code_inputs", lambda *a, **k: {**code, "src/egov_report/core/charts.py": "0" * 64})
    reasons = stale(world)
    assert set(reasons) == {"quangninh 2018", "quangninh 2019", "tinhnho 2020"}
    assert all("src/egov_report/core/charts.py" in r for r in reasons.values())
    monkeypatch.setattr(batch_plan, "code_inputs", lambda *a, **k: {**code, "src/egov_report/new_module.py": "1" * 64})
    assert all("src/egov_report/new_module.py (mới)" in r for r in stale(world).values())


def test_a_changed_notebook_rebuilds_the_reports_made_from_it(world, monkeypatch):
    hashes = batch_plan.FileHashes

    class Changed(hashes):
        def __call__(self, key):
            return "2" * 64 if key == "notebooks/report.ipynb" else super().__call__(key)

    monkeypatch.setattr(batch_plan, "FileHashes", Changed)
    assert set(stale(world)) == {"quangninh 2018", "quangninh 2019", "tinhnho 2020"}


def test_a_report_without_stamp_or_with_a_removed_input_is_rebuilt(world, tmp_path):
    assert batch_plan.plan(world.data, tmp_path / "empty")[0].reason == "chưa có báo cáo"
    copy = tmp_path / "reports"
    shutil.copytree(world.reports / "tinhnho", copy / "tinhnho")
    (copy / "tinhnho" / "2020" / stamps.STAMP_FILE).unlink()
    job = next(j for j in batch_plan.plan(world.data, copy) if j.province == "tinhnho")
    assert job.reason == f"báo cáo chưa có {stamps.STAMP_FILE}"
    stamp = stamps.read_stamp(world.reports / "tinhnho" / "2020")
    stamp["inputs"]["data/tinhnho/2020/old.csv"] = "3" * 64
    assert batch_plan._changes(stamp, stamps.code_inputs(), batch_plan.FileHashes(world.data)) == [
        "data/tinhnho/2020/old.csv (đã xóa)"
    ]


def test_a_file_added_to_the_year_folder_rebuilds_its_report(world):
    added = world.data / "tinhnho" / "2020" / "published.yaml"
    added.write_text("figures: []\n", encoding="utf-8")
    try:
        assert stale(world) == {"tinhnho 2020": "đã thay đổi: data/tinhnho/2020/published.yaml (mới)"}
    finally:
        added.unlink()
    assert stale(world) == {}


def test_force_rebuilds_all(world):
    assert all(job.reason == "--force" for job in batch_plan.plan(world.data, world.reports, force=True))


# -- failures ----------------------------------------------------------------------------------


@pytest.mark.e2e
def test_a_failure_is_collected_and_the_others_still_build(world):
    broken = score_file(world, QN_2019, "scores_communes.csv")
    original = broken.read_bytes()
    rows = read_csv_rows(broken)
    rows[1][2] = "99"  # above the group's maximum (30): validation stops this report
    write_csv_rows(broken, rows)
    small = score_file(world, SMALL, "scores_departments.csv")
    rows = read_csv_rows(small)
    rows[2][2] = str(round(float(rows[2][2]) - 1, 2))
    rows[2][-1] = str(round(sum(float(v) for v in rows[2][2:-1]), 2))
    write_csv_rows(small, rows)
    good = (world.reports / "quangninh" / "2019" / "report.html").read_bytes()
    try:
        code, lines = run(world, jobs=2)
        text = "\n".join(lines)
        assert code == 1, text
        assert started(lines) == {"quangninh 2019", "tinhnho 2020"}
        assert re.search(r"✗ \[\d/2\] quangninh 2019: LỖI sau [\d.]+ s", text)
        assert re.search(r"✓ \[\d/2\] tinhnho 2020: xong", text)
        summary = text[text.index("Tóm tắt:") :]
        assert "1 báo cáo đã tạo, 1 lỗi, 1 không đổi" in summary
        assert "✗ quangninh 2019" in summary and "scores_communes.csv" in summary and "«99»" in summary
        # the last good report stays, and the index says it is not the latest attempt
        assert (world.reports / "quangninh" / "2019" / "report.html").read_bytes() == good
        page = (world.reports / batch_index.INDEX_FILE).read_text(encoding="utf-8")
        row = re.search(r'<tr id="quangninh-2019">(.*?)</tr>', page, flags=re.S).group(1)
        assert "lần tạo gần nhất bị lỗi" in row
        assert set(stale(world)) == {"quangninh 2019"}  # tried again next time
    finally:
        broken.write_bytes(original)
    assert stale(world) == {}


def test_the_command_line_exit_status(world, tmp_path):
    """`python -m egov_report batch` as make runs it: --dry-run lists, nothing rendered."""
    env = dict(os.environ, EGOV_DATA_DIR=str(world.data), EGOV_REPORTS_DIR=str(world.reports))
    done = subprocess.run(
        [sys.executable, "-m", "egov_report", "batch", "--dry-run"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "3 báo cáo: 0 cần tạo, 3 đã mới nhất" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "egov_report", "batch", "--jobs", "0"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2


# -- cheap to plan ----------------------------------------------------------------------------


def test_planning_imports_nothing_heavy(world):
    """A run with nothing to do must stay fast: the planner never imports pandas, GE or papermill."""
    code = (
        "import sys; from pathlib import Path; from egov_report import batch; "
        f"batch.main(data_dir=Path({str(world.data)!r}), reports_dir=Path({str(world.reports)!r}), out=lambda l: None); "
        "print(sorted(m for m in ('pandas', 'great_expectations', 'papermill', 'nbconvert', 'weasyprint', 'matplotlib') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("flags, expected", [("-j2", 2), (" -j3 --jobserver-auth=3,4", 3), ("--jobs=4", 4)])
def test_workers_follow_make_minus_j(monkeypatch, flags, expected):
    monkeypatch.setenv("MAKEFLAGS", flags)
    assert batch_run.default_workers() == expected


def test_workers_default_to_every_core(monkeypatch):
    monkeypatch.delenv("MAKEFLAGS", raising=False)
    assert batch_run.default_workers() == len(os.sched_getaffinity(0))


def test_notebook_stages_from_cell_timings():
    import nbformat

    def cell(tags, start, duration):
        return nbformat.v4.new_code_cell(
            metadata={
                "tags": tags,
                "papermill": {"start_time": f"2024-01-01T00:00:{start:06.3f}+00:00", "duration": duration},
            }
        )

    notebook = nbformat.v4.new_notebook(
        cells=[
            cell(["parameters"], 1.5, 0.01),
            cell(["stage-imports"], 1.6, 0.5),
            cell([], 2.2, 0.25),
            cell(["stage-validation"], 2.5, 2.0),
            cell(["stage-narrative"], 4.6, 1.0),
            cell([], 5.7, 0.5),
        ]
    )
    notebook.metadata["papermill"] = {"start_time": "2024-01-01T00:00:00.500+00:00"}
    assert notebook_stages(notebook) == pytest.approx(
        {"kernel_start": 1.0, "setup": 0.01, "imports": 0.75, "validation": 2.0, "narrative": 1.5}
    )


def test_the_pdf_is_laid_out_without_inline_styles_the_classes_repeat():
    from egov_report.render.pdf import print_html

    row = (
        '<tr><th class="right" style="text-align: right">Tổng</th><td class="left" style="text-align: left">A</td>'
        '<td style="text-align: right">1</td><td class="left" style="text-align: right">2</td>'
        '<td colspan="3" style="text-align: center; color: #555">…</td></tr>'
    )
    assert print_html(row) == (
        '<tr><th class="right">Tổng</th><td class="left">A</td>'
        '<td style="text-align: right">1</td><td class="left" style="text-align: right">2</td>'
        '<td colspan="3" style="text-align: center; color: #555">…</td></tr>'
    )


def test_data_inputs_fall_back_to_the_whole_province_folder(tmp_path):
    (tmp_path / "x" / "2020").mkdir(parents=True)
    (tmp_path / "x" / "framework.yaml").write_text("a")
    (tmp_path / "x" / "2020" / "evaluation.yaml").write_text("b")
    assert set(stamps.data_inputs({}, tmp_path, "x")) == {"data/x/framework.yaml", "data/x/2020/evaluation.yaml"}
    listed = {"provenance": {"inputs": [{"path": "data/x/framework.yaml", "sha256": "f" * 64}]}}
    assert stamps.data_inputs(listed, tmp_path, "x") == {"data/x/framework.yaml": "f" * 64}


def test_the_renderer_reaches_the_kernel_without_importing_pandas():
    """Every kind registered and every shipped framework checked, as ``render`` does before the kernel
    starts: pandas (half a second) is the kernel's and the validation ahead's to import, not the renderer's."""
    code = (
        "import sys; from egov_report import catalog, kinds; from egov_report.paths import DATA_DIR; "
        "import egov_report.render.pipeline; "
        "[kinds.check_framework(catalog.framework_file(p, int(y.name))) for p in sorted(DATA_DIR.iterdir()) if p.is_dir() "
        " for y in sorted(p.iterdir()) if y.name.isdigit()]; "
        "print(sorted(set(kinds.registered())), 'pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"{sorted(kinds.registered())} False"  # every registered kind, whichever they are
