"""The national_index charts, as inline SVG, drawn from the figure record (``core.charts`` primitives)."""

from __future__ import annotations

from matplotlib.ticker import FuncFormatter

from ...core.charts import CURRENT_COLOUR, LABEL_BOX, LABEL_FONT, legend_above, plt, svg
from ...core.formatting import fixed, number

SUBJECT_COLOUR = "#c0392b"
OTHER_COLOUR = "#8fa3b8"
# The category chart's marks, in points: this year's dot (s=42) and last year's ring (s=34), and the
# length of an arrow's head (head_length 0.5 of matplotlib's 10-point arrow scale).
DOT_RADIUS, RING_RADIUS, ARROW_HEAD = 4.0, 3.5, 5.0


def rank_ticks(count: int) -> list[int]:
    """1, 10, 20 ... and the last rank, without two ticks crowding at the end (60, 63)."""
    ticks = [1] + list(range(10, count + 1, 10))
    if ticks[-1] != count:
        ticks = [t for t in ticks if count - t >= 5 or t == 1] + [count]
    return ticks


def position_chart(current: dict, meta: dict, subject_name: str) -> str:
    """Every province's overall score by rank, the subject highlighted, the leader named,
    the places of provinces without a score shaded."""
    decimals, count = current["decimals"], current["n_total"]
    scored = [e for e in current["ranking"] if e["score"] is not None]
    figure, axis = plt.subplots(figsize=(7.2, 3.3))
    others = [e for e in scored if not e["subject"]]
    axis.scatter(
        [e["rank"] for e in others],
        [e["score"] for e in others],
        s=16,
        color=OTHER_COLOUR,
        zorder=2,
        label="tỉnh, thành phố khác",
    )
    low = min(e["score"] for e in scored)
    high = max(e["score"] for e in scored)
    span = max(high - low, 0.05)
    axis.set_ylim(low - 0.12 * span, high + 0.22 * span)
    axis.set_xlim(0, count + 1)
    missing = count - len(scored)
    if missing:
        axis.axvspan(len(scored) + 0.5, count + 0.5, color="#eeeeee", zorder=0)
        axis.text(
            len(scored) + missing / 2 + 0.5,
            low - 0.06 * span,
            f"{missing} tỉnh\nkhông có điểm",
            ha="center",
            va="center",
            fontsize=LABEL_FONT,
            color="#555555",
        )
    leader = current["leaders"][0]
    leaders = ", ".join(first["name"] for first in current["leaders"])
    axis.annotate(
        f"{leaders}: {fixed(leader['score'], decimals)}",
        (1, leader["score"]),
        xytext=(8, 6),
        textcoords="offset points",
        fontsize=LABEL_FONT,
        color="#333333",
    )
    if current["subject"]:
        _mark_subject(axis, current["subject"], subject_name, count, decimals)
    axis.set_xticks(rank_ticks(count))
    axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fixed(v, 2)))
    axis.set_xlabel(f"Thứ hạng (1 = cao nhất; {count} tỉnh, thành phố)")
    axis.set_ylabel(f"Điểm tổng hợp (thang {number(meta['scale_max'])})")
    legend_above(axis, *axis.get_legend_handles_labels())
    return svg(figure)


def _mark_subject(axis, subject: dict, subject_name: str, count: int, decimals: int) -> None:
    """The subject's dot, a dotted line at its score and its rank and score in words."""
    axis.scatter([subject["rank"]], [subject["score"]], s=60, color=SUBJECT_COLOUR, zorder=4, label=subject_name)
    axis.axhline(subject["score"], color=SUBJECT_COLOUR, linewidth=0.6, linestyle=":", zorder=1)
    axis.annotate(
        f"{subject_name}: {subject['rank']}/{count}, {fixed(subject['score'], decimals)}",
        (subject["rank"], subject["score"]),
        xytext=(10, 10),
        textcoords="offset points",
        fontsize=8,
        color=SUBJECT_COLOUR,
        fontweight="bold",
        bbox=LABEL_BOX,
        zorder=5,
    )


def category_chart(current: dict, count: int, previous_year: int | None) -> str:
    """The subject's rank overall and in each category; the year before as a hollow mark, with an
    arrow from it to this year's rank wherever the rank moved."""
    rows = [("Tổng hợp", current["subject"]["rank"], None)]
    rows += [
        (c["short_label"], c["rank"], c.get("previous_rank")) for c in current["categories"] if c["rank"] is not None
    ]
    figure, axis = plt.subplots(figsize=(7.2, 0.8 + 0.42 * len(rows)))
    axis.axvspan(count / 2 + 0.5, count + 0.5, color="#f4f4f4", zorder=0)
    axis.text(count * 0.75 + 0.5, -0.75, "nửa dưới bảng xếp hạng", ha="center", fontsize=LABEL_FONT, color="#777777")
    for position, (_label, rank, before) in enumerate(rows):
        if before is not None:
            axis.scatter([before], [position], s=34, facecolor="white", edgecolor="#6b7c8f", zorder=3)
        colour = SUBJECT_COLOUR if position == 0 else CURRENT_COLOUR
        axis.scatter([rank], [position], s=42, color=colour, zorder=4)
        axis.text(
            rank,
            position - 0.3,
            f"{rank}/{count}",
            ha="center",
            fontsize=LABEL_FONT,
            color=colour,
            bbox=LABEL_BOX,
            zorder=5,
        )
    axis.set_yticks(range(len(rows)), [label for label, _, _ in rows], fontsize=8)
    axis.set_ylim(len(rows) - 0.5, -1.1)
    axis.set_xlim(0, count + 1)
    ticks = rank_ticks(count)
    axis.set_xticks(ticks)
    axis.set_xlabel("Thứ hạng (1 = cao nhất)" + (f"; vòng trắng: năm {previous_year}" if previous_year else ""))
    figure.tight_layout(pad=0.3)  # as svg() lays it out: the width of a rank in points, for the arrows
    per_rank = axis.get_window_extent().width * 72 / figure.dpi / (count + 1)
    for position, (_label, rank, before) in enumerate(rows):
        if before is None or before == rank:
            continue
        # The arrow runs from last year's ring to the edge of this year's dot, so that its head is
        # seen, not hidden under the dot; between two close marks it starts inside the ring, over it.
        room = abs(rank - before) * per_rank - ARROW_HEAD - DOT_RADIUS
        axis.annotate(
            "",
            xy=(rank, position),
            xytext=(before, position),
            zorder=2 if room >= RING_RADIUS else 3.5,
            arrowprops={
                "arrowstyle": "-|>,head_length=0.5,head_width=0.25",
                "color": "#6b7c8f",
                "lw": 1.1,
                "shrinkA": RING_RADIUS if room >= RING_RADIUS else 0,
                "shrinkB": DOT_RADIUS,
            },
        )
    return svg(figure)


def trajectory_chart(trajectory: list[dict], count: int, subject_name: str) -> str:
    """Rank over the years (left) and score against the leader's (right). A point given as None
    (not known: sample data in the body of a report) is left out of its line."""
    points = [p for p in trajectory if p["rank"] is not None]
    years = [p["year"] for p in points]
    figure, (left, right) = plt.subplots(1, 2, figsize=(7.2, 2.8))
    _rank_panel(left, points, count, subject_name)
    _score_panel(right, points, subject_name)
    for axis in (left, right):
        axis.set_xticks(years, [str(y) for y in years])
        axis.set_xlim(years[0] - 0.4, years[-1] + 0.4)
    return svg(figure)


def _rank_panel(left, points: list[dict], count: int, subject_name: str) -> None:
    left.plot([p["year"] for p in points], [p["rank"] for p in points], color=SUBJECT_COLOUR, marker="o", zorder=3)
    for p in points:
        left.annotate(
            f"{p['rank']}/{count}",
            (p["year"], p["rank"]),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=LABEL_FONT,
            color=SUBJECT_COLOUR,
        )
    left.set_ylim(count + 2, -2)
    left.set_yticks(rank_ticks(count))
    left.set_ylabel("Thứ hạng (1 = cao nhất)")
    left.set_title(f"Thứ hạng của {subject_name}", fontsize=9)


def _score_panel(right, points: list[dict], subject_name: str) -> None:
    """The subject's score and the leader's, a year without one left as a gap in its line."""
    years, nan = [p["year"] for p in points], float("nan")
    leaders = [p for p in points if p["leader_score"] is not None]
    if leaders:
        right.plot(
            years,
            [nan if p["leader_score"] is None else p["leader_score"] for p in points],
            color="#555555",
            marker="s",
            markersize=4,
            linestyle="--",
            label="tỉnh dẫn đầu",
        )
    scored = [p for p in points if p["score"] is not None]
    subject_scores = [nan if p["score"] is None else p["score"] for p in points]
    right.plot(years, subject_scores, color=SUBJECT_COLOUR, marker="o", label=subject_name)
    for p in scored:
        right.annotate(
            fixed(p["score"], p["decimals"]),
            (p["year"], p["score"]),
            xytext=(0, -12),
            textcoords="offset points",
            ha="center",
            fontsize=LABEL_FONT,
            color=SUBJECT_COLOUR,
        )
    values = [p["score"] for p in scored] + [p["leader_score"] for p in leaders]
    if values:
        bottom = min(p["score"] for p in scored) - 0.1 if scored else min(values) - 0.1
        right.set_ylim(bottom, min(1.0, max(values) + 0.06))
    right.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: fixed(v, 2)))
    right.set_ylabel("Điểm tổng hợp")
    legend_above(right, *right.get_legend_handles_labels())  # in place of a title, as the left panel has
