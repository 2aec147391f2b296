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
SETTINGS = {
    "year": 2019,
    "data_status": "reconstructed",
    "method": ["một", "hai"],
    "window": {"start": "2018-10-30", "end": "2019-10-30"},
    "sources": {"communes": {"file": "scores_communes.csv", "coverage": "partial", "coverage_note": "thí điểm"}},
}
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
    text = (
        "\n".join(
            [
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
            ]
        )
        + "\n"
    )
    return (("\ufeff" if bom else "") + text.replace("\n", end)).encode("utf-8")


@PROFILE
@given(
    status=st.sampled_from(DATA_STATUSES).flatmap(
        lambda s: st.lists(st.booleans(), min_size=len(s), max_size=len(s)).map(
            lambda upper: "".join(c.upper() if u else c for c, u in zip(s, upper))
        )
    ),
    end=st.sampled_from(["\n", "\r\n"]),
    bom=st.booleans(),
)
def test_evaluation_settings_read_as_plain_or_refused(status, end, bom):
    with tempfile.TemporaryDirectory() as folder:
        try:
            read = read_settings(_write(folder, "evaluation.yaml", _yaml(SETTINGS, status, end, bom)), TieredSettings)
        except InputError as error:
            assert status not in DATA_STATUSES
            assert str(error).endswith(
                f"data_status = '{status}' không hợp lệ (chỉ nhận: {', '.join(DATA_STATUSES)})"
            ), str(error)
            return
        plain = read_settings(_write(folder, "plain.yaml", _yaml(SETTINGS, status, "\n", False)), TieredSettings)
    assert status in DATA_STATUSES
    assert read == plain and read["data_status"] == status


# -- workbooks: number formats, numbers stored as text, hidden rows, columns and sheets ---------------

XLSX_SCORES = {"890": (20.5, 40.25, 15.0), "891": (25.0, 45.5, 18.25), "892": (18.75, 30.0, 10.5)}
XLSX_HEADER = ["Mã đơn vị", "Tên đơn vị", "Hạ tầng kỹ thuật", "Ứng dụng", "Nhân lực"]
FORMATS = ["General", "0.00", "0.0", "#,##0.00", "0", "@", "0.00%", "0%"]


@st.composite
def office_workbooks(draw):
    """The three units' scores, each cell under a drawn number format and stored as a number or as text
    (with a point or a comma); sometimes a hidden row, a hidden score column or a hidden sheet."""
    cells = {}
    for code, values in XLSX_SCORES.items():
        for index, value in enumerate(values):
            cells[(code, index)] = (
                value,
                draw(st.sampled_from(FORMATS)),
                draw(st.sampled_from(["number", "text", "text-comma"])),
            )
    hidden_row = draw(st.sampled_from([None, *XLSX_SCORES]))
    hidden_column = draw(st.sampled_from([None, 0, 1, 2]))
    hidden_sheet = draw(st.booleans())
    return cells, hidden_row, hidden_column, hidden_sheet


def _xlsx(path: Path, cells: dict, hidden_row, hidden_column, hidden_sheet) -> None:
    import openpyxl

    from support.office_province import UNITS

    names = {u[0]: u[1] for u in UNITS}
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cấp huyện"
    sheet.append(XLSX_HEADER)
    for row, code in enumerate(XLSX_SCORES, start=2):
        sheet.cell(row, 1, code)
        sheet.cell(row, 2, names[code])
        for index in range(3):
            value, number_format, stored = cells[(code, index)]
            text = f"{value:g}" if stored == "text" else f"{value:g}".replace(".", ",")
            cell = sheet.cell(row, 3 + index, value if stored == "number" else text)
            cell.number_format = number_format
        if code == hidden_row:
            sheet.row_dimensions[row].hidden = True
    if hidden_column is not None:
        sheet.column_dimensions["CDE"[hidden_column]].hidden = True
    if hidden_sheet:
        other = book.create_sheet("Bản cũ")
        other.sheet_state = "hidden"
        other.append(XLSX_HEADER)
    book.save(path)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(office_workbooks())
def test_a_workbook_is_read_as_it_shows_or_its_cell_refused_never_misread(case):
    """Each score is read as the number the cell holds (a number stored as text, with a point or a comma,
    is that number), or an error names its row and column: a percent cell (15,81 typed into it is stored
    0.1581), a hidden row, a hidden score column. A hidden sheet that is not named is a warning."""
    from egov_report.core.tables import parse_score
    from egov_report.kinds.tiered_scores.loading import load_evaluation
    from support.office_province import PROVINCE, write_province

    cells, hidden_row, hidden_column, hidden_sheet = case
    with tempfile.TemporaryDirectory() as folder:
        data_dir = write_province(Path(folder), {2019: {"sources": {"districts": {"file": "diem.xlsx"}}}})
        _xlsx(data_dir / PROVINCE / "2019" / "diem.xlsx", cells, hidden_row, hidden_column, hidden_sheet)
        table = load_evaluation(PROVINCE, 2019, data_dir=data_dir).current.tables["districts"]
    errors = [p for p in table.problems if p.level == "error"]
    groups = ["infrastructure", "application", "staff"]
    read = {g: dict(zip(table.text["unit_code"], table.text[g])) for g in groups if g in table.text}
    for (code, index), (value, number_format, stored) in cells.items():
        row = 2 + list(XLSX_SCORES).index(code)
        column = XLSX_HEADER[2 + index]
        refused = [e for e in errors if (e.row == row or row in e.rows) and e.column == column]
        refused_row = [e for e in errors if e.column is None and row in (e.rows or (e.row,))]
        refused_column = [e for e in errors if e.column == column and e.row == 1]
        if code == hidden_row:
            assert refused_row, f"hidden row {row} read in silence"
        elif hidden_column == index:
            assert refused_column, f"hidden column {column} read in silence"
        elif "%" in number_format and stored == "number":
            assert refused, f"percent cell {column}{row} read as {read[groups[index]][code]}"
        else:
            assert parse_score(read[groups[index]][code]) == value, (code, column, number_format, stored)
    warned = [p for p in table.problems if p.level == "warning" and "trang tính ẩn" in p.rule]
    assert bool(warned) == hidden_sheet
