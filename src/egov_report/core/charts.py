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

PREVIOUS_COLOUR = "#9aa7b8"
CURRENT_COLOUR = "#1f4e79"
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.4}  # value labels stay legible over grid lines

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


def svg(figure) -> str:
    """The figure as an SVG element to inline in HTML (the figure is closed)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
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
