"""Chart primitives every kind draws with: matplotlib set up once, SVG out, Vietnamese numbers.

Charts are inline SVG: sharp in print and readable as text. The font is DejaVu Sans, which has
every Vietnamese letter and is what the PDF embeds; text stays text (``svg.fonttype: none``).
Output is deterministic (fixed hash salt, no date, ids prefixed by a digest of the chart) so a
re-run yields the same HTML, and two charts inlined in one page never share an id. Math text
is off: every label comes from data and is drawn literally.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .formatting import number  # noqa: E402

# Charts are drawn 7.2 inches wide and printed at the text width (about 6.7 inches): a font of
# LABEL_FONT points prints at 7.4 points, the smallest size a reader can take in comfortably.
LABEL_FONT = 8
# A chart with one row per unit gives each row this many inches: 9.4 points for an 8-point label,
# the spacing of single-spaced text (printed, a chart of 30 units takes about 10 cm, not a page).
ROW_INCHES = 0.13
# Room for the axis, its label and a legend above the plot, besides the rows.
FRAME_INCHES = 0.7
LABEL_CHARACTERS = 48  # a name longer than this is shortened on a chart; the table gives it in full
PREVIOUS_COLOUR = "#9aa7b8"
CURRENT_COLOUR = "#1f4e79"
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.1}  # value labels stay legible over grid lines

# Bands: ONE colour per band name in every report of every kind, so that "trung bình" is the same
# yellow in Quảng Ninh and in Lâm Đồng. Ranked levels lie on one ordered scale from dark green to
# orange, never red (the lowest ranked level is still a level a unit reached); a band whose units
# are not ranked is grey. "Mức I" ... "Mức IV" take the places of "tốt" ... "dưới trung bình".
RANKED_SCALE = ["#1a6b3f", "#4f9a45", "#9dbb3d", "#e9b949", "#e07b2e"]
UNRANKED_COLOUR = "#b9b9b9"
BAND_COLOURS = {
    "tốt": "#1a6b3f",
    "khá": "#4f9a45",
    "trung bình": "#e9b949",
    "dưới trung bình": "#e07b2e",
    "mức i": "#1a6b3f",
    "mức ii": "#4f9a45",
    "mức iii": "#e9b949",
    "mức iv": "#e07b2e",
    "dưới mức iv": UNRANKED_COLOUR,
    "không xếp hạng": UNRANKED_COLOUR,
    "chưa xếp hạng": UNRANKED_COLOUR,
}

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "svg.fonttype": "none",  # text stays text; the page's DejaVu Sans draws it
        "svg.hashsalt": "egov-report",
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        # Labels come from data: "$x^2$" in a unit name is shown as typed, never read as TeX (an
        # unparsable one used to stop the notebook with a ParseException).
        "text.parse_math": False,
    }
)
VI_NUMBER = FuncFormatter(lambda value, _pos: number(value, 1))  # axis ticks: 12,5 not 12.5


def band_key(label: str) -> str:
    """A band's name as the colour table knows it: "Trung  bình" and "trung bình" are one band."""
    return " ".join(unicodedata.normalize("NFC", str(label)).split()).casefold()


def ranked_scale(count: int) -> list[str]:
    """``count`` colours of the ranked scale, spread so that the best and the lowest level keep its ends."""
    if count <= 1:
        return RANKED_SCALE[:count]
    last = len(RANKED_SCALE) - 1
    return [RANKED_SCALE[min(last, round(i * last / (count - 1)))] for i in range(count)]


def band_colours(bands: list[dict], key: str = "code") -> dict[str, str]:
    """A colour per band (keyed by its ``key``: code or label), best first in ``bands``.

    A band named in ``BAND_COLOURS`` always takes that colour, whatever the report; a band the
    table does not name (a new framework's own words) takes its place on the ranked scale, and a
    band whose units are not ranked (``ranked: false``) is grey.
    """
    ranked = [b for b in bands if b.get("ranked", True)]
    scale: dict[str, str] = dict(zip((b[key] for b in ranked), ranked_scale(len(ranked))))
    return {b[key]: BAND_COLOURS.get(band_key(b["label"]), scale.get(b[key], UNRANKED_COLOUR)) for b in bands}


def rows_height(rows: int, row: float = ROW_INCHES) -> float:
    """The height in inches of a chart with one row (bar, dot) per unit."""
    return FRAME_INCHES + row * rows


def short_label(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """A name as a chart axis shows it: whole when short, else its first and last words with "…"
    between them, so that two long names with the same beginning stay apart ("Ban Quản lý dự án
    … giao thông", "Ban Quản lý dự án … và công nghiệp")."""
    words = str(text).split()
    if len(" ".join(words)) <= limit:
        return " ".join(words)
    head: list[str] = []
    tail: list[str] = []
    while words and len(" ".join(head + words[:1])) <= limit * 2 // 5:  # the rest for the distinguishing end
        head.append(words.pop(0))
    while words and len(" ".join(head) + " … " + " ".join(words[-1:] + tail)) <= limit:
        tail.insert(0, words.pop())
    if not head:  # one very long word
        return " ".join(str(text).split())[: limit - 1] + "…"
    return " ".join(head) + " … " + " ".join(tail) if tail else " ".join(head) + "…"


# Words a Vietnamese name is best broken before ("... xây dựng | các công trình giao thông"), so that
# a two-word term ("xây dựng", "công trình") stays on one line where the lines allow it.
BREAK_BEFORE = {"các", "và", "của", "cho", "thuộc", "trực", "tỉnh", "huyện", "thành", "về"}
BREAK_PREFERENCE = 8  # characters of imbalance a break before such a word is worth


def wrapped_label(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """A name as a chart row shows it: whole on one line when short; a longer name on two lines of
    at most ``limit`` characters each, broken between words near its middle, instead of cut; only a
    name too long for two lines is shortened (``short_label``) before it is wrapped. The break goes
    before a word such as "các" or "và" when that keeps the lines nearly even. A row with a
    wrapped name takes two rows' height (``row_positions``), so the two lines never touch the next."""
    name = " ".join(str(text).split())
    if len(name) <= limit:
        return name
    for candidate in (name, short_label(name, 2 * limit - 2)):
        words = candidate.split()
        best = None
        for cut in range(1, len(words)):
            first, second = " ".join(words[:cut]), " ".join(words[cut:])
            if len(first) <= limit and len(second) <= limit:
                balance = max(len(first), len(second)) - BREAK_PREFERENCE * (words[cut].casefold() in BREAK_BEFORE)
                if best is None or balance < best[0]:
                    best = (balance, f"{first}\n{second}")
        if best:
            return best[1]
    return short_label(name, limit)


def row_positions(labels: list[str]) -> tuple[list[float], float]:
    """Where each row of a one-row-per-unit chart stands (in row units, first row at 0) and how many
    rows' height the chart needs: a label on two lines takes two rows, the others one."""
    positions, top = [], 0.0
    for label in labels:
        lines = str(label).count("\n") + 1
        positions.append(top + (lines - 1) / 2)
        top += lines
    return positions, top


def lines_clear_of_labels(
    axis, values, labels=(), vertical: bool = True, margin: float = 2.0, piece: float = 8.0, **style
) -> None:
    """Reference lines (band floors, a mean) at ``values`` across the plot, drawn behind the value
    labels and broken where they would cross one: a label such as "79,61" next to the 80 line stays
    readable. ``labels`` are the Text artists to keep clear, ``margin`` the room around them, in
    points; a piece of line shorter than ``piece`` points left between two labels is left out too
    (a stray dash between two rows of labels reads as the line crossing them). Called once the chart is otherwise complete (legend included): the labels are measured
    on the chart as ``svg`` lays it out."""
    style = {"color": "#555555", "linewidth": 0.6, "linestyle": "--", "zorder": 2, **style}
    figure = axis.figure
    boxes, shortest = [], 0.0
    with measured_layout(figure) as renderer:
        to_data = axis.transData.inverted()
        room = margin * figure.dpi / 72
        extent = axis.get_window_extent(renderer)
        span = (
            abs(axis.get_ylim()[1] - axis.get_ylim()[0]) if vertical else abs(axis.get_xlim()[1] - axis.get_xlim()[0])
        )
        shortest = piece * figure.dpi / 72 * span / (extent.height if vertical else extent.width) if labels else 0.0
        for label in labels:
            box = label.get_window_extent(renderer)
            (x0, y0), (x1, y1) = to_data.transform([(box.x0 - room, box.y0), (box.x1 + room, box.y1)])
            boxes.append((min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)))
    low, high = sorted(axis.get_ylim() if vertical else axis.get_xlim())
    for value in values:
        gaps = sorted(
            (b[2], b[3]) if vertical else (b[0], b[1])
            for b in boxes
            if (b[0] <= value <= b[1] if vertical else b[2] <= value <= b[3])
        )
        along, start = [], low
        for gap_start, gap_end in gaps:
            if gap_start - start >= shortest or (start == low and gap_start > start):
                along += [start, gap_start, float("nan")]
            start = max(start, gap_end)
        if start < high:
            along += [start, high]
        across = [value if a == a else float("nan") for a in along]
        xs, ys = (across, along) if vertical else (along, across)
        axis.plot(xs, ys, scalex=False, scaley=False, **style)


def measured_layout(figure):
    """A renderer for measuring text on the figure as ``svg`` will lay it out: the layout is applied
    (``tight_layout``, as ``svg`` does), then the returned context puts the axes back, so that ``svg``
    lays out the same figure once, from the same start (a second ``tight_layout`` can shrink an
    axis further when its legend is wider than it). Use as ``with measured_layout(figure) as renderer:``."""
    from contextlib import contextmanager

    @contextmanager
    def measuring():
        before = {
            name: getattr(figure.subplotpars, name) for name in ("left", "right", "bottom", "top", "wspace", "hspace")
        }
        figure.tight_layout(pad=0.3)
        try:
            yield figure.canvas.get_renderer()
        finally:
            figure.subplots_adjust(**before)  # the axes where they were, as svg() will find them

    return measuring()


def legend_above(axis, handles, labels, columns: int | None = None) -> None:
    """A legend over the plotting area, outside it: never over the data, the threshold lines or the
    axis label (the chart's title is the caption under it, in the page)."""
    axis.legend(
        handles,
        labels,
        loc="lower center",
        bbox_to_anchor=(0.5, 1.01),
        ncol=columns or min(len(labels), 5),
        frameon=False,
        fontsize=LABEL_FONT,
        borderaxespad=0.2,
    )


def svg(figure) -> str:
    """The figure as an SVG element to inline in HTML (the figure is closed)."""
    buffer = io.StringIO()
    # Labels fit inside the figure's width, so that every chart prints at the same scale: a long
    # name would otherwise widen the drawing and shrink all its text when fitted to the page.
    figure.tight_layout(pad=0.3)
    figure.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.03, metadata={"Date": None, "Creator": None})
    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # drop the XML prolog and doctype: it is inlined in HTML
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, count=1, flags=re.S)
    return _unique_ids(text)


def _unique_ids(svg: str) -> str:
    """Prefix the SVG's ids (and references to them) with a digest of the chart.

    matplotlib numbers ids the same way in every figure; inlined side by side in one page,
    duplicate ids are invalid and a clip path could be taken from the wrong chart.
    """
    prefix = "c" + hashlib.sha1(svg.encode("utf-8")).hexdigest()[:8]
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg
    pattern = re.compile(r'(\bid="|#)(' + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
