"""Ties: which rank tied units share, and in which order they are listed (docs/decisions.md,
"Ranking and bands"): units and parents ranked with method "min"; inside a tie, names in
Vietnamese alphabetical order, then codes. Every expected value is typed from the hand-made
province of tie_province.py, never computed by the code under test.
"""

import html
import re
from pathlib import Path

import pytest

from egov_report.core.collation import sort_key as vietnamese_key  # ICU vi collation
from egov_report.kinds.tiered_scores.analysis import analyse, units
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder
from support import tie_province


def _communes(data_dir: Path) -> dict:
    record = analyse(load_evaluation(tie_province.CODE, tie_province.YEAR, data_dir=data_dir))
    return next(t for t in record["tiers"] if t["code"] == "communes"), record


@pytest.fixture(scope="module")
def tied(tmp_path_factory):
    return _communes(tie_province.write(tmp_path_factory.mktemp("ties")))


# -- the order itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "expected",
    [
        ["Xã An Sinh", "Xã Ăn Cả", "Xã Ân Hòa"],  # a < ă < â
        ["An", "Ăn", "Ân", "Bình"],  # a < ă < â < b
        ["Dương", "Đông", "Em"],  # d < đ < e (code points put Đ after Z)
        ["Ơn", "Pha"],  # ơ is an o, before p
        ["Uông Bí", "Ưng Hòa", "Vân Đồn"],  # u < ư < v
        ["ma", "mà", "mả", "mã", "má", "mạ", "mai"],  # tones after letters: none, huyền, hỏi, ngã, sắc, nặng
        ["Hạ Long", "Hải Hà", "Hoành Bồ"],  # letters before tones: "ha l" < "hai"
        ["hà", "Hà"],  # case last
    ],
)
def test_vietnamese_alphabetical_order(expected):
    assert sorted(reversed(expected), key=vietnamese_key) == expected
    assert sorted(expected[::2] + expected[1::2], key=vietnamese_key) == expected


def test_python_order_is_not_vietnamese_order():
    """Why a collation key: the default order gets these wrong."""
    assert sorted(["Đông", "Em"]) == ["Em", "Đông"]
    assert sorted(["Đông", "Em"], key=vietnamese_key) == ["Đông", "Em"]


# -- units ----------------------------------------------------------------------------------


def test_unit_ranks_and_order_inside_ties(tied):
    tier, _ = tied
    assert [(e["rank"], e["name"], e["total"]) for e in tier["ranking"]] == [
        (1, "Phường Hà An", 95.0),
        (2, "Phường Yên Giang", 81.5),
        (3, "Phường Hà Khánh", 76.0),
        (4, "Xã An Sinh", 70.5),  # a before â, although its code (T02) comes after T01
        (4, "Xã Ân Hòa", 70.5),
        (6, "Xã Đồng Rui", 65.0),  # đ before h, although Python puts Đ after H
        (6, "Xã Hải Lạng", 65.0),
        (8, "Xã Bằng Cả", 48.0),  # 8, not 6 or 7: ranks after a tie are skipped
    ]
    assert tier["ties"] == [{"rank": 4, "units": ["T02", "T01"]}, {"rank": 6, "units": ["T03", "T04"]}]
    assert [[e["label"] for e in units(tier, t["units"])] for t in tier["ties"]] == [
        ["Xã An Sinh (Thị xã Đông Triều)", "Xã Ân Hòa (Thị xã Đông Triều)"],
        ["Xã Đồng Rui (Thị xã Quảng Yên)", "Xã Hải Lạng (Thị xã Quảng Yên)"],
    ]


def test_order_does_not_depend_on_the_files_order(tmp_path):
    reversed_files = tie_province.write(tmp_path, communes=list(reversed(tie_province.COMMUNES)))
    tier, _ = _communes(reversed_files)
    assert [e["code"] for e in tier["ranking"]] == ["T06", "T05", "T07", "T02", "T01", "T03", "T04", "T08"]
    assert [p["code"] for p in tier["by_parent"]] == ["D1", "D3", "D2", "D4"]


def test_identical_names_in_a_tie_are_ordered_by_code(tmp_path):
    communes = [("T09", "Xã Hải Lạng", "D3", "20", "40", "5"), *tie_province.COMMUNES]
    tier, _ = _communes(tie_province.write(tmp_path, communes=communes))
    at_65 = [(e["code"], e["parent_name"]) for e in tier["ranking"] if e["total"] == 65.0]
    assert at_65 == [("T03", "Thị xã Quảng Yên"), ("T04", "Thị xã Quảng Yên"), ("T09", "Thị xã Đông Triều")]


# -- parents (communes averaged by district) ------------------------------------------------


def test_parent_means_tie_and_share_the_better_rank(tied):
    tier, _ = tied
    assert [(p["rank"], p["name"], p["n"], p["mean"]) for p in tier["by_parent"]] == [
        (1, "Thành phố Hạ Long", 2, 85.5),
        (2, "Thị xã Đông Triều", 2, 70.5),  # (70,5 + 70,5) / 2
        (2, "Thị xã Quảng Yên", 3, 70.5),  # (81,5 + 65 + 65) / 3: tied although sizes differ
        (4, "Huyện Ba Chẽ", 1, 48.0),  # 4: the rank after a tie of two is skipped
    ]


def test_parent_means_are_compared_as_printed(tmp_path):
    """Means equal to 2 decimals (the printed figure) tie: 70,5 and 211,51 / 3 = 70,503."""
    communes = [
        c if c[0] != "T05" else ("T05", "Phường Yên Giang", "D2", "20", "56.51", "5") for c in tie_province.COMMUNES
    ]
    tier, _ = _communes(tie_province.write(tmp_path, communes=communes))
    assert [(p["rank"], p["code"]) for p in tier["by_parent"]] == [(1, "D1"), (2, "D3"), (2, "D2"), (4, "D4")]


def test_parent_means_just_apart_do_not_tie(tmp_path):
    communes = [
        c if c[0] != "T05" else ("T05", "Phường Yên Giang", "D2", "20", "56.53", "5") for c in tie_province.COMMUNES
    ]  # 211,53 / 3 = 70,51
    tier, _ = _communes(tie_province.write(tmp_path, communes=communes))
    assert [(p["rank"], p["name"], p["mean"]) for p in tier["by_parent"]] == [
        (1, "Thành phố Hạ Long", 85.5),
        (2, "Thị xã Quảng Yên", 70.51),
        (3, "Thị xã Đông Triều", 70.5),
        (4, "Huyện Ba Chẽ", 48.0),
    ]


# -- the sentences that name a rank ---------------------------------------------------------


@pytest.fixture(scope="module")
def tier_text(tied):
    _, record = tied
    page = TieredReportBuilder(record).tier_results("communes").data
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    page = re.sub(r"</?span\b[^>]*>", "", page)  # a figure's mark is inline
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_sentence_naming_parent_ranks(tier_text):
    # typed by hand from tie_province: a tie is said once, as a tie, with the place in words
    assert (
        "Tính theo điểm trung bình của các đơn vị cấp xã trên địa bàn, dẫn đầu là thành phố Hạ Long "
        "(85,50 điểm); thị xã Đông Triều và thị xã Quảng Yên đồng hạng nhì (70,50 điểm); "
        "xếp cuối là huyện Ba Chẽ (48,00 điểm)."
    ) in tier_text


def test_sentence_naming_unit_ranks(tier_text):
    assert (
        "Dẫn đầu là phường Hà An (thành phố Hạ Long) với 95,00/100 điểm; "
        "xếp thứ hai là phường Yên Giang (thị xã Quảng Yên) với 81,50 điểm;"
    ) in tier_text
    assert "Đơn vị có tổng điểm thấp nhất là xã Bằng Cả (huyện Ba Chẽ), đạt 48,00 điểm." in tier_text
    # the ties below the leaders, each said as a tie (the bottom sentence names only the last place)
    assert (
        "Ngoài ra, xã An Sinh (thị xã Đông Triều) và xã Ân Hòa (thị xã Đông Triều) đồng hạng tư "
        "với 70,50 điểm; xã Đồng Rui (thị xã Quảng Yên) và xã Hải Lạng (thị xã Quảng Yên) đồng hạng "
        "sáu với 65,00 điểm."
    ) in tier_text
    # a shared place is never given to one unit alone, as "xếp thứ 6/8 là xã Hải Lạng" did
    assert "Xếp thứ 6/8 là" not in tier_text and "(đồng hạng)" not in tier_text


def test_parents_table_lists_the_tie_in_order(tied):
    _, record = tied
    table = TieredReportBuilder(record).parents_table(next(t for t in record["tiers"] if t["code"] == "communes"))
    cells = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split())
        for c in re.findall(r"<tr>(.*?)</tr>", str(table), flags=re.S)
    ]
    rows = [c for c in cells if c.startswith(("1 ", "2 ", "4 "))]
    assert rows == [
        "1 Thành phố Hạ Long 2 85,50 95,00 76,00",
        "2 Thị xã Đông Triều 2 70,50 70,50 70,50",
        "2 Thị xã Quảng Yên 3 70,50 81,50 65,00",
        "4 Huyện Ba Chẽ 1 48,00 48,00 48,00",
    ]
