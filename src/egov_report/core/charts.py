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

plt.rcParams.update({
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
})
VI_NUMBER = FuncFormatter(lambda value, _pos: number(value, 1))  # axis ticks: 12,5 not 12.5


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
    head, tail = [], []
    while words and len(" ".join(head + words[:1])) <= limit * 2 // 5:  # the rest for the distinguishing end
        head.append(words.pop(0))
    while words and len(" ".join(head) + " … " + " ".join(words[-1:] + tail)) <= limit:
        tail.insert(0, words.pop())
    if not head:  # one very long word
        return " ".join(str(text).split())[: limit - 1] + "…"
    return " ".join(head) + " … " + " ".join(tail) if tail else " ".join(head) + "…"


def legend_above(axis, handles, labels, columns: int | None = None) -> None:
    """A legend over the plotting area, outside it: never over the data, the threshold lines or the
    axis label (the chart's title is the caption under it, in the page)."""
    axis.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, 1.01), ncol=columns or min(len(labels), 5),
                frameon=False, fontsize=LABEL_FONT, borderaxespad=0.2)


def svg(figure) -> str:
    """The figure as an SVG element to inline in HTML (the figure is closed)."""
    buffer = io.StringIO()
    # Labels fit inside the figure's width, so that every chart prints at the same scale: a long
    # name would otherwise widen the drawing and shrink all its text when fitted to the page.
    figure.tight_layout(pad=0.3)
    figure.savefig(buffer, format="svg", bbox_inches="tight", pad_inches=0.03, metadata={"Date": None, "Creator": None})
    plt.close(figure)
    text = buffer.getvalue()
    text = text[text.index("<svg"):]  # drop the XML prolog and doctype: it is inlined in HTML
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
    pattern = re.compile(r'(\bid="|#)(' + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r')\b')
    return pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)
