"""The report page through nbconvert's public API: the egov template on the report view.

Imports nbconvert: the renderer imports this module once its background preload has (render.pipeline).

``template_html`` is what ``HTMLExporter.from_notebook_node`` makes before its last pass and
``nbconvert_pass`` is that pass; together they make report.html. tests/render/test_rendering.py checks
the two against HTMLExporter itself, so an nbconvert that changes either fails there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nbconvert.exporters import TemplateExporter
from nbconvert.preprocessors import Preprocessor
from traitlets import default

from ..paths import TEMPLATES_DIR
from .view import keep_report_cells

if TYPE_CHECKING:
    import nbformat


def report_css() -> str:
    return (TEMPLATES_DIR / "base" / "report.css").read_text(encoding="utf-8")


class ReportView(Preprocessor):
    """``keep_report_cells`` as nbconvert's hook: the exporter hands it its own copy of the notebook."""

    def preprocess(self, nb, resources):
        keep_report_cells(nb)
        return nb, resources


class ReportPageExporter(TemplateExporter):
    """The egov template (templates/nbconvert/egov) on the report view, with no code and no prompts.

    A TemplateExporter, not an HTMLExporter: the PDF is laid out from the template's page while
    HTMLExporter's last pass (``nbconvert_pass``) re-serialises it for report.html, and that pass
    lowercases inline SVG's ``viewBox`` and ``clipPath``. The egov template uses none of
    HTMLExporter's resources (no scripts, no lab theme, no code to highlight).
    """

    export_from_notebook = None  # not offered by nbconvert's command line
    output_mimetype = "text/html"

    @default("file_extension")
    def _file_extension_default(self):
        return ".html"

    @default("template_name")
    def _template_name_default(self):
        return "egov"

    @default("extra_template_basedirs")
    def _extra_template_basedirs_default(self):
        return [str(TEMPLATES_DIR / "nbconvert")]

    @default("exclude_input")
    def _exclude_input_default(self):
        return True

    @default("exclude_input_prompt")
    def _exclude_input_prompt_default(self):
        return True

    @default("exclude_output_prompt")
    def _exclude_output_prompt_default(self):
        return True

    @default("preprocessors")
    def _preprocessors_default(self):
        return [ReportView]

    def from_notebook_node(self, nb, resources=None, **kw):
        """The page of ``nb``; ``resources`` may carry ``report_title``, the report's stylesheet is added."""
        return super().from_notebook_node(nb, {"report_css": report_css(), **(resources or {})}, **kw)


def template_html(notebook: nbformat.NotebookNode, title: str) -> str:
    """The page the egov template writes for ``notebook`` (report.html's DOM, before ``nbconvert_pass``)."""
    body, _ = ReportPageExporter().from_notebook_node(notebook, {"report_title": title})
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
