"""Charts a reader can read: ordered band colours with no red for a ranked level, labels that fit,
counts on every segment, an axis that shows a narrow spread and says where it starts."""

from __future__ import annotations

import re

import pytest

from egov_report.core.charts import LABEL_FONT, short_label
from egov_report.kinds.tiered_scores import charts

REDS = re.compile(r"#(?:d9534f|c0392b|ff0000|e74c3c)", re.I)


def _bands(*ranked: bool) -> list[dict]:
    return [{"code": f"b{i}", "label": f"mức {i}", "ranked": r, "points": 10.0 * (len(ranked) - 1 - i)}
            for i, r in enumerate(ranked)]


@pytest.mark.parametrize("ranked", [(True,) * 4, (True, True, True, True, False), (True, True, False), (True,)])
def test_ranked_levels_get_ordered_colours_without_red_and_the_unranked_grey(ranked):
    colours = charts.band_colours(_bands(*ranked))
    shown = [colours[f"b{i}"] for i, r in enumerate(ranked) if r]
    assert len(set(shown)) == len(shown)  # one colour per ranked level
    assert shown[0] == "#1a6b3f"  # the best level is always the dark green end of the scale
    if len(shown) > 1:
        assert shown[-1] == "#e07b2e"  # the lowest ranked level is the orange end, not red
    assert not any(REDS.fullmatch(c) for c in shown)
    assert all(colours[f"b{i}"] == "#b9b9b9" for i, r in enumerate(ranked) if not r)


def test_long_names_keep_their_first_and_last_words_and_stay_apart():
    # Two Quảng Ninh boards whose names begin alike (seed 000's department table)
    roads = "Ban Quản lý dự án đầu tư xây dựng các công trình giao thông"
    buildings = "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp"
    assert short_label(roads) == "Ban Quản lý dự án … các công trình giao thông"
    assert short_label(buildings) == "Ban Quản lý dự án … dân dụng và công nghiệp"
    assert short_label("Đài Phát thanh và Truyền hình Quảng Ninh") == "Đài Phát thanh và Truyền hình Quảng Ninh"
    assert short_label("Huyện Đức Trọng") == "Huyện Đức Trọng"


def test_a_narrow_spread_starts_the_axis_below_the_lowest_total():
    # Phú Thọ 2021: totals 127 to 141.6 out of 150 (a spread of 9.7 % of the maximum)
    assert charts.axis_start([141.6, 136.8, 127.0], 150) == 110
    # Quảng Ninh 2019 districts: 115.95 to 153.92 of 170 (22 %): still narrow, from 90
    assert charts.axis_start([153.92, 115.95], 170) == 90
    # Đắk Nông districts: 27.08 to 43.8 of 50 (33 %): from 0
    assert charts.axis_start([43.8, 27.08], 50) == 0


def _tier(totals: list[float], maximum: float = 150) -> dict:
    ranking = [{"rank": i + 1, "name": f"Sở {i + 1}", "total": t, "band": None} for i, t in enumerate(totals)]
    return {"ranking": ranking, "bands": [], "max": maximum}


def test_the_ranking_chart_says_where_a_shifted_axis_starts_and_its_labels_are_readable():
    svg = charts.ranking(_tier([141.6, 136.8, 127.0]))
    assert "trục bắt đầu từ 110" in svg
    sizes = [float(s) for s in re.findall(r"font-size: ?([\d.]+)px", svg) + re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes and min(sizes) >= LABEL_FONT  # SVG px at 72 per inch: the points matplotlib was given


def test_every_stacked_segment_carries_its_count():
    bands = [{"code": c, "label": c, "ranked": True} for c in ("tốt", "khá", "trung bình", "dưới trung bình")]
    counts = [9, 23, 141, 13]  # Quảng Ninh communes 2019: 9 units is under 5 % of 186
    current = {"bands": [{"label": b["label"], "count": n, "share": n / 186} for b, n in zip(bands, counts)]}
    tier = {"label": "xã", "bands": bands, "previous": None, "current": current}
    svg = charts.band_distribution([tier], 2019, None)
    texts = [int(t) for t in re.findall(r"<text[^>]*>(\d+)</text>", svg)]
    assert all(count in texts for count in counts)  # 9 among them, written above its narrow segment
    assert texts.count(9) == 1

