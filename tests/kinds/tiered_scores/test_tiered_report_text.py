"""What the tiered report says, sentence by sentence, for the province of tests/support/merger_province.py.

Every figure is typed by hand from the tables in that module's docstring: districts 2024 Thủy Lâm 82,
Hà Châu 74, Tây Giang 50 (mean 68,67; 2023 over four districts 60,00, +8,67 = +14,5 %); Thủy Lâm against
its predecessors' mean 62,50 (+31,2 %), Hà Châu 65 -> 74 (+13,8 %); gap 82 − 50 = 32,00 against 2023's
75 − 50 = 25,00. Communes 2024: 90, 80, 70, 60, 55, 50, 45, 40 (mean 61,25); 2023: 85, 75, 65, 55, 50, 45,
40, 35 (56,25; +5,00 = +8,9 %); the largest rises in per cent: Tân Hòa 35 -> 40 (14,3 %), Hưng Thịnh
40 -> 45 (12,5 %), Phú Lộc 45 -> 50 (11,1 %). Bands from 80 / 65 / 50 % of 100.
"""

from __future__ import annotations

import copy

import pytest

from egov_report.kinds.tiered_scores import charts, narrative
from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder
from support import merger_province as mp
from support.marked_figures import disagreements
from support.report_text import TIERED_CHARTS, charts_recorded, misaligned, visible


@pytest.fixture(autouse=True)
def drawn(monkeypatch) -> dict:
    """The charts' arguments (drawing: tests/core/test_charts.py and test_narrative.py)."""
    return charts_recorded(monkeypatch, charts, TIERED_CHARTS)


@pytest.fixture(scope="session")
def merger_record(tmp_path_factory) -> dict:
    """The 2024 record, its data published (the body states every figure), analysed once a session."""
    data_dir = tmp_path_factory.mktemp("merger-text")
    mp.write(data_dir)
    record = analyse(load_evaluation(mp.CODE, 2024, data_dir))
    return {**record, "meta": {**record["meta"], "data_status": "published"}}


def in_report_order(record: dict) -> tuple[TieredReportBuilder, dict[str, str]]:
    """The builder and each part's text, built in the notebook's order (tables and figures numbered as
    in the report)."""
    builder = TieredReportBuilder(copy.deepcopy(record))
    parts = {}
    for part in ("title", "summary", "legal_basis", "scope_and_method", "overview"):
        parts[part] = visible(getattr(builder, part)())
    for tier in builder.record["tiers"]:
        parts[tier["code"]] = visible(builder.tier_results(tier["code"]))
    parts["annex"] = visible(builder.annex_rankings())
    return builder, parts


@pytest.fixture(scope="module")
def report(merger_record) -> dict[str, str]:
    """Each part's text, built once a module (charts not drawn; what they are given: ``drawn``)."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        charts_recorded(monkeypatch, charts, TIERED_CHARTS)
        return in_report_order(merger_record)[1]


# -- summary and scope ----------------------------------------------------------------------------


def test_the_summary_gives_each_tier_its_mean_change_best_and_bands(report):
    assert report["summary"] == (
        "1. Tóm tắt Năm 2024, mức độ Chính quyền điện tử được đánh giá tại 11 đơn vị: 3 huyện, thị xã, thành phố "
        "và 8 xã, phường, thị trấn (năm 2023: 4 huyện, thị xã, thành phố; số đơn vị thay đổi do sắp xếp đơn vị "
        "hành chính, xem mục 2.1). "
        "Khối huyện, thị xã, thành phố: điểm trung bình 68,67/100 điểm (68,7% điểm tối đa), tăng 8,67 điểm so "
        "với năm 2023; cao nhất là thành phố Thủy Lâm (82,00 điểm). "
        "Khối xã, phường, thị trấn: điểm trung bình 61,25/100 điểm (61,3% điểm tối đa), tăng 5,00 điểm so với "
        "năm 2023; cao nhất là phường Châu Thành (thành phố Hà Châu) với 90,00 điểm, thấp nhất là xã Tân Hòa "
        "(thành phố Hà Châu) với 40,00 điểm. "
        "Số đơn vị theo mức xếp loại: khối huyện, thị xã, thành phố 1 tốt, 1 khá, 1 trung bình; khối xã, phường, "
        "thị trấn 2 tốt, 1 khá, 3 trung bình, 2 dưới trung bình."
    )


def test_the_scope_names_each_change_its_basis_and_how_years_are_compared(report):
    scope = report["scope_and_method"]
    assert scope.startswith(
        "2. Phạm vi, tiêu chí và phương pháp đánh giá 2.1. Phạm vi Năm 2024, mức độ Chính quyền điện tử được "
        "đánh giá tại 11 cơ quan, đơn vị trên địa bàn tỉnh Thủy Lâm, gồm 3 huyện, thị xã, thành phố và 8 xã, "
        "phường, thị trấn. "
        "Từ ngày 01/01/2024, huyện Đông Sơn được nhập vào thành phố Thủy Lâm theo Nghị quyết số 9001/NQ-UBTVQH15 "
        "ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội. "
        "Từ ngày 01/01/2024, thị xã Hà Châu được chuyển thành thành phố Hà Châu theo Nghị quyết số "
        "9001/NQ-UBTVQH15 ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội. "
        "Để so sánh với năm 2023, điểm năm 2023 của thành phố Thủy Lâm được quy đổi bằng trung bình cộng điểm "
        "năm 2023 của thành phố Thủy Lâm và huyện Đông Sơn; mức thay đổi điểm và thứ hạng của thành phố Thủy Lâm "
        "so với năm 2023 tính theo điểm quy đổi này. "
        "Điểm trung bình và số đơn vị theo từng mức xếp loại của mỗi năm được tính trên các đơn vị của năm đó "
        "(năm 2023: 4 đơn vị; năm 2024: 3 đơn vị). "
        "Thứ hạng năm 2023 của các địa phương cấp huyện dùng để so sánh được tính lại trên 3 đơn vị theo danh mục "
        "đơn vị năm 2024. "
        "Từ ngày 01/01/2024, xã Phú Cường và xã Phú Lộc chuyển về trực thuộc thành phố Thủy Lâm theo Nghị quyết "
        "số 9001/NQ-UBTVQH15 ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội. "
        "Từ ngày 01/01/2024, xã Tân Hòa chuyển về trực thuộc thành phố Hà Châu theo Nghị quyết số 77/NQ-HĐND "
        "ngày 08/12/2023 của Hội đồng nhân dân tỉnh Thủy Lâm. "
        "Từ ngày 01/01/2024, xã Hưng Lợi được đổi tên thành xã Hưng Thịnh theo Nghị quyết số 9001/NQ-UBTVQH15 "
        "ngày 14/12/2023 của Ủy ban Thường vụ Quốc hội."
    )
    assert (
        "Bảng 2. Các mức xếp loại và ngưỡng điểm Mức Tỷ lệ điểm tối đa Huyện, thị xã, thành phố (/100) "
        "Xã, phường, thị trấn (/100) Tốt từ 80% ≥ 80 ≥ 80 Khá từ 65% đến dưới 80% 65 – < 80 65 – < 80 "
        "Trung bình từ 50% đến dưới 65% 50 – < 65 50 – < 65 Dưới trung bình dưới 50% < 50 < 50"
    ) in scope
    assert (
        "Bảng 1. Nhóm tiêu chí và điểm tối đa theo khối Khối Nhóm tiêu chí Điểm tối đa "
        "Huyện, thị xã, thành phố (1) Điều kiện sẵn sàng 40 (2) Kết quả đạt được 60 Tổng điểm tối đa 100 "
        "Xã, phường, thị trấn Tổng điểm tối đa 100"
    ) in scope


def test_the_overview_table_and_the_groups_compared(report):
    assert report["overview"] == (
        "3. Tổng quan kết quả Bảng 3 tóm tắt kết quả của từng khối và thay đổi so với năm 2023. "
        "Bảng 3. Kết quả chung theo khối, năm 2024 "
        "Khối Số đơn vị Điểm TB % tối đa So với 2023 Cao nhất Thấp nhất Tốt Khá Trung bình Dưới trung bình "
        "Huyện, thị xã, thành phố 3 68,67/100 68,7% +8,67 82,00 50,00 1 1 1 0 "
        "Xã, phường, thị trấn 8 61,25/100 61,3% +5,00 90,00 40,00 2 1 3 2 "
        # readiness 27,33 / 40 = 68,3 %, results 41,33 / 60 = 68,9 %
        "Tính theo tỷ lệ so với điểm tối đa của nhóm, ở khối huyện, thị xã, thành phố, nhóm tiêu chí đạt cao "
        "nhất là “Kết quả đạt được” (68,9%), thấp nhất là “Điều kiện sẵn sàng” (68,3%). "
        "Hình 1. Cơ cấu xếp loại theo khối, năm 2023 và 2024 "
        "Hình 2. Điểm trung bình của từng nhóm tiêu chí, tính theo % điểm tối đa của nhóm, năm 2024 "
        "Huyện, thị xã, thành phố: (1) Điều kiện sẵn sàng; (2) Kết quả đạt được."
    )


# -- the districts: a merger, a recount of ranks --------------------------------------------------


def test_the_districts_mean_ranking_and_moves(report):
    text = report["districts"]
    assert text.startswith(
        "4. Kết quả khối huyện, thị xã, thành phố 4.1. Điểm trung bình Năm 2024, 3 địa phương cấp huyện đạt "
        "điểm trung bình 68,67/100 điểm, bằng 68,7% điểm tối đa, tương ứng mức khá. So với năm 2023 "
        "(60,00 điểm), điểm trung bình tăng 8,67 điểm (tăng 14,5%). "
        "4.2. Xếp hạng Dẫn đầu là thành phố Thủy Lâm (82,00/100 điểm); xếp thứ hai là thành phố Hà Châu "
        "(74,00 điểm); xếp thứ ba là huyện Tây Giang (50,00 điểm). "
        "Khoảng cách giữa đơn vị cao nhất và thấp nhất là 32,00 điểm; năm 2023 khoảng cách này là 25,00 điểm "
        "(nới rộng 7,00 điểm). "
        "So với năm 2023, 1 đơn vị tăng bậc (thành phố Thủy Lâm, +1), 1 đơn vị giảm bậc (thành phố Hà Châu, −1) "
        "và 1 đơn vị giữ nguyên thứ hạng. "
        "Tăng điểm nhiều nhất trong khối huyện, thị xã, thành phố so với năm 2023 (tính theo tỷ lệ) là thành phố "
        "Thủy Lâm: từ 62,50 (điểm quy đổi) lên 82,00 điểm, tăng 31,2%; thành phố Hà Châu: từ 65,00 lên "
        "74,00 điểm, tăng 13,8%."
    )


def test_the_districts_bands_and_groups(report):
    text = report["districts"]
    # 2024: 82 good, 74 fair, 50 average; 2023: 75 and 65 fair, 50 and 50 average
    assert (
        "4.3. Xếp loại Năm 2024, khối huyện, thị xã, thành phố có 1 đơn vị đạt mức tốt (33,4%); 1 đơn vị đạt mức "
        "khá (33,3%); 1 đơn vị đạt mức trung bình (33,3%); không có đơn vị nào ở mức dưới trung bình. "
        "So với năm 2023: mức tốt tăng 1 đơn vị (từ 0 thành 1); mức khá giảm 1 đơn vị (từ 2 thành 1); mức trung "
        "bình giảm 1 đơn vị (từ 2 thành 1); mức dưới trung bình không đổi (0 đơn vị). "
        "Tốt (1): thành phố Thủy Lâm. Khá (1): thành phố Hà Châu. Trung bình (1): huyện Tây Giang."
    ) in text
    # readiness (32 + 30 + 20) / 3 = 27,33 of 40 (68,3 %), 2023 22,50; results 124 / 3 = 41,33 of 60 (68,9 %), 37,50
    assert text.endswith(
        "Điểm trung bình của từng nhóm tiêu chí ở Bảng 4. Bảng 4. Điểm trung bình theo nhóm tiêu chí, khối huyện, "
        "thị xã, thành phố Nhóm tiêu chí Điểm tối đa TB 2024 % tối đa TB 2023 Thay đổi "
        "(1) Điều kiện sẵn sàng 40 27,33 68,3% 22,50 +4,83 (2) Kết quả đạt được 60 41,33 68,9% 37,50 +3,83"
    )


# -- the communes: by district, ties among districts ----------------------------------------------


def test_the_communes_mean_leaders_lowest_and_rises(report):
    text = report["communes"]
    assert text.startswith(
        "5. Kết quả khối xã, phường, thị trấn 5.1. Điểm trung bình Năm 2024, 8 đơn vị cấp xã đạt điểm trung bình "
        "61,25/100 điểm, bằng 61,3% điểm tối đa, tương ứng mức trung bình. So với năm 2023 (56,25 điểm), điểm "
        "trung bình tăng 5,00 điểm (tăng 8,9%). "
        "5.2. Xếp hạng Dẫn đầu là phường Châu Thành (thành phố Hà Châu) với 90,00/100 điểm; xếp thứ hai là phường "
        "Thủy An (thành phố Thủy Lâm) với 80,00 điểm; xếp thứ ba là phường Thủy Bình (thành phố Thủy Lâm) với "
        "70,00 điểm. "
        "Đơn vị có tổng điểm thấp nhất là xã Tân Hòa (thành phố Hà Châu), đạt 40,00 điểm (năm 2023: 35,00 điểm). "
        "Khoảng cách giữa đơn vị cao nhất và thấp nhất là 50,00 điểm; năm 2023 khoảng cách này là 50,00 điểm "
        "(không đổi). "
        "Tăng điểm nhiều nhất trong khối xã, phường, thị trấn so với năm 2023 (tính theo tỷ lệ) là xã Tân Hòa "
        "(thành phố Hà Châu): từ 35,00 lên 40,00 điểm, tăng 14,3%; xã Hưng Thịnh (huyện Tây Giang): từ 40,00 lên "
        "45,00 điểm, tăng 12,5%; xã Phú Lộc (thành phố Thủy Lâm): từ 45,00 lên 50,00 điểm, tăng 11,1%."
    )


def test_the_communes_bands_named_by_rank(report):
    # 2024: 90, 80 good; 70 fair; 60, 55, 50 average; 45, 40 below; 2023: 85 | 75, 65 | 55, 50 | 45, 40, 35
    assert (
        "5.3. Xếp loại Năm 2024, khối xã, phường, thị trấn có 2 đơn vị đạt mức tốt (25,0%); 1 đơn vị đạt mức khá "
        "(12,5%); 3 đơn vị đạt mức trung bình (37,5%); 2 đơn vị ở mức dưới trung bình (25,0%). "
        "So với năm 2023: mức tốt tăng 1 đơn vị (từ 1 thành 2); mức khá giảm 1 đơn vị (từ 2 thành 1); mức trung "
        "bình tăng 1 đơn vị (từ 2 thành 3); mức dưới trung bình giảm 1 đơn vị (từ 3 thành 2). "
        "Các đơn vị đạt mức tốt thuộc thành phố Hà Châu, thành phố Thủy Lâm. "
        "Tốt (2): phường Châu Thành (thành phố Hà Châu), phường Thủy An (thành phố Thủy Lâm). "
        "Khá (1): phường Thủy Bình (thành phố Thủy Lâm). "
        "Trung bình (3): xã Phú Cường (thành phố Thủy Lâm), xã Tây Sơn (huyện Tây Giang), xã Phú Lộc (thành phố "
        "Thủy Lâm). "
        "Dưới trung bình (2): xã Hưng Thịnh (huyện Tây Giang), xã Tân Hòa (thành phố Hà Châu)."
    ) in report["communes"]


def test_the_districts_ranked_by_their_communes_share_the_first_place(report):
    # Hà Châu (90 + 40) / 2 = 65,00; Thủy Lâm (80 + 70 + 60 + 50) / 4 = 65,00; Tây Giang (55 + 45) / 2 = 50,00
    assert report["communes"].endswith(
        "5.4. Theo địa phương cấp huyện Tính theo điểm trung bình của các đơn vị cấp xã trên địa bàn, thành phố "
        "Hà Châu và thành phố Thủy Lâm cùng dẫn đầu (65,00 điểm); xếp thứ ba là huyện Tây Giang (50,00 điểm). "
        "Toàn bộ 3 địa phương cấp huyện ở Hình 7 và Bảng 5. "
        "Hình 7. Điểm trung bình của các đơn vị cấp xã theo địa phương cấp huyện, năm 2024 "
        "Bảng 5. Xếp hạng các địa phương cấp huyện theo điểm trung bình của các đơn vị cấp xã, năm 2024 "
        "Hạng Địa phương cấp huyện Số đơn vị Điểm TB Cao nhất Thấp nhất "
        "1 Thành phố Hà Châu 2 65,00 90,00 40,00 "
        "1 Thành phố Thủy Lâm 4 65,00 80,00 50,00 "
        "3 Huyện Tây Giang 2 50,00 55,00 45,00"
    )


# -- the annex: every unit, its previous figure and its move ------------------------------------


def test_the_annex_ranks_every_unit_with_its_previous_figure(report):
    assert report["annex"] == (
        "PHỤ LỤC BẢNG XẾP HẠNG ĐẦY ĐỦ (Kèm theo Báo cáo số /BC-… ngày … của …) Bảng xếp hạng đầy đủ của mọi khối "
        "có trong bảng tính Excel kèm theo báo cáo. "
        "Khối huyện, thị xã, thành phố Bảng 6. Xếp hạng các địa phương cấp huyện, năm 2024 "
        "Hạng Mã Đơn vị (1) (2) Tổng Xếp loại Năm 2023 Thay đổi Đổi hạng "
        "1 101 Thành phố Thủy Lâm 32,00 50,00 82,00 tốt 62,50 +19,50 ↑1 "
        "2 103 Thành phố Hà Châu 30,00 44,00 74,00 khá 65,00 +9,00 ↓1 "
        "3 104 Huyện Tây Giang 20,00 30,00 50,00 trung bình 50,00 0,00 = "
        "Nhóm tiêu chí: (1) Điều kiện sẵn sàng (/40); (2) Kết quả đạt được (/60). Tổng điểm tối đa 100. "
        "Cột “Năm 2023” của thành phố Thủy Lâm: trung bình cộng điểm năm 2023 của thành phố Thủy Lâm và huyện "
        "Đông Sơn. Cột “Đổi hạng”: thay đổi thứ hạng so với năm 2023 tính lại trên 3 đơn vị của năm 2024 "
        "(↑ tăng, ↓ giảm, = giữ nguyên). "
        # every commune +5,00, in the same order both years
        "Khối xã, phường, thị trấn Bảng 7. Xếp hạng các đơn vị cấp xã, năm 2024 "
        "Hạng Mã Đơn vị Thuộc Tổng Xếp loại Năm 2023 Thay đổi Đổi hạng "
        "1 10005 Phường Châu Thành Thành phố Hà Châu 90,00 tốt 85,00 +5,00 = "
        "2 10001 Phường Thủy An Thành phố Thủy Lâm 80,00 tốt 75,00 +5,00 = "
        "3 10002 Phường Thủy Bình Thành phố Thủy Lâm 70,00 khá 65,00 +5,00 = "
        "4 10003 Xã Phú Cường Thành phố Thủy Lâm 60,00 trung bình 55,00 +5,00 = "
        "5 10007 Xã Tây Sơn Huyện Tây Giang 55,00 trung bình 50,00 +5,00 = "
        "6 10004 Xã Phú Lộc Thành phố Thủy Lâm 50,00 trung bình 45,00 +5,00 = "
        "7 10008 Xã Hưng Thịnh Huyện Tây Giang 45,00 dưới trung bình 40,00 +5,00 = "
        "8 10006 Xã Tân Hòa Thành phố Hà Châu 40,00 dưới trung bình 35,00 +5,00 = "
        "Tổng điểm tối đa 100. Cột “Đổi hạng”: thay đổi thứ hạng so với năm 2023 (↑ tăng, ↓ giảm, = giữ nguyên)."
    )


def test_the_charts_are_given_the_year_s_tiers(merger_record, drawn):
    in_report_order(merger_record)
    assert [args[0]["code"] for args in drawn["ranking"]] == ["districts", "communes"]
    ((tiers, year, previous_year),) = drawn["band_distribution"]
    assert ([t["code"] for t in tiers], year, previous_year) == (["districts", "communes"], 2024, 2023)
    assert [(args[0]["code"], args[1], args[2]) for args in drawn["year_comparison"]] == [
        ("districts", 2024, 2023),
        ("communes", 2024, 2023),
    ]
    ((tier,),) = drawn["parent_means"]
    assert [(p["name"], p["mean"]) for p in tier["by_parent"]] == [
        ("Thành phố Hà Châu", 65.0),
        ("Thành phố Thủy Lâm", 65.0),
        ("Huyện Tây Giang", 50.0),
    ]


def test_every_marked_figure_prints_the_record_s_value_at_its_key(merger_record):
    builder, _ = in_report_order(merger_record)
    parts = [builder.summary(), builder.scope_and_method(), builder.overview()]
    parts += [builder.tier_results(t["code"]) for t in builder.record["tiers"]] + [builder.annex_rankings()]
    page = "".join(getattr(p, "data", str(p)) for p in parts)
    assert disagreements(page, merger_record, builder.stated_as_published) == []


def test_a_tier_too_large_to_print_shows_its_distribution_and_both_ends(merger_record, monkeypatch):
    # as if 5 units were too many to print, 2 at each end: the 8 communes (90, 80, 70, 60, 55, 50, 45, 40;
    # median (60 + 55) / 2 = 57,50) show their spread, the first two and the last two (2023: 85, 75 … 40, 35)
    monkeypatch.setattr(charts, "FULL_RANKING_MAX", 5)
    monkeypatch.setattr(narrative, "ANNEX_TOP_BOTTOM", 2)
    builder, parts = in_report_order(merger_record)
    annex = parts["annex"]
    assert "Phụ lục có 2 đơn vị đứng đầu và 2 đơn vị cuối bảng." in parts["communes"]
    assert "Bảng xếp hạng đầy đủ ở Phụ lục." in parts["districts"]  # 3 districts: printed whole
    assert misaligned(builder.annex_rankings()) == []
    assert annex.endswith(
        "Khối xã, phường, thị trấn Khối có 8 đơn vị, quá nhiều để in toàn bộ: dưới đây là phân bố tổng điểm, "
        "2 đơn vị đứng đầu và 2 đơn vị cuối bảng; bảng đầy đủ trong bảng tính Excel kèm theo báo cáo. "
        "Bảng 7. Phân bố tổng điểm của các đơn vị cấp xã, năm 2024 (tối đa 100) "
        "Số đơn vị Điểm TB Trung vị Cao nhất Thấp nhất Tốt Khá Trung bình Dưới trung bình "
        "8 61,25 57,50 90,00 40,00 2 (25,0%) 1 (12,5%) 3 (37,5%) 2 (25,0%) "
        "Bảng 8. Xếp hạng các đơn vị cấp xã, năm 2024: 2 đơn vị đứng đầu và 2 đơn vị cuối bảng "
        "Hạng Mã Đơn vị Thuộc Tổng Xếp loại Năm 2023 Thay đổi Đổi hạng "
        "1 10005 Phường Châu Thành Thành phố Hà Châu 90,00 tốt 85,00 +5,00 = "
        "2 10001 Phường Thủy An Thành phố Thủy Lâm 80,00 tốt 75,00 +5,00 = "
        "… 4 đơn vị khác, xem bảng tính Excel kèm theo báo cáo … "
        "7 10008 Xã Hưng Thịnh Huyện Tây Giang 45,00 dưới trung bình 40,00 +5,00 = "
        "8 10006 Xã Tân Hòa Thành phố Hà Châu 40,00 dưới trung bình 35,00 +5,00 = "
        "Tổng điểm tối đa 100. Bảng xếp hạng đầy đủ: bảng tính Excel kèm theo báo cáo. "
        "Cột “Đổi hạng”: thay đổi thứ hạng so với năm 2023 (↑ tăng, ↓ giảm, = giữ nguyên)."
    )


# -- each kind of change, as the scope states it (the merger province has merge, retype, reparent, rename) --

NQ_837 = "Nghị quyết số 837/NQ-UBTVQH14 ngày 17/12/2019 của Ủy ban Thường vụ Quốc hội"


def _change(kind: str, before: list[tuple[str, str]], after: list[tuple[str, str]], parent: str | None = None) -> dict:
    return {
        "kind": kind,
        "effective": "2020-02-01",
        "citation": NQ_837,
        "from": [{"code": code, "name": name} for code, name in before],
        "to": [{"code": code, "name": name, "parent_name": parent} for code, name in after],
    }


@pytest.mark.parametrize(
    "change, sentence",
    [
        (
            _change("merge", [("1", "Xã A"), ("2", "Xã B")], [("3", "Xã C")]),
            "xã A và xã B được nhập thành xã C",
        ),
        (
            _change("merge", [("1", "Xã A"), ("2", "Xã B")], [("1", "Xã A")]),
            "xã B được nhập vào xã A",
        ),
        (
            _change("split", [("1", "Xã A")], [("2", "Xã B"), ("3", "Xã C")]),
            "xã A được chia tách thành xã B và xã C",
        ),
        (_change("establish", [], [("4", "Thị trấn D")]), "thị trấn D được thành lập"),
        (_change("dissolve", [("5", "Xã E")], []), "xã E được giải thể"),
        (
            _change("reparent", [("6", "Xã F")], [("6", "Xã F")], parent="Huyện G"),
            "xã F chuyển về trực thuộc huyện G",
        ),
        (_change("rename", [("7", "Xã H")], [("7", "Xã K")]), "xã H được đổi tên thành xã K"),
        (_change("retype", [("8", "Thị xã L")], [("8", "Thành phố L")]), "thị xã L được chuyển thành thành phố L"),
    ],
    ids=["merge-new", "merge-into", "split", "establish", "dissolve", "reparent", "rename", "retype"],
)
def test_each_kind_of_change_in_words(merger_record, change, sentence):
    builder = TieredReportBuilder(copy.deepcopy(merger_record))
    assert builder._change_sentence(change) == f"Từ ngày 01/02/2020, {sentence} theo {NQ_837}."


def test_a_change_whose_resolution_the_legal_basis_lists_cites_it_short(merger_record):
    from egov_report.core.document import Document

    listed = Document(legal_basis=(NQ_837 + " về việc sắp xếp các đơn vị hành chính cấp huyện, cấp xã",))
    builder = TieredReportBuilder(copy.deepcopy(merger_record), document=listed)
    change = _change("rename", [("7", "Xã H")], [("7", "Xã K")])
    assert builder._change_sentence(change) == (
        "Từ ngày 01/02/2020, xã H được đổi tên thành xã K theo Nghị quyết số 837/NQ-UBTVQH14 nêu trên."
    )
    other = Document(legal_basis=("Nghị quyết số 83/NQ-UBTVQH14 ngày 01/01/2019",))  # another number, same start
    assert (
        TieredReportBuilder(copy.deepcopy(merger_record), document=other)
        ._change_sentence(change)
        .endswith(f"theo {NQ_837}.")
    )


def test_a_year_before_with_part_of_the_units_is_noted_under_the_bands_figure(merger_record):
    record = copy.deepcopy(merger_record)
    communes = next(t for t in record["tiers"] if t["code"] == "communes")
    communes["previous"] = {**communes["previous"], "coverage": "partial", "coverage_note": "các xã thí điểm", "n": 5}
    builder, parts = in_report_order(record)
    note = "* Năm 2023, khối xã, phường, thị trấn: các xã thí điểm (5 đơn vị)."
    assert builder.partial_years_note() == note
    assert f"Hình 1. Cơ cấu xếp loại theo khối, năm 2023 và 2024 {note}" in parts["overview"]
    assert TieredReportBuilder(copy.deepcopy(merger_record)).partial_years_note() == ""


def test_the_groups_reached_best_and_least_in_three_tiers_in_one_sentence(merger_record):
    record = copy.deepcopy(merger_record)
    shares = {
        "districts": [("Hạ tầng", 0.5), ("Ứng dụng", 0.9), ("Dịch vụ", 0.7)],
        "communes": [("Hạ tầng", 0.8), ("Ứng dụng", 0.6), ("Dịch vụ", 0.65)],
    }
    third = copy.deepcopy(next(t for t in record["tiers"] if t["code"] == "communes"))
    record["tiers"].append({**third, "code": "agencies", "label": "sở, ngành"})
    shares["agencies"] = [("Hạ tầng", 0.75), ("Ứng dụng", 0.55), ("Dịch vụ", 0.95)]
    for tier in record["tiers"]:
        tier["groups"] = [{"label": label} for label, _ in shares[tier["code"]]]
        tier["current"]["groups"] = [{"label": label, "share": share} for label, share in shares[tier["code"]]]
    assert TieredReportBuilder(record).group_extremes_sentence() == (
        "Tính theo tỷ lệ so với điểm tối đa của nhóm, ở khối huyện, thị xã, thành phố, nhóm tiêu chí đạt cao nhất "
        "là “Ứng dụng” (90,0%), thấp nhất là “Hạ tầng” (50,0%); ở khối xã, phường, thị trấn, cao nhất và thấp nhất "
        "lần lượt là “Hạ tầng” (80,0%) và “Ứng dụng” (60,0%); ở khối sở, ngành là “Dịch vụ” (95,0%) và “Ứng dụng” "
        "(55,0%)."
    )
    for tier in record["tiers"]:
        tier["groups"] = []
    assert TieredReportBuilder(record).group_extremes_sentence() == ""


def test_every_table_aligns_numbers_right_and_words_left(merger_record):
    builder = TieredReportBuilder(copy.deepcopy(merger_record))
    parts = [builder.scope_and_method(), builder.overview()]
    parts += [builder.tier_results(t["code"]) for t in builder.record["tiers"]]
    parts.append(builder.annex_rankings())
    assert [misaligned(part) for part in parts] == [[]] * len(parts)


def test_too_many_parents_to_list_show_both_ends_and_count_the_rest(merger_record, monkeypatch):
    # as if 2 districts were too many to chart by name, 1 at each end: Hà Châu (65,00; communes 90 and 40)
    # first, Tây Giang (50,00; 55 and 45) last, Thủy Lâm (tied first) between them, counted
    monkeypatch.setattr(charts, "LABELLED_BARS", 2)
    monkeypatch.setattr(charts, "TOP_BOTTOM_PARENTS", 1)
    communes = in_report_order(merger_record)[1]["communes"]
    assert communes.endswith(
        "1 địa phương cấp huyện cao nhất và 1 thấp nhất ở Hình 5 và Bảng 5. Hình 5. Điểm trung bình của các đơn vị "
        "cấp xã theo địa phương cấp huyện, năm 2024 Bảng 5. Xếp hạng các địa phương cấp huyện theo điểm trung bình "
        "của các đơn vị cấp xã, năm 2024: 1 cao nhất và 1 thấp nhất Hạng Địa phương cấp huyện Số đơn vị Điểm TB "
        "Cao nhất Thấp nhất 1 Thành phố Hà Châu 2 65,00 90,00 40,00 … 1 địa phương cấp huyện khác … "
        "3 Huyện Tây Giang 2 50,00 55,00 45,00 Đủ 3 địa phương cấp huyện trong bảng tính Excel kèm theo báo cáo."
    )


@pytest.mark.parametrize(
    "year, note, n, reason",
    [
        ("current", "các xã thí điểm", None, "năm 2024 chỉ có các xã thí điểm"),
        ("previous", "7 xã thí điểm", 7, "năm 2023 chỉ có 7 xã thí điểm"),  # the note counts them already
        ("previous", "các xã thí điểm", 7, "năm 2023 chỉ có các xã thí điểm (7 đơn vị)"),
    ],
)
def test_a_year_with_part_of_the_units_has_no_change_of_rank(merger_record, year, note, n, reason):
    record = copy.deepcopy(merger_record)
    communes = next(t for t in record["tiers"] if t["code"] == "communes")
    if year == "current":
        communes["coverage"], communes["coverage_note"] = "partial", note
    else:
        communes["previous"] = {**communes["previous"], "coverage": "partial", "coverage_note": note, "n": n}
    for entry in communes["ranking"]:
        entry["rank_change"] = None  # as the analysis leaves them: ranks in part of a tier are not compared
    annex = in_report_order(record)[1]["annex"]
    assert annex.endswith(f"Tổng điểm tối đa 100. Bảng không có cột “Đổi hạng”: {reason} nên không so sánh thứ hạng.")


def test_a_provisional_note_of_one_tier_is_said_in_its_section_and_under_the_bands(merger_record):
    record = copy.deepcopy(merger_record)
    districts = next(t for t in record["tiers"] if t["code"] == "districts")
    districts["provisional"] = "Ngưỡng xếp loại tạm tính."
    districts["bands"][0]["provisional"] = "Ngưỡng mức tốt chờ văn bản."
    districts["bands"][1]["provisional"] = "Ngưỡng xếp loại tạm tính."  # the tier's note again: said once
    builder, parts = in_report_order(record)
    assert builder.provisional_notes(districts) == ["Ngưỡng xếp loại tạm tính.", "Ngưỡng mức tốt chờ văn bản."]
    assert builder.shared_provisional() == []
    assert (
        "Dưới trung bình dưới 50% < 50 < 50 Huyện, thị xã, thành phố: Ngưỡng xếp loại tạm tính. "
        "Huyện, thị xã, thành phố: Ngưỡng mức tốt chờ văn bản."
    ) in parts["scope_and_method"]
    assert parts["districts"].count("Lưu ý:") == 2 and "Lưu ý:" not in parts["communes"]


def test_ties_in_a_tier_too_large_to_name_them_are_counted_by_place(merger_record):
    builder = in_report_order(merger_record)[0]
    communes = next(t for t in builder.record["tiers"] if t["code"] == "communes")
    ties = [{"rank": 31}, {"rank": 90}, {"rank": 111}]
    assert builder.large_ties_sentence({**communes, "ties": ties}) == (
        "Có 3 vị trí đồng hạng (31, 90 và 111), chi tiết tại Phụ lục."
    )


def test_the_validation_annex_counts_the_rules_per_file_and_lists_the_warnings(merger_record):
    validation = {
        "expectations_evaluated": 12,
        "expectations_passed": 12,
        "runs": [
            {"file": "data/thuylam/units.csv", "suite": "registry", "evaluated": 5, "passed": 5},
            {"file": "data/thuylam/2024/scores_communes.csv", "suite": "scores_units", "evaluated": 7, "passed": 7},
        ],
        "warnings": [{"message": "Xã Tây Sơn: tổng điểm bằng 0"}],
    }
    builder = in_report_order({**copy.deepcopy(merger_record), "validation": validation})[0]
    assert visible(builder.validation_appendix(validation)) == (
        "Phụ lục 2. Kiểm tra dữ liệu đầu vào Trước khi phân tích, mọi tệp đầu vào được kiểm tra tự động bằng các bộ "
        "quy tắc Great Expectations lưu trong thư mục expectations/: đủ cột, mã đơn vị có trong danh mục và không "
        "trùng, mỗi đơn vị có đúng một dòng, điểm là số trong khoảng từ 0 đến điểm tối đa của nhóm, tổng điểm bằng "
        "tổng các nhóm. Kết quả: 12/12 quy tắc đạt trên 2 lượt kiểm tra. Trước khi tổng hợp, số liệu đầu vào được "
        "kiểm tra tự động bằng 12 phép kiểm tra; không có phép kiểm tra nào không đạt; 1 nội dung cần lưu ý được ghi "
        "trong hồ sơ kỹ thuật kèm theo. Bảng 8. Kết quả kiểm tra dữ liệu đầu vào Tệp Bộ quy tắc Số quy tắc Đạt "
        "data/thuylam/units.csv registry 5 5 data/thuylam/2024/scores_communes.csv scores_units 7 7 "
        "Cảnh báo (không chặn báo cáo, cần cán bộ phân tích xem lại): Xã Tây Sơn: tổng điểm bằng 0"
    )


def test_a_merged_unit_not_compared_has_its_dash_explained(tmp_path):
    # comparison_across_changes: none: Thủy Lâm (82,00) is not compared with 2023; Hà Châu 65 and Tây Giang
    # 50 are ranked again on the two units compared (1 and 2) and are 2nd and 3rd in 2024: each down 1
    root = mp.write(tmp_path)
    framework = (root / "framework.yaml").read_text(encoding="utf-8")
    (root / "framework.yaml").write_text(
        framework.replace("comparison_across_changes: mean", "comparison_across_changes: none"), encoding="utf-8"
    )
    record = analyse(load_evaluation(mp.CODE, 2024, tmp_path))
    parts = in_report_order({**record, "meta": {**record["meta"], "data_status": "published"}})[1]
    assert "So với năm 2023, 2 đơn vị giảm bậc (thành phố Hà Châu và huyện Tây Giang, −1)." in parts["districts"]
    assert (
        "Đổi hạng 1 101 Thành phố Thủy Lâm 32,00 50,00 82,00 tốt — — — "
        "2 103 Thành phố Hà Châu 30,00 44,00 74,00 khá 65,00 +9,00 ↓1 "
        "3 104 Huyện Tây Giang 20,00 30,00 50,00 trung bình 50,00 0,00 ↓1 "
        "Nhóm tiêu chí: (1) Điều kiện sẵn sàng (/40); (2) Kết quả đạt được (/60). Tổng điểm tối đa 100. "
        "“—” của thành phố Thủy Lâm: đơn vị hình thành từ thành phố Thủy Lâm và huyện Đông Sơn, không so sánh với "
        "năm 2023. Cột “Đổi hạng”: thay đổi thứ hạng so với năm 2023 tính lại trên 2 đơn vị của năm 2024 (↑ tăng, "
        "↓ giảm, = giữ nguyên); “—”: đơn vị chưa có vào năm 2023 hoặc không so sánh với năm 2023."
    ) in parts["annex"]


def test_ties_below_the_named_places_are_named_or_counted(merger_record):
    builder = in_report_order(merger_record)[0]
    communes = copy.deepcopy(next(t for t in builder.record["tiers"] if t["code"] == "communes"))
    communes["ranking"][5].update(rank=5, total=55.0)  # Phú Lộc level with Tây Sơn (55,00), both 5th
    assert builder.other_ties({**communes, "ties": [{"rank": 5}]}) == (
        "Ngoài ra, xã Tây Sơn (huyện Tây Giang) và xã Phú Lộc (thành phố Thủy Lâm) đồng hạng năm với 55,00 điểm."
    )
    # more than three places: counted, not named; the first and the last place are named elsewhere
    four = [{"rank": rank} for rank in (4, 5, 6, 7)]
    assert builder.other_ties({**communes, "ties": four}) == (
        "Ngoài ra, có 4 vị trí đồng hạng (4, 5, 6 và 7), chi tiết tại Phụ lục."
    )
    assert builder.other_ties({**communes, "ties": [{"rank": 1}, {"rank": 8}]}) == ""


def test_a_band_a_tier_does_not_have_is_a_dash_in_the_bands_table(merger_record):
    record = copy.deepcopy(merger_record)
    communes = next(t for t in record["tiers"] if t["code"] == "communes")
    communes["bands"] = [b for b in communes["bands"] if b["code"] != "fair"]  # tốt from 80, then trung bình
    assert visible(TieredReportBuilder(record).bands_table()) == (
        "Bảng 1. Các mức xếp loại và ngưỡng điểm Mức Tỷ lệ điểm tối đa Huyện, thị xã, thành phố (/100) "
        "Xã, phường, thị trấn (/100) Tốt từ 80% ≥ 80 ≥ 80 Khá từ 65% đến dưới 80% 65 – < 80 — "
        "Trung bình từ 50% đến dưới 65% 50 – < 65 50 – < 80 Dưới trung bình dưới 50% < 50 < 50"
    )


# -- phrases, each of its branches ----------------------------------------------------------------------


def test_the_change_of_a_gap_in_words():
    words = [TieredReportBuilder.gap_words(c) for c in (None, 0, 0.004, 0.3, 0.5, -0.5, -7)]
    assert words == [
        "không đổi",
        "không đổi",
        "không đổi",  # 0,004 is 0,00 as printed
        "nới rộng 0,30 điểm",
        "nới rộng 0,50 điểm",
        "thu hẹp 0,50 điểm",
        "thu hẹp 7,00 điểm",
    ]


def test_the_band_of_a_mean_in_words(merger_record):
    builder = TieredReportBuilder(copy.deepcopy(merger_record))
    assert [str(builder.mean_band_words(label)) for label in ("khá", "dưới Mức IV", "dưới trung bình", "Mức II")] == [
        "tương ứng <strong>mức khá</strong>",
        "<strong>chưa đạt Mức IV</strong>",  # never "tương ứng dưới Mức IV"
        "tương ứng <strong>mức dưới trung bình</strong>",
        "tương ứng <strong>Mức II</strong>",
    ]


def test_counts_per_band_name_the_bands_no_unit_reached(merger_record):
    builder = TieredReportBuilder(copy.deepcopy(merger_record))

    def band(code, label, count, share):
        return {"code": code, "label": label, "count": count, "percent": share}

    levels = [band("l1", "Mức I", 0, 0), band("l2", "Mức II", 2, 25.0), band("l3", "Mức III", 0, 0)]
    levels.append(band("u", "dưới Mức IV", 6, 75.0))
    assert str(builder.band_words(levels)) == (
        "2 đơn vị đạt Mức II (25,0%); 6 đơn vị chưa đạt Mức IV (75,0%); không có đơn vị nào ở Mức I và Mức III"
    )
    named = [band("g", "tốt", 3, 30.0), band("f", "khá", 7, 70.0), band("a", "trung bình", 0, 0)]
    named.append(band("p", "dưới trung bình", 0, 0))
    assert str(builder.band_words(named)) == (
        "3 đơn vị đạt mức tốt (30,0%); 7 đơn vị đạt mức khá (70,0%); "
        "không có đơn vị nào ở mức trung bình và dưới trung bình"
    )


# -- a report on sample data: a unit alone at the top or the bottom has the tier's published score ------

PUBLISHED_ENDS = """\
sources:
  article: bài viết thử
figures:
- {figure: điểm cao nhất khối xã, key: tiers.communes.current.max, published: "90 điểm", value: 90, source: article}
"""
PUBLISHED_LOWEST = """\
- {figure: điểm thấp nhất khối xã, key: tiers.communes.current.min, published: "40 điểm", value: 40, source: article}
"""


@pytest.mark.parametrize("lowest", [False, True], ids=["highest-published", "both-published"])
def test_a_unit_alone_at_a_published_end_may_be_named_on_sample_data(tmp_path, lowest):
    from egov_report.core.published import read_for

    mp.write(tmp_path)
    (tmp_path / mp.CODE / "2024" / "published.yaml").write_text(
        PUBLISHED_ENDS + (PUBLISHED_LOWEST if lowest else ""), encoding="utf-8"
    )
    analysed = analyse(load_evaluation(mp.CODE, 2024, tmp_path))
    record = {**analysed, "meta": {**analysed["meta"], "data_status": "reconstructed"}}
    builder = TieredReportBuilder(copy.deepcopy(record), published=read_for(mp.CODE, 2024, record, tmp_path))
    communes = next(t for t in builder.record["tiers"] if t["code"] == "communes")
    unit = {e["code"]: e for e in communes["ranking"]}  # 10005 Châu Thành 90 (alone first), 10006 Tân Hòa 40
    assert [builder.entries_known(communes, [unit[c]], "total") for c in ("10005", "10006", "10001")] == [
        True,
        lowest,
        False,  # Thủy An's 80 rests on sample data
    ]
    assert [builder.total_key(communes, unit[c]) for c in ("10005", "10006")] == [
        "tiers.communes.current.max",
        "tiers.communes.current.min" if lowest else "tiers.communes.ranking.10006.total",
    ]
    text = visible(builder.tier_results("communes"))
    assert "Dẫn đầu là phường Châu Thành (thành phố Hà Châu) với 90,00/100 điểm." in text
    assert "xếp thứ hai" not in text
    bottom = "Đơn vị có tổng điểm thấp nhất là xã Tân Hòa (thành phố Hà Châu), đạt 40,00 điểm."
    assert (bottom in text) is lowest


PUBLISHED_MOVES = """\
sources:
  article: bài viết thử
figures:
- {figure: Thủy Lâm – đổi hạng, key: tiers.districts.ranking.101.rank_change, published: tăng 2 bậc, value: 2, source: article}
- {figure: Hà Châu – đổi hạng, key: tiers.districts.ranking.103.rank_change, published: giảm 1 bậc, value: -1, source: article}
"""


def test_on_sample_data_the_body_states_each_published_rank_change_as_published(tmp_path):
    # computed on the sample: Thủy Lâm +1, Hà Châu −1; published: Thủy Lâm up 2 (departs), Hà Châu down 1
    from egov_report.core.published import read_for

    mp.write(tmp_path)
    (tmp_path / mp.CODE / "2024" / "published.yaml").write_text(PUBLISHED_MOVES, encoding="utf-8")
    analysed = analyse(load_evaluation(mp.CODE, 2024, tmp_path))
    record = {**analysed, "meta": {**analysed["meta"], "data_status": "reconstructed"}}
    builder = TieredReportBuilder(copy.deepcopy(record), published=read_for(mp.CODE, 2024, record, tmp_path))
    districts = next(t for t in builder.record["tiers"] if t["code"] == "districts")
    assert builder.published_moves_sentence(districts) == (
        "So với năm 2023, thành phố Thủy Lâm tăng 2 bậc; thành phố Hà Châu giảm 1 bậc."
    )
    assert builder.stated_as_published == {"tiers.districts.ranking.101.rank_change"}
