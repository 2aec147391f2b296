"""The indicators chart, as inline SVG, drawn from the figure record (``core.charts`` primitives)."""

from __future__ import annotations

import textwrap

from ...core.charts import LABEL_BOX, VI_NUMBER, measured_layout, plt, svg
from .framework import PERCENT

STATUS_COLOURS = {"met": "#1a7f4b", "not_met": "#d9534f", "unknown": "#dde3ea"}
UNKNOWN_EDGE = "#5f6f84"  # an indicator without a target: pale bar, dashed outline
TARGET_COLOUR = "#1b1b1b"
# The words the chart uses for a target: the caption says "vạch đen: mục tiêu", and so does the legend.
STATUS_NAMES = {"met": "Đạt mục tiêu", "not_met": "Chưa đạt mục tiêu", "unknown": "Chưa xác định được mục tiêu"}
TARGET_NAME = "Mục tiêu"
UNKNOWN_WORDS = "Chưa xác định được\nmục tiêu"
AXIS_END = 104  # past 100, so that a target of 100 % at the end of the axis is seen whole
LABEL_GAP = 3.0  # points between a value label and a target mark it would otherwise stand under


def value_target_chart(indicators: list[dict]) -> str:
    """Each percentage indicator's value as a bar and its target as a black mark; an indicator
    without a target has a pale bar with a dashed outline and says so in words beside it."""
    from matplotlib.transforms import blended_transform_factory

    shown_ = [e for e in indicators if e["unit"] == PERCENT]
    figure, axis = plt.subplots(figsize=(6.0, 0.5 + 0.62 * len(shown_)))
    beside = blended_transform_factory(axis.transAxes, axis.transData)  # x: share of the axis, y: a bar
    values = [(_bar(axis, beside, position, entry), entry) for position, entry in enumerate(shown_)]
    _axes(axis, shown_)
    _legend(axis, shown_)
    _clear_of_targets(axis, values)  # the labels to keep clear of the target marks
    return svg(figure)


def _bar(axis, beside, position: int, entry: dict):
    """One indicator's bar, its value label (returned), its target mark and the words beside it."""
    unknown = entry["status"] == "unknown"
    axis.barh(
        position,
        entry["value"],
        height=0.56,
        color=STATUS_COLOURS[entry["status"]],
        edgecolor=UNKNOWN_EDGE if unknown else "none",
        linewidth=1.1 if unknown else 0,
        linestyle=(0, (3, 2)) if unknown else "-",
    )
    inside = entry["value"] >= 15
    label = axis.text(
        entry["value"] - 1.5 if inside else entry["value"] + 1.5,
        position,
        entry["value_text"],
        ha="right" if inside else "left",
        va="center",
        fontsize=9,
        fontweight="bold",
        color="#1b1b1b",
        bbox=LABEL_BOX,
        zorder=4,
    )
    if entry["target_known"]:
        axis.plot(
            [entry["target"]] * 2,
            [position - 0.42, position + 0.42],
            color=TARGET_COLOUR,
            linewidth=2.4,
            zorder=5,
            solid_capstyle="butt",
        )
        words = f"{entry['status_label']}\n(mục tiêu {entry['target_text']})"
    else:
        words = UNKNOWN_WORDS
    axis.text(
        1.03,
        position,
        words,
        transform=beside,
        ha="left",
        va="center",
        fontsize=8.5,
        color="#1b1b1b" if entry["target_known"] else "#555555",
        fontstyle="normal" if entry["target_known"] else "italic",
    )
    return label


def _axes(axis, shown_: list[dict]) -> None:
    """The indicators' names down the side and the percentage axis along the bottom."""
    labels = [textwrap.fill(f"{e['position']}. {e['short_label']}", 36) for e in shown_]
    axis.set_yticks(range(len(shown_)), labels, fontsize=8.5)
    axis.invert_yaxis()
    axis.set_xlim(0, AXIS_END)
    axis.set_xticks(range(0, 101, 20))
    axis.xaxis.set_major_formatter(VI_NUMBER)
    axis.set_xlabel("Giá trị đạt được (%)")
    axis.grid(axis="x", color="#e3e7eb", linewidth=0.6)
    axis.set_axisbelow(True)


def _legend(axis, shown_: list[dict]) -> None:
    """A legend entry for each status the chart shows, and for the target mark when one is drawn."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    present = {e["status"] for e in shown_}
    handles = [
        Patch(
            facecolor=STATUS_COLOURS[s],
            edgecolor=UNKNOWN_EDGE if s == "unknown" else "none",
            linewidth=1.1 if s == "unknown" else 0,
            linestyle=(0, (3, 2)) if s == "unknown" else "-",
            label=STATUS_NAMES[s],
        )
        for s in ("met", "not_met", "unknown")
        if s in present
    ]
    if any(e["target_known"] for e in shown_):
        handles.append(Line2D([], [], color=TARGET_COLOUR, linewidth=2.4, label=TARGET_NAME))
    axis.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncol=len(handles),
        frameon=False,
        fontsize=8.5,
        handlelength=2.2,
        handleheight=1.1,
        borderaxespad=0.2,
    )


def _clear_of_targets(axis, values: list) -> None:
    """Move a value label that a target mark would cross ("98%" under the 90 % mark): inside its
    bar, to the left of the mark; else (no room there) just right of the bar and the mark."""
    with measured_layout(axis.figure) as renderer:  # as svg() lays it out: the labels' widths in axis units
        moves = _moves(axis, values, renderer)
    for label, x, align in moves:
        label.set_x(x)
        label.set_horizontalalignment(align)


def _moves(axis, values: list, renderer) -> list:
    """(label, x, alignment) for each value label a target mark crosses, measured with ``renderer``."""
    figure = axis.figure
    moves = []
    per_unit = axis.get_window_extent(renderer).width / (axis.get_xlim()[1] - axis.get_xlim()[0])
    gap = LABEL_GAP * figure.dpi / 72 / per_unit
    for label, entry in values:
        if not entry["target_known"]:
            continue
        box = label.get_window_extent(renderer)
        width = box.width / per_unit
        left = axis.transData.inverted().transform((box.x0, box.y0))[0]
        target = entry["target"]
        if not left - gap <= target <= left + width + gap:
            continue
        if target - gap - width >= 1.0 and target <= entry["value"]:  # room inside the bar, left of the mark
            moves.append((label, target - gap, "right"))
        else:
            moves.append((label, max(entry["value"], target) + gap, "left"))
    return moves
