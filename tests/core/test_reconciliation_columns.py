"""The reconciliation annex read by column, as an auditor reads it (issue 22).

Each row is located by the header of its column ("Đã công bố", "Tính được", "Đối chiếu"), never by
position alone: the published cell must hold the text the source printed, the computed cell the
value the report computed, and a swap of the two is a failure. The published figures are a small
published.yaml written here; the record is Quảng Ninh 2019's as the analysis computes it, and every
expected cell is typed by hand from the seed article (73,83 points, 230 units, 9 of 186 communes
in the top band: 4,8 %). Both sides of the tolerance are tried, above and below the computed value.
Text from the data file reaches the page escaped.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from egov_report.core.published import Comparison, reconcile
from egov_report.kinds.tiered_scores import analysis, loading
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder

BUILT = "khớp (dữ liệu mẫu dựng theo số công bố)"  # a mean of the reconstructed unit scores


@pytest.fixture(scope="module")
def record() -> dict:
    """Computed once per session of tests, never kept across sessions (a mutation run starts many)."""
    return analysis.analyse(loading.load_evaluation("quangninh", 2019))


def _entry(figure: str, key: str | None, published: str, value, **more) -> dict:
    entry = {"figure": figure, "published": published, "value": value, "source": "article", **more}
    return entry | ({"key": key} if key else {})


def _annex(
    record: dict, tmp_path: Path, entries: list[dict], stated: tuple[str, ...] = ()
) -> tuple[str, dict[str, dict[str, str]]]:
    """(the table's raw HTML, {figure: {column header: cell text}}), after the body stated the figures
    at the keys ``stated``."""
    path = tmp_path / "published.yaml"
    path.write_text(
        yaml.safe_dump({"sources": {"article": "bài viết <i>mẫu</i> & nguồn"}, "figures": entries}, allow_unicode=True),
        encoding="utf-8",
    )
    builder = TieredReportBuilder(record, published=reconcile(record, path, unchecked=True))
    for key in stated:
        builder.fig(key, 0)
    html = str(builder.reconciliation_table())
    soup = BeautifulSoup(html, "html.parser")
    headers = [" ".join(th.get_text(" ").split()) for th in soup.select("thead th")]
    rows = {}
    for tr in soup.select("tbody tr"):
        cells = tr.find_all("td")
        by_column = {}
        for header, td in zip(headers, cells):
            first = td.contents[0] if header == "Đã công bố" and td.contents else td
            text = first.get_text(" ") if hasattr(first, "get_text") else str(first)
            by_column[header] = " ".join(text.replace("\u00a0", " ").split())
            if header == "Đã công bố":  # the source under the published text: [n], where in it
                source = td.find(class_="source")
                by_column["nguồn"] = " ".join(source.get_text(" ").split()) if source else ""
        rows[by_column["Số liệu"]] = by_column
    return html, rows


def test_the_published_cell_holds_the_published_text_and_the_computed_cell_the_computed_value(record, tmp_path):
    _, rows = _annex(
        record,
        tmp_path,
        [
            _entry("Điểm trung bình khối sở", "tiers.departments.current.mean", "73,8 điểm", 73.8),
            _entry("Số đơn vị", "scope.units", "hai trăm ba mươi đơn vị", 230),
            _entry("Tỷ lệ xã mức tốt", "tiers.communes.current.bands.good.share", "chiếm 5%", 0.05, shown_as="percent"),
            _entry("Số cán bộ chuyên trách", None, "129 cán bộ", 129, reading="dữ liệu  đánh giá không có số này"),
            _entry("Số hệ thống một cửa", None, "18 hệ thống", 18, where="đoạn 3"),
        ],
    )
    assert rows["Điểm trung bình khối sở"] == {
        "Số liệu": "Điểm trung bình khối sở",
        "Đã công bố": "73,8 điểm",
        "nguồn": "[1]",
        "Tính được": "73,83",
        "Đối chiếu": BUILT,
        "Cách đọc của báo cáo và lý do": "—",
    }
    assert rows["Số đơn vị"]["Đối chiếu"] == "khớp"  # the registry's count: real, a plain match
    assert rows["Số đơn vị"]["Đã công bố"] == "hai trăm ba mươi đơn vị"
    assert rows["Số đơn vị"]["Tính được"] == "230"
    # 9 / 186 = 4,84 %: printed with one decimal; 0,05 against 0,0484 is outside half a unit of 0,05
    assert rows["Tỷ lệ xã mức tốt"]["Tính được"] == "4,8%"
    assert rows["Tỷ lệ xã mức tốt"]["Đã công bố"] == "chiếm 5%"
    assert rows["Số cán bộ chuyên trách"]["Tính được"] == "—"
    assert rows["Số cán bộ chuyên trách"]["Đã công bố"] == "129 cán bộ"
    assert rows["Số cán bộ chuyên trách"]["Cách đọc của báo cáo và lý do"] == "dữ liệu đánh giá không có số này"
    assert rows["Số cán bộ chuyên trách"]["nguồn"] == "[1]"  # no place in the source given: nothing after it
    assert rows["Số hệ thống một cửa"]["nguồn"] == "[1], đoạn 3"
    assert rows["Số cán bộ chuyên trách"]["Đối chiếu"] == "không có trong dữ liệu đánh giá"


def test_the_columns_come_in_the_order_a_reader_expects(record, tmp_path):
    html, _ = _annex(record, tmp_path, [_entry("Số đơn vị", "scope.units", "230 đơn vị", 230)])
    soup = BeautifulSoup(html, "html.parser")
    assert [" ".join(th.get_text(" ").split()) for th in soup.select("thead th")][:4] == [
        "Số liệu",
        "Đã công bố",
        "Tính được",
        "Đối chiếu",
    ]


@pytest.mark.parametrize(
    "value, tolerance, check",
    [
        (73.78, 0.05, BUILT),  # 0,05 below: on the boundary, inside
        (73.88, 0.05, BUILT),  # 0,05 above: on the boundary, inside
        (73.77, 0.05, "lệch"),  # 0,06 below: outside
        (73.89, 0.05, "lệch"),  # 0,06 above: outside
        (73.83, 0, BUILT),  # no tolerance: only the same value matches
        (73.84, 0, "lệch"),
    ],
)
def test_both_sides_of_the_tolerance_in_both_directions(record, tmp_path, value, tolerance, check):
    _, rows = _annex(
        record,
        tmp_path,
        [_entry("Điểm trung bình khối sở", "tiers.departments.current.mean", "x điểm", value, tolerance=tolerance)],
    )
    assert rows["Điểm trung bình khối sở"]["Đối chiếu"] == check


@pytest.mark.parametrize(
    "value, check",
    [
        (73.835, "lệch"),  # three decimals: half a unit of the third is 0,0005; 0,005 apart is outside
        (73.8, BUILT),  # one decimal: 0,05; 0,03 apart is inside
        (73.9, "lệch"),  # one decimal: 0,07 apart is outside
        (74, BUILT),  # a whole number: 0,5; 0,17 apart is inside
        (73, "lệch"),  # a whole number: 0,83 apart is outside
    ],
)
def test_the_default_tolerance_is_half_a_unit_of_the_last_printed_decimal(record, tmp_path, value, check):
    _, rows = _annex(record, tmp_path, [_entry("Điểm", "tiers.departments.current.mean", "x", value)])
    assert rows["Điểm"]["Đối chiếu"] == check


def test_text_from_the_data_file_reaches_the_page_escaped(record, tmp_path):
    html, rows = _annex(
        record,
        tmp_path,
        [
            _entry(
                "Số <b>đơn vị</b> & khối",
                "scope.units",
                "<script>alert(1)</script> 230",
                230,
                where="mục <1>",
                reading="đọc <em>theo</em> bài",
            ),
        ],
    )
    assert "<script>" not in html and "<b>đơn vị</b>" not in html and "<em>theo</em>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 230" in html
    assert "Số &lt;b&gt;đơn vị&lt;/b&gt; &amp; khối" in html
    assert "mục &lt;1&gt;" in html
    assert "bài viết &lt;i&gt;mẫu&lt;/i&gt; &amp; nguồn" in html  # the source, in the note under the table
    assert rows["Số <b>đơn vị</b> & khối"]["Đã công bố"] == "<script>alert(1)</script> 230"


def _comparison(computed, key="tiers.x.current.mean", shown_as="number", value=0, tolerance=0.0) -> Comparison:
    return Comparison(
        figure="f",
        key=key,
        published="p",
        value=value,
        computed=computed,
        source="s",
        where="",
        reading="",
        tolerance=tolerance,
        on_mismatch="warn",
        shown_as=shown_as,
    )


@pytest.mark.parametrize(
    "computed, key, shown_as, text",
    [
        (73.83, "a.mean", "number", "73,83"),
        (73.8, "a.mean", "number", "73,80"),  # a score: never fewer than two decimals
        (0.76543, "a.index", "number", "0,7654"),  # an index: at most four decimals
        (0.123, "a.index", "number", "0,123"),
        (-1.9, "a.change.mean", "number", "\u22121,90"),  # a true minus
        (-4, "a.rank_change", "number", "\u22124"),
        (1537, "a.count", "number", "1.537"),
        (110.5, "bands.fair.points", "number", "110,5"),  # a band floor as the bands table prints it
        (136.0, "bands.good.points", "number", "136"),
        (0.42857, "a.share", "percent", "42,9%"),
        ("Phường Nam Khê", "a.name", "number", "Phường Nam Khê"),
        (True, "a.flag", "number", "True"),
    ],
)
def test_the_computed_cell_prints_each_kind_of_value_as_the_report_does(computed, key, shown_as, text):
    assert _comparison(computed, key, shown_as).computed_text() == text


def test_an_entry_without_key_is_neither_a_match_nor_a_departure():
    unchecked = _comparison(5, key="", value=5)
    assert (unchecked.checked, unchecked.matches, unchecked.departs, unchecked.computed_text()) == (
        False,
        False,
        False,
        "—",
    )
    assert _comparison(5, value=5).departs is False and _comparison(6, value=5).departs is True


def test_names_match_whatever_their_spacing_case_or_unicode_form():
    decomposed = "Phu\u031bo\u031b\u0300ng Nam Khe\u0302"  # "Phường Nam Khê" with combining marks (NFD)
    assert _comparison("Phường Nam Khê", value=decomposed).matches
    assert _comparison("Phường  Nam Khê ", value="phường nam khê").matches
    assert not _comparison("Phường Nam Khê", value="Phường Nam Khe").matches


def test_describe_names_both_values():
    assert _comparison(73.83, value=70).describe() == "f: công bố p, tính được 73,83"


READING = "Cách đọc của báo cáo và lý do"


def test_a_departure_the_body_states_as_published_says_so_before_its_reading(record, tmp_path):
    # Quảng Ninh 2019 is on sample data: the computed 13 communes below average is never stated in the
    # body, which states the published 12 alone; the band floor (136 of 170, from the framework) is real,
    # and the body states both values, so its reading stands alone; a departure the body did not state
    # (here the 2018 count of good districts) keeps its reading as written
    poor, floor, good_2018 = (
        "tiers.communes.current.bands.poor.count",
        "tiers.districts.bands.good.points",
        "tiers.districts.previous.bands.good.count",
    )
    _, rows = _annex(
        record,
        tmp_path,
        [
            _entry("Xã dưới trung bình", poor, "12 đơn vị", 12, reading="Phải là 13."),
            _entry("Xã dưới trung bình (không lý do)", poor, "12 đơn vị", 12),
            _entry("Ngưỡng mức tốt", floor, "80 điểm", 80, reading="Đó là tỷ lệ."),
            _entry("Huyện mức tốt năm 2018", good_2018, "9 đơn vị", 9, reading="Lấy 2."),
            _entry("Xã đạt mức tốt", "tiers.communes.current.bands.good.count", "9 đơn vị", 9),
        ],
        stated=(poor, floor),
    )
    said = "Phần thân báo cáo nêu số đã công bố, vì số ở cột “Tính được” lấy từ dữ liệu mẫu."
    assert (rows["Xã dưới trung bình"]["Tính được"], rows["Xã dưới trung bình"]["Đối chiếu"]) == ("13", "lệch")
    assert rows["Xã dưới trung bình"][READING] == f"{said} Phải là 13."
    assert rows["Xã dưới trung bình (không lý do)"][READING] == said
    assert (rows["Ngưỡng mức tốt"]["Tính được"], rows["Ngưỡng mức tốt"][READING]) == ("136", "Đó là tỷ lệ.")
    assert (rows["Huyện mức tốt năm 2018"]["Đối chiếu"], rows["Huyện mức tốt năm 2018"][READING]) == ("lệch", "Lấy 2.")
    assert rows["Xã đạt mức tốt"][READING] == "—"  # a match: nothing to read


def test_the_table_s_caption_sources_row_classes_and_alignment(record, tmp_path):
    # three rows, one of each check: built on sample data (the departments' mean), a plain match (the
    # registry's count), a departure (a count of 231 units); and a figure the data cannot compute
    entries = [
        _entry("Điểm trung bình khối sở", "tiers.departments.current.mean", "73,8 điểm", 73.8),
        _entry("Số đơn vị", "scope.units", "230 đơn vị", 230),
        _entry("Số đơn vị (bài khác)", "scope.units", "231 đơn vị", 231),
        _entry("Số cán bộ chuyên trách", None, "129 cán bộ", 129),
    ]
    html, _ = _annex(record, tmp_path, entries)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.figure["id"] == "table-reconciliation"
    assert " ".join(soup.figcaption.get_text(" ").split()).endswith("Số liệu đã công bố và số liệu tính được")
    assert [tr.get("class") for tr in soup.select("tbody tr")] == [
        ["match", "by-construction"],
        ["match"],
        ["mismatch"],
        ["unchecked"],
    ]
    assert [th["class"] for th in soup.select("thead th")][:4] == [["left"], ["left"], ["right"], ["left"]]
    assert "Nguồn: [1] bài viết &lt;i&gt;mẫu&lt;/i&gt; &amp; nguồn." in html  # the source's name, escaped


def test_a_table_of_matches_only_says_so_instead_of_an_empty_reading_column(record, tmp_path):
    html, _ = _annex(record, tmp_path, [_entry("Số đơn vị", "scope.units", "230 đơn vị", 230)])
    soup = BeautifulSoup(html, "html.parser")
    assert [th.get_text() for th in soup.select("thead th")] == ["Số liệu", "Đã công bố", "Tính được", "Đối chiếu"]
    assert " ".join(soup.select_one("p.note").get_text(" ").split()).endswith(
        "Bảng không có cột “Cách đọc của báo cáo và lý do”: mọi số liệu đã công bố đều khớp với số liệu tính được."
    )


def test_each_source_is_numbered_in_the_note_under_the_table(record, tmp_path):
    path = tmp_path / "published.yaml"
    sources = {"decision": "Quyết định số 1", "article": "bài viết thử"}
    entries = [
        _entry("Số đơn vị", "scope.units", "230 đơn vị", 230) | {"source": "article"},
        _entry("Số đơn vị (quyết định)", "scope.units", "230 đơn vị", 230) | {"source": "decision"},
    ]
    path.write_text(yaml.safe_dump({"sources": sources, "figures": entries}, allow_unicode=True), encoding="utf-8")
    builder = TieredReportBuilder(record, published=reconcile(record, path, unchecked=True))
    note = BeautifulSoup(str(builder.reconciliation_table()), "html.parser").select_one("p.note").get_text(" ")
    assert " ".join(note.split()).startswith("Nguồn: [1] bài viết thử. [2] Quyết định số 1.")
