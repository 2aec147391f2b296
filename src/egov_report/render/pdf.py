"""From the report page to report.pdf with WeasyPrint (A4, Liberation Serif and DejaVu Sans, embedded).

Everything a PDF shows is already in its HTML: the URL fetcher refuses anything that is not an
embedded raster image or one of the report's own charts, and an image WeasyPrint could not load
fails the export, so the PDF never shows other images than the HTML.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

from ..core.images import is_embedded_raster
from ..errors import ReportError, shown
from ..paths import TEMPLATES_DIR

# Table cells carry their alignment twice: as a class (report.css aligns th.right, td.left ...)
# and as an inline style, for JupyterLab, which shows the notebook without report.css.
# WeasyPrint parses every inline style on its own: 3,000 of them were 0.6-0.9 s of the
# flagship's PDF. The page it lays out keeps the classes only; the result is the same.
_ALIGNED_BY_CLASS = re.compile(r'(<t[hd] class="(left|right)") style="text-align: \2"')


def print_html(html: str) -> str:
    """The HTML WeasyPrint lays out: as report.html, less the inline styles the classes repeat."""
    return _ALIGNED_BY_CLASS.sub(r"\1", html)


def html_to_pdf(html: str, target: Path) -> None:
    from weasyprint import HTML

    html, charts = charts_as_images(html)
    fetcher = embedded_only_fetcher(charts)
    with _images_left_out() as left_out:
        HTML(string=html, base_url=str(TEMPLATES_DIR), url_fetcher=fetcher).write_pdf(target)
    if fetcher.refused:
        raise ReportError(
            f"PDF: báo cáo tham chiếu tài nguyên ngoài «{shown(fetcher.refused[0])}»; chỉ được nhúng "
            "hình có sẵn trong báo cáo (data:image/...)"
        )
    if left_out:  # the HTML shows it, the PDF would not: never two reports with different images
        url, reason = left_out[0]
        raise ReportError(
            f"PDF: không nhúng được hình «{shown(url[:60])}» ({shown(reason)}); bản PDF phải có đúng "
            "các hình của bản HTML: hãy lưu lại hình (PNG hoặc JPEG, nhỏ hơn) rồi chạy lại"
        )


@contextlib.contextmanager
def _images_left_out():
    """The images WeasyPrint could not load meanwhile, as (address, cause): it logs each and leaves it out of the PDF."""
    import logging

    left_out: list[tuple[str, str]] = []

    class LeftOut(logging.Handler):
        def emit(self, record):
            if str(record.msg).startswith("Failed to load image") and record.args:
                url, error = (tuple(record.args) + ("",))[:2]
                cause = getattr(error, "__cause__", None) or error
                left_out.append((str(url), f"{type(cause).__name__}: {cause}" if cause else ""))

    handler = LeftOut(logging.ERROR)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield left_out
    finally:
        logger.removeHandler(handler)


_INLINE_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def charts_as_images(html: str) -> tuple[str, set[str]]:
    """The page with each inline SVG chart as an image of itself (a data: URI), and those URIs.

    Same drawing, same size (``img.svg-chart`` is sized as ``.chart-body svg``: the page's width,
    the chart's proportions), and WeasyPrint draws it from its own SVG tree instead of styling
    each of its 2,500 elements through the page's CSS first: a seventh of the flagship's PDF work
    (function calls 18.1 -> 15.9 million), the pages pixel for pixel the same at 60 dpi. The SVG
    must be as matplotlib wrote it, as the template's page has it: the page of nbconvert's last
    pass (BeautifulSoup) lowercases ``viewBox`` and ``clipPath``, which an SVG file cannot.
    """
    import base64

    charts: set[str] = set()

    def image(match: re.Match) -> str:
        url = "data:image/svg+xml;base64," + base64.b64encode(match.group(0).encode("utf-8")).decode("ascii")
        charts.add(url)
        return f'<img class="svg-chart" alt="" src="{url}">'

    return _INLINE_SVG.sub(image, html), charts


def embedded_only_fetcher(charts: set[str] = frozenset()):
    """WeasyPrint's URL fetcher for a report: everything a PDF shows is already in its HTML.

    Only data: URIs of raster images are fetched (the findings' embedded images), and the report's
    own charts (``charts_as_images``); a network address, a file, any other SVG or anything else is
    refused (never fetched, never waited for) and kept in ``refused``: the export then fails naming
    it, so nothing in a report comes from outside its year folder. Whatever a chart refers to
    goes through this fetcher too.
    """
    from weasyprint.urls import URLFetcher

    class EmbeddedOnly(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("data",))
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            if is_embedded_raster(url) or url in charts:
                return super().fetch(url, headers)
            self.refused.append(url)
            raise ValueError(f"refused: {url[:80]}")

    return EmbeddedOnly()
