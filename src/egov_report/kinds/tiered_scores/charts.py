"""The tiered_scores charts, as inline SVG, drawn from the figure record (``core.charts`` primitives)."""

from __future__ import annotations

import textwrap

from matplotlib.ticker import FuncFormatter

from ...core.charts import (  # noqa: F401 (RANKED_SCALE, ranked_scale, short_label: core's, kept importable here)
    CURRENT_COLOUR,
    LABEL_BOX,
    LABEL_FONT,
    PREVIOUS_COLOUR,
    RANKED_SCALE,
    ROW_INCHES,
    UNRANKED_COLOUR,
    VI_NUMBER,
    band_colours,
    legend_above,
    lines_clear_of_labels,
    plt,
    ranked_scale,
    row_positions,
    rows_height,
    short_label,
    svg,
    wrapped_label,
)
from ...core.formatting import capital, fixed, number, score
from .framework import band_index

LABELLED_BARS = 40  # above this many units a ranking shows no unit names
# Above this many units a tier's ranking is shown as a distribution (a histogram coloured by
# band), and the report's annex lists its top and bottom units only: the full ranking is in
# the Excel annex (rankings.xlsx). 250 rows is about seven printed pages.
FULL_RANKING_MAX = 250
TOP_BOTTOM_PARENTS = 10  # above LABELLED_BARS parents, the chart and table show this many at each end
HISTOGRAM_BINS = 40  # 2.5 % of the maximum each: the band floors (50, 65, 80 %) fall on bin edges


def _label_colours(tiers: list[dict]) -> dict[str, str]:
    """A colour per band label across tiers (parts of a report share their labels), in order."""
    bands = {}
    for tier in tiers:
        for band in tier["bands"]:
            bands.setdefault(band["label"], band)
    return band_colours(list(bands.values()), "label")


def _band_legend(axis, bands: list[dict], colours: dict, drawn=None) -> None:
    """The bands' colours above the chart: only the bands ``drawn`` (codes) in it, when given; a band
    no unit reached is not listed (its floor line stays: it is a threshold of the scale)."""
    if drawn is not None:
        bands = [b for b in bands if b["code"] in drawn]
    if not bands:
        return
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[b["code"]]) for b in bands]
    legend_above(axis, handles, [capital(b["label"]) for b in bands])


def ranking(tier: dict) -> str:
    """Every unit's total, best first, coloured by the tier's bands, with the band floors marked.

    Above ``FULL_RANKING_MAX`` units, the distribution of totals instead (see distribution).
    """
    entries = tier["ranking"]
    bands = tier["bands"]
    colours = band_colours(bands)
    colours[None] = CURRENT_COLOUR
    count = len(entries)
    if count > FULL_RANKING_MAX:
        return distribution(tier, bands)
    labels = []  # the value labels a floor line must not cross
    if count <= LABELLED_BARS:
        names = [wrapped_label(f"{e['rank']}. {e['name']}" if e["rank"] else e["name"]) for e in entries]
        positions, rows = row_positions(names)
        figure, axis = plt.subplots(figsize=(7.2, rows_height(rows)))
        totals = [e["total"] for e in entries]
        low = axis_start(totals, tier["max"])
        if low:  # a narrow spread: dots on an axis that starts below them, never bars cut short by it
            axis.scatter(totals, list(positions), s=22, color=[colours[e["band"]] for e in entries], zorder=3)
            axis.grid(axis="y", color="#d9d9d9", linewidth=0.5, linestyle=":")
            axis.set_axisbelow(True)
            offset = (tier["max"] - low) * 0.012
        else:
            axis.barh(positions, totals, color=[colours[e["band"]] for e in entries])
            offset = tier["max"] * 0.005
        axis.set_yticks(positions, names, fontsize=LABEL_FONT, linespacing=0.95)
        axis.set_ylim(rows - 0.5, -0.5)
        axis.set_xlim(low, tier["max"])
        axis.xaxis.set_major_formatter(VI_NUMBER)
        axis.set_xlabel(
            f"Tổng điểm (tối đa {number(tier['max'])}" + (f"; trục bắt đầu từ {number(low)})" if low else ")")
        )
        labels = _score_labels(
            axis, [(entry["total"] + offset, p, entry["total"]) for p, entry in zip(positions, entries)]
        )
        vertical = True
    else:
        figure, axis = plt.subplots(figsize=(7.2, 2.3))
        axis.bar(range(count), [e["total"] for e in entries], width=1.0, color=[colours[e["band"]] for e in entries])
        axis.set_xlim(-0.5, count - 0.5)
        axis.set_ylim(0, tier["max"])
        axis.yaxis.set_major_formatter(VI_NUMBER)
        axis.set_xlabel(f"{count} đơn vị, xếp từ cao xuống thấp")
        axis.set_ylabel(f"Tổng điểm (tối đa {number(tier['max'])})")
        vertical = False
    _band_legend(axis, bands, colours, {e["band"] for e in entries})
    lines_clear_of_labels(axis, [band["points"] for band in bands[:-1]], labels, vertical=vertical)
    return svg(figure)


NARROW_SPREAD = 0.25  # totals within a quarter of the maximum: an axis from 0 would flatten them


def _score_labels(axis, placed: list[tuple[float, float, float]]) -> list:
    """A score beside each bar, at (x, y): the text artists, in the order given."""
    return [
        axis.text(x, y, score(value), va="center", fontsize=LABEL_FONT, bbox=LABEL_BOX, zorder=4)
        for x, y, value in placed
    ]


def axis_start(totals: list[float], maximum: float) -> float:
    """Where a totals axis starts: 0, or (when every total lies in a narrow band near the top) a
    round value below the lowest, so that the differences between units can be seen. The axis
    label says so whenever it does not start at 0, and such an axis carries dots, never bars: a
    bar's length from an axis that does not start at 0 would exaggerate the differences."""
    if not totals or min(totals) <= 0 or (max(totals) - min(totals)) / maximum >= NARROW_SPREAD:
        return 0.0
    step = 10 ** max(0, len(str(int(maximum))) - 2)  # 10 for maxima in the hundreds, 1 below 100
    start = (min(totals) - (max(totals) - min(totals)) * 0.5) // step * step
    return max(0.0, float(start))


def band_of(points: float, bands: list[dict]) -> dict | None:
    """The band of a score in points, from a tier's bands in the record (highest first)."""
    index = band_index(points, [b["points"] for b in bands])
    return None if index is None else bands[index]


def histogram_counts(totals: list[float | None], maximum: float) -> list[int]:
    """Units per bin of ``maximum / HISTOGRAM_BINS`` points; a bin holds its lower edge, the last
    bin the maximum too."""
    width = maximum / HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for total in totals:
        if total is not None:
            counts[min(HISTOGRAM_BINS - 1, max(0, int(total / width + 1e-9)))] += 1
    return counts


def distribution(tier: dict, bands: list[dict]) -> str:
    """How many units scored in each 2.5 % of the maximum: a histogram coloured by band."""
    colours = band_colours(bands)
    counts = histogram_counts([e["total"] for e in tier["ranking"]], tier["max"])
    width = tier["max"] / HISTOGRAM_BINS
    lefts = [i * width for i in range(HISTOGRAM_BINS)]
    figure, axis = plt.subplots(figsize=(7.2, 2.3))
    axis.bar(
        lefts,
        counts,
        width=width,
        align="edge",
        edgecolor="white",
        linewidth=0.4,
        color=[colours.get((band_of(left, bands) or {}).get("code"), CURRENT_COLOUR) for left in lefts],
    )
    used = [i for i, c in enumerate(counts) if c]
    low, high = (used[0], used[-1] + 1) if used else (0, HISTOGRAM_BINS)
    axis.set_xlim(max(0, low - 2) * width, min(HISTOGRAM_BINS, high + 2) * width)
    lines_clear_of_labels(axis, [band["points"] for band in bands[:-1]])
    axis.xaxis.set_major_formatter(VI_NUMBER)
    axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: number(value, 0)))
    axis.set_xlabel(f"Tổng điểm (tối đa {number(tier['max'])}); mỗi cột rộng {number(width, 2)} điểm")
    axis.set_ylabel("Số đơn vị")
    drawn = {(band_of(left, bands) or {}).get("code") for left, c in zip(lefts, counts) if c}
    _band_legend(axis, bands, colours, drawn)
    return svg(figure)


SEGMENT_LABEL_MIN = 6  # % of the bar: a narrower segment gets its count in a small box, still on the segment
DIGIT_WIDTH = 1.6  # % of the bar one digit of a count takes at LABEL_FONT (a 4.8-inch plotting area)


def segment_labels(counts: list[int], shares: list[float]) -> list[tuple[float, bool]]:
    """Where each count of a stacked bar is written (x, in % of the bar) and whether it is boxed:
    on its own segment, at the segment's middle; a segment too narrow for its count gets the count
    in a small box, moved right as far as needed not to cover the previous count but never off its
    own segment (the count of the first segment may stand over the axis line: it stays on its bar)."""
    places, left, end = [], 0.0, float("-inf")  # end: where the last written count ends
    for count, share in zip(counts, shares):
        if not count:
            places.append((left + share / 2, False))
            left += share
            continue
        half = (len(str(count)) * DIGIT_WIDTH + 1.2) / 2
        boxed = share < SEGMENT_LABEL_MIN
        x = max(left + share / 2, min(end + half, left + share) if boxed else 0.0)
        places.append((x, boxed))
        end = x + half
        left += share
    return places


def _dark(colour: str) -> bool:
    """Whether black text would be hard to read on this colour (its relative luminance)."""
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue < 0.35


def band_distribution(tiers: list[dict], year: int, previous_year: int | None) -> str:
    """Share of units in each band, per tier, this year and (where known) the year before.

    Every segment carries its count, written on the segment itself (boxed when the segment is
    narrower than the count), never between two bars where it could be read as the other's."""
    tiers = [t for t in tiers if t["bands"]]
    colours = _label_colours(tiers)
    rows = []
    for tier in tiers:
        if tier["previous"] is not None and previous_year is not None:
            partial = f" ({tier['previous']['n']} đơn vị*)" if tier["previous"]["coverage"] != "full" else ""
            rows.append((f"{capital(tier['label'])} {previous_year}{partial}", tier["previous"]["bands"]))
        rows.append((f"{capital(tier['label'])} {year}", tier["current"]["bands"]))
    figure, axis = plt.subplots(figsize=(7.2, rows_height(len(rows), 0.3)))
    for position, (_label, counts) in enumerate(rows):
        shares = [band["share"] * 100 for band in counts]
        places = segment_labels([band["count"] for band in counts], shares)
        left = 0.0
        for band, share, (x, boxed) in zip(counts, shares, places):
            colour = colours[band["label"]]
            axis.barh(position, share, left=left, height=0.55, color=colour, edgecolor="white", linewidth=0.5)
            if band["count"]:
                box = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": colour, "linewidth": 0.8}
                axis.text(
                    x,
                    position,
                    str(band["count"]),
                    ha="center",
                    va="center",
                    fontsize=LABEL_FONT,
                    color="#1b1b1b" if boxed or not _dark(colour) else "white",
                    bbox=box if boxed else None,
                    zorder=4,
                )
            left += share
    axis.set_yticks(range(len(rows)), [label for label, _ in rows], fontsize=LABEL_FONT)
    axis.set_ylim(len(rows) - 0.5, -0.5)
    axis.set_xlim(0, 100)
    axis.set_xlabel("Tỷ lệ đơn vị (%); số trên thanh là số đơn vị")
    drawn = [label for label in colours if any(b["label"] == label and b["count"] for _, c in rows for b in c)]
    handles = [plt.Rectangle((0, 0), 1, 1, color=colours[label]) for label in drawn]
    legend_above(axis, handles, [capital(label) for label in drawn])
    return svg(figure)


def year_comparison(tier: dict, year: int, previous_year: int) -> str:
    """Each unit's total last year and this year (dumbbell), ordered by this year's rank."""
    entries = [e for e in tier["ranking"] if e["previous_total"] is not None]
    names = [wrapped_label(e["name"]) for e in entries]
    positions, rows = row_positions(names)
    figure, axis = plt.subplots(figsize=(7.2, rows_height(rows)))
    for position, entry in zip(positions, entries):
        axis.plot(
            [entry["previous_total"], entry["total"]], [position, position], color="#bbbbbb", linewidth=1.2, zorder=1
        )
    axis.scatter(
        [e["previous_total"] for e in entries],
        positions,
        color=PREVIOUS_COLOUR,
        s=18,
        label=str(previous_year),
        zorder=2,
    )
    axis.scatter([e["total"] for e in entries], positions, color=CURRENT_COLOUR, s=18, label=str(year), zorder=3)
    axis.set_yticks(positions, names, fontsize=LABEL_FONT, linespacing=0.95)
    axis.set_ylim(max(rows, 1) - 0.5, -0.5)
    low = axis_start([v for e in entries for v in (e["previous_total"], e["total"])], tier["max"])
    axis.set_xlim(low, tier["max"])
    axis.xaxis.set_major_formatter(VI_NUMBER)
    axis.set_xlabel(f"Tổng điểm (tối đa {number(tier['max'])}" + (f"; trục bắt đầu từ {number(low)})" if low else ")"))
    handles, labels = axis.get_legend_handles_labels()
    legend_above(axis, handles, labels)
    return svg(figure)


def group_breakdown(tiers: list[dict]) -> str:
    """Average score of each criteria group as a share of its maximum, per tier."""
    figure, axes = plt.subplots(1, len(tiers), figsize=(7.2, 1.75), sharey=True, squeeze=False)
    for axis, tier in zip(axes[0], tiers):
        groups = tier["current"]["groups"]
        shares = [g["share"] * 100 for g in groups]
        axis.bar(range(len(groups)), shares, color=CURRENT_COLOUR, width=0.6)
        axis.set_xticks(range(len(groups)), [f"({i + 1})" for i in range(len(groups))])
        for position, share in enumerate(shares):
            axis.text(position, share + 1.5, fixed(share, 1), ha="center", fontsize=LABEL_FONT)
        axis.set_ylim(0, 105)
        axis.set_yticks(range(0, 101, 20))  # the same scale however short the panel
        width = max(12, 60 // len(tiers))  # narrower panels, shorter lines
        axis.set_title(textwrap.fill(capital(tier["label"]), width), fontsize=9)
    axes[0][0].set_ylabel("% điểm tối đa của nhóm")
    return svg(figure)


def parents_shown(tier: dict) -> list[dict | None]:
    """The parents a chart or table shows: all of them, or above ``LABELLED_BARS`` the top and
    bottom ``TOP_BOTTOM_PARENTS`` with ``None`` marking the ones left out between them."""
    parents = tier["by_parent"]
    if len(parents) <= LABELLED_BARS:
        return list(parents)
    return parents[:TOP_BOTTOM_PARENTS] + [None] + parents[-TOP_BOTTOM_PARENTS:]


def parent_means(tier: dict) -> str:
    """Average total of the units under each parent (communes by district), ranked.

    Above ``LABELLED_BARS`` parents: the top and bottom ``TOP_BOTTOM_PARENTS``, with a gap
    saying how many are left out (they are all in rankings.xlsx).
    """
    shown = parents_shown(tier)
    hidden = len(tier["by_parent"]) - sum(1 for p in shown if p is not None)
    parents = [p for p in shown if p is not None]
    names = [wrapped_label(f"{p['rank']}. {p['name']}") if p is not None else "" for p in shown]
    every, rows = row_positions(names)
    positions = [y for y, p in zip(every, shown) if p is not None]
    figure, axis = plt.subplots(figsize=(7.2, rows_height(rows, ROW_INCHES + 0.01)))
    axis.barh(positions, [p["mean"] for p in parents], color=CURRENT_COLOUR)
    axis.set_yticks(
        positions, [n for n, p in zip(names, shown) if p is not None], fontsize=LABEL_FONT, linespacing=0.95
    )
    if hidden:
        gap = every[shown.index(None)]
        axis.text(
            tier["max"] * 0.01,
            gap,
            f"… {number(hidden)} {tier['parent_label']} khác …",
            va="center",
            fontsize=LABEL_FONT,
            color="#555555",
        )
    axis.set_ylim(rows - 0.5, -0.5)
    axis.set_xlim(0, tier["max"])
    axis.xaxis.set_major_formatter(VI_NUMBER)
    axis.text(
        tier["current"]["mean"],
        -0.9,
        f" trung bình chung {score(tier['current']['mean'])}",
        fontsize=LABEL_FONT,
        color="#d9534f",
    )
    offset = tier["max"] * 0.005
    labels = _score_labels(
        axis, [(parent["mean"] + offset, p, parent["mean"]) for p, parent in zip(positions, parents)]
    )
    axis.set_xlabel(f"Điểm trung bình (tối đa {number(tier['max'])})")
    lines_clear_of_labels(axis, [tier["current"]["mean"]], labels, color="#d9534f", linewidth=0.8)
    return svg(figure)
