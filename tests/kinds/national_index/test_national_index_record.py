"""Every figure of the national_index record, typed by hand from the five-province index of tests/support/five_provinces.py.

Two categories, scores out of 1, two decimals in the tables (so two in the record):

    province        2018: score infra portal    2019: score infra portal   (published rank 2019)
    01 Hà Nội             0,90  0,90  0,90            0,95  0,90  0,85           1
    02 Hà Giang           0,80  0,70  0,90            0,85  0,90  0,80           2
    04 Cao Bằng           0,70  0,80  0,60            0,80  0,70  0,90           3
    06 Bắc Kạn (subject)  0,60  0,50  0,70            0,80  0,75  0,90           3
    08 Tuyên Quang        0,50  0,60  0,40            (no score: "chưa công bố", from evaluation.yaml)

2019: Hà Nội leads (0,95); Bắc Kạn and Cao Bằng share rank 3 (0,80), Bắc Kạn named first (b < c);
gap to the leader 0,95 − 0,80 = 0,15; median of the four scores (0,85 + 0,80) / 2 = 0,825.
Infra: Hà Giang and Hà Nội best (0,90); Bắc Kạn 0,75, rank 3 (after the two 0,90), gap 0,15; in 2018
0,50, rank 5: up 2. Portal: Bắc Kạn and Cao Bằng best (0,90), Bắc Kạn rank 1, tied, gap 0; in 2018
0,70, rank 3: up 2. Overall: rank 4 in 2018 (0,60) -> 3 in 2019: up 1, +0,20.
"""

from __future__ import annotations

import pytest

from support import five_provinces


@pytest.fixture()
def record(tmp_path) -> dict:
    return five_provinces.two_years(tmp_path)


def test_the_subject_its_leader_and_the_spread(record):
    current = record["current"]
    assert {
        k: current[k]
        for k in (
            "year",
            "data_status",
            "source",
            "method",
            "decimals",
            "n_total",
            "n_scored",
            "leader_score",
            "gap",
            "median",
        )
    } == {
        "year": 2019,
        "data_status": "published",
        "source": "Bộ công bố năm 2020",
        "method": ["chấm theo hai hạng mục"],
        "decimals": 2,
        "n_total": 5,
        "n_scored": 4,
        "leader_score": 0.95,
        "gap": 0.15,
        "median": 0.825,
    }
    assert current["subject"] == {"score": 0.8, "rank": 3, "tied_with": ["Cao Bằng"], "published_rank": 3}
    assert current["leaders"] == [{"code": "01", "name": "Hà Nội", "score": 0.95}]
    assert current["ties"] == [{"rank": 3, "score": 0.8, "names": ["Bắc Kạn", "Cao Bằng"], "includes_subject": True}]


def test_a_province_without_a_score_is_listed_last_with_its_note(record):
    current = record["current"]
    assert current["missing"] == [{"code": "08", "name": "Tuyên Quang", "published_rank": None, "note": "chưa công bố"}]
    assert current["missing_ranked_below"] is True  # every scored province has its published rank
    assert [
        (e["rank"], e["code"], e["score"], e["published_rank"], e["tied"], e["subject"], e["note"])
        for e in current["ranking"]
    ] == [
        (1, "01", 0.95, 1, False, False, "điểm theo công bố"),
        (2, "02", 0.85, 2, False, False, ""),
        (3, "06", 0.8, 3, True, True, ""),
        (3, "04", 0.8, 3, True, False, ""),
        (None, "08", None, None, False, False, "chưa công bố"),
    ]
    assert current["ranking"][2]["categories"] == {"infra": 0.75, "portal": 0.9}
    assert current["ranking"][2]["source_name"] == "Bắc Kạn"


def test_each_category_its_best_and_the_subject_against_the_year_before(record):
    fields = (
        "code",
        "available",
        "n_scored",
        "best_score",
        "best",
        "score",
        "rank",
        "tied",
        "gap",
        "previous_year",
        "previous_rank",
        "previous_score",
        "rank_change",
    )
    assert [tuple(c[f] for f in fields) for c in record["current"]["categories"]] == [
        ("infra", True, 4, 0.9, ["Hà Giang", "Hà Nội"], 0.75, 3, False, 0.15, 2018, 5, 0.5, 2),
        ("portal", True, 4, 0.9, ["Bắc Kạn", "Cao Bằng"], 0.9, 1, True, 0.0, 2018, 3, 0.7, 2),
    ]
    assert record["current"]["has_categories"] is True
    assert record["categories"] == [
        {"code": "infra", "label": "Hạ tầng kỹ thuật", "short_label": "Hạ tầng"},
        {"code": "portal", "label": "Cổng thông tin điện tử", "short_label": "Cổng thông tin"},
    ]


def test_the_trajectory_and_the_year_compared(record):
    assert [
        (
            p["year"],
            p["score"],
            p["rank"],
            p["leaders"],
            p["leader_score"],
            p["gap"],
            p["rank_change"],
            p["score_change"],
            p["n_scored"],
        )
        for p in record["trajectory"]
    ] == [(2018, 0.6, 4, ["Hà Nội"], 0.9, 0.3, None, None, 5), (2019, 0.8, 3, ["Hà Nội"], 0.95, 0.15, 1, 0.2, 4)]
    assert record["comparisons"] == [
        {
            "year": 2018,
            "rank": 4,
            "score": 0.6,
            "decimals": 2,
            "leaders": ["Hà Nội"],
            "leader_score": 0.9,
            "gap": 0.3,
            "rank_change": 1,
            "score_change": 0.2,
        }
    ]
    assert [(y["year"], y["source"]) for y in record["data_years"]] == [
        (2019, "Bộ công bố năm 2020"),
        (2018, "Bộ công bố năm 2019"),
    ]
    meta = record["meta"]
    assert (meta["previous_year"], meta["years"], meta["count"], meta["top_n"], meta["subject"]) == (
        2018,
        [2018, 2019],
        5,
        3,
        "chỉ số thử",
    )


# -- three years: one without categories and without the subject's score, one category not published ----


@pytest.fixture()
def three_years(tmp_path) -> dict:
    return five_provinces.three_years(tmp_path)


def test_a_category_not_published_this_year_is_empty_and_compared_with_nothing(three_years):
    infra, portal = three_years["current"]["categories"]
    assert portal == {
        "code": "portal",
        "label": "Cổng thông tin điện tử",
        "short_label": "Cổng thông tin",
        "available": False,
        "n_scored": 0,
        "score": None,
        "rank": None,
        "tied": False,
        "best_score": None,
        "best": [],
        "gap": None,
        "previous_year": 2017,
        "previous_rank": None,
        "previous_score": None,
        "rank_change": None,
    }
    # the latest earlier year with categories is 2017 (2018 has none): 0,50, rank 5 -> 0,75, rank 3
    assert (infra["previous_year"], infra["previous_rank"], infra["previous_score"], infra["rank_change"]) == (
        2017,
        5,
        0.5,
        2,
    )


def test_a_year_without_the_subject_s_score_breaks_the_changes_around_it(three_years):
    assert [
        (
            p["year"],
            p["data_status"],
            p["score"],
            p["rank"],
            p["rank_change"],
            p["score_change"],
            p["n_total"],
            p["n_scored"],
        )
        for p in three_years["trajectory"]
    ] == [
        (2017, "published", 0.6012, 4, None, None, 5, 5),
        (2018, "published", None, None, None, None, 5, 4),
        (2019, "reconstructed", 0.8, 3, None, None, 5, 5),
    ]
    # compared with each earlier year, the most recent first; with 2017 directly: 4 -> 3, and 0,80 (two
    # decimals in 2019) − 0,6012 (four in 2017) = +0,1988, each figure as its year printed it
    assert [(c["year"], c["rank"], c["decimals"], c["rank_change"]) for c in three_years["comparisons"]] == [
        (2018, None, 2, None),
        (2017, 4, 4, 1),
    ]
    assert three_years["comparisons"][1]["score_change"] == 0.1988


def test_ranks_order_the_table_when_no_rank_is_published(three_years):
    current = three_years["current"]
    assert [e["code"] for e in current["ranking"]] == ["01", "02", "06", "04", "08"]
    assert (current["missing"], current["missing_ranked_below"]) == ([], False)


def test_the_meta_names_the_index_and_the_year_s_data(three_years):
    meta = three_years["meta"]
    assert {
        k: meta[k]
        for k in (
            "kind",
            "province",
            "year",
            "previous_year",
            "index_name",
            "index_short_name",
            "publisher",
            "scale_max",
            "data_status",
            "data_note",
            "source",
            "method",
            "years",
        )
    } == {
        "kind": "national_index",
        "province": "backan",
        "year": 2019,
        "previous_year": 2018,
        "index_name": "Chỉ số thử",
        "index_short_name": "chỉ số thử",
        "publisher": "Bộ Thông tin và Truyền thông",
        "scale_max": 1.0,
        "data_status": "reconstructed",
        "data_note": "Điểm của các tỉnh khác là dữ liệu mẫu.",
        "source": "",
        "method": [],
        "years": [2017, 2018, 2019],
    }
    assert [(y["year"], y["data_status"], y["data_note"]) for y in three_years["data_years"]] == [
        (2019, "reconstructed", "Điểm của các tỉnh khác là dữ liệu mẫu."),
        (2018, "published", ""),
        (2017, "published", ""),
    ]


# -- one year only, three provinces tied first --------------------------------------------------------


@pytest.fixture()
def one_year(tmp_path) -> dict:
    return five_provinces.one_year(tmp_path)


def test_three_tied_first_share_rank_one_and_are_named_in_alphabetical_order(one_year):
    current = one_year["current"]
    assert [(e["code"], e["rank"], e["tied"]) for e in current["ranking"]] == [
        ("04", 1, True),
        ("02", 1, True),
        ("01", 1, True),
        ("06", 4, False),
        ("08", 5, False),
    ]
    assert current["leaders"] == [
        {"code": "04", "name": "Cao Bằng", "score": 0.95},
        {"code": "02", "name": "Hà Giang", "score": 0.95},
        {"code": "01", "name": "Hà Nội", "score": 0.95},
    ]
    assert current["ties"] == [
        {"rank": 1, "score": 0.95, "names": ["Cao Bằng", "Hà Giang", "Hà Nội"], "includes_subject": False}
    ]
    assert current["subject"] == {"score": 0.8, "rank": 4, "tied_with": [], "published_rank": 4}
    assert (current["missing"], current["missing_ranked_below"]) == ([], False)  # nobody without a score


def test_a_single_year_is_compared_with_nothing(one_year):
    assert one_year["comparisons"] == [] and len(one_year["trajectory"]) == 1
    assert one_year["meta"]["previous_year"] is None
    assert one_year["meta"]["method"] == ["chấm theo hai hạng mục"]
    assert [
        (c["code"], c["previous_year"], c["previous_rank"], c["rank_change"]) for c in one_year["current"]["categories"]
    ] == [("infra", None, None, None), ("portal", None, None, None)]
