"""What the national_index report says, from the five-province index of tests/support/five_provinces.py.

Every figure below is typed by hand from that index (its record is checked field by field in
test_national_index_record.py): 2019, Bắc Kạn 0,80, rank 3 of 5 shared with Cao Bằng; Hà Nội leads
with 0,95 (gap 0,15); Tuyên Quang has no score ("chưa công bố"); 2018: rank 4, 0,60, Hà Nội 0,90
(gap 0,30). Infra 0,75, rank 3 (5 in 2018); portal 0,90, rank 1 shared with Cao Bằng (3 in 2018).
"""

from __future__ import annotations

import copy
import re

import pytest

from egov_report.kinds.national_index import narrative
from egov_report.kinds.national_index.narrative import NationalIndexBuilder
from support import five_provinces
from support.marked_figures import disagreements
from support.report_text import NATIONAL_CHARTS, charts_recorded, visible

PARTS = ("title", "summary", "legal_basis", "scope_and_method", "headline", "categories", "trajectory", "missing_data")


def in_report_order(record: dict) -> NationalIndexBuilder:
    """The builder after the report's parts were built in the notebook's order: tables and figures then
    carry the numbers they have in the report, and a table built again keeps its number."""
    builder = NationalIndexBuilder(record)
    for part in PARTS:
        getattr(builder, part)()
    builder.findings(None)
    builder.annex_table()
    return builder


@pytest.fixture(autouse=True)
def drawn(monkeypatch) -> dict:
    """The charts' arguments (drawing is tested in tests/kinds/national_index/test_national_index.py)."""
    return charts_recorded(monkeypatch, narrative, NATIONAL_CHARTS)


@pytest.fixture(scope="session")
def records(tmp_path_factory) -> dict:
    """The three indexes' records, analysed once a session (a test changes only its own copy)."""
    return {
        name: build(tmp_path_factory.mktemp(name))
        for name, build in (
            ("two_years", five_provinces.two_years),
            ("one_year", five_provinces.one_year),
            ("three_years", five_provinces.three_years),
        )
    }


@pytest.fixture()
def two_years(records) -> NationalIndexBuilder:
    return in_report_order(copy.deepcopy(records["two_years"]))


@pytest.fixture()
def one_year(records) -> NationalIndexBuilder:
    return in_report_order(copy.deepcopy(records["one_year"]))


@pytest.fixture()
def three_years(records) -> NationalIndexBuilder:
    return in_report_order(copy.deepcopy(records["three_years"]))


# -- the headline -------------------------------------------------------------------------------


def test_the_headline_states_the_place_the_leader_and_the_change(two_years):
    text = visible(two_years.headline())
    assert text.startswith(
        "3. Kết quả chung năm 2019 "
        "Năm 2019, tỉnh Bắc Kạn đạt 0,80 điểm, xếp thứ 3/5 (đồng hạng với Cao Bằng). "
        "Đứng đầu bảng là Hà Nội với 0,95 điểm; Bắc Kạn kém tỉnh dẫn đầu 0,15 điểm. "
        "Bắc Kạn thuộc nhóm 3 tỉnh, thành phố dẫn đầu. "
        "Bảng năm 2019 chỉ có điểm của 4 tỉnh, thành phố; 1 tỉnh còn lại được nêu ở Mục 6. "
        "So với năm 2018 (4/5, 0,60 điểm), Bắc Kạn tăng 1 bậc; điểm tổng hợp tăng 0,20 điểm. "
        "Khoảng cách với tỉnh dẫn đầu thu hẹp: năm 2018 Bắc Kạn kém Hà Nội (dẫn đầu, 0,90 điểm) 0,30 điểm, "
        "năm 2019 kém 0,15 điểm."
    )
    assert "Hình 1 đặt Bắc Kạn giữa 4 tỉnh, thành phố có điểm; Bảng 2 liệt kê các tỉnh, thành phố dẫn đầu." in text
    assert (
        "Vùng xám: vị trí của 1 tỉnh, thành phố không có điểm trong bảng năm 2019 (Mục 6)." in text
    )  # the figure's note


def test_the_top_table_lists_the_leaders_and_both_tied_third(two_years):
    assert visible(two_years.top_table()) == (
        "Bảng 2. 3 tỉnh, thành phố dẫn đầu năm 2019 "
        "Hạng Tỉnh, thành phố Điểm tổng hợp Kém tỉnh dẫn đầu "
        "1 Hà Nội 0,95 dẫn đầu "
        "2 Hà Giang 0,85 0,10 "
        "3* Bắc Kạn 0,80 0,15 "
        "3* Cao Bằng 0,80 0,15 "
        "*: đồng hạng (bằng điểm nhau, cùng xếp hạng cao hơn; hạng kế tiếp bị bỏ qua)."
    )


def test_three_leaders_are_named_together_and_the_subject_below_the_middle_is_said_so(one_year):
    text = visible(one_year.headline())
    assert text.startswith(
        "3. Kết quả chung năm 2019 "
        "Năm 2019, tỉnh Bắc Kạn đạt 0,80 điểm, xếp thứ 4/5. "
        "Đứng đầu bảng là Cao Bằng, Hà Giang và Hà Nội với 0,95 điểm; Bắc Kạn kém tỉnh dẫn đầu 0,15 điểm. "
        "Bắc Kạn ở nửa dưới của bảng xếp hạng."
    )
    assert "So với năm" not in text  # one year: nothing to compare with
    # the subject outside the top three is added under them, said in the note
    assert visible(one_year.top_table()).endswith(
        "1* Cao Bằng 0,95 dẫn đầu 1* Hà Giang 0,95 dẫn đầu 1* Hà Nội 0,95 dẫn đầu 4 Bắc Kạn 0,80 0,15 "
        "*: đồng hạng (bằng điểm nhau, cùng xếp hạng cao hơn; hạng kế tiếp bị bỏ qua). "
        "Dòng cuối: Bắc Kạn, để so sánh."
    )


# -- the categories -------------------------------------------------------------------------------


def test_the_categories_best_rank_lower_half_and_moves(two_years):
    text = visible(two_years.categories())
    assert (
        "Bảng 3 cho điểm và thứ hạng của Bắc Kạn trong từng hạng mục năm 2019. "
        "Thứ hạng tốt nhất là ở hạng mục “Cổng thông tin điện tử”: 1/5, trong nhóm 3 tỉnh, thành phố dẫn đầu. "
        "Hạng mục ở nửa dưới bảng xếp hạng: “Hạ tầng kỹ thuật” (3/5). "
    ) in text
    # both rose two places: neither is "the most", each is named with its move
    assert (
        "So với năm 2018: hạng mục “Hạ tầng kỹ thuật” tăng 2 bậc, từ 5/5 lên 3/5; "
        "hạng mục “Cổng thông tin điện tử” tăng 2 bậc, từ 3/5 lên 1/5."
    ) in text
    assert "nhiều nhất" not in text


def test_the_categories_table(two_years):
    assert visible(two_years.categories_table()) == (
        "Bảng 3. Điểm và thứ hạng của Bắc Kạn theo hạng mục, năm 2019 "
        "Hạng mục Điểm Hạng Hạng 2018 Thay đổi Điểm cao nhất Tỉnh có điểm cao nhất "
        "(1) Hạ tầng kỹ thuật 0,75 3/5 5/5 ↑2 0,90 Hà Giang, Hà Nội "
        "(2) Cổng thông tin điện tử 0,90 1/5 (đồng hạng) 3/5 ↑2 0,90 Bắc Kạn, Cao Bằng "
        "Thứ hạng tính trong từng hạng mục, từ điểm của hạng mục đó. "
        "Cột “Thay đổi”: so với năm 2018 (↑ tăng bậc, ↓ giảm bậc)."
    )


def _moved(builder: NationalIndexBuilder, changes: dict[str, tuple[int, int]]) -> NationalIndexBuilder:
    """The builder with each category's (previous rank, rank change) set by hand."""
    for category in builder.record["current"]["categories"]:
        if category["code"] in changes:
            previous, change = changes[category["code"]]
            category["previous_rank"], category["rank_change"] = previous, change
    return builder


def test_the_largest_move_alone_is_the_most_and_the_others_are_counted(two_years):
    _moved(two_years, {"infra": (5, 2), "portal": (2, 1)})  # infra 5 -> 3 (+2), portal 2 -> 1 (+1)
    assert visible(two_years.moves_sentence()) == (
        "So với năm 2018: hạng mục tăng bậc nhiều nhất là “Hạ tầng kỹ thuật”, từ 5/5 lên 3/5 (tăng 2 bậc); "
        "1 hạng mục khác cũng tăng bậc."
    )


def test_a_fall_is_said_beside_a_rise(two_years):
    _moved(two_years, {"infra": (2, -1), "portal": (3, 2)})  # infra 2 -> 3 (down 1), portal 3 -> 1 (up 2)
    assert visible(two_years.moves_sentence()) == (
        "So với năm 2018: hạng mục tăng bậc nhiều nhất là “Cổng thông tin điện tử”, từ 3/5 lên 1/5 (tăng 2 bậc); "
        "hạng mục giảm bậc nhiều nhất là “Hạ tầng kỹ thuật”, từ 2/5 xuống 3/5 (giảm 1 bậc)."
    )


def test_no_move_says_nothing(two_years):
    _moved(two_years, {"infra": (3, 0), "portal": (1, 0)})
    assert visible(two_years.moves_sentence()) == ""


# -- the trajectory -------------------------------------------------------------------------------


def test_the_trajectory_over_two_years(two_years):
    text = visible(two_years.trajectory())
    assert text.startswith(
        "5. Diễn biến qua các năm Thứ hạng của Bắc Kạn qua các năm: 4/5 năm 2018, 3/5 năm 2019. "
        "Thứ hạng cao nhất trong giai đoạn này là 3/5 (năm 2019). "
        "Bảng 4 và Hình 3 cho điểm, thứ hạng và khoảng cách với tỉnh dẫn đầu từng năm."
    )
    assert visible(two_years.trajectory_table()) == (
        "Bảng 4. Kết quả của Bắc Kạn qua các năm "
        "Năm Điểm Hạng So với năm trước Tỉnh dẫn đầu Điểm dẫn đầu Kém tỉnh dẫn đầu "
        "2018 0,60 4/5 — Hà Nội 0,90 0,30 "
        "2019 0,80 3/5 ↑1 Hà Nội 0,95 0,15 "
        "Điểm ghi với số chữ số thập phân của bảng từng năm. "
        "Bảng năm 2019 thu thập được có điểm của 4/5 tỉnh, thành phố."
    )


def test_one_year_has_no_earlier_table_to_compare_with(one_year):
    assert visible(one_year.trajectory()).startswith(
        "5. Diễn biến qua các năm Trong dữ liệu không có bảng xếp hạng nào trước năm 2019, "
        "nên chưa có năm trước để so sánh."
    )


def test_earlier_tables_without_a_second_known_rank_are_not_said_to_be_missing(three_years):
    # 2017: rank 4, 0,6012; 2018: Bắc Kạn without a score; 2019: sample data (reconstructed)
    text = visible(three_years.trajectory())
    assert "không có bảng xếp hạng nào" not in text
    assert text.startswith(
        "5. Diễn biến qua các năm Dữ liệu có bảng xếp hạng của các năm 2017, 2018 và 2019, nhưng thứ hạng của "
        "Bắc Kạn chỉ nêu được cho năm 2017 (các năm còn lại: tỉnh không có điểm trong bảng, hoặc số liệu chưa được "
        "công bố), nên chưa so sánh được thứ hạng qua các năm. Bảng 3 ghi những gì đã biết của từng năm."
    )
    assert (
        "2017 0,6012 4/5 Hà Nội 0,9000 0,2988 2018 — — Hà Nội 0,9200 — 2019 — — — — — "
        "Điểm ghi với 4 chữ số thập phân; bảng năm 2018 và 2019 công bố ít chữ số hơn."
    ) in visible(three_years.trajectory_table())


# -- provinces without a score, ties, the annex ---------------------------------------------------


def test_the_missing_province_and_the_tie_are_explained(two_years):
    text = visible(two_years.missing_data())
    assert text.startswith(
        "6. Số liệu thiếu và đồng hạng "
        "Bảng năm 2019 có đủ 5 tỉnh, thành phố, nhưng 1 tỉnh không có điểm tổng hợp: Tuyên Quang."
    )
    assert (
        "Bảng 5. Tỉnh, thành phố không có điểm trong bảng năm 2019 Tỉnh, thành phố Ghi chú Tuyên Quang chưa công bố"
        in (text)
    )
    assert text.endswith(
        "Có 1 nhóm tỉnh bằng điểm nhau, được xếp đồng hạng: hạng 3: Bắc Kạn và Cao Bằng (0,80 điểm). "
        "Thứ hạng liền sau mỗi nhóm bị bỏ qua (sau 2 tỉnh cùng hạng 3 là hạng 5); Bắc Kạn thuộc một nhóm đồng hạng."
    )


def test_three_tied_first_skip_to_the_fourth_rank(one_year):
    assert visible(one_year.missing_data()) == (
        "6. Các tỉnh đồng hạng "
        "Có 1 nhóm tỉnh bằng điểm nhau, được xếp đồng hạng: hạng 1: Cao Bằng, Hà Giang và Hà Nội (0,95 điểm). "
        "Thứ hạng liền sau mỗi nhóm bị bỏ qua (sau 3 tỉnh cùng hạng 1 là hạng 4)."
    )


def test_the_full_table_in_the_annex(two_years):
    assert visible(two_years.national_table()) == (
        "Bảng 6. Bảng xếp hạng đầy đủ năm 2019 Hạng Tỉnh, thành phố Điểm (1) (2) Ghi chú "
        "1 Hà Nội 0,95 0,90 0,85 điểm theo công bố "
        "2 Hà Giang 0,85 0,90 0,80 "
        "3* Bắc Kạn 0,80 0,75 0,90 "
        "3* Cao Bằng 0,80 0,70 0,90 "
        "— Tuyên Quang — — — chưa công bố "
        "Hạng mục: (1) Hạ tầng kỹ thuật; (2) Cổng thông tin điện tử. "
        "*: đồng hạng (bằng điểm nhau, cùng xếp hạng cao hơn; hạng kế tiếp bị bỏ qua). "
        "Các tỉnh không có điểm đứng cuối bảng, không được xếp hạng lại (Mục 6)."
    )


# -- what the charts are given ------------------------------------------------------------------


def test_the_charts_are_drawn_from_the_year_s_figures(two_years, drawn):
    ((current, meta, name),) = drawn["position_chart"]
    assert (current["subject"]["rank"], current["n_scored"], meta["year"], name) == (3, 4, 2019, "Bắc Kạn")
    ((view, count, previous_year),) = drawn["category_chart"]
    assert (count, previous_year) == (5, 2018)
    assert [(c["rank"], c["previous_rank"]) for c in view["categories"]] == [(3, 5), (1, 3)]
    ((points, count, name),) = drawn["trajectory_chart"]
    assert [(p["year"], p["rank"], p["score"], p["leader_score"]) for p in points] == [
        (2018, 4, 0.6, 0.9),
        (2019, 3, 0.8, 0.95),
    ]
    assert (count, name) == (5, "Bắc Kạn")


def test_the_figures_captions_and_notes(two_years):
    text = " ".join(visible(getattr(two_years, part)()) for part in ("headline", "categories", "trajectory"))
    assert "Hình 1. Điểm tổng hợp và thứ hạng của 5 tỉnh, thành phố năm 2019; Bắc Kạn được tô đỏ" in text
    assert (
        "Hình 2. Thứ hạng của Bắc Kạn theo từng hạng mục, năm 2019 Vùng xám: nửa dưới bảng xếp hạng. "
        "Mũi tên: từ thứ hạng năm 2018 đến năm 2019." in text
    )
    assert (
        "Hình 3. Thứ hạng và điểm tổng hợp của Bắc Kạn, 2018–2019 Phương pháp chấm có thể thay đổi giữa các "
        "năm: so sánh điểm chỉ mang tính tham khảo." in text
    )


# -- Bắc Kạn 2019 as shipped: sample tables, the article's figures (seed 002) the only ones stated -----


@pytest.fixture(scope="session")
def backan_2019() -> tuple[dict, dict]:
    """The shipped record and its context (the official form, the published figures of seed 002)."""
    from egov_report.core.document import report_context
    from egov_report.kinds.national_index.analysis import analyse
    from egov_report.kinds.national_index.loading import load_evaluation

    record = analyse(load_evaluation("backan", 2019))
    return record, report_context("backan", 2019, record)


@pytest.fixture()
def backan(backan_2019) -> NationalIndexBuilder:
    record, context = backan_2019
    builder = NationalIndexBuilder(copy.deepcopy(record), **context)
    for part in PARTS:
        getattr(builder, part)()
    return builder


def test_the_summary_states_only_the_article_s_figures(backan):
    # seed 002: 16/63, 0,7699; Thừa Thiên Huế 0,9039, 0,134 behind; 26/63 in 2018 (up 10), 13/63 in 2017
    # (3 lower); online services 8/63; portal 42/63 and human resources 38/63 in the lower half
    assert visible(backan.summary()) == (
        "1. Tóm tắt Năm 2019, tỉnh Bắc Kạn đạt 0,7699 điểm theo chỉ số ứng dụng CNTT, xếp thứ 16/63. "
        "Tỉnh dẫn đầu là Thừa Thiên Huế với 0,9039 điểm; Bắc Kạn kém 0,1340 điểm. "
        "So với năm 2018, thứ hạng tăng 10 bậc (từ 26/63 lên 16/63). "
        "So với năm 2017, thứ hạng giảm 3 bậc (từ 13/63 xuống 16/63). "
        "Trong nhóm 10 tỉnh, thành phố dẫn đầu ở hạng mục “Cung cấp dịch vụ công trực tuyến” (thứ 8/63). "
        "Ở nửa dưới bảng xếp hạng: “Hoạt động của trang/cổng thông tin điện tử” (42/63) và “Nhân lực cho ứng "
        "dụng công nghệ thông tin” (38/63)."
    )


def test_the_headline_compares_with_2018_and_the_real_2017_table(backan):
    # 2018: 0,662 and +0,1079 (seed 002); 2017: 0,651 from the real 2017 table; the 2018 gap as published
    assert visible(backan.headline()) == (
        "4. Kết quả chung năm 2019 Năm 2019, tỉnh Bắc Kạn đạt 0,7699 điểm, xếp thứ 16/63. "
        "Đứng đầu bảng là Thừa Thiên Huế với 0,9039 điểm; Bắc Kạn kém tỉnh dẫn đầu 0,1340 điểm. "
        "Bắc Kạn ở nửa trên của bảng xếp hạng. "
        "So với năm 2018 (26/63, 0,662 điểm), Bắc Kạn tăng 10 bậc; điểm tổng hợp tăng 0,1079 điểm. "
        "So với năm 2017 (13/63, 0,651 điểm), thứ hạng năm 2019 thấp hơn 3 bậc. "
        # the 2018 gap as published, which the annex shows cannot be right (the computed one is sample data)
        "Khoảng cách với tỉnh dẫn đầu thu hẹp: năm 2018 Bắc Kạn kém Đà Nẵng (dẫn đầu) 0,209 điểm (theo số liệu "
        "công bố, xem Phụ lục II), năm 2019 kém 0,1340 điểm. "
        "Phương pháp chấm có thể thay đổi giữa các năm, nên việc so sánh điểm giữa các năm chỉ có giá trị tham "
        "khảo; so sánh thứ hạng phản ánh vị trí của tỉnh chính xác hơn."
    )


def test_the_categories_state_the_published_ranks_and_leave_the_others_empty(backan):
    text = visible(backan.categories())
    assert text.startswith(
        "5. Kết quả theo hạng mục Bảng 2 cho điểm và thứ hạng của Bắc Kạn trong từng hạng mục năm 2019. "
        "Hạng mục “Cung cấp dịch vụ công trực tuyến” xếp thứ 8/63, trong nhóm 10 tỉnh, thành phố dẫn đầu. "
        "Hai hạng mục “Hạ tầng kỹ thuật công nghệ thông tin” (0,7965 điểm) và “Ứng dụng công nghệ thông tin trong "
        "hoạt động của cơ quan nhà nước” (0,8573 điểm) cùng xếp 29/63. "
        "Hạng mục “Hoạt động của trang/cổng thông tin điện tử” (42/63) và “Nhân lực cho ứng dụng công nghệ thông "
        "tin” (38/63) đều xếp ở nửa dưới bảng xếp hạng. "
        "So với năm 2018: hạng mục “Hoạt động của trang/cổng thông tin điện tử” tăng 13 bậc, từ 55/63 lên 42/63."
    )
    assert "Hình chỉ gồm các thứ hạng đã được công bố." in text
    # the policy category (5) has no published rank: no row; scores not published: "—"
    assert visible(backan.categories_table()) == (
        "Bảng 2. Điểm và thứ hạng của Bắc Kạn theo hạng mục, năm 2019 "
        "Hạng mục Điểm Hạng Hạng 2018 Thay đổi "
        "(1) Hạ tầng kỹ thuật công nghệ thông tin 0,7965 29/63 — — "
        "(2) Ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước 0,8573 29/63 — — "
        "(3) Hoạt động của trang/cổng thông tin điện tử — 42/63 55/63 ↑13 "
        "(4) Cung cấp dịch vụ công trực tuyến — 8/63 — — "
        "(6) Nhân lực cho ứng dụng công nghệ thông tin — 38/63 — — "
        "Thứ hạng tính trong từng hạng mục, từ điểm của hạng mục đó. "
        "Cột “Thay đổi”: so với năm 2018 (↑ tăng bậc, ↓ giảm bậc). Ô “—”: số liệu chưa được công bố."
    )


def test_the_trajectory_over_three_years_with_the_2018_leader_s_score_unknown(backan):
    text = visible(backan.trajectory())
    assert text.startswith(
        "6. Diễn biến qua các năm Thứ hạng của Bắc Kạn qua các năm: 13/63 năm 2017, 26/63 năm 2018, 16/63 năm 2019. "
        "Thứ hạng cao nhất trong giai đoạn này là 13/63 (năm 2017). "
        "Bảng 3 và Hình 2 cho điểm, thứ hạng và khoảng cách với tỉnh dẫn đầu từng năm."
    )
    assert (
        "Hình 2. Thứ hạng và điểm tổng hợp của Bắc Kạn, 2017–2019 Phương pháp chấm có thể thay đổi giữa các năm: "
        "so sánh điểm chỉ mang tính tham khảo. Điểm của tỉnh dẫn đầu năm 2018 chưa được công bố nên không có "
        "trong hình."
    ) in text
    # 2017 from the real table (Thừa Thiên Huế 0,727, Bắc Kạn 0,651: 0,076 behind); 2018 and 2019 the article's
    assert text.endswith(
        "Bảng 3. Kết quả của Bắc Kạn qua các năm "
        "Năm Điểm Hạng So với năm trước Tỉnh dẫn đầu Điểm dẫn đầu Kém tỉnh dẫn đầu "
        "2017 0,6510 13/63 — Thừa Thiên Huế 0,7270 0,0760 "
        "2018 0,6620 26/63 ↓13 Đà Nẵng — 0,2090* "
        "2019 0,7699 16/63 ↑10 Thừa Thiên Huế 0,9039 0,1340 "
        "Điểm ghi với 4 chữ số thập phân; bảng năm 2017 và 2018 công bố ít chữ số hơn. "
        "*: 0,209 theo số liệu công bố, xem Phụ lục II. "
        "Ô “—”: số liệu chưa được công bố. Bảng năm 2017 thu thập được có điểm của 53/63 tỉnh, thành phố."
    )


def test_no_part_on_missing_scores_when_the_year_s_table_is_sample(backan):
    assert backan.section_order() == ("scope", "headline", "categories", "trajectory")
    assert visible(backan.missing_data()) == ""


# -- the tables as a reader sees them: numbers to the right, words to the left, the subject's row marked --


def _layout(table) -> tuple[list[tuple[str, str]], list[str]]:
    """([(header, its alignment)], [each body row's class]) of a table's HTML."""
    html_text = str(table)
    headers = re.findall(r'<th class="(\w+)" style="text-align: \w+">([^<]*)</th>', html_text)
    rows = re.findall(r'<tr class="([^"]*)">', html_text)
    return [(label, align) for align, label in headers], rows


def test_each_table_aligns_numbers_right_and_words_left(two_years):
    assert _layout(two_years.top_table()) == (
        [("Hạng", "right"), ("Tỉnh, thành phố", "left"), ("Điểm tổng hợp", "right"), ("Kém tỉnh dẫn đầu", "right")],
        ["", "", "subject", ""],  # Hà Nội, Hà Giang, Bắc Kạn, Cao Bằng
    )
    assert _layout(two_years.categories_table())[0] == [
        ("Hạng mục", "left"),
        ("Điểm", "right"),
        ("Hạng", "right"),
        ("Hạng 2018", "right"),
        ("Thay đổi", "right"),
        ("Điểm cao nhất", "right"),
        ("Tỉnh có điểm cao nhất", "left"),
    ]
    assert _layout(two_years.trajectory_table())[0] == [
        ("Năm", "right"),
        ("Điểm", "right"),
        ("Hạng", "right"),
        ("So với năm trước", "right"),
        ("Tỉnh dẫn đầu", "left"),
        ("Điểm dẫn đầu", "right"),
        ("Kém tỉnh dẫn đầu", "right"),
    ]
    assert _layout(two_years.national_table()) == (
        [
            ("Hạng", "right"),
            ("Tỉnh, thành phố", "left"),
            ("Điểm", "right"),
            ("(1)", "right"),
            ("(2)", "right"),
            ("Ghi chú", "left"),
        ],
        ["", "", "subject", "", ""],
    )
    assert _layout(two_years.missing_table())[0] == [("Tỉnh, thành phố", "left"), ("Ghi chú", "left")]
    assert _layout(two_years.category_list_table())[0] == [("Hạng mục", "left")]


# -- the technical annexes ------------------------------------------------------------------------

VALIDATION = {
    "expectations_evaluated": 12,
    "expectations_passed": 12,
    "runs": [
        {"file": "data/backan/provinces.csv", "suite": "national_index_registry", "evaluated": 5, "passed": 5},
        {"file": "data/backan/2019/national_ranking.csv", "suite": "national_index_table", "evaluated": 7, "passed": 7},
    ],
    "warnings": [{"message": "Tuyên Quang: không có điểm"}],
}


def test_the_validation_annex_says_what_the_suites_check_and_how_many_passed(two_years):
    text = visible(two_years.validation_appendix(VALIDATION))
    assert text.startswith(
        "Phụ lục 2. Kiểm tra dữ liệu đầu vào Trước khi phân tích, mọi tệp đầu vào được kiểm tra tự động bằng "
        "các bộ quy tắc Great Expectations lưu trong thư mục expectations/: danh mục có đúng 5 tỉnh, thành phố "
        "với mã và tên không trùng, không có tên gọi khác nào trỏ tới hai tỉnh; bảng của mỗi năm có cột tỉnh và "
        "cột điểm, mỗi tỉnh đúng một dòng (tên khớp với danh mục, kể cả tên gọi khác), điểm là số từ 0 đến 1, "
        "thứ hạng ghi trong bảng (nếu có) khớp với thứ hạng tính từ điểm. Kết quả: 12/12 quy tắc đạt trên "
        "2 lượt kiểm tra."
    )
    assert "data/backan/2019/national_ranking.csv national_index_table 7 7" in text
    assert text.endswith("Cảnh báo (không chặn báo cáo, cần cán bộ phân tích xem lại): Tuyên Quang: không có điểm")


def test_the_provenance_annex_lists_each_input_with_its_digest_and_size(two_years):
    provenance = {
        "code_version": "abc1234",
        "generated_at": "07/12/2026 10:00",
        "inputs": [{"path": "data/backan/provinces.csv", "sha256": "0123456789abcdef0123", "bytes": 1537}],
        "packages": {"pandas": "3.0.0", "jinja2": "3.1.6"},
    }
    text = visible(two_years.provenance(provenance))
    assert text.startswith("Phụ lục 3. Nguồn gốc số liệu Mọi con số trong báo cáo được tính từ các tệp dưới đây")
    assert "Phiên bản mã nguồn: abc1234. Thời điểm tạo: 07/12/2026 10:00." in text
    assert "data/backan/provinces.csv 0123456789abcdef 1.537" in text  # 16 characters of the digest; 1.537 bytes
    assert text.endswith("Thư viện: pandas 3.0.0, jinja2 3.1.6.")


# The class of each figure of Bắc Kạn 2019, worked out by hand from the data: the 2017 table is real
# (data/backan/2017), the 2018 and 2019 tables are sample data, and seed 002 publishes 0,7699, 16/63,
# 0,9039, 0,134, 26/63 and 0,662 (+10, +0,1079, 0,209 behind Đà Nẵng), 13/63 in 2017 (3 lower), and the
# categories' ranks 29, 29, 42 (55 in 2018), 8, 38 with the scores 0,7965 and 0,8573.
BAC_KAN_CLASSES = {
    "current.subject.score": "published",
    "current.subject.rank": "published",
    "current.gap": "published",
    "current.leader_score": "published",
    "current.median": "sample",  # the median of the sample table
    "current.n_total": "published",
    "current.n_scored": "sample",
    "comparisons.2017.rank": "published",
    "comparisons.2017.score": "real",  # the real 2017 table
    "comparisons.2017.leader_score": "real",
    "comparisons.2017.gap": "real",  # 0,727 − 0,651, both real
    "comparisons.2017.rank_change": "published",
    "comparisons.2017.score_change": "real",  # 0,7699 (published) − 0,651 (real)
    "comparisons.2018.score": "published",
    "comparisons.2018.gap": "published",
    "comparisons.2018.leader_score": "sample",  # Đà Nẵng's 2018 score was not published
    "trajectory.2017.score": "real",  # the same figures under the trajectory's keys
    "trajectory.2017.rank": "published",
    "trajectory.2018.rank_change": "real",  # 13 -> 26, both published
    "trajectory.2018.score_change": "real",  # 0,651 (real) -> 0,662 (published)
    "trajectory.2018.leader_score": "sample",
    "trajectory.2018.gap": "published",
    "trajectory.2019.score": "published",
    "trajectory.2019.rank_change": "real",  # 26 -> 16, both published
    "current.categories.online_services.rank": "published",
    "current.categories.online_services.score": "sample",
    "current.categories.infrastructure.score": "published",
    "current.categories.portal.previous_rank": "published",
    "current.categories.portal.rank_change": "published",
    "current.categories.infrastructure.previous_rank": "sample",  # its 2018 rank was not published
    "current.categories.infrastructure.rank_change": "sample",
}


def test_what_the_body_may_state_of_bac_kan_2019(backan):
    assert {key: backan.figure_class(key) for key in BAC_KAN_CLASSES} == BAC_KAN_CLASSES


def test_a_sample_year_has_no_part_on_missing_scores_even_with_a_tie(three_years):
    # 2019 (sample) has Bắc Kạn and Cao Bằng tied at 0,80: the tie is sample data, not said
    assert three_years.section_order() == ("scope", "headline", "categories", "trajectory")
    assert visible(three_years.missing_data()) == ""


def test_ranks_and_their_changes_in_words_and_marks():
    assert [narrative.rank_text(r, 63) for r in (None, 1, 16)] == ["—", "1/63", "16/63"]
    assert [narrative.rank_change_words(c) for c in (None, 0, 3, -2)] == [
        "",
        "giữ nguyên thứ hạng",
        "tăng 3 bậc",
        "giảm 2 bậc",
    ]
    assert [narrative.rank_change_mark(c) for c in (None, 0, 1, -13)] == ["—", "=", "↑1", "↓13"]


def test_the_method_says_which_years_are_sample_and_what_the_body_states(backan, three_years):
    assert visible(backan.scope_and_method()).endswith(
        "Báo cáo chưa thu thập được bảng điểm đầy đủ của các tỉnh, thành phố năm 2018 và 2019, nên phần thân báo "
        "cáo chỉ nêu các số liệu đã công bố, các số liệu của bảng xếp hạng năm 2017 cùng các số liệu suy ra từ đó; "
        "điểm của từng tỉnh, thành phố tính trên dữ liệu mẫu được trình bày riêng ở Phụ lục I để minh họa."
    )
    assert visible(three_years.scope_and_method()).endswith(
        "Báo cáo chưa thu thập được bảng điểm đầy đủ của các tỉnh, thành phố năm 2019, nên phần thân báo cáo chỉ "
        "nêu các số liệu đã công bố, các số liệu của bảng xếp hạng năm 2017 và 2018 cùng các số liệu suy ra từ đó; "
        "điểm của từng tỉnh, thành phố tính trên dữ liệu mẫu được trình bày riêng ở Phụ lục để minh họa."
    )


def test_a_published_index_says_nothing_of_sample_data(two_years):
    assert two_years.data_sentence() == ""
    assert "dữ liệu mẫu" not in visible(two_years.scope_and_method())


def test_small_counts_open_a_sentence_in_words():
    assert [NationalIndexBuilder.count_words(n) for n in range(1, 8)] == ["một", "hai", "ba", "bốn", "năm", "sáu", "7"]


@pytest.mark.parametrize("index", ["two_years", "one_year", "three_years", "backan"])
def test_every_marked_figure_prints_the_record_s_value_at_its_key(index, request):
    builder = request.getfixturevalue(index)
    parts = [getattr(builder, part)() for part in ("summary", "headline", "categories", "trajectory", "missing_data")]
    parts.append(builder.annex_table())
    page = "".join(getattr(p, "data", str(p)) for p in parts)
    assert disagreements(page, builder.record, builder.stated_as_published, builder.alias) == []


# -- what may be stated when real and sample tables alternate -----------------------------------------
# The class of each figure worked out by hand from the rule of docs/decisions.md: a figure of a real
# year's table is real; one resting on a sample table is sample unless it is published, or derived (a
# change, a gap) from figures that are all published or real.


@pytest.fixture(scope="session")
def alternating(tmp_path_factory) -> dict:
    """The two indexes whose tables alternate between real and sample data, analysed once a session."""
    from egov_report.core.published import read_for

    record, data_dir = five_provinces.sample_between_real(tmp_path_factory.mktemp("sample-between-real"))
    return {
        "sample_between_real": (record, read_for("backan", 2019, record, data_dir)),
        "real_after_sample": (five_provinces.real_after_sample(tmp_path_factory.mktemp("real-after-sample")), []),
    }


def alternating_builder(alternating, name: str) -> NationalIndexBuilder:
    record, published = alternating[name]
    return NationalIndexBuilder(copy.deepcopy(record), published=published)


# 2017 sample, 2018 real, 2019 sample; published: 2019's score 0,80, rank 3, leader 0,95; 2017's score
# 0,6012, rank 4, leader 0,90; infra's rank 3 (5 in 2018) and portal's 2018 rank 3.
SAMPLE_BETWEEN_REAL = {
    "current.subject.score": "published",
    "current.gap": "real",  # 0,95 − 0,80, both published
    "current.median": "sample",
    "current.n_scored": "sample",
    "comparisons.2018.score": "real",
    "comparisons.2018.gap": "real",
    "comparisons.2018.rank_change": "real",  # 4 (real) -> 3 (published)
    "comparisons.2018.score_change": "real",  # 0,60 (real) -> 0,80 (published)
    "comparisons.2017.score": "published",
    "comparisons.2017.gap": "real",  # 0,90 − 0,6012, both published
    "comparisons.2017.rank_change": "real",  # 4 -> 3, both published
    "comparisons.2017.score_change": "real",
    "comparisons.2017.leaders.0": "sample",  # the 2017 leader's name: sample table, not published
    "trajectory.2017.gap": "real",  # the same figure as comparisons.2017.gap
    "trajectory.2017.rank_change": "sample",  # no table before 2017: nothing to derive it from
    "trajectory.2018.rank_change": "real",  # 4 (published) -> 4 (real)
    "trajectory.2018.score_change": "real",
    "trajectory.2019.score_change": "real",  # 0,60 (real) -> 0,80 (published)
    "trajectory.2019.leader_score": "published",
    "current.categories.infra.score": "sample",
    "current.categories.infra.rank_change": "real",  # 5 -> 3, both published
    "current.categories.portal.previous_rank": "published",
    "current.categories.portal.rank_change": "sample",  # its 2019 rank rests on the sample table
}

# 2017 sample (both categories), 2018 real (overall scores only), 2019 real; nothing published.
REAL_AFTER_SAMPLE = {
    "current.subject.score": "real",
    "current.categories.infra.score": "real",
    "current.categories.infra.previous_rank": "sample",  # the categories' last earlier table is 2017's
    "current.categories.infra.rank_change": "sample",
    "comparisons.2018.score_change": "real",
    "comparisons.2017.score": "sample",
    "comparisons.2017.score_change": "sample",
    "trajectory.2018.score_change": "sample",  # 0,6012 (sample) -> 0,60
    "trajectory.2019.score_change": "real",  # 0,60 -> 0,80, both real
    "trajectory.2019.rank_change": "real",
}

# 2017 and 2018 real (Bắc Kạn without a 2018 score), 2019 sample; nothing published.
THREE_YEARS_CLASSES = {
    "current.subject.score": "sample",
    "comparisons.2017.score": "real",
    "comparisons.2017.gap": "real",
    "comparisons.2017.score_change": "sample",  # to 2019's sample score
    "trajectory.2017.score": "real",
}


@pytest.mark.parametrize(
    "name, classes", [("sample_between_real", SAMPLE_BETWEEN_REAL), ("real_after_sample", REAL_AFTER_SAMPLE)]
)
def test_what_the_body_may_state_when_real_and_sample_tables_alternate(alternating, name, classes):
    builder = alternating_builder(alternating, name)
    assert {key: builder.figure_class(key) for key in classes} == classes


def test_what_the_body_may_state_when_only_the_year_s_table_is_sample(three_years):
    assert {key: three_years.figure_class(key) for key in THREE_YEARS_CLASSES} == THREE_YEARS_CLASSES


def test_the_list_of_categories_says_which_the_year_s_table_scores(two_years, three_years):
    # the report's first table; both categories scored in 2019 (two_years): the list alone; three_years' 2019 table has no portal column
    assert visible(two_years.category_list_table()) == (
        "Bảng 1. Các hạng mục của chỉ số Hạng mục (1) Hạ tầng kỹ thuật (2) Cổng thông tin điện tử"
    )
    assert visible(three_years.category_list_table()) == (
        "Bảng 1. Các hạng mục của chỉ số Hạng mục Trong bảng năm 2019 (1) Hạ tầng kỹ thuật có điểm "
        "(2) Cổng thông tin điện tử không có số liệu"
    )


def test_which_years_tables_are_sample_data(two_years, three_years, alternating):
    between = alternating_builder(alternating, "sample_between_real")
    after = alternating_builder(alternating, "real_after_sample")
    assert [b.is_sample() for b in (two_years, three_years, between, after)] == [False, True, True, True]
    assert [b.sample_years() for b in (two_years, three_years, between, after)] == [[], [2019], [2017, 2019], [2017]]
    assert [between.year_is_sample(y) for y in (2016, 2017, 2018, 2019, None)] == [False, True, False, True, False]


def test_how_an_earlier_rank_stands_in_words():
    assert [NationalIndexBuilder.rank_difference_words(c) for c in (0, 3, 1, -1, -13)] == [
        "không đổi",
        "cao hơn 3 bậc",
        "cao hơn 1 bậc",
        "thấp hơn 1 bậc",
        "thấp hơn 13 bậc",
    ]


def _ranked(builder: NationalIndexBuilder, code: str, rank: int) -> None:
    next(c for c in builder.record["current"]["categories"] if c["code"] == code)["rank"] = rank


def test_a_rise_of_one_place_is_a_rise(two_years):
    _moved(two_years, {"infra": (4, 1), "portal": (1, 0)})  # infra 4 -> 3, portal kept 1
    assert visible(two_years.moves_sentence()) == (
        "So với năm 2018: hạng mục tăng bậc nhiều nhất là “Hạ tầng kỹ thuật”, từ 4/5 lên 3/5 (tăng 1 bậc)."
    )


def test_of_two_falls_the_larger_is_the_most_whatever_their_order(two_years):
    _ranked(two_years, "portal", 4)
    _moved(two_years, {"infra": (2, -1), "portal": (1, -3)})  # infra 2 -> 3 first, portal 1 -> 4
    assert visible(two_years.moves_sentence()) == (
        "So với năm 2018: hạng mục giảm bậc nhiều nhất là “Cổng thông tin điện tử”, từ 1/5 xuống 4/5 (giảm 3 bậc)."
    )


def test_two_equal_falls_are_each_named_with_their_move(two_years):
    _ranked(two_years, "portal", 2)
    _moved(two_years, {"infra": (2, -1), "portal": (1, -1)})  # infra 2 -> 3, portal 1 -> 2
    assert visible(two_years.moves_sentence()) == (
        "So với năm 2018: hạng mục “Hạ tầng kỹ thuật” giảm 1 bậc, từ 2/5 xuống 3/5; "
        "hạng mục “Cổng thông tin điện tử” giảm 1 bậc, từ 1/5 xuống 2/5."
    )


def test_the_lower_half_begins_after_the_middle_rank(two_years):
    # six provinces (as if the registry had one more): rank 3 is in the upper half, rank 4 in the lower
    two_years.count = 6
    _ranked(two_years, "portal", 4)
    assert [c["label"] for c in two_years.lower_half()] == ["Cổng thông tin điện tử"]
    _ranked(two_years, "portal", 3)
    assert two_years.lower_half() == []


@pytest.fixture()
def rank_without_score(tmp_path) -> NationalIndexBuilder:
    """2019 of the two-year index, but Tuyên Quang published 5th without a score."""
    table = five_provinces.TABLES[2019].replace(",Tuyên Quang,,,,", "5,Tuyên Quang,,,,")
    settings = "data_status: published\nnotes: {Tuyên Quang: chưa công bố}\n"
    return in_report_order(five_provinces.index_record(tmp_path, {2019: (settings, table)}))


def test_a_published_rank_without_a_score_is_listed_but_not_ranked_again(rank_without_score):
    missing = rank_without_score.missing_table()
    assert visible(missing).endswith(
        "Tỉnh, thành phố không có điểm trong bảng năm 2019 Tỉnh, thành phố Hạng theo công bố Ghi chú "
        "Tuyên Quang 5/5 chưa công bố"
    )
    assert '<th class="right" style="text-align: right">Hạng theo công bố</th>' in missing
    assert '<td class="right" style="text-align: right">5/5</td>' in missing
    assert "— Tuyên Quang — — — hạng 5 theo công bố; chưa công bố" in visible(rank_without_score.national_table())


def test_one_year_s_trajectory_table_says_why_it_has_no_change_column(one_year):
    assert visible(one_year.trajectory_table()) == (
        "Bảng 4. Kết quả của Bắc Kạn qua các năm Năm Điểm Hạng Tỉnh dẫn đầu Điểm dẫn đầu Kém tỉnh dẫn đầu "
        "2019 0,80 4/5 Cao Bằng, Hà Giang và Hà Nội 0,95 0,15 "
        "Điểm ghi với số chữ số thập phân của bảng từng năm. "
        "Bảng không có cột “So với năm trước”: chưa có số liệu năm trước để so sánh."
    )
