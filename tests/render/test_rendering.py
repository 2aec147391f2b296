"""From notebook to page: what the reader sees, the table of contents, the publishability check."""

import re
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import (
    new_code_cell,
    new_markdown_cell,
    new_notebook,
    new_output,
    new_raw_cell,
)

from egov_report.render.completeness import looks_complete
from egov_report.render.contents import TOC_MARKER, add_table_of_contents, toc_halves
from egov_report.render.view import REPORT_OUTPUT_TYPES, report_view


def _html_output(text, kind="display_data"):
    if kind == "execute_result":
        return new_output("execute_result", data={"text/html": text, "text/plain": "<HTML>"}, execution_count=1)
    return new_output("display_data", data={"text/html": text, "text/plain": "<HTML>"})


@pytest.fixture
def notebook():
    cells = [
        new_markdown_cell("# Ghi chú cho người phân tích"),
        new_raw_cell("raw"),
        new_code_cell("province = 'quangninh'", metadata={"tags": ["parameters"]}),
        new_code_cell(
            "province = 'quangninh'\nyear = 2019",
            metadata={"tags": ["injected-parameters"]},
            outputs=[_html_output("<p>INJECTED</p>")],
        ),
        new_code_cell("import egov_report"),  # code only, no output
        new_code_cell("print('log')", outputs=[new_output("stream", name="stdout", text="STREAM-STDOUT\n")]),
        new_code_cell("warn()", outputs=[new_output("stream", name="stderr", text="STREAM-WARNING\n")]),
        new_code_cell(
            "1/0",
            outputs=[
                new_output(
                    "error",
                    ename="ZeroDivisionError",
                    evalue="division by zero",
                    traceback=["Traceback (most recent call last)", "ERROR-OUTPUT"],
                )
            ],
        ),
        new_code_cell("builder.title()", outputs=[_html_output("<h1>TITLE</h1>", "execute_result")]),
        new_code_cell(
            "display(x)",
            outputs=[
                new_output("stream", name="stderr", text="MIXED-STREAM\n"),
                _html_output("<p>KEPT</p>"),
                new_output("display_data", data={"text/plain": "PLAIN-ONLY"}),
                new_output("display_data", data={"image/png": "iVBORw0KGgo="}),
            ],
        ),
        new_code_cell("secret()", metadata={"tags": ["remove-output"]}, outputs=[_html_output("<p>REMOVED</p>")]),
        new_code_cell("x", outputs=[new_output("display_data", data={"text/plain": "ONLY-PLAIN"})]),
    ]
    return new_notebook(cells=cells)


def _all_text(node) -> str:
    return nbformat.writes(node)


def test_report_view_keeps_only_html_outputs(notebook):
    view = report_view(notebook)
    text = _all_text(view)
    assert [c.cell_type for c in view.cells] == ["code", "code"]
    assert "TITLE" in text and "KEPT" in text
    for dropped in (
        "Ghi chú",
        "INJECTED",
        "STREAM-STDOUT",
        "STREAM-WARNING",
        "ERROR-OUTPUT",
        "MIXED-STREAM",
        "PLAIN-ONLY",
        "ONLY-PLAIN",
        "REMOVED",
        "iVBORw0KGgo=",
    ):
        assert dropped not in text, dropped
    for cell in view.cells:
        for output in cell.outputs:
            assert output.output_type in REPORT_OUTPUT_TYPES
            assert "text/html" in output.data


def test_report_view_does_not_change_the_notebook(notebook):
    before = nbformat.writes(notebook)
    report_view(notebook)
    assert nbformat.writes(notebook) == before


def test_report_view_of_a_notebook_without_outputs():
    view = report_view(new_notebook(cells=[new_code_cell("x = 1"), new_markdown_cell("text")]))
    assert view.cells == []


class _Tree(HTMLParser):
    """The TOC as nested lists: [(text, href, [children...]), ...]; fails on unbalanced tags."""

    def __init__(self):
        super().__init__()
        self.root: list = []
        self.stack = [self.root]
        self.open_tags: list[str] = []
        self.href = None
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.open_tags.append(tag)
        if tag == "li":
            item = ["", None, []]
            self.stack[-1].append(item)
            self.stack.append(item)
        elif tag == "ol" and len(self.stack) > 1:
            self.stack.append(self.stack[-1][2])
        elif tag == "a":
            self.stack[-1][1] = dict(attrs)["href"]

    def handle_data(self, data):
        if self.open_tags and self.open_tags[-1] == "a":
            self.stack[-1][0] += data

    def handle_endtag(self, tag):
        assert self.open_tags and self.open_tags[-1] == tag, (tag, self.open_tags)
        self.open_tags.pop()
        if tag == "li" or (tag == "ol" and len(self.stack) > 1):
            self.stack.pop()


def _toc(page: str):
    start = page.index('<nav class="toc">') + len('<nav class="toc">')
    end = page.index("</nav>")
    tree = _Tree()
    tree.feed(page[start:end])
    tree.close()
    assert tree.open_tags == []  # every tag of the TOC is closed
    return tree.root


def _page(body: str) -> str:
    return (
        f'<html><body><nav class="toc"><h2 class="toc-title" id="toc">Mục lục</h2>{TOC_MARKER}</nav>'
        f"{body}</body></html>"
    )


def test_table_of_contents_nests_h3_under_h2():
    body = (
        '<h2 id="sec-1">1. Phạm vi</h2><p>x</p>'
        '<h3 id="sec-1-a">1.1. Đơn vị</h3><h3 id="sec-1-b">1.2. Phương pháp &amp; nguồn</h3>'
        '<h2 id="sec-2">2. Kết quả <em>chung</em></h2>'
        '<h2 id="sec-3">3. Khối xã</h2><h3 id="sec-3-a">3.1. Điểm</h3>'
        "<h2>Không có id</h2><h3>Cũng không</h3>"
    )
    page = add_table_of_contents(_page(body))
    assert TOC_MARKER not in page
    tree = _toc(page)
    flat = [(text, href, [(t, h) for t, h, _ in children]) for text, href, children in tree]
    assert flat == [
        ("1. Phạm vi", "#sec-1", [("1.1. Đơn vị", "#sec-1-a"), ("1.2. Phương pháp & nguồn", "#sec-1-b")]),
        ("2. Kết quả chung", "#sec-2", []),
        ("3. Khối xã", "#sec-3", [("3.1. Điểm", "#sec-3-a")]),
    ]
    assert "Mục lục" not in str(tree)  # the TOC's own title is not an entry


def test_table_of_contents_in_two_halves_of_whole_entries():
    # 10 lines in entries of 1, 2, 1, 3, 1, 2 lines: the first three make 4 lines, four would make 7;
    # 4 is nearer half (5) than 7, and an h2 keeps its h3s
    body = (
        '<h2 id="a">A</h2><h2 id="b">B</h2><h3 id="b1">B1</h3><h2 id="c">C</h2>'
        '<h2 id="d">D</h2><h3 id="d1">D1</h3><h3 id="d2">D2</h3><h2 id="e">E</h2><h2 id="f">F</h2><h3 id="f1">F1</h3>'
    )
    page = add_table_of_contents(_page(body))
    halves = re.findall(r'<div class="toc-columns">(<ol>.*</ol>)</div>', page)[0].split("</ol><ol>", 1)
    first = re.findall(r'href="#(\w+)"', halves[0])
    assert first == ["a", "b", "b1", "c"]
    assert re.findall(r'href="#(\w+)"', halves[1]) == ["d", "d1", "d2", "e", "f", "f1"]
    assert [t for t, _, _ in _toc(page)] == list("ABCDEF")  # read in order, nothing lost or doubled


def test_toc_halves_balance_lines_and_give_the_first_column_a_tie():
    assert toc_halves([[1], [2], [3], [4]]) == [[[1], [2]], [[3], [4]]]
    assert toc_halves([[1], [2], [3]]) == [[[1], [2]], [[3]]]
    assert toc_halves([[1, 1, 1, 1], [2], [3]]) == [[[1, 1, 1, 1]], [[2], [3]]]
    assert toc_halves([[1]]) == [[[1]]]  # one entry: one list


def test_table_of_contents_escapes_heading_text():
    page = add_table_of_contents(_page('<h2 id="a">A &lt;b&gt; &amp; B</h2>'))
    tree = _toc(page)
    assert tree == [["A <b> & B", "#a", []]]
    assert "<b>" not in page.split("</nav>")[0]


def test_table_of_contents_reads_a_broken_heading_as_one_line():
    # an annex heading is "Phụ lục I" and its title on two lines; the contents list gives them one
    page = add_table_of_contents(_page('<h2 id="annex-r">Phụ lục I <br><span>BẢNG XẾP HẠNG ĐẦY ĐỦ</span></h2>'))
    assert _toc(page) == [["Phụ lục I. BẢNG XẾP HẠNG ĐẦY ĐỦ", "#annex-r", []]]


def test_table_of_contents_only_where_the_marker_is():
    page = '<html><h2 id="a">A</h2></html>'
    assert add_table_of_contents(page) == page


def test_table_of_contents_without_headings_is_well_formed():
    page = add_table_of_contents(_page("<p>chưa có mục nào</p>"))
    assert _toc(page) == []


def test_looks_complete_accepts_a_finished_page():
    page = add_table_of_contents(_page('<h2 id="a">A</h2><pre>bảng</pre>'))
    assert looks_complete(page) == []


def test_looks_complete_flags_a_traceback():
    traceback = 'Traceback (most recent call last):\n  File "x.py"\nValueError: bad'
    page = add_table_of_contents(_page(f'<h2 id="a">A</h2><div>{traceback}</div>'))
    reasons = looks_complete(page)
    assert len(reasons) == 1 and "lỗi" in reasons[0]
    page = add_table_of_contents(_page("<h2 id=\"a\">A</h2><pre>KeyError: 'x'</pre>"))
    assert len(looks_complete(page)) == 1


def test_looks_complete_flags_a_truncated_page_and_a_missing_toc():
    truncated = add_table_of_contents(_page('<h2 id="a">A</h2>')).replace("</html>", "")
    assert len(looks_complete(truncated)) == 1
    no_toc = _page('<h2 id="a">A</h2>')  # the marker was never replaced
    assert len(looks_complete(no_toc)) == 1
    assert len(looks_complete(f"<p>Traceback (most recent call last)</p>{TOC_MARKER}")) == 3


# -- HTML and PDF made side by side --------------------------------------------------------------


def _report_like_notebook():
    """A notebook whose outputs carry what a report's do: headings for the contents, a table, an image
    without alt text, a no-break space, an apostrophe."""
    page = (
        '<section><h1>Báo cáo</h1><!-- TOC --><h2 id="a">1. Phần một</h2><p>73,83\xa0điểm; Xã Nâm N\'Đir</p>'
        '<table><tr><th class="left" style="text-align: left">Đơn vị</th><td class="right">1.537</td></tr></table>'
        '<h3 id="b">1.1. Mục</h3><img src="data:image/png;base64,iVBORw0KGgo="><br></section>'
    )
    return new_notebook(cells=[new_code_cell("builder.title()", outputs=[_html_output(page, "execute_result")])])


def test_the_two_halves_make_what_nbconvert_makes():
    """template_html then nbconvert_pass is HTMLExporter.from_notebook_node (checked against nbconvert itself,
    so an nbconvert that changes its last pass fails here)."""
    from nbconvert import HTMLExporter

    from egov_report.paths import TEMPLATES_DIR
    from egov_report.render.page import nbconvert_pass, template_html
    from support.exports import notebook_to_html

    notebook = _report_like_notebook()
    exporter = HTMLExporter(
        template_name="egov",
        extra_template_basedirs=[str(TEMPLATES_DIR / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    resources = {"report_css": (TEMPLATES_DIR / "base" / "report.css").read_text(encoding="utf-8"), "report_title": "T"}
    whole, _ = exporter.from_notebook_node(report_view(notebook), resources=resources)
    assert nbconvert_pass(template_html(notebook, "T")) == whole
    assert notebook_to_html(notebook, "T") == add_table_of_contents(whole)
    assert 'alt="No description has been provided for this image"' in whole


def test_the_pdf_made_in_its_own_process_is_a_pdf(tmp_path):
    from egov_report.render.pdf_process import PdfJob

    job = PdfJob("<html><body><h1>Báo cáo</h1><p>Một đoạn văn.</p></body></html>", tmp_path / "report.pdf")
    job.wait()
    assert (tmp_path / "report.pdf").read_bytes()[:5] == b"%PDF-"


def test_a_pdf_refused_in_its_own_process_fails_the_render_with_the_same_message(tmp_path):
    from egov_report.errors import ReportError
    from egov_report.render.pdf_process import PdfJob

    job = PdfJob('<html><body><img src="https://example.invalid/a.png"></body></html>', tmp_path / "report.pdf")
    with pytest.raises(ReportError, match="tham chiếu tài nguyên ngoài.*example.invalid"):
        job.wait()


def test_a_pdf_process_that_dies_fails_the_render(tmp_path, monkeypatch):
    import os

    from egov_report.errors import ReportError
    from egov_report.render import pdf_process

    monkeypatch.setattr(pdf_process, "html_to_pdf", lambda html, target: os._exit(9))  # as if killed, saying nothing
    job = pdf_process.PdfJob("<html><body><p>x</p></body></html>", tmp_path / "report.pdf")
    with pytest.raises(ReportError, match="mã 9"):
        job.wait()


_CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200pt" '
    'height="100pt" viewBox="0 0 200 100"><defs><clipPath id="c1"><rect width="150" height="100"/></clipPath>'
    '</defs><rect width="200" height="100" fill="#1a6b3f" clip-path="url(#c1)"/>'
    '<text x="10" y="50" style="font-family: \'DejaVu Sans\'; font-size: 12px">Sở Tài chính 92,00</text></svg>'
)


def test_the_pdf_draws_each_chart_as_an_image_of_its_svg(tmp_path):
    import base64

    from egov_report.render.pdf import charts_as_images, html_to_pdf

    page = f'<html><body><div class="chart-body">{_CHART}</div><p>Sau biểu đồ</p><div class="chart-body">{_CHART}</div></body></html>'
    printed, charts = charts_as_images(page)
    assert "<svg" not in printed and printed.count('<img class="svg-chart"') == 2 and len(charts) == 1
    assert base64.b64decode(next(iter(charts)).split(",", 1)[1]).decode("utf-8") == _CHART  # the very drawing
    html_to_pdf(page, tmp_path / "report.pdf")
    from pypdf import PdfReader

    text = PdfReader(tmp_path / "report.pdf").pages[0].extract_text()
    assert text.count("Sở Tài chính 92,00") == 2  # still text, drawn twice


def test_only_the_reports_own_charts_pass_as_svg_and_what_they_refer_to_is_refused(tmp_path):
    import base64

    from egov_report.errors import ReportError
    from egov_report.render.pdf import html_to_pdf

    other = "data:image/svg+xml;base64," + base64.b64encode(_CHART.encode()).decode()
    with pytest.raises(ReportError, match="tham chiếu tài nguyên ngoài.*data:image/svg"):
        html_to_pdf(f'<html><body><img src="{other}"></body></html>', tmp_path / "a.pdf")
    reaching = _CHART.replace(
        "</svg>", '<image xlink:href="https://example.invalid/x.png" width="10" height="10"/></svg>'
    )
    with pytest.raises(ReportError, match="example.invalid"):
        html_to_pdf(f'<html><body><div class="chart-body">{reaching}</div></body></html>', tmp_path / "b.pdf")
