"""Charts a reader can read: one colour per band name with no red for a ranked level, labels that fit,
counts on their own segment, a narrow spread drawn with dots on an axis that says where it starts."""

from __future__ import annotations

import re

import pytest

from egov_report.core.charts import LABEL_FONT, short_label
from egov_report.kinds.tiered_scores import charts

REDS = re.compile(r"#(?:d9534f|c0392b|ff0000|e74c3c)", re.I)


def _bands(*ranked: bool) -> list[dict]:
    return [
        {"code": f"b{i}", "label": f"mức {i}", "ranked": r, "points": 10.0 * (len(ranked) - 1 - i)}
        for i, r in enumerate(ranked)
    ]


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


def _drawn(monkeypatch, draw, *args):
    """The matplotlib figure a chart function draws (instead of its SVG)."""
    figures = []
    monkeypatch.setattr(charts, "svg", lambda figure: figures.append(figure) or "")
    draw(*args)
    return figures[0]


def test_one_colour_per_band_name_whatever_the_report(monkeypatch):
    # Lâm Đồng has three bands (tốt, khá, trung bình), Quảng Ninh four, Đắk Nông four levels and
    # the units below them: "trung bình" is one yellow in both provinces, not the orange end of a
    # three-step scale (issue 19: "one band has different colours in different reports").
    lamdong = [
        {"code": c, "label": label} for c, label in (("good", "tốt"), ("fair", "khá"), ("average", "trung bình"))
    ]
    quangninh = lamdong + [{"code": "poor", "label": "dưới trung bình"}]
    daknong = [{"code": f"level_{i}", "label": f"Mức {n}"} for i, n in enumerate(("I", "II", "III", "IV"), start=1)]
    daknong.append({"code": "unranked", "label": "dưới Mức IV", "ranked": False})
    assert charts.band_colours(lamdong) == {"good": "#1a6b3f", "fair": "#4f9a45", "average": "#e9b949"}
    assert charts.band_colours(quangninh) == {
        "good": "#1a6b3f",
        "fair": "#4f9a45",
        "average": "#e9b949",
        "poor": "#e07b2e",
    }
    assert charts.band_colours(daknong) == {
        "level_1": "#1a6b3f",
        "level_2": "#4f9a45",
        "level_3": "#e9b949",
        "level_4": "#e07b2e",
        "unranked": "#b9b9b9",
    }
    assert charts.band_colours([{"code": "x", "label": "Trung  Bình"}]) == {"x": "#e9b949"}  # the name, however typed


def test_a_narrow_spread_is_drawn_with_dots_and_a_wide_one_with_bars_from_zero(monkeypatch):
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    narrow = _drawn(monkeypatch, charts.ranking, _tier([141.6, 136.8, 127.0])).axes[0]  # Phú Thọ 2021, axis from 110
    assert not [c for c in narrow.containers if isinstance(c, BarContainer)]
    dots = [c for c in narrow.collections if isinstance(c, PathCollection)]
    assert len(dots) == 1 and sorted(x for x, _ in dots[0].get_offsets()) == [127.0, 136.8, 141.6]
    assert narrow.get_xlim() == (110, 150)
    wide = _drawn(monkeypatch, charts.ranking, _tier([43.8, 40.23, 27.08], 50)).axes[0]  # Đắk Nông districts
    bars = [b for c in wide.containers if isinstance(c, BarContainer) for b in c]
    assert [b.get_x() for b in bars] == [0, 0, 0] and wide.get_xlim()[0] == 0


def test_every_stacked_count_sits_on_its_own_segment(monkeypatch):
    # Quảng Ninh communes 2018: 1, 11 and 78 of 90 evaluated (1 is 1,1 % of the bar); Đắk Nông
    # communes 2019: 2 of 71 at Mức IV (2,8 %), 69 below.
    bands = [{"code": c, "label": c, "ranked": True} for c in ("tốt", "khá", "trung bình", "dưới trung bình")]

    def tier(label, counts):
        total = sum(counts)
        current = {"bands": [{"label": b["label"], "count": n, "share": n / total} for b, n in zip(bands, counts)]}
        return {"label": label, "bands": bands, "previous": None, "current": current}

    figure = _drawn(
        monkeypatch,
        charts.band_distribution,
        [tier("xã 2018", [0, 1, 11, 78]), tier("xã 2019", [0, 0, 2, 69])],
        2019,
        None,
    )
    axis = figure.axes[0]
    segments = [p for p in axis.patches if p.get_width() > 0]
    labels = [t for t in axis.texts if t.get_text().isdigit()]
    assert sorted(int(t.get_text()) for t in labels) == [1, 2, 11, 69, 78]
    for text in labels:
        x, y = text.get_position()
        on = [
            s
            for s in segments
            if s.get_y() <= y <= s.get_y() + s.get_height() and s.get_x() <= x <= s.get_x() + s.get_width()
        ]
        assert len(on) == 1, text.get_text()  # on one segment of its own bar, not between two bars
        assert round(on[0].get_width() / 100 * (90 if on[0].get_y() < 0.5 else 71)) == int(text.get_text())


def test_the_category_chart_draws_an_arrow_wherever_a_rank_moved(monkeypatch):
    # Bắc Kạn 2019 against 2018 (seed 004): 19 -> 29, 55 -> 42, 15 -> 8; and, typed for the case,
    # a move of one rank (18 -> 17) and a rank kept (38).
    from matplotlib.patches import FancyArrowPatch

    from egov_report.kinds.national_index import charts as national

    figures = []
    monkeypatch.setattr(national, "svg", lambda figure: figures.append(figure) or "")
    moves = [(29, 19), (42, 55), (8, 15), (17, 18), (38, 38), (5, None)]
    current = {
        "subject": {"rank": 16},
        "categories": [{"short_label": f"({i + 1})", "rank": r, "previous_rank": p} for i, (r, p) in enumerate(moves)],
    }
    national.category_chart(current, 63, 2018)
    arrows = [t for t in figures[0].axes[0].texts if isinstance(getattr(t, "arrow_patch", None), FancyArrowPatch)]
    drawn = sorted((round(a.xyann[0]), round(a.xy[0])) for a in arrows)  # (from, to)
    assert drawn == [(15, 8), (18, 17), (19, 29), (55, 42)]


def _legend(figure) -> list[str]:
    legend = figure.axes[0].get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


def _qn_bands() -> list[dict]:
    return [
        {"code": c, "label": label, "points": p}
        for c, label, p in (
            ("good", "tốt", 80.0),
            ("fair", "khá", 65.0),
            ("average", "trung bình", 50.0),
            ("poor", "dưới trung bình", 0.0),
        )
    ]


def test_a_legend_lists_only_the_bands_drawn_in_its_chart(monkeypatch):
    # Quảng Ninh 2019 departments: 92 down to 55 of 100, none under 50: no "Dưới trung bình" drawn
    ranking = [
        {"rank": i + 1, "name": f"Sở {i + 1}", "total": t, "band": b}
        for i, (t, b) in enumerate([(92.0, "good"), (79.61, "fair"), (63.64, "average"), (55.0, "average")])
    ]
    tier = {"ranking": ranking, "bands": _qn_bands(), "max": 100}
    assert _legend(_drawn(monkeypatch, charts.ranking, tier)) == ["Tốt", "Khá", "Trung bình"]
    # Đắk Nông communes 2019: 2 at Mức IV, 69 below it; no Mức I, II or III in the bar
    levels = [{"code": f"level_{n}", "label": f"Mức {n}", "ranked": True} for n in ("I", "II", "III", "IV")]
    levels.append({"code": "unranked", "label": "dưới Mức IV", "ranked": False})
    counts = [0, 0, 0, 2, 69]
    current = {"bands": [{"label": b["label"], "count": n, "share": n / 71} for b, n in zip(levels, counts)]}
    tier = {"label": "cấp xã", "bands": levels, "previous": None, "current": current}
    assert _legend(_drawn(monkeypatch, charts.band_distribution, [tier], 2019, None)) == ["Mức IV", "Dưới Mức IV"]
    # A histogram of many units, all between 50 and 80: only "Khá" and "Trung bình" are coloured in
    many = [{"rank": i + 1, "name": f"Xã {i}", "total": 52.0 + (i % 25), "band": None} for i in range(300)]
    tier = {"ranking": many, "bands": _qn_bands(), "max": 100}
    assert _legend(_drawn(monkeypatch, charts.ranking, tier)) == ["Khá", "Trung bình"]


def test_a_band_floor_line_stops_under_a_value_label(monkeypatch):
    # Quảng Ninh 2019: "79,61" printed just right of its bar, where the 80 line runs
    ranking = [
        {"rank": i + 1, "name": f"Sở {i + 1}", "total": t, "band": b}
        for i, (t, b) in enumerate([(92.0, "good"), (79.61, "fair"), (77.8, "fair"), (55.0, "average")])
    ]
    axis = _drawn(monkeypatch, charts.ranking, {"ranking": ranking, "bands": _qn_bands(), "max": 100}).axes[0]
    floor = [line for line in axis.lines if list(line.get_xdata())[:1] == [80.0]][0]
    ys = list(floor.get_ydata())
    pieces = [(ys[i], ys[i + 1]) for i in range(0, len(ys) - 1, 3)]
    assert not any(low <= 1 <= high for low, high in pieces)  # no piece of the 80 line at the row of "79,61"
    assert any(low <= 0 <= high for low, high in pieces)  # the line runs through the bar of 92 (its label is far right)


def test_long_names_are_wrapped_on_two_lines_not_cut():
    from egov_report.core.charts import row_positions, wrapped_label

    assert (
        wrapped_label("10. Ban Quản lý dự án đầu tư xây dựng các công trình giao thông")
        == "10. Ban Quản lý dự án đầu tư xây dựng\ncác công trình giao thông"
    )
    assert wrapped_label("Đài Phát thanh và Truyền hình Quảng Ninh") == "Đài Phát thanh và Truyền hình Quảng Ninh"
    assert row_positions(["a", "b\nc", "d"]) == ([0, 1.5, 3], 4)  # a wrapped name takes two rows


def _indicator(position, value, target=None, status="unknown", status_label="Chưa đánh giá"):
    return {
        "position": position,
        "short_label": f"Chỉ tiêu {position}",
        "unit": "%",
        "value": value,
        "value_text": f"{value:g}%",
        "status": status,
        "status_label": status_label,
        "target_known": target is not None,
        "target": target,
        "target_text": None if target is None else f"{target:g}%",
    }


def test_the_indicators_chart_calls_the_black_mark_a_target(monkeypatch):
    # Quảng Ninh 2020: 98 % against a target of 90 %, 100 % against 100 %, and two without a target
    from egov_report.kinds.indicators import charts as indicators

    figures = []
    monkeypatch.setattr(indicators, "svg", lambda figure: figures.append(figure) or "")
    indicators.value_target_chart(
        [
            _indicator(1, 98, 90, "met", "Đạt"),
            _indicator(2, 100, 100, "met", "Đạt"),
            _indicator(3, 62.5),
            _indicator(4, 8),
        ]
    )
    axis = figures[0].axes[0]
    assert _legend(figures[0]) == ["Đạt mục tiêu", "Chưa xác định được mục tiêu", "Mục tiêu"]
    texts = [t.get_text() for t in axis.texts]
    assert "Đạt\n(mục tiêu 90%)" in texts and "Chưa xác định được\nmục tiêu" in texts
    assert not any("chỉ tiêu" in t for t in texts + _legend(figures[0]))
    assert axis.get_xlim()[1] > 100  # a target of 100 % is seen whole at the end of the axis
    figures[0].tight_layout(pad=0.3)  # as svg() lays it out
    renderer = figures[0].canvas.get_renderer()
    label = [t for t in axis.texts if t.get_text() == "98%"][0].get_window_extent(renderer)
    mark = axis.transData.transform((90, 0))[0]
    assert not label.x0 <= mark <= label.x1  # the 90 % mark does not cross "98%"
