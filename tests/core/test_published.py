"""The reconciliation annex holds every figure each seed article states (issue 19).

For each of the five seed articles, rows its annex must hold: the figure, the value as printed,
the value computed and the check, all typed by hand from the article (and, for a computed share,
worked out by hand from the counts it states). The annex is rendered by the report's own builder
from the record the analysis computes, as the notebook does, without a full render. Then: an
entry without key (listed, never a match or a departure), the marking of a match that holds only
because the sample data were reconstructed to fit the published figure, the true minus, and the
cells that wrap instead of running over the next one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from egov_report.core.published import Comparison, read_for, reconcile, rests_on_sample
from egov_report.errors import InputError
from egov_report.paths import TEMPLATES_DIR

MATCH = "khớp"
BUILT = "khớp (dữ liệu mẫu dựng theo số công bố)"
APART = "lệch"
ABSENT = "không có trong dữ liệu đánh giá"


def _record(province: str, year: int) -> dict:
    if province == "backan":
        from egov_report.kinds.national_index import analysis, loading

        return analysis.analyse(loading.load_evaluation(province, year))
    if (province, year) == ("quangninh", 2020):
        from egov_report.kinds.indicators import analysis, loading

        return analysis.analyse(loading.load_evaluation(province, year))
    from egov_report.kinds.tiered_scores import analysis, loading

    return analysis.analyse(loading.load_evaluation(province, year))


def _builder(province: str, year: int, record: dict):
    published = read_for(province, year, record)
    if province == "backan":
        from egov_report.kinds.national_index.narrative import NationalIndexBuilder

        return NationalIndexBuilder(record, published=published)
    if (province, year) == ("quangninh", 2020):
        from egov_report.kinds.indicators.narrative import IndicatorReportBuilder

        return IndicatorReportBuilder(record, published=published)
    from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder

    return TieredReportBuilder(record, published=published)


_ANNEXES: dict = {}


def _text(node) -> str:
    """A cell's text as read: spaces collapsed, the no-break spaces that bind a number to its unit read as spaces."""
    text = node.get_text(" ") if hasattr(node, "get_text") else str(node)
    return " ".join(text.replace("\u00a0", " ").split())


def annex(province: str, year: int) -> dict:
    """{figure: (published as printed, computed, check)} of the annex's table, and its first paragraph."""
    if (province, year) not in _ANNEXES:
        builder = _builder(province, year, _record(province, year))
        soup = BeautifulSoup(str(builder.reconciliation().data), "html.parser")
        rows = {}
        for tr in soup.select("figure#table-reconciliation tbody tr"):
            cells = tr.find_all("td")
            published = _text(cells[1].contents[0]) if cells[1].contents else ""
            rows[_text(cells[0])] = (published, _text(cells[2]), _text(cells[3]))
        intro = next(p for p in soup.find_all("p") if _text(p).startswith("Bảng dưới đây"))
        _ANNEXES[(province, year)] = {"rows": rows, "intro": _text(intro)}
    return _ANNEXES[(province, year)]


def _holds(province: str, year: int, expected: dict) -> None:
    rows = annex(province, year)["rows"]
    for figure, (published, computed, check) in expected.items():
        assert figure in rows, f"{province} {year}: no row “{figure}”"
        got = rows[figure]
        assert got[0] == published, (figure, got)
        if computed is not None:
            assert got[1] == computed, (figure, got)
        assert got[2] == check, (figure, got)


# -- seed 000: Quảng Ninh 2019 ----------------------------------------------------------------------


def test_quangninh_2019_annex_holds_the_shares_percentages_and_counts_of_the_article():
    _holds(
        "quangninh",
        2019,
        {
            # "+10 điểm (tăng gần 10%)" in one paragraph, "7 điểm (tăng 5%)" in the next: 128 − 121 = 7,
            # 7 / 121 = 5,79 %
            "Khối huyện – điểm trung bình tăng so với năm 2018, theo tỷ lệ (đoạn 1)": ("tăng gần 10%", "5,8%", APART),
            "Khối huyện – điểm trung bình tăng so với năm 2018, theo tỷ lệ (đoạn 2)": ("tăng 5%", "5,8%", APART),
            # 128 / 170 = 75,29 %
            "Khối huyện – điểm trung bình so với điểm tối đa": (
                "đạt 75% so với yêu cầu của Bộ tiêu chí",
                "75,3%",
                BUILT,
            ),
            # 9, 23, 141 and 13 of 186 communes
            "Khối xã – tỷ lệ đơn vị mức tốt": ("chiếm 5%", "4,8%", BUILT),
            "Khối xã – tỷ lệ đơn vị mức khá": ("chiếm 12%", "12,4%", BUILT),
            "Khối xã – tỷ lệ đơn vị mức trung bình": ("chiếm 76%", "75,8%", BUILT),
            "Khối xã – tỷ lệ đơn vị mức dưới trung bình": ("chiếm 7%", "7,0%", BUILT),
            # 55 against 27 in 2018: +103,7 %
            "Ban An toàn giao thông – mức tăng điểm so với năm 2018": ("tăng gần 100%", "103,7%", BUILT),
            "Ban Quản lý Vườn quốc gia Bái Tử Long – mức tăng điểm so với năm 2018": ("tăng gần 100%", None, BUILT),
            "Huyện Vân Đồn – mức tăng điểm so với năm 2018": ("tăng gần 20%", None, BUILT),
            "Huyện Ba Chẽ – mức tăng điểm so với năm 2018": ("tăng gần 20%", None, BUILT),
            # 115,95 against 94 (the lowest district of 2018): +23,4 %
            "Huyện Bình Liêu – mức tăng điểm so với năm 2018": ("tăng gần 20%", "23,4%", BUILT),
            "Khối xã – điểm trung bình tăng so với năm 2018": ("gần 43%", "42,9%", BUILT),
            # the registry's counts: real, a plain match
            "Số sở, ban, ngành được đánh giá": ("30 sở, ban, ngành", "30", MATCH),
            "Số huyện, thị xã, thành phố được đánh giá": ("14 huyện, thị xã, thành phố", "14", MATCH),
            "Số xã, phường, thị trấn được đánh giá": ("186 xã, phường, thị trấn", "186", MATCH),
            "Số đơn vị được đánh giá": ("230 đơn vị", "230", MATCH),
            # the framework's maxima: real
            "Khối huyện – tổng điểm tối đa": ("170 điểm", "170,00", MATCH),
            "Khối xã – điểm tối đa nhóm tiêu chí của tỉnh": ("10 điểm", "10,00", MATCH),
            "Khối sở, ban, ngành – điểm tối đa nhóm ứng dụng và đầu tư": ("60 điểm", "60,00", MATCH),
            # ranks and the named units
            "Ban Quản lý Vườn quốc gia Bái Tử Long – thứ hạng": ("xếp thứ 29/30", "29", BUILT),
            "Huyện Bình Liêu – thứ hạng": ("xếp cuối (thứ 14/14)", "14", BUILT),
            "Khối xã – thứ hạng điểm trung bình của thành phố Hạ Long": ("xếp cuối (thứ 14/14)", "14", BUILT),
            "Khối xã – đơn vị có điểm cao nhất": ("phường Nam Khê", "Phường Nam Khê", BUILT),
            "Khối huyện – số đơn vị mức tốt tăng so với năm 2018": ("tăng 01 đơn vị", "1", BUILT),
            "Khối huyện – số đơn vị mức khá tăng so với năm 2018": ("tăng 02 đơn vị", "4", APART),
            "Khối xã năm 2018 – số đơn vị được đánh giá thí điểm": ("90 xã", "90", MATCH),
            "Khối xã – số đơn vị mức dưới trung bình": ("12 đơn vị", "13", APART),
            "Thủ tục hành chính có dịch vụ công trực tuyến mức độ 3, 4": ("trên 80%", "—", ABSENT),
        },
    )


def test_quangninh_2019_annex_counts_what_it_lists():
    intro = annex("quangninh", 2019)["intro"]
    # 90 entries: 11 departures (8 before issue 19, and "gần 10%", "tăng 5%", "tăng 02 đơn vị"),
    # 3 figures the scores cannot give, 76 matches
    assert "đặt 91 số liệu" in intro and "77 số liệu khớp, 11 số liệu lệch" in intro
    assert "3 số liệu không có trong dữ liệu đánh giá" in intro


# -- seed 001: Lâm Đồng 2017 ------------------------------------------------------------------------


def test_lamdong_2017_annex_lists_the_figures_the_data_cannot_compute():
    _holds(
        "lamdong",
        2017,
        {
            "Cán bộ chuyên trách công nghệ thông tin của 3 khối": ("129 cán bộ", "—", ABSENT),
            "Cán bộ chuyên trách công nghệ thông tin có trình độ cao đẳng trở lên": ("120 người", "—", ABSENT),
            "Tỷ lệ cán bộ chuyên trách có trình độ cao đẳng trở lên": ("chiếm 75%", "—", ABSENT),
            "Sở, ban, ngành đã triển khai hệ thống một cửa điện tử hiện đại": ("18/20 sở, ban, ngành", "—", ABSENT),
            "UBND huyện, thành phố đã triển khai hệ thống một cửa điện tử hiện đại": (
                "12/12 UBND huyện, thành phố",
                "—",
                ABSENT,
            ),
            "UBND cấp xã đã triển khai hệ thống một cửa điện tử hiện đại": ("49/147 UBND cấp xã", "—", ABSENT),
            "Thủ tục hành chính cung cấp qua hệ thống một cửa điện tử": ("1.537 thủ tục", "—", ABSENT),
            "Thủ tục hành chính mức độ 3": ("507 thủ tục", "—", ABSENT),
            "Thủ tục hành chính mức độ 4": ("119 thủ tục", "—", ABSENT),
            "Thủ tục mức độ 3, 4 tăng so với năm 2016": ("tăng 375 dịch vụ", "—", ABSENT),
        },
    )
    intro = annex("lamdong", 2017)["intro"]
    assert (
        "31 số liệu khớp, không có số liệu nào lệch" in intro and "11 số liệu không có trong dữ liệu đánh giá" in intro
    )


def test_lamdong_2017_annex_holds_every_rank_change():
    changes = {  # unit as the annex names it: (as printed, computed)
        "Sở Công Thương": ("tăng 4 bậc", "4"),
        "Sở Giao thông vận tải": ("tăng 2 bậc", "2"),
        "Sở Kế hoạch và Đầu tư": ("tăng 1 bậc", "1"),
        "Sở Văn hóa, Thể thao và Du lịch": ("tăng 1 bậc", "1"),
        "Thanh tra tỉnh": ("tăng 1 bậc", "1"),
        "Ban Quản lý các Khu công nghiệp": ("tăng 1 bậc", "1"),
        "Sở Ngoại vụ": ("giảm 4 bậc", "−4"),
        "Sở Khoa học và Công nghệ": ("giảm 3 bậc", "−3"),
        "Sở Xây dựng": ("giảm 1 bậc", "−1"),
        "Sở Tư pháp": ("giảm 1 bậc", "−1"),
        "Sở Nông nghiệp và Phát triển nông thôn": ("giảm 1 bậc", "−1"),
        "Huyện Di Linh": ("tăng 5 bậc", "5"),
        "Huyện Bảo Lâm": ("tăng 3 bậc", "3"),
        "Thành phố Bảo Lộc": ("tăng 1 bậc", "1"),
        "Huyện Đạ Tẻh": ("tăng 1 bậc", "1"),
        "Huyện Lạc Dương": ("tăng 1 bậc", "1"),
        "Huyện Đạ Huoai": ("tăng 1 bậc", "1"),
        "Huyện Lâm Hà": ("giảm 6 bậc", "−6"),
        "Huyện Cát Tiên": ("giảm 5 bậc", "−5"),
    }
    _holds(
        "lamdong",
        2017,
        {
            f"{unit} – thay đổi thứ hạng so với năm 2016": (printed, computed, BUILT)
            for unit, (printed, computed) in changes.items()
        },
    )


# -- seed 002: Bắc Kạn 2019 (MIC national index) ----------------------------------------------------


def test_backan_2019_annex_holds_the_article_figures_real_and_reconstructed():
    _holds(
        "backan",
        2019,
        {
            # the 2017 table is real (published): a plain match; 2019 and 2018 are reconstructed
            "Bắc Kạn – thứ hạng năm 2017": ("13/63", "13", MATCH),
            "Bắc Kạn – thứ hạng so với năm 2017": ("thấp hơn 03 bậc", "−3", BUILT),
            "Bắc Kạn – thứ hạng năm 2019": ("16/63", "16", BUILT),
            "Tỉnh dẫn đầu năm 2019": ("Thừa Thiên-Huế", "Thừa Thiên Huế", BUILT),
            "Bắc Kạn – kém tỉnh dẫn đầu năm 2018": ("0,209 điểm", "0,25", APART),
            "Số tỉnh, thành phố được xếp hạng": ("63 tỉnh, thành phố", "63", MATCH),
            "Hạng mục dịch vụ công trực tuyến – thứ hạng năm 2017": ("năm 2017 đứng thứ 02", "—", ABSENT),
            "Hạng mục trang/cổng thông tin điện tử – thứ hạng năm 2018": ("55/63", "55", BUILT),
            "Số bộ, ngành được xếp hạng cùng đợt": ("17 bộ, ngành", "—", ABSENT),
            "Số cơ quan thuộc Chính phủ được xếp hạng cùng đợt": ("07 cơ quan", "—", ABSENT),
            "Bộ Xây dựng – thứ hạng trong khối bộ, ngành": ("(17)", "—", ABSENT),
        },
    )


# -- seed 003: Quảng Ninh 2020 (Nghị quyết 17/NQ-CP indicators) --------------------------------------


def test_quangninh_2020_annex_holds_the_indicators_and_the_model():
    _holds(
        "quangninh",
        2020,
        {
            "Tỷ lệ văn bản trao đổi giữa các cơ quan nhà nước dưới dạng điện tử": ("98%", "98,00", MATCH),
            "Tỷ lệ báo cáo định kỳ gửi, nhận qua Hệ thống thông tin báo cáo quốc gia": ("30%", "30,00", MATCH),
            "Tỷ lệ dịch vụ công trực tuyến xử lý bằng hồ sơ điện tử": ("100%", "100,00", MATCH),
            "Mô hình Chính quyền điện tử điển hình cấp tỉnh – số thành phần phải đáp ứng": (
                "07 thành phần",
                "—",
                ABSENT,
            ),
        },
    )


# -- seed 004: Đắk Nông 2019 ------------------------------------------------------------------------


def test_daknong_2019_annex_holds_the_named_communes_and_every_change():
    _holds(
        "daknong",
        2019,
        {
            "Xã Nâm N'Jang (điều kiện sẵn sàng) – điểm": ("21,5 điểm", "21,50", BUILT),
            "Xã Nâm N'Jang (điều kiện sẵn sàng) – thay đổi so với năm 2018": ("tăng 3 điểm", "3,00", BUILT),
            "Xã Nâm N'Jang (điều kiện sẵn sàng) – thứ hạng": ("xếp thứ 1", "1", BUILT),
            "Xã Tâm Thắng (điều kiện sẵn sàng) – điểm": ("21,4 điểm", "21,40", BUILT),
            "Xã Tâm Thắng (điều kiện sẵn sàng) – thay đổi so với năm 2018": ("tăng 0,3 điểm", "0,30", BUILT),
            "Xã Tâm Thắng (điều kiện sẵn sàng) – thứ hạng": ("xếp thứ 2", "2", BUILT),
            "Gia Nghĩa (điều kiện sẵn sàng) – thay đổi so với năm 2018": ("giảm 1,9 điểm", "−1,90", BUILT),
            "Huyện Cư Jút (điều kiện sẵn sàng) – thay đổi so với năm 2018": ("tăng 2,365 điểm", "2,36", APART),
            "Huyện Đắk R'Lấp (điều kiện sẵn sàng) – thay đổi so với năm 2018": ("tăng 1,84 điểm", "1,84", BUILT),
            "Gia Nghĩa (kết quả xây dựng chính quyền điện tử) – thay đổi so với năm 2018": (
                "giảm 2,2 điểm",
                "−2,20",
                BUILT,
            ),
            "Huyện Krông Nô (kết quả xây dựng chính quyền điện tử) – thay đổi so với năm 2018": (
                "tăng 1,69 điểm",
                "1,69",
                BUILT,
            ),
            "Cấp xã, kết quả xây dựng chính quyền điện tử – thay đổi so với năm 2018": ("giảm 01 đơn vị", "−1", BUILT),
            "Cấp xã, điều kiện sẵn sàng – số đơn vị được xếp hạng tăng so với năm 2018": ("tăng 01 đơn vị", "1", BUILT),
            "Cấp huyện, điều kiện sẵn sàng – số đơn vị được xếp hạng tăng so với năm 2018": (
                "tăng 02 đơn vị",
                "1",
                APART,
            ),
            "Cấp huyện, kết quả xây dựng chính quyền điện tử – số đơn vị được xếp hạng tăng so với năm 2018": (
                "tăng 01 đơn vị",
                "1",
                BUILT,
            ),
            "Thành phố Gia Nghĩa – tên đơn vị": ("Thành phố Gia Nghĩa", "Thị xã Gia Nghĩa", APART),
            "Huyện Krông Nô (kết quả xây dựng chính quyền điện tử) – thứ hạng": ("xếp thứ 2", "2", BUILT),
            "Số đơn vị cấp xã được đánh giá": ("71/71 xã, phường, thị trấn", "71", MATCH),
        },
    )


# -- the true minus ---------------------------------------------------------------------------------


@pytest.mark.parametrize("province,year", [("daknong", 2019), ("lamdong", 2017), ("backan", 2019)])
def test_negative_numbers_in_the_annex_carry_the_true_minus(province, year):
    computed = [row[1] for row in annex(province, year)["rows"].values()]
    assert any(c.startswith("\u2212") for c in computed)
    assert not any(re.search(r"-\s*\d", c) for c in computed), computed


def test_computed_text_prints_a_true_minus():
    change = Comparison(
        figure="x",
        key="tiers.a.ranking.1.change",
        published="giảm 1,9 điểm",
        value=-1.9,
        computed=-1.9,
        source="s",
        where="",
        reading="",
        tolerance=0.005,
        on_mismatch="warn",
    )
    assert change.computed_text() == "\u22121,90"
    share = Comparison(
        figure="x",
        key="tiers.a.change.mean_pct",
        published="giảm 5%",
        value=-0.05,
        computed=-0.0512,
        source="s",
        where="",
        reading="",
        tolerance=0.005,
        on_mismatch="warn",
        shown_as="percent",
    )
    assert share.computed_text() == "\u22125,1%"
    rank = Comparison(
        figure="x",
        key="a.rank_change",
        published="giảm 3 bậc",
        value=-3,
        computed=-3,
        source="s",
        where="",
        reading="",
        tolerance=0.5,
        on_mismatch="warn",
    )
    assert rank.computed_text() == "\u22123"


# -- an entry without key ---------------------------------------------------------------------------


RECORD = {
    "meta": {"year": 2019, "previous_year": 2018, "data_status": "reconstructed"},
    "scope": {"units": 12},
    "tiers": {
        "districts": {
            "max": 170,
            "current": {"n": 12, "mean": 120.5},
            "change": {"mean": -2.5},
            "ranking": [{"code": "7", "label": "Huyện A", "total": 100.0}],
        }
    },
}


def _write(tmp_path: Path, *entries: dict) -> Path:
    path = tmp_path / "published.yaml"
    path.write_text(
        yaml.safe_dump({"sources": {"a": "bài viết"}, "figures": list(entries)}, allow_unicode=True), encoding="utf-8"
    )
    return path


def test_an_entry_without_key_is_listed_never_matched_nor_departing(tmp_path):
    path = _write(
        tmp_path,
        {"figure": "Cán bộ chuyên trách", "published": "129 cán bộ", "value": 129, "source": "a"},
        {
            "figure": "Điểm trung bình",
            "key": "tiers.districts.current.mean",
            "published": "120,5",
            "value": 120.5,
            "source": "a",
        },
    )
    assert [c.figure for c in reconcile(RECORD, path)] == ["Điểm trung bình"]  # the check compares only keyed figures
    listed = reconcile(RECORD, path, unchecked=True)
    staff = listed[0]
    assert staff.figure == "Cán bộ chuyên trách" and not staff.checked
    assert not staff.matches and not staff.departs and not staff.by_construction
    assert staff.computed_text() == "—"

    from egov_report.core.builder import ReportBuilder

    builder = ReportBuilder(
        RECORD
        | {
            "meta": RECORD["meta"]
            | {"kind": "minimal", "title": "Đánh giá", "province_name_full": "tỉnh X", "data_note": ""}
        },
        published=listed,
    )
    same, apart = builder.reconciliation_counts()
    assert [c.figure for c in same] == ["Điểm trung bình"] and apart == []
    row = BeautifulSoup(str(builder.reconciliation_table()), "html.parser").select("tbody tr")[0]
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[2] == "—" and cells[3] == ABSENT and "unchecked" in row["class"]


def test_an_entry_without_key_is_not_warned_about(tmp_path):
    from egov_report.render.pipeline import check_published

    folder = tmp_path / "x" / "2019"
    folder.mkdir(parents=True)
    _write(folder, {"figure": "Thủ tục mức độ 4", "published": "119 thủ tục", "value": 119, "source": "a"})
    warned = []
    check_published(RECORD, tmp_path, "x", 2019, warned.append)
    assert warned == []


@pytest.mark.parametrize(
    "entry,words",
    [
        ({"key": ""}, "key để trống"),
        ({"tolerance": 1}, "không nhận trường tolerance"),
        ({"on_mismatch": "fail"}, "không nhận trường on_mismatch"),
    ],
)
def test_an_entry_without_key_takes_no_comparison_fields(tmp_path, entry, words):
    path = _write(tmp_path, {"figure": "Cán bộ", "published": "129", "value": 129, "source": "a"} | entry)
    with pytest.raises(InputError) as error:
        reconcile(RECORD, path, unchecked=True)
    assert words in str(error.value) and "published.yaml" in str(error.value)


# -- matches by construction ------------------------------------------------------------------------


def test_a_match_on_reconstructed_scores_holds_by_construction(tmp_path):
    path = _write(
        tmp_path,
        {
            "figure": "Điểm trung bình",
            "key": "tiers.districts.current.mean",
            "published": "120,5",
            "value": 120.5,
            "source": "a",
        },
        {"figure": "Số đơn vị", "key": "scope.units", "published": "12", "value": 12, "source": "a"},
        {"figure": "Số huyện", "key": "tiers.districts.current.n", "published": "12", "value": 12, "source": "a"},
        {"figure": "Điểm tối đa", "key": "tiers.districts.max", "published": "170", "value": 170, "source": "a"},
        {
            "figure": "Tên",
            "key": "tiers.districts.ranking.7.label",
            "published": "Huyện A",
            "value": "Huyện A",
            "source": "a",
        },
        {
            "figure": "Thay đổi",
            "key": "tiers.districts.change.mean",
            "published": "giảm 4 điểm",
            "value": -4,
            "source": "a",
        },
    )
    mean, units, n, maximum, name, change = reconcile(RECORD, path)
    assert mean.matches and mean.sample and mean.by_construction
    for real in (units, n, maximum, name):  # registry and framework: a plain match
        assert real.matches and not real.sample and not real.by_construction, real.figure
    assert change.sample and not change.matches and not change.by_construction  # a departure stays a departure
    published = RECORD | {"meta": RECORD["meta"] | {"data_status": "published"}}
    assert not any(c.by_construction for c in reconcile(published, path))


def test_national_index_years_decide_by_their_own_status():
    record = {
        "meta": {"year": 2019, "previous_year": 2018, "data_status": "reconstructed"},
        "data_years": [
            {"year": 2019, "data_status": "reconstructed"},
            {"year": 2018, "data_status": "reconstructed"},
            {"year": 2017, "data_status": "published"},
        ],
    }
    assert not rests_on_sample(record, "comparisons.2017.rank")  # the real 2017 table
    assert rests_on_sample(record, "comparisons.2017.rank_change")  # 2019 against 2017: draws on 2019
    assert rests_on_sample(record, "comparisons.2018.rank")
    assert rests_on_sample(record, "current.subject.score")
    assert not rests_on_sample(record, "current.n_total")  # how many provinces: the registry
    real = record | {"data_years": [{"year": y, "data_status": "published"} for y in (2017, 2018, 2019)]}
    assert not rests_on_sample(real, "current.subject.score")


# -- cells stay in their column -----------------------------------------------------------------------


def test_the_reconciliation_cells_wrap_instead_of_running_over_the_next():
    """The computed column is right-aligned, and right-aligned cells keep to one line elsewhere
    (td.right: nowrap): a name there ("Thừa Thiên Huế", "Thị xã Gia Nghĩa") ran over "khớp" /
    "lệch". The annex's rules let it wrap (checked by hand with pdfplumber: no two words' boxes of
    the annex overlap in the five seed reports)."""
    css = (TEMPLATES_DIR / "base" / "report.css").read_text(encoding="utf-8")
    assert re.search(r"figure#table-reconciliation td\.right\s*\{\s*white-space:\s*normal;", css)
    assert re.search(r"figure#table-reconciliation table\s*\{[^}]*table-layout:\s*fixed", css)
    widths = [
        float(w) for w in re.findall(r"figure#table-reconciliation th:nth-child\(\d\)\s*\{\s*width:\s*([\d.]+)%", css)
    ]
    assert len(widths) == 5 and sum(widths) == 100
