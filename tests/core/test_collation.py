"""Alphabetical lists in Vietnamese order (ICU), as a reader looks names up."""

from egov_report.core.collation import sorted_vi


def test_vietnamese_alphabetical_order_puts_d_stroke_after_d_and_tones_after_the_letter():
    # The Lâm Đồng districts of seed 001, in the order of the Vietnamese alphabet (typed by hand)
    districts = ["Lâm Hà", "Đức Trọng", "Đạ Tẻh", "Di Linh", "Bảo Lâm", "Cát Tiên", "Đam Rông", "Lạc Dương"]
    assert sorted_vi(districts) == [
        "Bảo Lâm",
        "Cát Tiên",
        "Di Linh",
        "Đạ Tẻh",
        "Đam Rông",
        "Đức Trọng",
        "Lạc Dương",
        "Lâm Hà",
    ]
    assert sorted_vi(["Ân", "Ăn", "An", "Bình"]) == ["An", "Ăn", "Ân", "Bình"]
