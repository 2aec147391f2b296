"""First-year reports (no previous year to compare with): Quảng Ninh 2018 and the small
synthetic province of test_batch. Figures are typed from the published 2018 figures
(data/README.md: the 2018 source and the readings of docs/decisions.md) and recomputed from the
input files by tests/support/oracle.py; the text is checked against typed sentences.
"""

import html
import re

import pytest

from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder
from egov_report.tools.synthetic_province import generate
from support import oracle
from support.helpers import UNITS_CSV
from support.quangninh_2018 import FLOORS_100, FLOORS_170, TIERS, workbook_rows  # noqa: F401

SMALL = {"code": "tinhnho", "name": "Tỉnh Nhỏ", "year": 2020, "communes": 24, "districts": 3, "departments": 4}


def _tier(record, code):
    return next(t for t in record["tiers"] if t["code"] == code)


def _text(builder, record) -> str:
    page = "".join(builder.tier_results(t["code"]).data for t in record["tiers"])
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    page = re.sub(r"</?span\b[^>]*>", "", page)  # a figure's mark is inline
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


# -- Quảng Ninh 2018 -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def qn2018():
    return analyse(load_evaluation("quangninh", 2018))


def test_quangninh_2018_states_the_published_figures(qn2018):
    departments = _tier(qn2018, "departments")
    assert departments["current"]["n"] == 30
    assert departments["current"]["mean"] == 68.83  # 73,83 in 2019, "5 points above 2018"
    assert departments["current"]["gap"] == 56.7
    assert (departments["ranking"][0]["name"], departments["ranking"][0]["total"]) == (
        "Sở Thông tin và Truyền thông",
        83.7,
    )
    assert (departments["ranking"][-1]["name"], departments["ranking"][-1]["total"]) == ("Ban An toàn giao thông", 27.0)
    districts = _tier(qn2018, "districts")
    assert (districts["current"]["n"], districts["current"]["mean"]) == (14, 121.0)
    assert (districts["ranking"][0]["name"], districts["ranking"][0]["total"]) == ("Thành phố Uông Bí", 146.0)
    assert (districts["ranking"][-1]["name"], districts["ranking"][-1]["total"]) == ("Huyện Bình Liêu", 94.0)
    assert districts["current"]["gap"] == 52.0  # 146 - 94
    assert {b["code"]: b["count"] for b in districts["current"]["bands"]} == {
        "good": 2,
        "fair": 7,
        "average": 5,
        "poor": 0,
    }
    communes = _tier(qn2018, "communes")
    assert (communes["current"]["n"], communes["coverage"]) == (90, "partial")  # the pilot
    assert communes["current"]["mean"] == 41.3  # 59 in 2019 being "about 43 %" more: 59 / 1,43 = 41,3


@pytest.mark.parametrize("code", list(TIERS))
def test_quangninh_2018_every_tier_as_recomputed_from_the_workbook(qn2018, code):
    sheet, floors = TIERS[code]
    values = oracle.totals(workbook_rows(sheet), 3)
    parents = oracle.registry_parents(UNITS_CSV) if code == "communes" else None
    oracle.assert_tier_matches(_tier(qn2018, code), values, floors, parents)


def test_quangninh_2018_is_a_first_year(qn2018):
    oracle.assert_first_year(qn2018)


def test_quangninh_2018_text_compares_with_nothing(qn2018):
    # the wording a province with official 2018 data gets (the shipped 2018 scores are sample data)
    real = {**qn2018, "meta": {**qn2018["meta"], "data_status": "published"}}
    text = _text(TieredReportBuilder(real), real)
    for sentence in (
        "Năm 2018, 30 sở, ban, ngành đạt điểm trung bình 68,83/100 điểm, bằng 68,8% điểm tối đa, tương ứng mức khá .",
        "Dẫn đầu là Sở Thông tin và Truyền thông (83,70/100 điểm);",
        "Đơn vị có tổng điểm thấp nhất là Ban An toàn giao thông, đạt 27,00 điểm.",
        "Năm 2018, 14 địa phương cấp huyện đạt điểm trung bình 121,00/170 điểm, bằng 71,2% điểm tối đa",  # 121/170
        "Khoảng cách giữa đơn vị cao nhất và thấp nhất là 52,00 điểm .",
        "Năm 2018, khối huyện, thị xã, thành phố có 2 đơn vị đạt mức tốt (14,3%); 7 đơn vị đạt mức khá (50,0%); "
        "5 đơn vị đạt mức trung bình (35,7%); không có đơn vị nào ở mức dưới trung bình.",  # 2/14, 7/14, 5/14
    ):
        assert sentence in text, sentence
    for comparison in ("So với năm", "năm 2017", "tăng bậc", "giảm bậc", "tăng điểm nhiều nhất"):
        assert comparison not in text, comparison


# -- the small synthetic province ------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    data = tmp_path_factory.mktemp("small")
    folder = generate(
        data,
        communes=SMALL["communes"],
        districts=SMALL["districts"],
        departments=SMALL["departments"],
        code=SMALL["code"],
        name=SMALL["name"],
        year=SMALL["year"],
        years=1,
    )
    return folder, analyse(load_evaluation(SMALL["code"], SMALL["year"], data_dir=data))


@pytest.mark.parametrize("code", list(TIERS))
def test_small_province_every_tier_as_recomputed_from_its_files(small, code):
    folder, record = small
    values = oracle.totals(oracle.csv_rows(folder / str(SMALL["year"]) / f"scores_{code}.csv"), 3)
    assert len(values) == SMALL[code]
    parents = oracle.registry_parents(folder / "units.csv") if code == "communes" else None
    oracle.assert_tier_matches(_tier(record, code), values, TIERS[code][1], parents)


def test_small_province_is_a_first_year(small):
    _, record = small
    oracle.assert_first_year(record)
    text = _text(TieredReportBuilder(record), record)
    assert f"Năm 2020, {SMALL['departments']} sở, ban, ngành đạt điểm trung bình" in text
    assert "So với năm" not in text and "năm 2019" not in text
