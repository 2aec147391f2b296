"""The input stamp (inputs.json) covers every kind of file a report is made from (issue 22).

A template, a stylesheet, a validation suite, the notebook and a module are each changed on their
own in a small project made here: the stamp must change in exactly that file's entry, so a batch
rebuilds the reports. The batch's own files, caches and compiled files are never inputs. Hashes are
compared with hashlib's of the bytes written, not with the module's own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from egov_report import stamps
from egov_report.errors import InputError

FILES = {
    "template": "src/egov_report/templates/base/header.html.j2",
    "stylesheet": "src/egov_report/templates/base/report.css",
    "suite": "expectations/scores_values.json",
    "module": "src/egov_report/core/formatting.py",
    "kind template": "src/egov_report/templates/tiered_scores/tier.html.j2",
}
NOT_INPUTS = (
    "src/egov_report/batch/plan.py",
    "src/egov_report/templates/batch/index.html.j2",
    "src/egov_report/core/__pycache__/formatting.cpython-311.pyc",
    "src/egov_report/core/stale.pyc",
    # Python writes a module's bytecode to a temporary name first, then renames it
    "src/egov_report/core/__pycache__/formatting.cpython-311.pyc.140234",
    "expectations/notes.txt",
)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for name in (*FILES.values(), *NOT_INPUTS, "notebooks/report.ipynb"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(f"{name}\n".encode())
    return tmp_path


def test_the_stamp_lists_each_kind_of_code_file_with_its_hash(project):
    found = stamps.code_inputs(project / "notebooks/report.ipynb", root=project)
    expected = {name: _sha(f"{name}\n".encode()) for name in (*FILES.values(), "notebooks/report.ipynb")}
    assert found == dict(sorted(expected.items()))
    assert list(found) == sorted(found)


@pytest.mark.parametrize("kind", [*FILES, "notebook"])
def test_changing_one_file_of_each_kind_changes_exactly_its_entry(project, kind):
    notebook = project / "notebooks/report.ipynb"
    before = stamps.code_inputs(notebook, root=project)
    name = FILES.get(kind, "notebooks/report.ipynb")
    (project / name).write_bytes(b"changed\n")
    after = stamps.code_inputs(notebook, root=project)
    assert {k for k in after if after[k] != before.get(k)} == {name}
    assert after[name] == _sha(b"changed\n")


def test_touching_without_changing_changes_nothing_and_an_added_template_is_an_input(project):
    before = stamps.code_inputs(root=project)
    (project / FILES["template"]).write_bytes((project / FILES["template"]).read_bytes())
    assert stamps.code_inputs(root=project) == before
    added = project / "src/egov_report/templates/base/new.html.j2"
    added.write_text("x", encoding="utf-8")
    assert set(stamps.code_inputs(root=project)) - set(before) == {"src/egov_report/templates/base/new.html.j2"}


def test_the_real_project_stamp_covers_templates_stylesheet_suites_and_notebook():
    notebook = stamps.PROJECT_ROOT / "notebooks" / "report.ipynb"
    found = stamps.code_inputs(notebook)
    for name in (
        "src/egov_report/templates/base/report.css",
        "src/egov_report/templates/base/header.html.j2",
        "src/egov_report/templates/tiered_scores/tier.html.j2",
        "expectations/scores_values.json",
        "src/egov_report/kinds/tiered_scores/analysis.py",
        "notebooks/report.ipynb",
    ):
        assert found[name] == _sha((stamps.PROJECT_ROOT / name).read_bytes()), name
    assert not [k for k in found if k.startswith(("src/egov_report/batch/", "src/egov_report/templates/batch/"))]


def test_a_notebook_outside_the_project_is_keyed_by_its_absolute_path(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "floor.ipynb"
    outside.write_bytes(b"{}")
    found = stamps.code_inputs(outside, root=project)
    assert found[outside.resolve().as_posix()] == _sha(b"{}")


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    for name, text in (
        ("qn/2019/scores.csv", "a"),
        ("qn/2019/evaluation.yaml", "b"),
        ("qn/units.csv", "c"),
        ("other/2019/scores.csv", "d"),
    ):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        (data / name).write_text(text, encoding="utf-8")
    return data


def test_data_inputs_come_from_the_provenance_else_the_whole_province_folder(tmp_path):
    data = _data(tmp_path)
    listed = {"provenance": {"inputs": [{"path": "data/qn/2019/scores.csv", "sha256": "aa"}]}}
    assert stamps.data_inputs(listed, data, "qn") == {"data/qn/2019/scores.csv": "aa"}
    expected = {
        "data/qn/2019/evaluation.yaml": _sha(b"b"),
        "data/qn/2019/scores.csv": _sha(b"a"),
        "data/qn/units.csv": _sha(b"c"),
    }
    assert stamps.data_inputs({}, data, "qn") == expected
    outside = {"provenance": {"inputs": [{"path": "/elsewhere/scores.csv", "sha256": "aa"}]}}
    assert stamps.data_inputs(outside, data, "qn") == expected  # never too few
    assert stamps.year_folder_inputs(data, "qn", 2019) == {k: v for k, v in expected.items() if "/2019/" in k}
    assert stamps.year_folder_inputs(data, "qn", 2018) == {}


def test_a_data_file_changed_during_the_render_stops_its_publication(tmp_path):
    data = _data(tmp_path)
    record = {
        "provenance": {
            "inputs": [
                {"path": "/elsewhere/x.csv", "sha256": "ignored"},
                {"path": "data/qn/2019/scores.csv", "sha256": _sha(b"a")},
            ]
        }
    }
    stamps.check_unchanged(record, data)  # the same bytes: no error
    stamps.check_unchanged({}, data)  # no provenance: nothing to check
    (data / "qn/2019/scores.csv").write_text("a2", encoding="utf-8")
    with pytest.raises(InputError) as raised:  # the file after one outside the data folder is still checked
        stamps.check_unchanged(record, data)
    assert str(raised.value) == (
        "data/qn/2019/scores.csv: tệp đã thay đổi (hoặc bị xóa) trong khi tạo báo cáo; số liệu đã tính từ nội "
        "dung cũ nên không công bố báo cáo này: hãy chạy lại khi tệp đã sửa xong"
    )
    (data / "qn/2019/scores.csv").unlink()
    with pytest.raises(InputError, match="data/qn/2019/scores.csv"):
        stamps.check_unchanged(record, data)


def test_the_stamp_holds_data_and_code_and_reads_back_only_in_its_format(tmp_path):
    record = {
        "meta": {
            "province_name": "Quảng Ninh",
            "province_name_full": "tỉnh Quảng Ninh",
            "title": "Đánh giá",
            "kind": "tiered_scores",
            "data_status": "published",
            "year": 2019,
            "other": 1,
        }
    }
    stamp = stamps.make_stamp(
        "qn",
        2019,
        record,
        code={"src/a.py": "1"},
        data={"data/b.csv": "2"},
        seconds={"notebook": 1.237, "html": 2, "pdf": 3, "queue": 100},
        files=["report.html"],
    )
    assert stamp["inputs"] == {"data/b.csv": "2", "src/a.py": "1"}
    assert stamp["seconds"] == 6.24  # two decimals; the queue is not the render's time
    assert stamp["meta"] == {
        "province_name": "Quảng Ninh",
        "province_name_full": "tỉnh Quảng Ninh",
        "title": "Đánh giá",
        "kind": "tiered_scores",
        "data_status": "published",
        "heading": "Đánh giá tỉnh Quảng Ninh năm 2019",
    }
    assert dt.datetime.fromisoformat(stamp["rendered_at"]).tzinfo is not None
    assert stamps.make_stamp("qn", 2019, {}, {}, {}, {}, [])["meta"]["heading"] is None  # a record without meta
    assert (stamp["format"], stamp["province"], stamp["year"], stamp["files"], stamp["outputs"]) == (
        2,
        "qn",
        2019,
        ["report.html"],
        [],
    )
    assert "other" not in stamp["meta"] and stamp["meta"]["province_name"] == "Quảng Ninh"
    (tmp_path / "inputs.json").write_text(json.dumps(stamp), encoding="utf-8")
    assert stamps.read_stamp(tmp_path) == stamp
    (tmp_path / "inputs.json").write_text(json.dumps(stamp | {"format": 1}), encoding="utf-8")
    assert stamps.read_stamp(tmp_path) is None
    (tmp_path / "inputs.json").write_text("[1]", encoding="utf-8")
    assert stamps.read_stamp(tmp_path) is None
    assert stamps.read_stamp(tmp_path / "missing") is None


def test_a_file_larger_than_one_read_block_is_hashed_whole(tmp_path):
    big = tmp_path / "big.bin"
    data = b"x" * ((1 << 20) + 7)
    big.write_bytes(data)
    assert stamps.sha256_file(big) == _sha(data)
