"""Report text, tables and charts from the figure record: escaping, numbering, wording, SVG."""

import html
import re

import pytest
from markupsafe import escape

from egov_report.core.builder import Numbering, absent_parts, markdown_to_html, plain_text
from egov_report.core.document import Document
from egov_report.kinds.tiered_scores import charts
from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder as ReportBuilder
from support.helpers import PROVINCE, YEAR, copy_province, read_csv_rows, write_csv_rows

HOSTILE = '<script>alert("x")</script> & <b>Sở</b>'


def as_real(record: dict) -> dict:
    """The record as if its unit scores were official: the wording a province with real data gets
    (on the shipped sample data the body states only published figures: tests/render/test_signable.py)."""
    return {**record, "meta": {**record["meta"], "data_status": "published"}}


@pytest.fixture(scope="module")
def record():
    return as_real(analyse(load_evaluation(PROVINCE, YEAR)))


@pytest.fixture(scope="module")
def evaluation():
    return load_evaluation(PROVINCE, YEAR)


def _tier(record, code):
    return next(t for t in record["tiers"] if t["code"] == code)


def _visible_text(page: str) -> str:
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    page = re.sub(r"</?span\b[^>]*>", "", page)  # a figure's mark is inline: no space where it ends
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# -- escaping ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_builder(tmp_path_factory):
    """A report of a copy whose best department is named with markup."""
    data_dir = copy_province(tmp_path_factory.mktemp("hostile"))
    clean = analyse(load_evaluation(PROVINCE, YEAR))
    best = _tier(clean, "departments")["ranking"][0]["code"]
    units = data_dir / PROVINCE / "units.csv"
    rows = read_csv_rows(units)
    for row in rows:
        if row[0] == best:
            row[1] = HOSTILE
    write_csv_rows(units, rows)
    return ReportBuilder(as_real(analyse(load_evaluation(PROVINCE, YEAR, data_dir=data_dir))))


def test_unit_name_is_escaped_in_tier_results(hostile_builder):
    page = hostile_builder.tier_results("departments").data
    assert "<script>" not in page and "<b>Sở</b>" not in page
    text = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    assert str(escape(HOSTILE)) in text  # in the text (Dẫn đầu là ...), escaped as Jinja does
    assert HOSTILE in _visible_text(page)  # and it reads as the name, not as markup


def test_unit_name_is_escaped_in_the_chart(hostile_builder):
    svg = charts.ranking(_tier(hostile_builder.record, "departments"))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_unit_name_is_escaped_in_the_annex(hostile_builder):
    page = hostile_builder.annex_rankings().data
    assert "<script>" not in page
    assert page.count(str(escape(HOSTILE))) == 1  # one ranking row names it


def test_findings_markdown_with_raw_html_is_escaped():
    markdown = "### Kết quả\n\n<script>alert(1)</script>\n\n- **đậm** và <img src=x onerror=alert(1)>\n"
    body = str(markdown_to_html(markdown))
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;" in body and "&lt;img" in body
    assert "<strong>đậm</strong>" in body  # Markdown itself is rendered
    assert "<h3>Kết quả</h3>" in body


def test_findings_section(record, evaluation):
    builder = ReportBuilder(record)
    page = builder.findings("Nhận định <em>thô</em>\n").data
    assert "<em>thô</em>" not in page and "&lt;em&gt;thô&lt;/em&gt;" in page
    shipped = builder.findings(evaluation.findings_markdown).data
    # findings.md's headings become the parts of the assessment and the recommendations
    assert "Kết quả đạt được</h3>" in shipped and "Tồn tại, hạn chế</h3>" in shipped
    assert "Kiến nghị, đề xuất</h2>" in shipped
    first_point = re.search(r"^- (.+)$", evaluation.findings_markdown, flags=re.M).group(1)
    assert html.escape(first_point, quote=False) in shipped
    # a part the analyst did not write is left out, never a sentence saying it is missing; the
    # technical record lists it
    partial = builder.findings("### Kiến nghị\n\n1. Một kiến nghị.\n").data
    assert "Một kiến nghị." in partial and "Đánh giá chung" not in partial and "chưa có" not in partial
    assert _visible_text(builder.findings(None).data) == ""
    assert absent_parts(Document(findings="### Kiến nghị\n\n1. Một kiến nghị.\n", legal_basis=("x",))) == [
        "kết quả đạt được",
        "tồn tại, hạn chế",
        "nguyên nhân chủ quan",
        "nguyên nhân khách quan",
    ]


# -- numbering -------------------------------------------------------------------------------


def test_numbering_is_in_order_of_first_use_and_stable():
    numbering = Numbering()
    assert [numbering("table", k) for k in ("a", "b", "a", "c", "b")] == [1, 2, 1, 3, 2]
    assert numbering("figure", "a") == 1  # each kind counts on its own
    assert numbering("figure", "z") == 2
    assert numbering("table", "c") == 3


def test_re_rendering_a_section_keeps_its_numbers(record):
    builder = ReportBuilder(record)
    first = builder.tier_results("departments").data
    builder.tier_results("districts")
    again = builder.tier_results("departments").data
    assert first == again
    numbers = re.findall(r"(Bảng|Hình) (\d+)\.", first)
    assert numbers  # the section has numbered tables and figures
    assert builder.section_number("tier-departments") == builder.section_number("tier-departments")


def test_tables_are_numbered_in_order_in_the_page(record):
    builder = ReportBuilder(record)
    builder.criteria_table()
    builder.bands_table()
    page = builder.tier_results("communes").data
    captions = [int(n) for n in re.findall(r"<figcaption>Bảng (\d+)\.", page)]
    assert captions == list(range(3, 3 + len(captions)))


# -- wording ---------------------------------------------------------------------------------


def test_band_words_omits_empty_bands(record):
    builder = ReportBuilder(record)
    bands = _tier(record, "departments")["current"]["bands"]
    empty = [b for b in bands if b["count"] == 0]
    present = [b for b in bands if b["count"]]
    assert empty and present  # the shipped departments have both
    text = builder.band_words(bands)
    # seed 000 counts; shares by hand: 4/30 = 13,3 %, 22/30 = 73,3 %
    assert text == (
        "4 đơn vị đạt mức tốt (13,3%); 22 đơn vị đạt mức khá (73,4%); "
        "4 đơn vị đạt mức trung bình (13,3%); không có đơn vị nào ở mức dưới trung bình"
    )


def test_band_words_without_and_with_several_empty_bands(record):
    builder = ReportBuilder(record)
    labels = [b["label"] for b in record["bands"]]
    full = [
        {"code": str(i), "label": label, "count": i + 1, "share": (i + 1) / 10, "percent": (i + 1) * 10.0}
        for i, label in enumerate(labels)
    ]
    assert "không có" not in builder.band_words(full)
    # a unit "reaches" a band, but is "at" the band below average (the reviewer's wording)
    assert builder.band_words(full).count("đơn vị đạt mức") == len(labels) - 1
    assert "4 đơn vị ở mức dưới trung bình (40,0%)" in builder.band_words(full)
    two_empty = [dict(b, count=0 if i >= len(full) - 2 else b["count"]) for i, b in enumerate(full)]
    text = builder.band_words(two_empty)
    assert text.endswith(f"không có đơn vị nào ở mức {labels[-2]} và {labels[-1]}")
    assert text.count("đơn vị đạt mức") == len(labels) - 2  # the two below are empty


def test_join_words():
    assert ReportBuilder.join_words(["a"]) == "a"
    assert ReportBuilder.join_words(["a", "b"]) == "a và b"
    assert ReportBuilder.join_words(["a", "b", "c"]) == "a, b và c"


def test_ties_are_called_ties(record):
    # two units sharing the first place "cùng dẫn đầu": no unit is said to be first alone
    tier = _tier(record, "departments")
    first = tier["ranking"][0]
    twin = dict(first, code="X", label="Sở Thử nghiệm")
    tied = dict(
        tier,
        ranking=[first, twin] + [dict(e, rank=e["rank"] + 1) for e in tier["ranking"][1:]],
        top=[first, twin, dict(tier["ranking"][1], rank=3)],
    )
    text = plain_text(ReportBuilder(record).leaders_sentence(tied))
    assert text.startswith(
        "Trung tâm Phục vụ hành chính công và Sở Thử nghiệm cùng dẫn đầu (92,00/100 điểm); "
        "xếp thứ ba là Sở Thông tin và Truyền thông (91,00 điểm)."
    )
    assert "Dẫn đầu là" not in text


@pytest.mark.parametrize("code", ["departments", "districts"])
def test_tier_text_has_no_nan(record, code):
    text = _visible_text(ReportBuilder(record).tier_results(code).data)
    assert not re.search(r"\bnan\b", text, flags=re.I)


def test_tier_text_states_mean_and_leader(record):
    text = _visible_text(ReportBuilder(record).tier_results("communes").data)
    assert "186 đơn vị cấp xã đạt điểm trung bình 59,00/100 điểm" in text  # seed 000
    assert "Dẫn đầu là phường Nam Khê (thành phố Uông Bí) với 87,22/100 điểm" in text  # seed 000


# -- charts ----------------------------------------------------------------------------------


def _svg_ok(svg: str):
    assert svg.startswith("<svg")
    assert "<?xml" not in svg and "<!DOCTYPE" not in svg
    assert svg.rstrip().endswith("</svg>")


def _named(label: str, svg: str) -> bool:
    """The label is on the chart: whole, on two lines (a long one), or as its first and last words around "…"."""
    if html.escape(label, quote=False) in svg:
        return True
    texts = [html.unescape(t).strip() for t in re.findall(r">([^<>]+)</text>", svg)]
    if any(" ".join((a, b)).endswith(label) or " ".join((a, b)) == label for a, b in zip(texts, texts[1:])):
        return True
    for text in re.findall(r">([^<>]* … [^<>]*)</text>", svg):
        head, tail = (html.unescape(part) for part in text.split(" … "))
        if len(label) > 48 and label.startswith(head) and label.endswith(tail):
            return True
    return False


def test_ranking_chart_names_every_unit(record):
    tier = _tier(record, "departments")
    assert len(tier["ranking"]) <= charts.LABELLED_BARS
    svg = charts.ranking(tier)
    _svg_ok(svg)
    for entry in tier["ranking"]:
        assert _named(f"{entry['rank']}. {entry['name']}", svg), entry["name"]


def test_ranking_chart_of_a_long_tier_names_no_unit(record):
    tier = _tier(record, "communes")
    assert len(tier["ranking"]) > charts.LABELLED_BARS
    svg = charts.ranking(tier)
    _svg_ok(svg)
    assert tier["ranking"][0]["name"] not in svg
    assert f"{len(tier['ranking'])} đơn vị" in svg


def test_parent_and_comparison_charts(record):
    communes = _tier(record, "communes")
    svg = charts.parent_means(communes)
    _svg_ok(svg)
    for parent in communes["by_parent"]:
        assert _named(parent["name"], svg), parent["name"]
    departments = _tier(record, "departments")
    svg = charts.year_comparison(departments, record["meta"]["year"], record["meta"]["previous_year"])
    _svg_ok(svg)
    for entry in departments["ranking"]:
        assert _named(entry["name"], svg), entry["name"]


def test_band_and_group_charts(record):
    svg = charts.band_distribution(record["tiers"], record["meta"]["year"], record["meta"]["previous_year"])
    _svg_ok(svg)
    for tier in record["tiers"]:
        assert html.escape(f"{tier['label'].capitalize()} {record['meta']['year']}", quote=False) in svg
    for band in record["bands"]:
        assert band["label"].capitalize() in svg
    svg = charts.group_breakdown(record["tiers"])
    _svg_ok(svg)


def test_charts_are_deterministic(record):
    tier = _tier(record, "districts")
    assert charts.ranking(tier) == charts.ranking(tier)
