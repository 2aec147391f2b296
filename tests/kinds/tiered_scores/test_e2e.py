"""End to end: the flagship report states the published figures of seed 000.

The expected values below are the figures published for Quảng Ninh 2019 (seed 000 and
shared/reference/README.md, readings documented in docs/decisions.md): they are the
specification the reconstructed data must reproduce through the real pipeline.
"""

import hashlib
import html
import json
import re
import unicodedata

import nbformat
import pytest

from egov_report.core.records import read_json
from egov_report.errors import ValidationFailed
from egov_report.render.pipeline import render
from support.flagship_sentences import PUBLISHED_SENTENCES, SAMPLE_ANNEX_SENTENCES
from support.helpers import vn_number, vn_score

pytestmark = pytest.mark.e2e


def _strict(constant):
    raise ValueError(f"figures.json is not strict JSON: {constant}")


def _figures(flagship):
    path = flagship / "figures.json"
    json.loads(path.read_text(encoding="utf-8"), parse_constant=_strict)
    return read_json(path)


def _tier(record, code):
    return next(t for t in record["tiers"] if t["code"] == code)


def _text(flagship, name: str = "report.html") -> str:
    """The report's visible text (no tags, no SVG, no CSS), whitespace folded."""
    page = (flagship / name).read_text(encoding="utf-8")
    page = re.sub(r"<style.*?</style>|<svg.*?</svg>", "", page, flags=re.S)
    page = re.sub(r"</?(?:span|strong)\b[^>]*>", "", page)  # inline marks: no space where they end
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_outputs_are_all_there(flagship):
    for name in ("report.ipynb", "report.html", "report.pdf", "figures.json", "validation.json"):
        assert (flagship / name).stat().st_size > 0, name
    executed = nbformat.read(flagship / "report.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and 'province = "quangninh"' in injected[0].source
    assert not any(o.get("output_type") == "error" for c in executed.cells for o in c.get("outputs", []))


def test_departments_figures(flagship):
    tier = _tier(_figures(flagship), "departments")
    assert tier["current"]["n"] == 30
    assert tier["current"]["mean"] == 73.83
    assert round(tier["change"]["mean"]) == 5
    assert [(e["name"], e["total"]) for e in tier["top"]] == [
        ("Trung tâm Phục vụ hành chính công", 92),
        ("Sở Thông tin và Truyền thông", 91),
        ("Sở Tài chính", 89),
    ]
    second_last, last = tier["ranking"][-2], tier["ranking"][-1]
    assert (second_last["rank"], second_last["name"], second_last["total"]) == (
        29,
        "Ban Quản lý Vườn quốc gia Bái Tử Long",
        58,
    )
    assert (last["rank"], last["name"], last["total"], last["previous_total"]) == (30, "Ban An toàn giao thông", 55, 27)
    assert tier["current"]["gap"] == 37 and tier["previous"]["gap"] == 56.7
    assert {e["name"] for e in tier["improvers"][:2]} == {second_last["name"], last["name"]}


def test_districts_figures(flagship):
    tier = _tier(_figures(flagship), "districts")
    assert tier["max"] == 170
    assert round(tier["current"]["mean"]) == 128 and round(tier["previous"]["mean"]) == 121
    assert round(tier["change"]["mean"]) == 7
    assert [(e["name"], e["total"]) for e in tier["top"]] == [
        ("Thành phố Uông Bí", 153.92),
        ("Thị xã Đông Triều", 148.92),
        ("Thành phố Cẩm Phả", 138.43),
    ]
    assert (tier["ranking"][-1]["name"], tier["ranking"][-1]["total"]) == ("Huyện Bình Liêu", 115.95)
    assert round(tier["current"]["gap"]) == 38
    bands = {b["code"]: b["count"] for b in tier["current"]["bands"]}
    assert bands == {"good": 3, "fair": 11, "average": 0, "poor": 0}
    before = {b["code"]: b["count"] for b in tier["previous"]["bands"]}
    assert before == {"good": 2, "fair": 7, "average": 5, "poor": 0}
    assert {e["name"] for e in tier["improvers"]} == {"Huyện Vân Đồn", "Huyện Ba Chẽ", "Huyện Bình Liêu"}


def test_communes_figures(flagship):
    tier = _tier(_figures(flagship), "communes")
    assert tier["current"]["n"] == 186 and round(tier["current"]["mean"]) == 59
    parents = [(p["name"], p["mean"]) for p in tier["by_parent"]]
    assert parents[:3] == [("Thành phố Uông Bí", 83.61), ("Thị xã Quảng Yên", 63.64), ("Thành phố Cẩm Phả", 62.32)]
    assert parents[-1] == ("Thành phố Hạ Long", 50.18)
    assert (tier["top"][0]["name"], tier["top"][0]["total"]) == ("Phường Nam Khê", 87.22)
    bands = {b["code"]: b["count"] for b in tier["current"]["bands"]}
    assert bands == {"good": 9, "fair": 23, "average": 141, "poor": 13}
    assert tier["top_band"] == {"band": "good", "count": 9, "parents": ["Thành phố Uông Bí"], "unit_types": ["phường"]}
    assert tier["previous"]["n"] == 90 and tier["previous"]["coverage"] == "partial"
    assert tier["change"]["bands"] is None  # a pilot year's band counts are not compared
    assert round(tier["change"]["mean_pct"] * 100) == 43


def _body_and_annex(flagship) -> tuple[str, str]:
    text = _text(flagship)
    cut = text.rindex("KẾT QUẢ TỪNG ĐƠN VỊ TÍNH TRÊN DỮ LIỆU MẪU")  # the heading, after the contents list
    return text[:cut], text[cut:]


@pytest.mark.parametrize("sentence", PUBLISHED_SENTENCES, ids=range(len(PUBLISHED_SENTENCES)))
def test_html_states_the_published_figures(flagship, sentence):
    body, _ = _body_and_annex(flagship)
    assert sentence in body


@pytest.mark.parametrize("sentence", SAMPLE_ANNEX_SENTENCES, ids=range(len(SAMPLE_ANNEX_SENTENCES)))
def test_the_annex_of_sample_data_states_the_computed_results(flagship, sentence):
    body, annex = _body_and_annex(flagship)
    assert sentence in annex and sentence not in body


def test_html_states_every_parent_mean_of_the_record(flagship):
    """Every district's commune mean in the record is printed beside its name in the table
    (rank, name, units, mean), the number written by the tests' own formatter."""
    record, text = _figures(flagship), _text(flagship)
    parents = _tier(record, "communes")["by_parent"]
    assert len(parents) == 14
    for parent in parents:
        row = f"{parent['rank']} {parent['name']} {parent['n']} {vn_score(parent['mean'])} "
        assert row in text, row


def test_html_is_a_report_not_a_notebook(flagship):
    page = (flagship / "report.html").read_text(encoding="utf-8")
    text = _text(flagship)
    assert "In [" not in text and "Out[" not in text and "Traceback" not in text
    assert not re.search(r"\b(nan|NaN|None|undefined)\b", text), "a missing value leaked into the text"
    assert "injected" not in page.lower() and "output_dir" not in page
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//|@import|url\(\s*["']?(https?:)?//""", page), (
        "the report must not load anything from the network"
    )
    assert re.search(r'<nav class="toc[^"]*".*?<a href="#sec-scope">', page, re.S)
    tables = [int(n) for n in re.findall(r"<figcaption>Bảng (\d+)\. \S", page)]
    figures = [int(n) for n in re.findall(r"<figcaption>Hình (\d+)\. \S", page)]
    assert tables == list(range(1, len(tables) + 1)) and len(tables) >= 10  # numbered in order, once each
    # the body of a sample-data report draws no unit's figure: the charts are in the annex of sample data
    assert figures == list(range(1, len(figures) + 1)) and len(figures) >= 6
    assert "tính trên dữ liệu mẫu" in text and "DỮ LIỆU MẪU" in text  # honest label on reconstructed data
    assert "/work/" not in page and "/home/" not in page and "/tmp/" not in page


def test_pdf_has_pages_fonts_and_vietnamese_text(flagship):
    from pypdf import PdfReader

    reader = PdfReader(flagship / "report.pdf")
    assert len(reader.pages) >= 10
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    fonts = set()
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor, "font not embedded"
            fonts.add(str(descriptor["/FontName"]))
    assert any("LiberationSerif" in f.replace("-", "") for f in fonts)  # the official form's Times-metric serif
    first = " ".join(unicodedata.normalize("NFC", reader.pages[0].extract_text()).split())
    assert "Chính quyền điện tử" in first and "Quảng Ninh" in first and "BÁO CÁO" in first


def test_validation_appendix_and_provenance(flagship):
    """The technical record is technical.html, next to the report, with the validation sentence (issue 19:
    the reader's report leaves it to the technical record)."""
    record, text = _figures(flagship), _text(flagship, "technical.html")
    validation = record["validation"]
    assert validation["passed"] and validation["expectations_evaluated"] >= 40
    assert f"{validation['expectations_passed']}/{validation['expectations_evaluated']}" in text
    inputs = record["provenance"]["inputs"]
    assert {i["path"] for i in inputs} >= {
        "data/quangninh/framework.yaml",
        "data/quangninh/2019/scores_communes.csv",
        "data/quangninh/2018/scores.xlsx",
    }
    for item in inputs:
        assert item["sha256"] in text
    assert f"{vn_number(validation['expectations_evaluated'])} phép kiểm tra" in text
    assert "không có phép kiểm tra nào không đạt" in text
    assert "phép kiểm tra" not in _text(flagship)
    assert 'href="technical.html"' in (flagship / "report.html").read_text(encoding="utf-8")


def test_bad_input_stops_and_keeps_the_last_good_report(flagship, data_copy, tmp_path):
    reports = tmp_path / "reports"
    target = reports / "quangninh" / "2019"
    target.parent.mkdir(parents=True)
    import shutil

    shutil.copytree(flagship, target)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in target.iterdir()}
    scores = data_copy / "quangninh" / "2019" / "scores_departments.csv"
    lines = scores.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    fields = lines[3].split(",")
    fields[header.index("Hạ tầng kỹ thuật CNTT")] = "25"  # above its maximum of 20
    lines[3] = ",".join(fields)
    scores.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(ValidationFailed) as failure:
        render("quangninh", 2019, reports_dir=reports, data_dir=data_copy, log=lambda *_: None)
    message = str(failure.value)
    assert "data/quangninh/2019/scores_departments.csv" in message and "dòng 4" in message
    assert "Hạ tầng kỹ thuật CNTT" in message and fields[0] in message and "«25»" in message
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in target.iterdir()}
    assert after == before
    assert (reports / "quangninh" / "2019.failed" / "report.ipynb").exists()
    assert not list((reports / ".staging").iterdir())
