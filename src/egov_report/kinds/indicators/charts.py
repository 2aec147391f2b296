"""The indicators chart, as inline SVG, drawn from the figure record (``core.charts`` primitives)."""

from __future__ import annotations

import textwrap

from ...core.charts import LABEL_BOX, VI_NUMBER, plt, svg
from .framework import PERCENT

STATUS_COLOURS = {"met": "#1a7f4b", "not_met": "#d9534f", "unknown": "#dde3ea"}
UNKNOWN_EDGE = "#5f6f84"  # an indicator without a target: pale bar, dashed outline
TARGET_COLOUR = "#1b1b1b"


def value_target_chart(indicators: list[dict]) -> str:
    """Each percentage indicator's value as a bar and its target as a black mark; an indicator
    without a target has a pale bar with a dashed outline and says so in words beside it."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.transforms import blended_transform_factory

    shown_ = [e for e in indicators if e["unit"] == PERCENT]
    figure, axis = plt.subplots(figsize=(6.0, 0.5 + 0.62 * len(shown_)))
    beside = blended_transform_factory(axis.transAxes, axis.transData)  # x: share of the axis, y: a bar
    for position, entry in enumerate(shown_):
        unknown = entry["status"] == "unknown"
        axis.barh(position, entry["value"], height=0.56, color=STATUS_COLOURS[entry["status"]],
                  edgecolor=UNKNOWN_EDGE if unknown else "none", linewidth=1.1 if unknown else 0,
                  linestyle=(0, (3, 2)) if unknown else "-")
        inside = entry["value"] >= 15
        axis.text(entry["value"] - 1.5 if inside else entry["value"] + 1.5, position, entry["value_text"],
                  ha="right" if inside else "left", va="center", fontsize=9, fontweight="bold", color="#1b1b1b",
                  bbox=LABEL_BOX, zorder=4)
        if entry["target_known"]:
            axis.plot([entry["target"]] * 2, [position - 0.42, position + 0.42], color=TARGET_COLOUR, linewidth=2.4,
                      zorder=5, solid_capstyle="butt")
            words = f"{entry['status_label']}\n(chỉ tiêu {entry['target_text']})"
        else:
            words = "Chưa có chỉ tiêu\ntrong dữ liệu"
        axis.text(1.03, position, words, transform=beside, ha="left", va="center", fontsize=8.5,
                  color="#1b1b1b" if entry["target_known"] else "#555555",
                  fontstyle="normal" if entry["target_known"] else "italic")
    labels = [textwrap.fill(f"{e['position']}. {e['short_label']}", 36) for e in shown_]
    axis.set_yticks(range(len(shown_)), labels, fontsize=8.5)
    axis.invert_yaxis()
    axis.set_xlim(0, 100)
    axis.xaxis.set_major_formatter(VI_NUMBER)
    axis.set_xlabel("Giá trị đạt được (%)")
    axis.grid(axis="x", color="#e3e7eb", linewidth=0.6)
    axis.set_axisbelow(True)
    present = {e["status"] for e in shown_}
    names = {"met": "Đạt chỉ tiêu", "not_met": "Chưa đạt chỉ tiêu", "unknown": "Chưa có chỉ tiêu trong dữ liệu"}
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor=UNKNOWN_EDGE if s == "unknown" else "none",
                     linewidth=1.1 if s == "unknown" else 0, linestyle=(0, (3, 2)) if s == "unknown" else "-",
                     label=names[s]) for s in ("met", "not_met", "unknown") if s in present]
    if any(e["target_known"] for e in shown_):
        handles.append(Line2D([], [], color=TARGET_COLOUR, linewidth=2.4, label="Mức chỉ tiêu"))
    axis.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.01), ncol=len(handles), frameon=False,
                fontsize=8.5, handlelength=2.2, handleheight=1.1, borderaxespad=0.2)
    return svg(figure)
