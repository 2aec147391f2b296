"""How a sentence states one figure (``ReportBuilder.fig``): marked with its key and class, escaped,
and led by the province's published value where the computation departs from it. Expected HTML typed
by hand."""

from __future__ import annotations

import pytest
from markupsafe import Markup

from egov_report.core.builder import ReportBuilder
from egov_report.core.published import Comparison


def _published(key: str, published: str, value, computed) -> Comparison:
    return Comparison(
        figure="Điểm trung bình",
        key=key,
        published=published,
        value=value,
        computed=computed,
        source="bài báo",
        where="đoạn 2",
        reading="",
        tolerance=0.005,
        on_mismatch="warn",
    )


def _builder(data_status: str = "published", *published: Comparison) -> ReportBuilder:
    return ReportBuilder({"meta": {"data_status": data_status}}, published=list(published))


def _span(key: str, cls: str, text: str) -> str:
    return f'<span class="fig" data-key="{key}" data-class="{cls}">{text}</span>'


def test_a_computed_figure_is_marked_real_and_formatted():
    html = _builder().fig("tiers.x.current.mean", 71.4375, lambda v: f"{v:.2f}".replace(".", ","), " điểm")
    assert isinstance(html, Markup)
    assert str(html) == _span("tiers.x.current.mean", "real", "71,44 điểm")


def test_without_a_format_the_value_is_stated_as_it_is_and_escaped():
    assert str(_builder().fig("tiers.x.label", "<b>A & B</b>")) == _span(
        "tiers.x.label", "real", "&lt;b&gt;A &amp; B&lt;/b&gt;"
    )


def test_a_figure_of_sample_data_is_marked_sample_and_a_real_key_stays_real():
    builder = _builder("reconstructed")
    assert str(builder.fig("tiers.x.current.mean", "71,44")) == _span("tiers.x.current.mean", "sample", "71,44")
    assert str(builder.fig("tiers.x.max", "100")) == _span("tiers.x.max", "real", "100")


def test_a_matching_published_figure_marks_the_figure_published_and_keeps_the_computed_text():
    builder = _builder("published", _published("tiers.x.current.mean", "71,44", 71.44, 71.44))
    assert str(builder.fig("tiers.x.current.mean", 71.44, lambda v: f"{v:.2f}".replace(".", ","))) == _span(
        "tiers.x.current.mean", "published", "71,44"
    )


def test_a_departing_published_figure_leads_and_the_computed_one_follows_on_real_data():
    builder = _builder("published", _published("tiers.x.current.mean", "71,5", 71.5, 71.44))
    html = builder.fig("tiers.x.current.mean", 71.44, lambda v: f"{v:.2f}".replace(".", ","), " điểm")
    assert str(html) == _span("tiers.x.current.mean", "published", "71,5 (theo số liệu công bố; tính được: 71,44 điểm)")


def test_on_sample_data_a_departing_published_figure_stands_alone_and_points_to_the_annex():
    # the computed 71,44 rests on sample data: never stated; the published 71,5 is said to be the
    # published one, and the reconciliation annex (the only annex here) says why the two differ
    builder = _builder("reconstructed", _published("tiers.x.current.mean", "71,5", 71.5, 71.44))
    assert str(builder.fig("tiers.x.current.mean", 71.44, lambda v: f"{v:.2f}".replace(".", ","))) == _span(
        "tiers.x.current.mean", "published", "71,5 (theo số liệu công bố, xem Phụ lục)"
    )
    assert builder.stated_as_published == {"tiers.x.current.mean"}


def test_a_published_count_reads_as_the_sentence_counts():
    builder = _builder("published", _published("tiers.x.current.n", "mười hai đơn vị", 12, 13))
    html = builder.fig("tiers.x.current.n", 13, lambda v: f"{v}", " đơn vị")
    assert str(html) == _span(
        "tiers.x.current.n", "published", "12 đơn vị (theo số liệu công bố; tính được: 13 đơn vị)"
    )


# -- images in the analyst's findings (core.builder.markdown_to_html) ------------------------------


def test_an_embedded_raster_image_is_drawn_with_its_description_and_title_escaped():
    from egov_report.core.builder import markdown_to_html

    html = markdown_to_html('![Biểu đồ <1>](data:image/png;base64,iVBORw0KGgo= "Tiêu đề")')
    assert str(html) == (
        '<p><img src="data:image/png;base64,iVBORw0KGgo=" alt="Biểu đồ &lt;1&gt;" title="Tiêu đề" /></p>\n'
    )


def test_any_other_image_is_shown_as_its_escaped_description_never_fetched():
    from egov_report.core.builder import markdown_to_html

    assert str(markdown_to_html("![Ảnh ngoài <b>](https://example.com/a.png)")) == (
        '<p><span class="image-refused">Ảnh ngoài &lt;b&gt;</span></p>\n'
    )
    assert str(markdown_to_html("![Ảnh svg](data:image/svg+xml;base64,PHN2Zz4=)")) == (
        '<p><span class="image-refused">Ảnh svg</span></p>\n'
    )


# -- a figure stated by a sentence function (mark), and a chart (figure) ------------------------------


class _OneTemplate(ReportBuilder):
    """A builder with one template of its own: ``{{ text }}``, autoescaped as every template is."""

    def __init__(self, folder, *args, **kwargs):
        (folder / "t.html.j2").write_text("{{ text }}", encoding="utf-8")
        self.template_folders = (folder,)
        super().__init__(*args, **kwargs)


def test_a_marked_figure_is_escaped_with_its_sentence_then_becomes_the_same_span(tmp_path):
    from egov_report.core.builder import plain_text

    builder = _OneTemplate(tmp_path, {"meta": {"data_status": "published"}})
    sentence = f"Điểm trung bình <cao> là {builder.mark('tiers.x.current.mean', '71,44')}."
    assert plain_text(sentence) == "Điểm trung bình <cao> là 71,44."
    assert builder.render("t.html.j2", text=sentence) == (
        "Điểm trung bình &lt;cao&gt; là " + _span("tiers.x.current.mean", "real", "71,44") + "."
    )


def test_a_marked_figure_that_departs_is_led_by_the_published_value(tmp_path):
    published = _published("tiers.x.current.mean", "71,5", 71.5, 71.44)
    real = _OneTemplate(tmp_path, {"meta": {"data_status": "published"}}, published=[published])
    assert real.render("t.html.j2", text=real.mark("tiers.x.current.mean", "71,44")) == _span(
        "tiers.x.current.mean", "published", "71,5 (theo số liệu công bố; tính được: 71,44)"
    )
    sample = _OneTemplate(tmp_path, {"meta": {"data_status": "reconstructed"}}, published=[published])
    assert sample.render("t.html.j2", text=sample.mark("tiers.x.current.mean", "71,44")) == _span(
        "tiers.x.current.mean", "published", "71,5 (theo số liệu công bố, xem Phụ lục)"
    )
    count = _published("tiers.x.current.n", "mười hai", 12, 13)
    counted = _OneTemplate(tmp_path, {"meta": {"data_status": "published"}}, published=[count])
    assert counted.render(
        "t.html.j2", text=counted.mark("tiers.x.current.n", "13 đơn vị", lambda v: f"{v} đơn vị")
    ) == (_span("tiers.x.current.n", "published", "12\u00a0đơn vị (theo số liệu công bố; tính được: 13\u00a0đơn vị)"))
    # (a number and its unit never part at a line end: render binds them)


def test_charts_are_numbered_in_order_with_the_caption_escaped_and_the_province_kept_on_one_line():
    builder = ReportBuilder({"meta": {"data_status": "published", "province_name": "Quảng Ninh"}})
    first = str(builder.figure("bands", "Số đơn vị <theo mức> của tỉnh Quảng Ninh", "<svg>1</svg>", note="Nguồn: Sở"))
    second = str(builder.figure("means", "Điểm trung bình", "<svg>2</svg>"))
    assert first == (
        '<figure class="chart" id="figure-bands">\n<div class="chart-body"><svg>1</svg></div>\n'
        "<figcaption>Hình 1. Số đơn vị &lt;theo mức&gt; của tỉnh Quảng\u00a0Ninh</figcaption>\n"
        '<p class="note">Nguồn: Sở</p>\n</figure>'
    )
    assert second == (
        '<figure class="chart" id="figure-means">\n<div class="chart-body"><svg>2</svg></div>\n'
        "<figcaption>Hình 2. Điểm trung bình</figcaption>\n\n</figure>"
    )
    assert str(builder.figure("bands", "Số đơn vị", "<svg/>")).count("Hình 1.") == 1  # a key keeps its number


# -- tables (ReportBuilder.table) ------------------------------------------------------------------


def _table(builder: ReportBuilder, **kwargs) -> str:
    columns = [
        {"label": "Đơn vị <1>"},
        {"label": "Tổng điểm (/100)", "align": "right", "score": True},
        {"label": "Ghi chú", "when_empty": "không đơn vị nào có ghi chú."},
        {"label": "Hạng", "align": "right"},
    ]
    rows = [["Xã A & B", "71,44", "—", "1"], {"css": "subject", "cells": ["Xã C", "65,00", "—", "—"]}, {"gap": "…"}]
    return str(builder.table("units", "Điểm của tỉnh Quảng Ninh", columns, rows, note="Nguồn: Sở <TT&TT>", **kwargs))


def test_a_table_escapes_its_cells_keeps_its_maximum_on_one_line_and_drops_an_empty_column():
    html = _table(ReportBuilder({"meta": {"data_status": "published", "province_name": "Quảng Ninh"}}), css="compact")
    assert html.startswith(
        '<figure class="table short compact" id="table-units">\n'
        "<figcaption>Bảng 1. Điểm của tỉnh Quảng\u00a0Ninh</figcaption>\n"
    )
    assert (
        '<thead><tr><th class="left" style="text-align: left">Đơn vị &lt;1&gt;</th>'
        '<th class="right" style="text-align: right">Tổng điểm <span class="nowrap">(/100)</span></th>'
        '<th class="right" style="text-align: right">Hạng</th></tr></thead>'
    ) in html
    assert (
        '<tr><td class="left" style="text-align: left">Xã A &amp; B</td>'
        '<td class="right score" style="text-align: right">71,44</td>'
        '<td class="right" style="text-align: right">1</td></tr>'
    ) in html
    assert '<tr class="subject"><td class="left" style="text-align: left">Xã C</td>' in html
    assert '<tr class="gap"><td colspan="3"' in html  # the row across every column spans the columns kept
    assert (
        '<p class="note">Nguồn: Sở &lt;TT&amp;TT&gt; Bảng không có cột “Ghi chú”: không đơn vị nào có ghi chú.</p>'
    ) in html


def test_two_empty_columns_without_a_reason_are_said_once_and_a_column_with_a_value_stays():
    builder = ReportBuilder({"meta": {"data_status": "published"}})
    columns = [{"label": "Đơn vị"}, {"label": "A"}, {"label": "B"}, {"label": "C", "note": "C: theo công bố."}]
    html = str(builder.table("t", "Bảng thử", columns, [["X", "—", "—", "5"]]))
    assert html.count("<th ") == 2  # "Đơn vị" and "C" kept
    assert '<p class="note">C: theo công bố. Bảng không có cột “A” và “B”: các cột này không có số liệu.</p>' in html
    one = str(builder.table("u", "Bảng thử", columns[:2], [["X", "—"]]))
    assert '<p class="note">Bảng không có cột “A”: cột này không có số liệu.</p>' in one
    assert "Bảng 2." in one  # numbered after the first


def test_a_long_table_is_not_marked_short():
    builder = ReportBuilder({"meta": {"data_status": "published"}})
    html = str(builder.table("long", "Bảng dài", [{"label": "Đơn vị"}], [[f"Xã {i}"] for i in range(16)]))
    assert html.startswith('<figure class="table" id="table-long">')


def test_on_sample_data_a_departing_published_count_stands_alone_as_the_sentence_counts(tmp_path):
    # the number of ranked units rests on the sample scores (unlike the number of units, a registry figure)
    count = _published("tiers.x.current.ranked", "mười hai", 12, 13)
    builder = _builder("reconstructed", count)
    assert str(builder.fig("tiers.x.current.ranked", 13, lambda v: f"{v}", " đơn vị")) == _span(
        "tiers.x.current.ranked", "published", "12 đơn vị (theo số liệu công bố, xem Phụ lục)"
    )
    marked = _OneTemplate(tmp_path, {"meta": {"data_status": "reconstructed"}}, published=[count])
    assert marked.render(
        "t.html.j2", text=marked.mark("tiers.x.current.ranked", "13 đơn vị", lambda v: f"{v} đơn vị")
    ) == (_span("tiers.x.current.ranked", "published", "12\u00a0đơn vị (theo số liệu công bố, xem Phụ lục)"))


def test_a_table_of_fifteen_rows_is_short_and_kept_on_one_page():
    builder = ReportBuilder({"meta": {"data_status": "published"}})
    html = str(builder.table("fifteen", "Bảng", [{"label": "Đơn vị"}], [[f"Xã {i}"] for i in range(15)]))
    assert html.startswith('<figure class="table short" id="table-fifteen">')


# -- sections and annexes numbered in report order, whatever the analyst's findings hold -----------------


class _Kind(ReportBuilder):
    def section_order(self):
        return ("scope", "results")

    def annex_order(self):
        return ("rankings",)


FINDINGS = "### Kết quả đạt được\n\nA.\n\n### Kiến nghị\n\nB.\n"


@pytest.mark.parametrize(
    "findings, legal, sections",
    [
        (None, (), {"summary": 1, "scope": 2, "results": 3}),
        (FINDINGS, (), {"summary": 1, "scope": 2, "results": 3, "findings": 4, "recommendations": 5}),
        (
            "Một đoạn nhận xét.",
            ("Quyết định số 1",),
            {"summary": 1, "legal": 2, "scope": 3, "results": 4, "findings": 5},
        ),
        ("### Kiến nghị\n\nB.\n", (), {"summary": 1, "scope": 2, "results": 3, "recommendations": 4}),
    ],
    ids=["nothing", "assessment-and-recommendations", "text-without-heading-and-legal-basis", "recommendations-only"],
)
def test_sections_are_numbered_for_the_parts_the_report_has(findings, legal, sections):
    from egov_report.core.document import Document

    builder = _Kind({"meta": {"data_status": "published"}}, document=Document(findings=findings, legal_basis=legal))
    assert len(builder.sections) == len(sections)  # no number given to a part the report lacks
    assert {key: builder.section_number(key) for key in sections} == sections


def test_the_reconciliation_annex_comes_after_the_kind_s_annexes_when_figures_are_published():
    plain = _Kind({"meta": {"data_status": "published"}})
    assert (plain.annex_ref("rankings"), len(plain.annexes)) == ("Phụ lục", 1)  # a single annex: no number
    published = _Kind({"meta": {"data_status": "published"}}, published=[_published("x", "1", 1, 1)])
    assert [published.annex_ref(key) for key in ("reconciliation", "rankings")] == ["Phụ lục II", "Phụ lục I"]


def test_the_checks_given_are_the_ones_the_method_states():
    checks = {"evaluated": 40, "passed": 40, "rows": 230, "warnings": 0}
    builder = ReportBuilder({"meta": {"data_status": "published"}}, checks=checks)
    assert " ".join(str(builder.validation_sentence()).split()) == (
        "Trước khi tổng hợp, số liệu đầu vào được kiểm tra tự động bằng 40 phép kiểm tra trên 230 dòng số liệu; "
        "không có phép kiểm tra nào không đạt."
    )
