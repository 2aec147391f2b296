"""From the executed notebook to the report: HTML through nbconvert, PDF through WeasyPrint.

The HTML keeps only what the notebook displayed as HTML: no code, no prompts, no
injected-parameters cell, no warnings or tracebacks. A table of contents is built from the
headings. The PDF is rendered from the same HTML (A4, the official form's
Liberation Serif and the charts' DejaVu Sans, embedded).
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.images import is_embedded_raster
from ..errors import ReportError, shown
from ..paths import TEMPLATES_DIR

if TYPE_CHECKING:  # imported where a notebook is read: the renderer starts its helpers first
    import nbformat

SYSTEM_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation2"
# The fonts the report needs from the system: the body serif (official form) and the charts' sans.
SYSTEM_FONTS = {"Liberation Serif": "chữ của văn bản", "DejaVu Sans": "chữ trong biểu đồ"}

TOC_MARKER = "<!-- TOC -->"
REPORT_OUTPUT_TYPES = {"display_data", "execute_result"}


def report_view(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as a reader sees it: code cells' HTML outputs only."""
    view = copy.deepcopy(notebook)
    cells = []
    for cell in view.cells:
        if cell.cell_type != "code":
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"parameters", "injected-parameters", "remove-output", "technical"}:  # technical: technical.html
            continue
        cell.outputs = [o for o in cell.get("outputs", []) if o.output_type in REPORT_OUTPUT_TYPES
                        and "text/html" in o.get("data", {})]
        if cell.outputs:
            cells.append(cell)
    view.cells = cells
    return view


def notebook_to_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """report.html: the egov template's page with its table of contents, through nbconvert's last pass
    (which re-serialises the contents list as it is: tests/test_rendering.py)."""
    return nbconvert_pass(add_table_of_contents(template_html(notebook, title)))


def template_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """The page the egov template writes (nbconvert's HTMLExporter less its last pass, ``nbconvert_pass``).

    Its DOM is report.html's: the PDF is laid out from it (with its table of contents) while that
    pass, which only re-serialises this template's page, runs (measured: the same 29 pages, pixel
    for pixel, for the flagship). tests/test_rendering.py checks that the two halves still make
    what ``HTMLExporter.from_notebook_node`` makes.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    exporter = HTMLExporter(
        template_name="egov",
        extra_template_basedirs=[str(TEMPLATES_DIR / "nbconvert")],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    view = report_view(notebook)
    resources = exporter._init_resources(
        {"report_css": (TEMPLATES_DIR / "base" / "report.css").read_text(encoding="utf-8"), "report_title": title})
    # as HTMLExporter.from_notebook_node (nbconvert 7) does before its BeautifulSoup pass
    language = view.metadata.get("language_info", {})
    lexer = language.get("pygments_lexer", language.get("name", None))
    exporter.register_filter("highlight_code",
                             exporter.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=exporter)))
    exporter.register_filter("filter_data_type", WidgetsDataTypeFilter(
        notebook_metadata=exporter._nb_metadata, parent=exporter, resources=resources))
    body, _ = TemplateExporter.from_notebook_node(exporter, view, resources)
    return body


def nbconvert_pass(html: str) -> str:
    """HTMLExporter's last pass (nbconvert 7): images without alt text get one, notebook cells a tabindex,
    and the page is re-serialised by BeautifulSoup."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, features="html.parser")
    for element in soup.select("img:not([alt])"):
        element.attrs["alt"] = "No description has been provided for this image"
    for element in soup.select(".jp-Notebook div.jp-Cell-inputWrapper"):
        element.attrs["tabindex"] = "0"
    for element in soup.select(".jp-Notebook div.jp-OutputArea-output"):
        element.attrs["tabindex"] = "0"
    return str(soup)


# how technical.html names a figure's class (core.builder: published, real, sample)
FIGURE_CLASS_WORDS = {"published": "đã công bố", "real": "tính từ dữ liệu thật", "sample": "tính từ dữ liệu mẫu"}
TECHNICAL_FILE = "technical.html"  # the technical record next to the report, linked from it


def technical_html(record: dict, validation: dict, title: str, report: str = "", absent: tuple = ()) -> str:
    """The technical record of a report, from figures.json, validation.json and report.html (any kind).

    Validation detail, input files with their SHA-256, code and library versions, the data notes
    as written for the project, each sentence of ``report`` with the figures it states and their
    class (render.statements), and the parts of the form the data left empty (``absent``): what
    the reader's report leaves out.
    """
    from ..core.builder import environment
    from ..core.checks import listed_warnings
    from .statements import statements

    css = (TEMPLATES_DIR / "base" / "report.css").read_text(encoding="utf-8")
    return environment().get_template("base/technical.html.j2").render(
        record=record, meta=record.get("meta", {}), validation=listed_warnings(validation),
        provenance=record.get("provenance"), title=title, css=css, statements=statements(report) if report else [],
        absent=list(absent), classes=FIGURE_CLASS_WORDS)


class _Headings(HTMLParser):
    """Collects (level, id, text) of h2/h3 headings that carry an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[list] = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3") and dict(attrs).get("id") and "toc-title" not in (dict(attrs).get("class") or ""):
            self._open = [int(tag[1]), dict(attrs)["id"], ""]
        elif tag == "br" and self._open is not None:  # "Phụ lục I<br>BẢNG …" reads "Phụ lục I. BẢNG …" in one line
            self._open[2] = self._open[2].rstrip() + ". "

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data

    def handle_endtag(self, tag):
        if self._open is not None and tag == f"h{self._open[0]}":
            self._open[2] = " ".join(self._open[2].split())
            self.headings.append(self._open)
            self._open = None


def add_table_of_contents(html: str) -> str:
    """The contents list in place of TOC_MARKER: every h2 with its h3s, in two lists side by side
    in print (``toc_halves``), one under the other on screen."""
    if TOC_MARKER not in html:
        return html
    parser = _Headings()
    parser.feed(html)
    if not parser.headings:
        return html.replace(TOC_MARKER, "", 1)
    from markupsafe import escape

    def entry(anchor: str, text: str) -> str:
        return f'<li><a href="#{escape(anchor)}">{escape(text)}</a>'

    entries = []  # one per h2: its own line and its h3s' lines
    for level, anchor, text in parser.headings:
        if level == 2 or not entries:
            entries.append([entry(anchor, text)])
        else:
            entries[-1].append(entry(anchor, text))
    lists = ["<ol>" + "".join(_toc_entry(lines) for lines in half) + "</ol>" for half in toc_halves(entries)]
    return html.replace(TOC_MARKER, f'<div class="toc-columns">{"".join(lists)}</div>', 1)


def _toc_entry(lines: list[str]) -> str:
    if len(lines) == 1:
        return lines[0] + "</li>"
    return lines[0] + "<ol>" + "".join(line + "</li>" for line in lines[1:]) + "</ol></li>"


def toc_halves(entries: list[list]) -> list[list]:
    """The contents split between two columns with as even a count of lines as whole entries allow
    (an h2 stays with its h3s); the first column takes the extra line.

    Two floated lists, not CSS columns: WeasyPrint balances columns by laying their content out
    again and again (0.5 s of the flagship's PDF, measured), two lists are laid out once.
    """
    lines = list(itertools.accumulate(len(e) for e in entries))  # lines up to and with each entry
    split = min(range(1, len(entries) + 1), key=lambda k: (abs(2 * lines[k - 1] - lines[-1]), -lines[k - 1]))
    return [half for half in (entries[:split], entries[split:]) if half]


SYSTEM_HINT = f"Cài các gói Debian/Ubuntu: sudo apt-get install {SYSTEM_PACKAGES}"
# Pango's libraries as WeasyPrint loads them (weasyprint.text.ffi), on Linux, macOS and Windows.
PANGO_LIBRARIES = (("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll"),
                   ("libpangoft2-1.0.so.0", "libpangoft2-1.0.dylib", "libpangoft2-1.0-0.dll"))


def check_system(load_weasyprint: bool = True) -> None:
    """WeasyPrint needs Pango and a font with Vietnamese letters from the system.

    ``load_weasyprint=False``: Pango's libraries are only loaded (a millisecond), not WeasyPrint
    itself (half a second), which the render then imports in the background while its kernel
    starts, and checks with ``check_weasyprint`` before the PDF.
    """
    import subprocess

    if load_weasyprint:
        check_weasyprint()
    else:
        import ctypes

        for names in PANGO_LIBRARIES:
            errors = []
            for name in names:
                try:
                    ctypes.CDLL(name)
                    break
                except OSError as exc:
                    errors.append(str(exc))
            else:
                raise ReportError(f"Thiếu thư viện hệ thống cho WeasyPrint (Pango): {errors[0]}.\n{SYSTEM_HINT}")
    for family, use in SYSTEM_FONTS.items():
        try:
            found = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True,
                                   timeout=20).stdout
        except (OSError, subprocess.SubprocessError):
            found = ""
        if family not in found:
            raise ReportError(f"Không tìm thấy phông chữ {family} ({use}, cần cho chữ tiếng Việt trong PDF).\n{SYSTEM_HINT}")


def check_weasyprint() -> None:
    """WeasyPrint imports (it loads Pango and its companions): else the Debian packages to install."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        raise ReportError(f"Thiếu thư viện hệ thống cho WeasyPrint (Pango): {exc}.\n{SYSTEM_HINT}") from None


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
        raise ReportError(f"PDF: báo cáo tham chiếu tài nguyên ngoài «{shown(fetcher.refused[0])}»; chỉ được nhúng "
                          "hình có sẵn trong báo cáo (data:image/...)")
    if left_out:  # the HTML shows it, the PDF would not: never two reports with different images
        url, reason = left_out[0]
        raise ReportError(f"PDF: không nhúng được hình «{shown(url[:60])}» ({shown(reason)}); bản PDF phải có đúng "
                          "các hình của bản HTML: hãy lưu lại hình (PNG hoặc JPEG, nhỏ hơn) rồi chạy lại")


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


class PdfJob:
    """The PDF made in a process of its own (forked: WeasyPrint is already imported) while this one
    finishes report.html and technical.html; ``wait`` returns when it is written or raises why not.
    Where fork is not available it is made here, at once."""

    def __init__(self, html: str, target: Path):
        import multiprocessing

        self.target, self.process, self.error = Path(target), None, None
        if "fork" not in multiprocessing.get_all_start_methods():
            html_to_pdf(html, self.target)
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(target=_pdf_in_child, args=(html, self.target, send), name="egov-pdf", daemon=True)
        self.process.start()
        send.close()

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            message = self.receive.recv() if self.receive.poll(None) else None
        except EOFError:  # the process died before saying anything (killed, out of memory)
            message = None
        self.process.join()
        self.receive.close()
        code, self.process = self.process.exitcode, None
        if message:
            raise ReportError(message)
        if code != 0:
            raise ReportError(f"Không tạo được tệp PDF (tiến trình tạo PDF dừng, mã {code})")

    def stop(self) -> None:
        """Stop the process if it still runs (the render failed or was interrupted meanwhile)."""
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.receive.close()
            self.process = None


def _pdf_in_child(html: str, target: Path, send) -> None:
    # The child lives for one layout and then exits: Python's cycle collector only walks
    # WeasyPrint's growing box tree again and again (a fifth of the flagship's PDF time, measured:
    # 9.4 -> 7.7 s median of 3; peak memory +5 MB). Memory is given back when the process ends.
    import gc

    gc.disable()
    try:
        html_to_pdf(html, target)
        send.send("")
    except ReportError as error:
        send.send(str(error))
    except BaseException as error:  # noqa: BLE001 - told to the parent, which raises it as a ReportError
        send.send(f"Không tạo được tệp PDF ({type(error).__name__}: {error})")
    finally:
        send.close()


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


def looks_complete(html: str) -> list[str]:
    """Reasons a rendered HTML page is not fit to publish (empty means fit)."""
    reasons = []
    if "</html>" not in html:
        reasons.append("HTML không hoàn chỉnh")
    if re.search(r"Traceback \(most recent call last\)|<pre>[^<]*Error", html):
        reasons.append("HTML có thông báo lỗi Python")
    if TOC_MARKER in html:
        reasons.append("chưa có mục lục")
    return reasons
