"""The indicators report's phrases, table and chart note, from the record of the shipped Quảng Ninh 2020 files
(seed 003's values; 90 % from Nghị quyết 17/NQ-CP, 100 % from the province's report), typed by hand; and a
variant with a count better when lower reported at another date."""

from __future__ import annotations

import re

import pytest

from egov_report.kinds.indicators.analysis import analyse
from egov_report.kinds.indicators.loading import load_evaluation
from egov_report.kinds.indicators.narrative import IndicatorReportBuilder
from support.helpers import copy_province
from support.indicator_variants import days_of_reports


@pytest.fixture()
def builder() -> IndicatorReportBuilder:
    return IndicatorReportBuilder(analyse(load_evaluation("quangninh", 2020)))


def _rows(html: str) -> list[list[str]]:
    rows = re.findall(r'<tr class="status-[^"]+">(.*?)</tr>', html)
    return [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)] for row in rows]


def test_the_gap_of_each_indicator_in_words(builder):
    # 98 % against 90 %: 8 points above; 100 % against 100 %: equal; no target: nothing said
    assert [builder.gap_words(e) for e in builder.record["indicators"]] == [
        "",
        "vượt 8 điểm phần trăm",
        "",
        "bằng mục tiêu",
    ]


def test_the_highest_and_lowest_percentages(builder):
    extremes = builder.percent_extremes()
    assert [e["code"] for e in extremes["top"]] == ["dvc_ho_so_dien_tu", "dinh_danh_dien_tu"]  # both 100 %
    assert [e["code"] for e in extremes["bottom"]] == ["bao_cao_dinh_ky"]  # 30 %


def test_the_table_of_indicators(builder):
    html = str(builder.indicator_table())
    assert "<figcaption>Bảng 1. Kết quả thực hiện các chỉ tiêu, tỉnh Quảng\u00a0Ninh năm 2020</figcaption>" in html
    assert '<th class="right" style="text-align: right">Kết quả (quý IV/2020)</th>' in html
    rows = _rows(html)
    assert [row[0] for row in rows] == ["1", "2", "3", "4"]
    assert [row[2:] for row in rows] == [
        ["100%", "chưa xác định được mục tiêu", "Chưa đánh giá", "[1]"],
        ["98%", "90%", "Đạt (vượt 8\u00a0điểm phần trăm)", "[1]; mục tiêu: [2]"],  # a number never parts from its unit
        ["30%", "chưa xác định được mục tiêu", "Chưa đánh giá", "[1]"],
        ["100%", "100%", "Đạt (bằng mục tiêu)", "[1]; mục tiêu: [3]"],
    ]
    assert '<span class="fig" data-key="indicators.van_ban_dien_tu.target" data-class="real">90%</span>' in html
    assert '<em class="unknown-target">chưa xác định được mục tiêu</em>' in html
    note = re.search(r'<p class="note">(.*?)</p>', html).group(1)
    # each source once, numbered, ended by one full stop (the files' texts end without one)
    assert note == (
        "Nguồn: [1] Sở TT&amp;TT Quảng Ninh, báo cáo tình hình triển khai mô hình điển hình CQĐT cấp tỉnh quý IV/2020 "
        "(theo bài báo đưa tin về báo cáo; tài liệu tham khảo 003 của dự án). [2] Nghị quyết số 17/NQ-CP ngày "
        "07/03/2019 của Chính phủ, chỉ tiêu giai đoạn 2019 - 2020: 90% văn bản trao đổi giữa các cơ quan nhà nước "
        "(trừ văn bản mật theo quy định của pháp luật) dưới dạng điện tử. [3] cùng báo cáo: chỉ tiêu này được nêu "
        "là “đạt chỉ tiêu 100%”."
    )


def test_the_chart_and_its_note(builder):
    html = str(builder.chart())
    assert (
        "<figcaption>Hình 1. Giá trị đạt được và mục tiêu của các chỉ tiêu tính theo %, quý IV/2020</figcaption>"
        in html
    )
    assert (
        '<p class="note">Thanh: giá trị đạt được; vạch đen: mục tiêu. Thanh nhạt viền nét đứt: chỉ tiêu chưa '
        "xác định được mục tiêu nên chưa đánh giá đạt hay không đạt.</p>"
    ) in html


def test_figures_as_the_text_states_them(builder):
    entries = builder.record["indicators"]
    assert str(builder.count_fig("met")) == '<span class="fig" data-key="counts.met" data-class="real">2</span>'
    assert str(builder.value_fig(entries[1])) == (
        '<span class="fig" data-key="indicators.van_ban_dien_tu.value" data-class="real">98%</span>'
    )
    assert str(builder.target_fig(entries[0])) == "chưa xác định được mục tiêu"
    assert builder.key(entries[2], "gap") == "indicators.bao_cao_dinh_ky.gap"


def test_a_count_better_when_lower_at_another_date(tmp_path):
    """bao_cao_dinh_ky made a count of days, lower is better, 30 against 5, as of 2020-Q3: 25 days short; the
    table then dates each indicator, and the chart says one indicator is only in the table."""
    data_dir = days_of_reports(tmp_path)
    builder = IndicatorReportBuilder(analyse(load_evaluation("quangninh", 2020, data_dir=data_dir)))
    entry = builder.record["indicators"][2]
    assert builder.gap_words(entry) == "thiếu 25 ngày"
    html = str(builder.indicator_table())
    assert '<th class="right" style="text-align: right">Kết quả</th>' in html
    assert "(tính đến quý III/2020)" in html and "(tính đến quý IV/2020)" in html
    assert _rows(html)[2][4] == "Chưa đạt (thiếu 25 ngày)"
    assert [e["code"] for e in builder.percent_extremes()["bottom"]] == ["van_ban_dien_tu"]  # 98 %, of the three in %
    assert (
        '<p class="note">Thanh: giá trị đạt được; vạch đen: mục tiêu. Thanh nhạt viền nét đứt: chỉ tiêu chưa xác '
        "định được mục tiêu nên chưa đánh giá đạt hay không đạt. 1 chỉ tiêu không tính theo % chỉ có trong Bảng "
        "1.</p>"
    ) in str(builder.chart())


def test_the_sections_and_the_table_s_columns(builder):
    assert builder.section_order() == ("scope", "headline", "results")
    head = re.search(r"<thead>(.*?)</thead>", str(builder.indicator_table())).group(1)
    assert re.findall(r'<th class="(\w+)"[^>]*>(.*?)</th>', head) == [
        ("right", "TT"),
        ("left", "Chỉ tiêu"),
        ("right", "Kết quả (quý IV/2020)"),
        ("left", "Mục tiêu"),
        ("left", "Đánh giá"),
        ("left", "Nguồn"),
    ]
    assert '<figure class="chart" id="figure-indicators">' in str(builder.chart())


def _entry(gap: float, direction: str = "higher_is_better", unit: str = "%") -> dict:
    return {"gap": gap, "direction": direction, "unit": unit}


def test_gap_words_at_their_edges(builder):
    assert builder.gap_words(_entry(0.004)) == "bằng mục tiêu"  # 0,004 points print as 0: equal as printed
    assert builder.gap_words(_entry(1.0)) == "vượt 1 điểm phần trăm"
    assert builder.gap_words(_entry(-0.5)) == "thiếu 0,5 điểm phần trăm"
    assert builder.gap_words(_entry(2.0, "lower_is_better", "ngày")) == "thiếu 2 ngày"  # 2 days over a ceiling
    assert builder.gap_words(_entry(None)) == ""


def _percent(code: str, value: float) -> dict:
    return {"code": code, "unit": "%", "value": value}


def test_extremes_need_two_percentages_and_equal_values_have_no_lowest():
    def extremes(*entries):
        return IndicatorReportBuilder(
            {"meta": {"data_status": "published"}, "indicators": list(entries)}
        ).percent_extremes()

    assert extremes(_percent("a", 90)) is None
    two = extremes(_percent("a", 90), _percent("b", 80))
    assert ([e["code"] for e in two["top"]], [e["code"] for e in two["bottom"]]) == (["a"], ["b"])
    same = extremes(_percent("a", 90), _percent("b", 90))
    assert ([e["code"] for e in same["top"]], same["bottom"]) == (["a", "b"], [])


def test_without_one_date_the_chart_caption_names_none(tmp_path):
    data_dir = copy_province(tmp_path)
    table = data_dir / "quangninh" / "2020" / "indicators.csv"
    table.write_text(
        table.read_text(encoding="utf-8").replace("bao_cao_dinh_ky,30,,2020-Q4,", "bao_cao_dinh_ky,30,,2020-Q3,"),
        encoding="utf-8",
    )
    html = str(IndicatorReportBuilder(analyse(load_evaluation("quangninh", 2020, data_dir=data_dir))).chart())
    assert "<figcaption>Hình 1. Giá trị đạt được và mục tiêu của các chỉ tiêu tính theo %</figcaption>" in html
