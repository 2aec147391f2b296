"""Excel read as displayed (issue 21): percent cells, numbers stored as text, old .xls files renamed."""

from __future__ import annotations

import re
import time
import zipfile

import openpyxl
import pytest

from egov_report.core.sheets import check_workbook, read_excel_grid
from egov_report.errors import InputError
from egov_report.paths import display_path

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _book(tmp_path, cells):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Điểm"
    for coordinate, (value, number_format) in cells.items():
        sheet[coordinate] = value
        if number_format:
            sheet[coordinate].number_format = number_format
    path = tmp_path / "scores.xlsx"
    book.save(path)
    return path


def test_a_percent_cell_is_read_as_shown_and_marked(tmp_path):
    path = _book(
        tmp_path,
        {"A1": ("Mã", None), "B1": ("Điểm", None), "A2": ("X", None), "B2": (0.1581, "0.00%"), "B3": (15.81, None)},
    )
    grid = read_excel_grid(path, None)
    assert grid.rows[1][1] == ["X", "15.81%"] and grid.rows[2][1] == ["", "15.81"]
    assert grid.percent == {(2, 1): "B2"}
    assert grid.sheet == "Điểm" and grid.sheets == ("'Điểm'",)


def test_a_number_stored_as_text_is_read_as_the_text_shows(tmp_path):
    path = _book(tmp_path, {"A1": ("15,81", "@"), "B1": ("0015.80", None), "C1": ("1.537", None)})
    assert read_excel_grid(path, None).rows[0][1] == ["15,81", "0015.80", "1.537"]


def test_an_old_xls_renamed_xlsx_is_called_so():
    with pytest.raises(InputError) as caught:
        check_workbook(OLE + bytes(1016) + "Workbook".encode("utf-16-le") + bytes(512), "data/x/2019/scores.xlsx")
    assert str(caught.value) == (
        "data/x/2019/scores.xlsx: tệp là bảng tính Excel 97-2003 (.xls) nhưng được đặt tên đuôi .xlsx; hãy mở bằng "
        "Excel hoặc LibreOffice và lưu lại (File > Save As) với kiểu Excel Workbook (*.xlsx)"
    )


def test_a_workbook_saved_with_a_password_is_still_called_so():
    with pytest.raises(InputError, match="có mật khẩu"):
        check_workbook(OLE + bytes(1016) + "EncryptedPackage".encode("utf-16-le") + bytes(512), "x.xlsx")


# -- no row lost in silence ----------------------------------------------------------------------


def _lines(path) -> int:
    import io

    return sum(1 for _ in io.StringIO(path.read_text(encoding="utf-8"), newline=""))


def test_every_line_of_a_csv_file_is_a_row_of_its_grid(tmp_path):
    from egov_report.core.sheets import read_csv_grid
    from support.helpers import SHIPPED_DATA

    for path in sorted(SHIPPED_DATA.glob("*/*/*.csv")) + sorted(SHIPPED_DATA.glob("*/*.csv")):
        grid = read_csv_grid(path)
        assert [n for n, _ in grid.rows] == list(range(1, _lines(path) + 1)), path
    odd = tmp_path / "odd.csv"  # blank lines, CRLF, a row longer than the header, a quoted comma
    odd.write_bytes('Mã,Điểm\r\n\r\nA,"8,5"\r\nB,8,5\r\n\r\n'.encode())
    grid = read_csv_grid(odd)
    assert [(n, cells) for n, cells in grid.rows] == [
        (1, ["Mã", "Điểm"]),
        (2, []),
        (3, ["A", "8,5"]),
        (4, ["B", "8", "5"]),
        (5, []),
    ]


def test_a_table_accounts_for_every_line(tmp_path):
    """Rows read + rows refused + blank lines + header and titles = the lines of the file."""
    from egov_report.kinds.tiered_scores.loading import load_evaluation
    from support.helpers import copy_province

    data = copy_province(tmp_path)
    path = data / "quangninh/2019/scores_departments.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[3] = text[3] + ",99"  # one row too long (refused, still listed), a blank line, a title above
    path.write_text("BẢNG ĐIỂM\n" + "\n".join(text[:5] + [""] + text[5:]) + "\n", encoding="utf-8")
    table = load_evaluation("quangninh", 2019, data_dir=data).current.tables["departments"]
    blank = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if not line.strip(", "))
    refused = {r for r, column in table.skipped if column == "*"}
    assert len(table.text) + blank + 1 + len(table.title) == _lines(path)
    assert refused <= set(table.text["row"]) and len(refused) == 1


def test_a_table_of_another_kind_refuses_hidden_rows_and_columns(tmp_path):
    from egov_report.core.tables import read_table

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["code", "value", "note"], ["a", 1, ""], ["b", 2, ""], ["c", 3, ""]):
        sheet.append(row)
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["B"].hidden = True
    sheet.column_dimensions["C"].hidden = True  # a heading and no value: named too
    path = tmp_path / "t.xlsx"
    book.save(path)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert str(caught.value).endswith(
        "t.xlsx [Sheet]: dòng 3 và cột B «value», C «note» đang bị ẩn trong Excel; phần bị ẩn không được đọc (thường "
        "là bản cũ hay phần nháp). Hãy bỏ ẩn (Unhide) nếu cần dùng, hoặc xóa đi rồi lưu lại"
    )


def test_an_indicator_workbook_read_on_a_cover_page_names_the_sheet(tmp_path):
    import csv

    from egov_report.kinds.indicators import loading, validation
    from support.helpers import copy_province

    data = copy_province(tmp_path)
    year = data / "quangninh/2020"
    book = openpyxl.Workbook()
    book.active.title = "Bìa"
    book.active["A1"] = "BÁO CÁO CHỈ TIÊU"
    sheet = book.create_sheet("Chỉ tiêu")
    with open(year / "indicators.csv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            sheet.append(row)
    book.save(year / "indicators.xlsx")
    settings = year / "evaluation.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("file: indicators.csv", "file: indicators.xlsx"), encoding="utf-8"
    )
    evaluation = loading.load_evaluation("quangninh", 2020, data_dir=data)
    errors = [str(p) for p in validation.validate(evaluation).errors]
    assert evaluation.table_label.endswith("indicators.xlsx [Bìa]")
    assert errors and all("indicators.xlsx [Bìa]" in e for e in errors), errors


# -- rows counted in what a workbook holds, not in what it states (issue 21) -------------------------

ROWS_RAISE = "hãy kiểm tra lại tệp (đặt biến môi trường EGOV_MAX_ROWS để nâng giới hạn, docs/input-format.md, mục 9)"
MANY = 300_000  # rows written into a sheet: about 15 MB of XML, parsed whole by openpyxl in minutes


def _rewritten(tmp_path, edit, name="scores.xlsx"):
    """A small workbook ("Điểm", three rows), its parts then edited: ``edit(parts)`` changes the dict of parts."""
    book = openpyxl.Workbook()
    book.active.title = "Điểm"
    for row in (["Mã", "Điểm"], ["A", 1], ["B", 2]):
        book.active.append(row)
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    with zipfile.ZipFile(plain) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    edit(parts)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member, data in parts.items():
            target.writestr(member, data)
    return path


def _rows_xml(count: int, first: int = 1) -> bytes:
    return b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>X</t></is></c></row>' % (n, n)
        for n in range(first, first + count)
    )


def _with_rows(xml: bytes, rows: bytes, dimension: bytes | None) -> bytes:
    """The sheet's XML with ``rows`` after its own, and its <dimension> tag replaced (None: removed)."""
    xml = re.sub(rb"<dimension[^>]*/>", b"" if dimension is None else b'<dimension ref="' + dimension + b'"/>', xml)
    return xml.replace(b"</sheetData>", rows + b"</sheetData>")


def _refused_quickly(path, monkeypatch, limit=1000):
    monkeypatch.setenv("EGOV_MAX_ROWS", str(limit))
    started = time.monotonic()
    with pytest.raises(InputError) as caught:
        read_excel_grid(path, None)
    assert time.monotonic() - started < 5
    return str(caught.value)


def test_a_sheet_without_a_dimension_is_refused_by_its_rows(tmp_path, monkeypatch):
    path = _rewritten(
        tmp_path,
        lambda parts: parts.update(
            {"xl/worksheets/sheet1.xml": _with_rows(parts["xl/worksheets/sheet1.xml"], _rows_xml(MANY, 4), None)}
        ),
    )
    assert _refused_quickly(path, monkeypatch) == (
        f"{display_path(path)} [Điểm]: trang tính có ít nhất 1001 dòng, vượt giới hạn 1000 dòng; {ROWS_RAISE}"
    )


def test_a_sheet_whose_dimension_lies_is_refused_by_its_rows(tmp_path, monkeypatch):
    path = _rewritten(
        tmp_path,
        lambda parts: parts.update(
            {"xl/worksheets/sheet1.xml": _with_rows(parts["xl/worksheets/sheet1.xml"], _rows_xml(MANY, 4), b"A1:C3")}
        ),
    )
    assert _refused_quickly(path, monkeypatch) == (
        f"{display_path(path)} [Điểm]: trang tính có ít nhất 1001 dòng, vượt giới hạn 1000 dòng; {ROWS_RAISE}"
    )


def test_rows_are_counted_as_a_reader_numbers_them(tmp_path, monkeypatch):
    """Rows without a number follow the one before; a row or a cell numbered far down makes every row above it."""
    unnumbered = b"".join(b'<row><c t="inlineStr"><is><t>X</t></is></c></row>' for _ in range(MANY))
    far_row = b'<row r="900000"><c r="A900000" t="n"><v>1</v></c></row>'
    far_cell = b'<row r="4"><c r="B900000" t="n"><v>1</v></c></row>'
    prefixed = _rows_xml(MANY, 4).replace(b"<row", b"<x:row").replace(b"</row", b"</x:row")
    for rows, count in ((unnumbered, 1001), (far_row, 900000), (far_cell, 900000), (prefixed, 1001)):
        path = _rewritten(
            tmp_path,
            lambda parts, rows=rows: parts.update(
                {"xl/worksheets/sheet1.xml": _with_rows(parts["xl/worksheets/sheet1.xml"], rows, b"A1:B3")}
            ),
        )
        assert _refused_quickly(path, monkeypatch).startswith(
            f"{display_path(path)} [Điểm]: trang tính có ít nhất {count} dòng"
        )


def _moved_sheet(rows: bytes):
    """The worksheet stored as custom/data.bin, declared so in [Content_Types].xml and the workbook's relationships."""

    def edit(parts):
        parts["custom/data.bin"] = _with_rows(parts.pop("xl/worksheets/sheet1.xml"), rows, b"A1:B3")
        types = parts["[Content_Types].xml"].replace(
            b'PartName="/xl/worksheets/sheet1.xml"', b'PartName="/custom/data.bin"'
        )
        relations = parts["xl/_rels/workbook.xml.rels"].replace(b'"/xl/worksheets/sheet1.xml"', b'"/custom/data.bin"')
        relations = relations.replace(b'"worksheets/sheet1.xml"', b'"../custom/data.bin"')
        assert b"/custom/data.bin" in types and b"custom/data.bin" in relations
        parts["[Content_Types].xml"], parts["xl/_rels/workbook.xml.rels"] = types, relations

    return edit


def test_a_sheet_under_an_unusual_part_name_is_found_by_the_package(tmp_path, monkeypatch):
    small = _rewritten(tmp_path, _moved_sheet(b""), "small.xlsx")
    assert [cells for _, cells in read_excel_grid(small, None).rows] == [["Mã", "Điểm"], ["A", "1"], ["B", "2"]]
    path = _rewritten(tmp_path, _moved_sheet(_rows_xml(MANY, 4)))
    assert _refused_quickly(path, monkeypatch) == (
        f"{display_path(path)} [Điểm]: trang tính có ít nhất 1001 dòng, vượt giới hạn 1000 dòng; {ROWS_RAISE}"
    )


def test_a_sheet_declared_only_by_the_content_types_is_counted_too(tmp_path, monkeypatch):
    """A worksheet part no relationship points to (named by its part in the message), and one in UTF-16."""

    def stray(parts):
        parts["extra/t.dat"] = _with_rows(parts["xl/worksheets/sheet1.xml"], _rows_xml(MANY, 4), None)
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/extra/t.dat" ContentType="application/vnd.openxmlformats-'
            b'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )

    path = _rewritten(tmp_path, stray)
    assert _refused_quickly(path, monkeypatch).startswith(
        f"{display_path(path)} [extra/t.dat]: trang tính có ít nhất 1001 dòng"
    )

    def utf16(parts):
        xml = _with_rows(parts["xl/worksheets/sheet1.xml"], _rows_xml(MANY, 4), None)
        parts["xl/worksheets/sheet1.xml"] = (
            xml.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode().encode("utf-16")
        )

    path = _rewritten(tmp_path, utf16, "utf16.xlsx")
    assert _refused_quickly(path, monkeypatch).startswith(
        f"{display_path(path)} [Điểm]: trang tính có ít nhất 1001 dòng"
    )


def test_a_sheet_within_the_row_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setenv("EGOV_MAX_ROWS", "3")
    path = _rewritten(tmp_path, lambda parts: None)
    assert len(read_excel_grid(path, None).rows) == 3


def test_a_cell_far_to_the_right_is_refused_before_openpyxl_builds_its_rectangle(tmp_path, monkeypatch):
    """One cell in column XFD makes openpyxl build 16 384 cells in every row: the sheet's rectangle is
    bounded (EGOV_MAX_CELLS) while its XML streams, naming the last column and row."""
    import openpyxl

    from egov_report.core.sheets import read_grid
    from egov_report.errors import InputError

    monkeypatch.setenv("EGOV_MAX_CELLS", "100000")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Cấp xã"
    sheet.append(["Mã đơn vị", "Tổng điểm"])
    for number in range(1, 11):
        sheet.append([f"{number:05d}", 50])
    sheet["XFD7"] = "x"  # 11 rows x 16 384 columns; the count stops at row 7: 7 x 16 384 = 114 688 cells
    path = tmp_path / "diem.xlsx"
    book.save(path)
    with pytest.raises(
        InputError,
        match=r"\[Cấp xã\]: trang tính trải tới cột XFD \(16384 cột\) và dòng 7, tức ít "
        r"nhất 114688 ô, vượt giới hạn 100000 ô",
    ):
        read_grid(path)
    monkeypatch.setenv("EGOV_MAX_CELLS", "200000")  # within the bound: read, 16 384 cells a row
    assert len(read_grid(path).rows[0][1]) == 16384
