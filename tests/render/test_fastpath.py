"""The fast path of ``make report`` (render.fastpath): a findings or official-form edit reuses the
published figure record and makes the report a full render makes, byte for byte; any other
change runs the notebook."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from egov_report.render import fastpath

PROVINCE, YEAR = "quangninh", 2019
NEW_SENTENCE = "Đoạn văn thêm vào để kiểm tra đường dựng nhanh của báo cáo."
PLACE = "Hạ Long"  # where the report is signed: the official form's place, a narrative key


def _year(data: Path) -> Path:
    return data / PROVINCE / str(YEAR)


def _stamp(data: Path) -> dict:
    """A stamp as a render writes it, for the current files (no render needed)."""
    inputs = {
        k: v for k, v in fastpath.current_inputs({}, Path("notebooks/report.ipynb"), data, PROVINCE, YEAR).items()
    }
    return {"inputs": inputs, fastpath.FIGURE_PARTS: fastpath.figure_parts(data, PROVINCE, YEAR)}


def _allowed(data: Path, stamp: dict) -> tuple[bool, list[str]]:
    return fastpath.narrative_change(stamp, Path("notebooks/report.ipynb"), data, PROVINCE, YEAR)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_is_a_narrative_change_of_nothing(data_copy):
    assert _allowed(data_copy, _stamp(data_copy)) == (True, [])


def test_findings_and_published_figures_are_narrative(data_copy):
    stamp = _stamp(data_copy)
    with open(_year(data_copy) / "findings.md", "a", encoding="utf-8") as handle:
        handle.write(f"\n{NEW_SENTENCE}\n")
    with open(_year(data_copy) / "published.yaml", "a", encoding="utf-8") as handle:
        handle.write("\n# a comment\n")
    assert _allowed(data_copy, stamp) == (
        True,
        [f"data/{PROVINCE}/{YEAR}/findings.md", f"data/{PROVINCE}/{YEAR}/published.yaml"],
    )


def test_the_place_of_signing_is_narrative_the_data_note_is_not(data_copy):
    evaluation = _year(data_copy) / "evaluation.yaml"
    stamp = _stamp(data_copy)
    _edit(evaluation, "  place: Quảng Ninh\n", f"  place: {PLACE}\n")
    assert _allowed(data_copy, stamp)[0] is True
    _edit(evaluation, "Không dùng các điểm", "Không sử dụng các điểm")
    assert _allowed(data_copy, stamp)[0] is False  # the data note: read by the loader into the record


def test_an_evaluation_yaml_edited_after_it_was_read_gets_no_digest(data_copy):
    key = f"data/{PROVINCE}/{YEAR}/evaluation.yaml"
    read = {key: fastpath.stamps.sha256_file(_year(data_copy) / "evaluation.yaml")}
    assert set(fastpath.figure_parts(data_copy, PROVINCE, YEAR, read)) == {key}
    assert fastpath.figure_parts(data_copy, PROVINCE, YEAR, {key: "0" * 64}) == {}


def test_a_score_file_a_module_or_an_older_stamp_runs_the_notebook(data_copy):
    stamp = _stamp(data_copy)
    assert _allowed(data_copy, {"inputs": stamp["inputs"]}) == (False, [])  # a stamp without figure_parts
    scores = _year(data_copy) / "scores_departments.csv"
    scores.write_bytes(scores.read_bytes() + b"\n")
    assert _allowed(data_copy, stamp) == (False, [f"data/{PROVINCE}/{YEAR}/scores_departments.csv"])
    assert not fastpath.is_narrative(
        "src/egov_report/kinds/tiered_scores/narrative.py", stamp, data_copy, PROVINCE, YEAR
    )
    assert fastpath.is_narrative("src/egov_report/templates/base/report.css", stamp, data_copy, PROVINCE, YEAR)


@pytest.mark.e2e
def test_the_fast_path_makes_the_full_renders_report(data_copy, tmp_path):
    """Edit the findings and the place of signing; the fast path and a full render make the same report.html.

    Time-dependent, legitimately: the record's provenance.generated_at (to the minute, in
    figures.json and technical.html), inputs.json's rendered_at and seconds, timings.json, the
    PDF's creation date, the executed notebook's run metadata and Great Expectations' ge_load_time
    in validation-ge.json (the fast path keeps the stored run's: the data did not change).
    """
    from egov_report.render.pipeline import render

    fast_reports, full_reports = tmp_path / "fast", tmp_path / "full"
    render(PROVINCE, YEAR, reports_dir=fast_reports, data_dir=data_copy, log=lambda *_: None)
    with open(_year(data_copy) / "findings.md", "a", encoding="utf-8") as handle:
        handle.write(f"\n{NEW_SENTENCE}\n")
    _edit(_year(data_copy) / "evaluation.yaml", "  place: Quảng Ninh\n", f"  place: {PLACE}\n")

    said: list[str] = []
    fast = render(PROVINCE, YEAR, reports_dir=fast_reports, data_dir=data_copy, log=said.append, full=False).target
    assert any("dựng lại từ số liệu đã tính" in line for line in said), said
    full = render(PROVINCE, YEAR, reports_dir=full_reports, data_dir=data_copy, log=lambda *_: None).target

    html = (fast / "report.html").read_text(encoding="utf-8")
    assert NEW_SENTENCE in html
    assert f"{PLACE}, ngày" in html
    assert (fast / "report.html").read_bytes() == (full / "report.html").read_bytes()

    def record(folder: Path) -> dict:
        data = json.loads((folder / "figures.json").read_text(encoding="utf-8"))
        data["provenance"].pop("generated_at")
        return data

    assert record(fast) == record(full)  # the findings' new SHA-256 in the provenance too
    assert (fast / "validation.json").read_bytes() == (full / "validation.json").read_bytes()

    def ge_log(folder: Path) -> str:  # Great Expectations stamps each batch with the time it was loaded
        return re.sub(r'"ge_load_time": "[^"]*"', "", (folder / "validation-ge.json").read_text(encoding="utf-8"))

    assert ge_log(fast) == ge_log(full)
    fast_stamp, full_stamp = (json.loads((f / "inputs.json").read_text(encoding="utf-8")) for f in (fast, full))
    assert fast_stamp["inputs"] == full_stamp["inputs"] and fast_stamp["files"] == full_stamp["files"]
    assert (fast / "report.pdf").read_bytes()[:5] == b"%PDF-"
