"""A large province stays readable: distributions, top and bottom lists, the rest in Excel.

``make test`` renders a 300-commune synthetic province (more than charts.FULL_RANKING_MAX
communes, more than charts.LABELLED_BARS districts); the 10,000-commune run is ``make bench``.
No test asserts a duration.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from egov_report.core.records import read_json, write_json
from egov_report.kinds.tiered_scores import RANKINGS_FILE as RANKINGS_WORKBOOK
from egov_report.kinds.tiered_scores import charts
from egov_report.kinds.tiered_scores.narrative import ANNEX_TOP_BOTTOM
from egov_report.tools.bench import FIGURES_LIMIT_MB
from egov_report.tools.synthetic_province import generate
from support.helpers import read_csv_rows

COMMUNES, DISTRICTS, DEPARTMENTS = 300, 60, 12
FORMULA_NAME = "=1+2 Xã Thử"  # a name a spreadsheet would run as a formula


@pytest.fixture(scope="module")
def large_province(tmp_path_factory) -> Path:
    """The data folder of the province (data/tinhlon)."""
    province = generate(
        tmp_path_factory.mktemp("scale") / "data",
        COMMUNES,
        DISTRICTS,
        DEPARTMENTS,
        code="tinhlon",
        name="Tỉnh Lớn",
        year=2020,
    )
    # give one commune a name that looks like a formula, everywhere it is written
    name = next(r[1] for r in read_csv_rows(province / "units.csv") if r[0] == "X00001")
    for path in province.rglob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace(f",{name},", f",{FORMULA_NAME},"), encoding="utf-8")
    return province


@pytest.fixture(scope="module")
def large(large_province):
    from egov_report.render.pipeline import render

    base = large_province.parent.parent
    result = render("tinhlon", 2020, reports_dir=base / "reports", data_dir=large_province.parent, log=lambda *_: None)
    return result.target


def _table(page: str, key: str) -> str:
    return re.search(rf'<figure class="table[^"]*" id="table-{key}">(.*?)</figure>', page, flags=re.S).group(1)


def _rows(table: str) -> list[str]:
    """The body rows of a table, no-break spaces (kept between a number and its unit) as spaces."""
    return re.findall(r"<tr[ >].*?</tr>", table.split("<tbody>")[1].replace("\xa0", " "), flags=re.S)


@pytest.mark.e2e
def test_the_annex_lists_top_and_bottom_and_points_to_the_workbook(large):
    page = (large / "report.html").read_text(encoding="utf-8")
    rows = _rows(_table(page, "ranking-communes"))
    assert len(rows) == 2 * ANNEX_TOP_BOTTOM + 1
    gap = rows[ANNEX_TOP_BOTTOM]
    assert 'class="gap"' in gap and f"{COMMUNES - 2 * ANNEX_TOP_BOTTOM} đơn vị khác" in gap and "bảng tính Excel" in gap
    assert re.search(r"<td[^>]*>1</td>", rows[0]) and re.search(rf"<td[^>]*>{COMMUNES}</td>", rows[-1])
    distribution = _rows(_table(page, "distribution-communes"))
    assert len(distribution) == 1 and f">{COMMUNES}<" in distribution[0]
    assert f'href="{RANKINGS_WORKBOOK}"' in page
    # small tiers keep their full ranking
    assert len(_rows(_table(page, "ranking-departments"))) == DEPARTMENTS
    assert len(_rows(_table(page, "ranking-districts"))) == DISTRICTS


@pytest.mark.e2e
def test_charts_show_a_distribution_and_the_ends_of_long_lists(large):
    page = (large / "report.html").read_text(encoding="utf-8")
    figure = re.search(r'<figure class="chart" id="figure-ranking-communes">(.*?)</figure>', page, flags=re.S).group(1)
    assert "Phân bố tổng điểm của các đơn vị cấp xã" in figure
    assert figure.count("<path") < 400  # a histogram, not one bar per commune
    parents = _rows(_table(page, "parents-communes"))
    assert len(parents) == 2 * charts.TOP_BOTTOM_PARENTS + 1
    assert (
        f"{DISTRICTS - 2 * charts.TOP_BOTTOM_PARENTS} địa phương cấp huyện khác" in parents[charts.TOP_BOTTOM_PARENTS]
    )
    text = html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", "", page, flags=re.S)))
    assert re.search(r"Các đơn vị đạt mức tốt thuộc \d+ địa phương cấp huyện khác nhau", " ".join(text.split()))
    pdf = large / "report.pdf"
    from pypdf import PdfReader

    assert len(PdfReader(pdf).pages) < 30


@pytest.mark.e2e
def test_the_workbook_holds_every_unit_as_data_never_as_formulas(large):
    workbook = load_workbook(large / RANKINGS_WORKBOOK)
    communes = workbook["Xã, phường, thị trấn"]
    assert communes.max_row == COMMUNES + 1
    header = [c.value for c in communes[1]]
    assert header[:4] == ["Hạng", "Mã", "Đơn vị", "Thuộc"] and "Xếp loại" in header
    assert workbook["Theo địa phương cấp huyện"].max_row == DISTRICTS + 1
    assert workbook["Sở, ban, ngành"].max_row == DEPARTMENTS + 1
    record = read_json(large / "figures.json")
    tier = next(t for t in record["tiers"] if t["code"] == "communes")
    for row, entry in zip(communes.iter_rows(min_row=2, values_only=True), tier["ranking"]):
        assert (row[1], row[header.index("Tổng (/100)")]) == (entry["code"], entry["total"])
    cell = next(r[2] for r in communes.iter_rows(min_row=2) if r[1].value == "X00001")
    assert cell.value == FORMULA_NAME and cell.data_type == "s"  # a string cell: text as typed, no apostrophe


@pytest.mark.e2e
def test_the_large_province_figures_as_recomputed_from_its_files(large, large_province):
    """Every tier of the 300-commune render (and its 60 district means) against tests/support/oracle.py."""
    from support import oracle
    from support.quangninh_2018 import TIERS

    record = read_json(large / "figures.json")
    province = large_province
    for tier in record["tiers"]:
        values = oracle.totals(oracle.csv_rows(province / "2020" / f"scores_{tier['code']}.csv"), 3)
        assert len(values) == {"departments": DEPARTMENTS, "districts": DISTRICTS, "communes": COMMUNES}[tier["code"]]
        parents = oracle.registry_parents(province / "units.csv") if tier["code"] == "communes" else None
        oracle.assert_tier_matches(tier, values, TIERS[tier["code"]][1], parents)


@pytest.mark.e2e
def test_timings_and_memory_are_recorded(large):
    timings = json.loads((large / "timings.json").read_text(encoding="utf-8"))
    for stage in (
        "kernel_start",
        "imports",
        "loading",
        "validation",
        "analysis",
        "narrative",
        "notebook",
        "html",
        "pdf",
    ):
        assert timings["seconds"][stage] >= 0, stage
    assert 0 < timings["peak_memory_mb"]["renderer"] + timings["peak_memory_mb"]["kernel"] < 1024


@pytest.mark.e2e
def test_the_flagship_keeps_its_full_ranking(flagship):
    page = (flagship / "report.html").read_text(encoding="utf-8")
    assert len(_rows(_table(page, "ranking-communes"))) == 186
    assert 'class="gap"' not in page
    book = load_workbook(flagship / RANKINGS_WORKBOOK)
    assert book["Xã, phường, thị trấn"].max_row == 188  # the sample-data mark, the header, 186 units
    for sheet in book.worksheets:  # reconstructed data: every sheet says so first
        assert sheet["A1"].value == "DỮ LIỆU MẪU – không phải kết quả chính thức"


def test_the_bench_province_record_stays_within_its_limit(tmp_path):
    """The figure record of make bench's province (10,000 communes, 700 districts, 40 departments),
    built and written as the kernel does, without a render (about 2 s): within the limit, less
    room for the validation summary and the provenance a render adds (a few kB; warnings capped)."""
    from egov_report.kinds.tiered_scores.analysis import analyse
    from egov_report.kinds.tiered_scores.loading import load_evaluation

    generate(tmp_path / "data", 10_000, 700, 40, code="tinhmau", year=2020)
    record = analyse(load_evaluation("tinhmau", 2020, data_dir=tmp_path / "data"))
    write_json(record, tmp_path / "figures.json")
    assert (tmp_path / "figures.json").stat().st_size <= FIGURES_LIMIT_MB * 1e6 - 20_000
    assert read_json(tmp_path / "figures.json") == record


def test_parents_shown():
    tier = {"by_parent": [{"rank": i + 1} for i in range(60)]}
    shown = charts.parents_shown(tier)
    assert shown[:10] == tier["by_parent"][:10] and shown[10] is None and shown[11:] == tier["by_parent"][-10:]
    few = {"by_parent": tier["by_parent"][: charts.LABELLED_BARS]}
    assert charts.parents_shown(few) == few["by_parent"]


def test_histogram_counts_every_unit_once_in_its_band_bin():
    totals = [0, 49.99, 50, 64.99, 65, 80, 99.99, 100, None]
    counts = charts.histogram_counts(totals, 100)
    assert sum(counts) == 8 and len(counts) == charts.HISTOGRAM_BINS
    width = 100 / charts.HISTOGRAM_BINS
    assert counts[int(50 / width)] == 1 and counts[int(50 / width) - 1] == 1  # 50 and 49,99 on each side of a floor
    assert counts[-1] == 2  # 99,99 and the maximum
