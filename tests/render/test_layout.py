"""Tables and page layout of the printed report (issue 11).

The flagship (Quảng Ninh 2019: 30 departments, 14 districts, 186 communes) in at most 20 A4
pages (18 until issue 19 made its reconciliation annex hold every figure of the article: 90 rows,
four pages), its commune ranking in at most four; no table column holding nothing but "—"; unit
codes and names never split across lines; a rank-change note true for every row it marks.
The PDF is read as a reader reads it: page by page, line by line (pypdf keeps a table row on
one line of text unless a cell in it breaks).
"""

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markupsafe import Markup

from egov_report.core.builder import ReportBuilder, bind_name
from egov_report.core.records import read_json

# 5 pages of body, 12 of the annex of sample data (each tier's results, charts and ranking), 4 of
# the reconciliation annex (91 published figures)
MAX_PAGES = 21
MAX_COMMUNE_PAGES = 4
EMPTY = "—"


def _pdf_lines(folder: Path) -> list[list[str]]:
    """Each page of the PDF as its lines of text, white space folded."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(folder / "report.pdf").pages:
        text = unicodedata.normalize("NFC", page.extract_text())
        pages.append([" ".join(line.split()) for line in text.splitlines() if line.strip()])
    return pages


def _tier(folder: Path, code: str) -> dict:
    record = read_json(folder / "figures.json")
    return next(t for t in record["tiers"] if t["code"] == code)


class _Tables(HTMLParser):
    """Every <table> of a page: its header labels and its body rows (lists of cell texts)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row, self._part = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"id": None, "head": [], "body": []})
        elif tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = [] if dict(attrs).get("colspan") is None else None  # a gap row spans every column

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            if self._part == "thead":
                self.tables[-1]["head"] = self._row
            elif self._row:
                self.tables[-1]["body"].append(self._row)
            self._row = None


def _tables(folder: Path) -> list[dict]:
    parser = _Tables()
    parser.feed((folder / "report.html").read_text(encoding="utf-8"))
    return [t for t in parser.tables if t["head"]]


# -- the flagship's PDF ----------------------------------------------------------------------------


@pytest.mark.e2e
def test_the_flagship_fits_in_twenty_pages(flagship):
    from pypdf import PdfReader

    assert len(PdfReader(flagship / "report.pdf").pages) <= MAX_PAGES


@pytest.mark.e2e
def test_the_commune_ranking_takes_at_most_four_pages(flagship):
    communes = _tier(flagship, "communes")["ranking"]
    pages = _pdf_lines(flagship)
    first = next(
        i
        for i, lines in enumerate(pages)
        if any("Xếp hạng các đơn vị cấp xã, năm 2019" in line for line in lines)
        and any(line.startswith(f"1 {communes[0]['code']} ") for line in lines)
    )
    last = next(
        i
        for i, lines in enumerate(pages)
        if any(line.startswith(f"{communes[-1]['rank']} {communes[-1]['code']} ") for line in lines)
    )
    note = next(i for i in range(last, len(pages)) if any("nên không so sánh thứ hạng" in line for line in pages[i]))
    assert note - first + 1 <= MAX_COMMUNE_PAGES, (first + 1, last + 1, note + 1)


@pytest.mark.e2e
def test_codes_and_names_are_never_split_across_lines(flagship):
    text = _pdf_lines(flagship)
    lines = [line for page in text for line in page]
    communes = _tier(flagship, "communes")["ranking"]
    longest = max(communes, key=lambda e: len(e["name"]))
    for entry in communes:  # the whole row on one line: rank, code, name, district
        row = f"{entry['rank']} {entry['code']} {entry['name']} {entry['parent_name']} "
        assert any(line.startswith(row) for line in lines), row
    assert any(longest["name"] in line for line in lines)
    # the departments' codes are the project's own (QN-S24): never shown to the reader (issue 19)
    assert not any(re.search(r"\bQN-S\d+", line) for line in lines)


# -- the flagship's tables --------------------------------------------------------------------------


@pytest.mark.e2e
def test_no_table_has_a_column_of_dashes_only(flagship):
    tables = _tables(flagship)
    assert len(tables) >= 10
    for table in tables:
        rows = [r for r in table["body"] if len(r) == len(table["head"])]
        for index, label in enumerate(table["head"]):
            assert not rows or any(r[index] != EMPTY for r in rows), (label, table["head"])


@pytest.mark.e2e
def test_rank_changes_are_not_compared_with_a_partial_year(flagship):
    page = (flagship / "report.html").read_text(encoding="utf-8")
    communes = re.search(r'<figure class="table[^"]*" id="table-ranking-communes">(.*?)</figure>', page, re.S).group(1)
    note = " ".join(re.sub(r"<[^>]+>", " ", communes[communes.index('<p class="note">') :]).split())
    assert (
        "Bảng không có cột “Đổi hạng”: năm 2018 chỉ có các đơn vị cấp xã được đánh giá thí điểm (90 đơn vị) "
        "nên không so sánh thứ hạng." in note
    )
    assert "“—” ở cột “Năm 2018” và “Thay đổi”: đơn vị ngoài 90 đơn vị có số liệu năm 2018." in note
    assert "Đổi hạng</th>" not in communes
    assert "không được đánh giá năm 2018" not in page and "«" not in note
    departments = re.search(
        r'<figure class="table[^"]*" id="table-ranking-departments">(.*?)</figure>', page, re.S
    ).group(1)
    assert "Đổi hạng</th>" in departments and "“—”" not in departments  # every department has its 2018 rank


# -- the table machinery, without a render ---------------------------------------------------------

RECORD = {
    "meta": {
        "kind": "minimal",
        "province": "x",
        "year": 2019,
        "title": "Đánh giá thử",
        "province_name": "Quảng Ninh",
        "province_name_full": "tỉnh Quảng Ninh",
        "data_status": "published",
        "data_note": "",
    }
}


def test_a_column_of_dashes_is_left_out_with_one_note_saying_why():
    builder = ReportBuilder(RECORD)
    columns = [
        {"label": "Đơn vị", "nowrap": True},
        {"label": "Tổng (/100)", "align": "right"},
        {"label": "Năm 2018", "note": "“—” ở cột “Năm 2018”: đơn vị mới."},
        {"label": "Đổi hạng", "note": "Cột “Đổi hạng”: so với năm 2018.", "when_empty": "không so sánh thứ hạng."},
        {"label": "Ghi chú"},
    ]
    rows = [
        ["Sở A", "90", "80", EMPTY, EMPTY],
        {"css": "x", "cells": ["Sở B", "70", EMPTY, EMPTY, EMPTY]},
        {"css": "gap", "gap": "… 3 đơn vị khác …"},
    ]
    html = str(builder.table("t", "Bảng thử", columns, rows, note="Tổng điểm tối đa 100."))
    headers = re.findall(r"<th[ >][^>]*>(.*?)</th>", html)
    assert headers == ["Đơn vị", 'Tổng <span class="nowrap">(/100)</span>', "Năm 2018"]
    first = re.findall(r"<tr[^>]*>(.*?)</tr>", html)[1]
    assert first.count("<td") == 3  # the cells of the left-out columns too
    assert first.startswith('<td class="left" style="text-align: left" data-nowrap>Sở A</td>')
    note = re.search(r'<p class="note">(.*?)</p>', html).group(1)
    assert note == (
        "Tổng điểm tối đa 100. “—” ở cột “Năm 2018”: đơn vị mới. Bảng không có cột “Đổi hạng”: "
        "không so sánh thứ hạng. Bảng không có cột “Ghi chú”: cột này không có số liệu."
    )


def test_a_table_without_rows_keeps_its_columns_and_markup_notes_stay_markup():
    builder = ReportBuilder(RECORD)
    html = str(
        builder.table(
            "t",
            "Bảng trống",
            [{"label": "A"}, {"label": "B"}],
            [],
            note=Markup('Xem <a href="rankings.xlsx">rankings.xlsx</a> & <b>(/20)</b>.'),
        )
    )
    assert len(re.findall(r"<th[ >]", html)) == 2
    assert '<a href="rankings.xlsx">' in html and '<span class="nowrap">(/20)</span>' in html


def test_the_province_name_is_bound_in_titles():
    builder = ReportBuilder(RECORD)
    assert "tỉnh Quảng\u00a0Ninh\u00a0năm\u00a02019" in builder.summary_line()  # the year never alone on a line
    assert bind_name("UBND TỈNH QUẢNG NINH", "Quảng Ninh") == "UBND TỈNH QUẢNG\u00a0NINH"
    assert bind_name(Markup("<b>Quảng Ninh</b>"), "Quảng Ninh") == Markup("<b>Quảng\u00a0Ninh</b>")
    assert bind_name("Xếp hạng của tỉnh X") == "Xếp hạng của tỉnh X"  # no name given: nothing bound
    assert "Quảng\u00a0Ninh" in str(builder.table("t", "Xếp hạng của tỉnh Quảng Ninh", [{"label": "A"}], [["x"]]))
