"""Property tests (issue 21): a small CSV table and a small evaluation.yaml, written every way an
office writes them (line ends, a byte order mark, UTF-16, quotes, blank lines, the case of an
enumeration), read either exactly as the plain file or refused with a clear InputError; never a
traceback, never a different reading in silence.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov_report.core.settings import DATA_STATUSES, read_settings
from egov_report.core.sheets import read_csv_grid
from egov_report.errors import InputError
from egov_report.kinds.tiered_scores.loading import TieredSettings

PLAIN = [
    ["Mã đơn vị", "Tên đơn vị", "Hạ tầng", "Ghi chú"],
    ["QN-S01", "Văn phòng UBND tỉnh", "15,24", "đã rà soát"],
    ["QN-S02", "Sở Tài chính", "14.5", ""],
    ["06649", "Phường Hà Khánh", "16", "thí điểm, đợt 2"],
]
SETTINGS = {"year": 2019, "data_status": "reconstructed", "method": ["một", "hai"],
            "window": {"start": "2018-10-30", "end": "2019-10-30"},
            "sources": {"communes": {"file": "scores_communes.csv", "coverage": "partial", "coverage_note": "thí điểm"}}}
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _field(text: str, quoted: bool) -> str:
    if quoted or any(c in text for c in ',"\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _write(folder: str, name: str, data: bytes) -> Path:
    path = Path(folder) / name
    path.write_bytes(data)
    return path


@st.composite
def csv_files(draw):
    """The plain table written with a line end, an encoding, quotes, blank lines; and, sometimes, one
    quote opened at the start of a field and never closed (the file must then be refused)."""
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
    lines = []
    for row in PLAIN:
        lines.append(",".join(_field(c, draw(st.booleans())) for c in row))
        lines += [""] * draw(st.integers(0, 2))
    unclosed = draw(st.booleans())
    if unclosed:  # one field of a data row opened with a quote that is never closed
        index = draw(st.sampled_from([i for i, line in enumerate(lines) if line and i > 0]))
        cells = lines[index].split(",")
        last = len(cells) - 1
        cells[last] = '"' + cells[last].strip('"')
        lines[index] = ",".join(cells)
    final = end if draw(st.booleans()) else ""
    return (end.join(lines) + final).encode(encoding), unclosed


@PROFILE
@given(csv_files())
def test_a_csv_file_reads_as_the_plain_file_or_is_refused(case):
    data, unclosed = case
    with tempfile.TemporaryDirectory() as folder:
        try:
            grid = read_csv_grid(_write(folder, "scores.csv", data))
        except InputError as error:
            assert unclosed, str(error)
            assert "mở dấu ngoặc kép" in str(error) and "dòng" in str(error)
            return
    cells = [cells for _, cells in grid.rows if any(cells)]
    # an unclosed quote on the file's very last line takes in nothing but its line end: the same reading
    assert cells == PLAIN
    assert [n for n, _ in grid.rows] == list(range(1, len(grid.rows) + 1))  # every line a row


def _yaml(settings_: dict, status: str, end: str, bom: bool) -> bytes:
    text = "\n".join([
        f"year: {settings_['year']}",
        f"data_status: {status}",
        "method:",
        *(f"  - {m}" for m in settings_["method"]),
        "window:",
        f"  start: {settings_['window']['start']}",
        f"  end: {settings_['window']['end']}",
        "sources:",
        "  communes:",
        "    file: scores_communes.csv",
        "    coverage: partial",
        "    coverage_note: thí điểm",
    ]) + "\n"
    return (("\ufeff" if bom else "") + text.replace("\n", end)).encode("utf-8")


@PROFILE
@given(status=st.sampled_from(DATA_STATUSES).flatmap(
           lambda s: st.lists(st.booleans(), min_size=len(s), max_size=len(s)).map(
               lambda upper: "".join(c.upper() if u else c for c, u in zip(s, upper)))),
       end=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_evaluation_settings_read_as_plain_or_refused(status, end, bom):
    with tempfile.TemporaryDirectory() as folder:
        try:
            read = read_settings(_write(folder, "evaluation.yaml", _yaml(SETTINGS, status, end, bom)), TieredSettings)
        except InputError as error:
            assert status not in DATA_STATUSES
            assert str(error).endswith(
                f"data_status = '{status}' không hợp lệ (chỉ nhận: {', '.join(DATA_STATUSES)})"), str(error)
            return
        plain = read_settings(_write(folder, "plain.yaml", _yaml(SETTINGS, status, "\n", False)), TieredSettings)
    assert status in DATA_STATUSES
    assert read == plain and read["data_status"] == status
