"""Charts and tables as the reviewer who signs the reports reads them (issue 19): one colour per
band name in every report, bars on axes that start at 0 (a narrow spread is drawn with dots),
the true minus in every table, one number of decimals per column.

Read from every shipped report's report.html (the session's ``shipped_reports`` renders): the
charts are inline SVG, parsed here as drawn, not as the code that drew them meant them. The
expected colours are typed from the reviewer's one scale (dark green for the best band, orange for
the lowest ranked one, grey for units not ranked), not taken from ``core.charts``.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from egov_report.catalog import available_province_years
from egov_report.paths import DATA_DIR

pytestmark = pytest.mark.e2e
SHIPPED = available_province_years(DATA_DIR)

# Typed by hand: the colour each band name has in every report (tốt and Mức I the best).
BAND_COLOURS = {
    "tốt": "#1a6b3f",
    "khá": "#4f9a45",
    "trung bình": "#e9b949",
    "dưới trung bình": "#e07b2e",
    "mức i": "#1a6b3f",
    "mức ii": "#4f9a45",
    "mức iii": "#e9b949",
    "mức iv": "#e07b2e",
    "dưới mức iv": "#b9b9b9",
    "không xếp hạng": "#b9b9b9",
}
EDGE = 0.6  # SVG px: two coordinates closer than this are the same edge


def _soup(reports, province, year) -> BeautifulSoup:
    return BeautifulSoup((reports / province / str(year) / "report.html").read_text(encoding="utf-8"), "html.parser")


def _charts(soup) -> list[tuple[str, object]]:
    return [(figure.get("id", "?"), figure.find("svg")) for figure in soup.select("figure.chart") if figure.find("svg")]


def _children(node, prefix: str) -> list:
    """Direct child groups whose id (after the chart's prefix) starts with ``prefix``."""
    return [g for g in node.find_all("g", recursive=False) if re.search(rf"(^|-){prefix}\d+$", g.get("id", ""))]


def _fill(path) -> str | None:
    match = re.search(r"fill:\s*(#[0-9a-fA-F]{6}|none)", path.get("style", ""))
    return match.group(1).lower() if match else None


def _rectangle(path) -> tuple[float, float, float, float] | None:
    """(left, top, right, bottom) of a path that is an upright rectangle, else None."""
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", path.get("d", ""))]
    if len(numbers) != 8 and len(numbers) != 10:
        return None
    xs, ys = numbers[0::2][:4], numbers[1::2][:4]
    if len({round(x, 2) for x in xs}) != 2 or len({round(y, 2) for y in ys}) != 2:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def legend_entries(svg) -> list[tuple[str, str]]:
    """(label, fill) of every legend entry drawn as a coloured box."""
    entries = []
    for legend in svg.find_all("g", id=re.compile(r"legend_\d+$")):
        box = None
        for child in legend.find_all("g", recursive=False):
            if re.search(r"patch_\d+$", child.get("id", "")):
                path = child.find("path")
                box = _fill(path) if path is not None and _rectangle(path) else None
            elif re.search(r"text_\d+$", child.get("id", "")):
                label = " ".join(child.get_text(" ").split())
                if box and label:
                    entries.append((label, box))
                box = None
    return entries


def _ticks(axes, axis: str) -> list[tuple[float, str]]:
    """(position, label) of the ticks of an axes' x or y axis, as drawn."""
    ticks = []
    for group in axes.find_all("g", id=re.compile(rf"{axis}tick_\d+$")):
        use = group.find("use")
        if use is None:
            continue
        position = float(use.get("x" if axis == "x" else "y"))
        ticks.append((position, " ".join(group.get_text(" ").split())))
    return ticks


def bars_not_from_zero(svg) -> list[str]:
    """Each axes with bars: its bars rest on an edge of the plotting area, and that edge is the
    axis' 0. A bar cut by an axis starting above 0 reaches past the edge; a floating bar misses it."""
    return bar_axes(svg)[1]


def bar_axes(svg) -> tuple[int, list[str]]:
    """(axes with bars seen, their problems): see bars_not_from_zero."""
    problems, seen = [], 0
    axes_groups = svg.find_all("g", id=re.compile(r"axes_\d+$"))
    frames = {}
    for axes in axes_groups:
        patches = _children(axes, "patch_")
        if patches:
            frames[axes.get("id")] = _rectangle(patches[0].find("path"))
    for axes in axes_groups:
        patches = _children(axes, "patch_")
        frame = frames.get(axes.get("id"))
        if not patches or frame is None:
            continue
        left, top, right, bottom = frame
        bars = []
        for patch in patches[1:]:
            path = patch.find("path")
            box = _rectangle(path) if path is not None else None
            if box is None or _fill(path) in (None, "none", "#ffffff"):
                continue
            x0, y0, x1, y1 = box
            if x1 - x0 < 0.01 or y1 - y0 < 0.01:
                continue  # a bar of 0
            if (abs(y0 - top) < EDGE and abs(y1 - bottom) < EDGE) or (abs(x0 - left) < EDGE and abs(x1 - right) < EDGE):
                continue  # a shaded span across the plotting area, not a bar
            bars.append(box)
        if not bars:
            continue
        seen += 1
        rows, columns = defaultdict(list), defaultdict(list)
        for box in bars:
            rows[(round(box[1], 1), round(box[3], 1))].append(box)
            columns[(round(box[0], 1), round(box[2], 1))].append(box)
        if all(abs(min(b[0] for b in row) - left) < EDGE for row in rows.values()):
            zero = [label for position, label in _ticks(axes, "x") if abs(position - left) < EDGE]
        elif all(abs(max(b[3] for b in column) - bottom) < EDGE for column in columns.values()):
            shared = [a for a in axes_groups if frames.get(a.get("id")) and abs(frames[a.get("id")][3] - bottom) < EDGE]
            zero = [
                label for a in shared for position, label in _ticks(a, "y") if abs(position - bottom) < EDGE and label
            ]
        else:
            problems.append(
                f"{axes.get('id')}: bars that do not rest on an edge of the plotting area (cut or floating)"
            )
            continue
        if "0" not in zero:
            problems.append(f"{axes.get('id')}: bars on an axis that starts at {zero or 'no labelled tick'}, not 0")
    return seen, problems


def table_cells(soup) -> list[tuple[str, list[list[str]]]]:
    """(figure id, rows of cell texts) of every table of the report."""
    tables = []
    for table in soup.find_all("table"):
        figure = table.find_parent("figure")
        rows = [
            [" ".join(cell.get_text(" ").split()) for cell in tr.find_all(["td", "th"])] for tr in table.find_all("tr")
        ]
        tables.append((figure.get("id", "?") if figure else "?", rows))
    return tables


DECIMAL = re.compile(r"(?<![\d,.])[+\u2212]?\d{1,3}(?:\.\d{3})*,(\d+)(?![\d,])")


def mixed_decimals(rows: list[list[str]]) -> list[str]:
    """Columns whose numbers do not all have the same number of decimals."""
    header, body = rows[0], rows[1:]
    found = []
    for column in range(len(header)):
        counts = {len(m) for row in body if column < len(row) for m in DECIMAL.findall(row[column])}
        if len(counts) > 1:
            found.append(
                f"{header[column]}: {sorted(counts)} decimals "
                f"({', '.join(row[column] for row in body if column < len(row))[:120]})"
            )
    return found


# -- the rules, on every shipped report --------------------------------------------------------


def test_every_band_name_has_one_colour_in_every_report(shipped_reports):
    seen = defaultdict(set)  # label -> {(colour, where)}
    for province, year in SHIPPED:
        for figure, svg in _charts(_soup(shipped_reports, province, year)):
            for label, colour in legend_entries(svg):
                seen[label.casefold()].add((colour, f"{province} {year} {figure}"))
    bands = {label: places for label, places in seen.items() if label in BAND_COLOURS}
    # a legend lists only the bands its chart draws: no shipped unit reaches Mức I
    assert {"tốt", "khá", "trung bình", "dưới trung bình", "mức ii", "mức iv"} <= set(bands), sorted(seen)
    for label, places in seen.items():  # every legend, bands and the indicators' statuses alike
        assert len({colour for colour, _ in places}) == 1, (label, sorted(places))
    for label, places in bands.items():
        assert {colour for colour, _ in places} == {BAND_COLOURS[label]}, (label, sorted(places))


@pytest.mark.parametrize("province, year", SHIPPED)
def test_every_bar_starts_at_zero_or_the_chart_is_a_dot_plot(shipped_reports, province, year):
    charts = _charts(_soup(shipped_reports, province, year))
    assert charts
    checked = {figure: bar_axes(svg) for figure, svg in charts}
    problems = [f"{figure}: {problem}" for figure, (_, found) in checked.items() for problem in found]
    assert not problems, problems


def test_the_bar_rule_reads_the_bars_of_the_shipped_charts(shipped_reports):
    """The rule above was applied to something: the flagship's rankings, Lâm Đồng's band shares,
    Quảng Ninh 2020's indicators are bars (the national index is dots and lines only)."""
    seen = {
        (province, year): sum(bar_axes(svg)[0] for _, svg in _charts(_soup(shipped_reports, province, year)))
        for province, year in SHIPPED
    }
    assert seen[("quangninh", 2019)] >= 2 and seen[("lamdong", 2017)] >= 1 and seen[("quangninh", 2020)] >= 1, seen


@pytest.mark.parametrize("province, year", SHIPPED)
def test_no_hyphen_for_a_minus_in_any_table(shipped_reports, province, year):
    wrong = [
        (figure, cell)
        for figure, rows in table_cells(_soup(shipped_reports, province, year))
        for row in rows
        for cell in row
        if re.search(r"-\d", cell)
    ]
    assert not wrong, wrong[:10]


@pytest.mark.parametrize("province, year", SHIPPED)
def test_one_number_of_decimals_per_column(shipped_reports, province, year):
    # The reconciliation annex sets each published figure beside the computed one: a column of it
    # holds counts, scores, shares and index values by design, each quoted as its source prints it.
    mixed = [
        (figure, column)
        for figure, rows in table_cells(_soup(shipped_reports, province, year))
        if figure != "table-reconciliation" and len(rows) > 1
        for column in mixed_decimals(rows)
    ]
    assert not mixed, mixed


# -- on screen: the sample banner covers nothing, "DỰ THẢO" leaves the header its width -----------

SAMPLE_REPORTS = [("quangninh", 2019), ("backan", 2019)]  # sample data and a draft, two kinds


@pytest.fixture(scope="module")
def browser():
    import os

    from playwright.sync_api import sync_playwright
    from test_browser import CHROMIUM, CHROMIUM_FLAGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, env={**os.environ, "HOME": os.environ.get("HOME", "/tmp")}
        )
        yield chromium
        chromium.close()


@pytest.mark.parametrize("width", (1280, 390))
@pytest.mark.parametrize("province, year", SAMPLE_REPORTS)
def test_the_sample_banner_covers_no_row_and_the_draft_mark_no_header(shipped_reports, browser, province, year, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto((shipped_reports / province / str(year) / "report.html").as_uri(), wait_until="load")
        assert page.locator(".sample-mark").count() == 1
        # a table row brought to the top of the window (as a link or a scroll does) is the first thing seen there
        row = page.locator("figure.table tbody tr").nth(2)
        row.evaluate("row => row.scrollIntoView({block: 'start'})")
        box = row.bounding_box()
        covering = page.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y).closest('.sample-mark')",
            [box["x"] + box["width"] / 2, box["y"] + 2],
        )
        assert not covering
        draft = page.locator(".draft-mark")
        if draft.count():  # the issuer's lines keep the width of their column: "UBND TỈNH …" on one line
            issuer = page.locator("table.form-header td.form-issuer p").first.bounding_box()
            mark = draft.bounding_box()
            assert mark["y"] + mark["height"] <= issuer["y"] + 1 or mark["x"] >= issuer["x"] + issuer["width"] - 1
            assert issuer["height"] < 30, issuer  # one line of 13 pt, not a column of single words
    finally:
        page.close()


# -- the parsers themselves, on drawings typed by hand -------------------------------------------

_AXES = """<svg><g id="c1-axes_1">
<g id="c1-patch_1"><path d="M 100 200 L 500 200 L 500 10 L 100 10 z" style="fill: #ffffff"/></g>
{bars}
<g id="c1-matplotlib.axis_1">
<g id="c1-xtick_1"><g id="c1-line2d_1"><use x="100" y="200"/></g><g id="c1-text_1"><text>{start}</text></g></g>
<g id="c1-xtick_2"><g id="c1-line2d_2"><use x="500" y="200"/></g><g id="c1-text_2"><text>150</text></g></g>
</g>
<g id="c1-legend_1"><g id="c1-patch_9"><path d="M 0 0 L 10 0 L 10 5 L 0 5 z" style="fill: #e9b949"/></g>
<g id="c1-text_9"><text>Trung bình</text></g></g>
</g></svg>"""
_BAR = '<g id="c1-patch_{n}"><path d="M {x0} {y0} L {x1} {y0} L {x1} {y1} L {x0} {y1} z" style="fill: #1f4e79"/></g>'


def _drawing(start: str, lefts: list[float]) -> object:
    bars = "".join(_BAR.format(n=i + 2, x0=x, x1=400, y0=20 + 20 * i, y1=30 + 20 * i) for i, x in enumerate(lefts))
    return BeautifulSoup(_AXES.format(start=start, bars=bars), "html.parser").find("svg")


def test_the_parsers_see_bars_from_zero_and_bars_cut_by_the_axis():
    assert bars_not_from_zero(_drawing("0", [100, 100])) == []
    assert bars_not_from_zero(_drawing("110", [100, 100]))  # bars resting on an axis from 110
    assert bars_not_from_zero(_drawing("110", [-686.66, -686.66]))  # bars from 0, cut by the axis
    assert legend_entries(_drawing("0", [100])) == [("Trung bình", "#e9b949")]
    assert mixed_decimals([["Điểm", "Hạng"], ["0,651", "13/63"], ["0,7699", "16/63"]]) == [
        "Điểm: [3, 4] decimals (0,651, 0,7699)"
    ]
    assert mixed_decimals([["Điểm"], ["0,6510"], ["0,7699"], ["\u22120,1340"]]) == []
