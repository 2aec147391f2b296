"""The base report builder: a report's text, tables and figures as HTML, from the figure record only.

Wording lives in Jinja2 templates, autoescaped so that data can never inject markup: the shared
blocks in ``templates/base/``, each kind's sections in ``templates/<kind>/`` (a kind outside the
package adds its own folders with ``template_folders``). Numbers are formatted the Vietnamese
way by Babel (73,83 and 1.537). Each public method returns an object a notebook can display;
tables and figures are numbered in the order they are first shown, stably on re-run.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import mistune
from IPython.display import HTML
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..paths import TEMPLATES_DIR
from .images import is_embedded_raster
from .formatting import (
    capital, change_pct_words, change_words, date_vi, fixed, level, number, percent, signed, signed_percent,
)

_NUMBER_AND_UNIT = re.compile(r"(\d)(?:</strong>)? (điểm|đơn vị)\b")
SHORT_TABLE_ROWS = 15  # a table this short is kept on one page
FILTERS = dict(number=number, fixed=fixed, percent=percent, signed=signed, signed_percent=signed_percent,
               change_words=change_words, change_pct_words=change_pct_words, date_vi=date_vi, capital=capital,
               level=level)


def bind_units(html: str) -> str:
    """A number and its unit never part at a line end: 115,95 điểm, 9 đơn vị."""
    return _NUMBER_AND_UNIT.sub(lambda m: m.group(0).replace(" ", "\u00a0", 1), html)


@lru_cache(maxsize=None)
def environment(folders: tuple[Path, ...] = ()) -> Environment:
    """The Jinja2 environment of a builder: its kind's own folders first, then the package's templates."""
    loader = ChoiceLoader([FileSystemLoader([str(f) for f in folders]), FileSystemLoader(str(TEMPLATES_DIR))])
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=False, lstrip_blocks=True)
    env.filters.update(FILTERS)
    return env


class _FindingsRenderer(mistune.HTMLRenderer):
    """Images only as data: URIs of raster images (``core.images`` embedded those of the year
    folder when the findings were read); any other image is shown as its description, never fetched."""

    def image(self, text: str, url: str, title=None) -> str:
        if is_embedded_raster(url):
            return super().image(text, url, title)
        return f"<span class=\"image-refused\">{text}</span>"


_MARKDOWN = mistune.create_markdown(renderer=_FindingsRenderer(escape=True), plugins=["table"])


def markdown_to_html(text: str) -> Markup:
    """The analyst's Markdown (findings) as HTML; raw HTML in it is escaped, not rendered."""
    return Markup(_MARKDOWN(text))


def join_words(items: list[str]) -> str:
    """'a', 'a và b', 'a, b và c'."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " và " + items[-1]


class Numbering:
    """Bảng 1, Hình 1 ...: numbers given in order of first use, the same number on re-run."""

    def __init__(self):
        self._numbers: dict[tuple[str, str], int] = {}

    def __call__(self, kind: str, key: str) -> int:
        if (kind, key) not in self._numbers:
            self._numbers[(kind, key)] = 1 + sum(1 for k, _ in self._numbers if k == kind)
        return self._numbers[(kind, key)]


class ReportBuilder:
    """Writes the sections every kind shares; a kind's builder adds its own sections and phrases.

    ``template_folders``: folders searched for templates before the package's ``templates/``
    (a kind defined outside the package keeps its templates there).
    """

    template_folders: tuple[Path, ...] = ()

    def __init__(self, record: dict):
        self.record = record
        self.numbering = Numbering()
        self.sections = Numbering()

    # building blocks

    def _html(self, template: str, **context) -> HTML:
        return HTML(self.render(template, **context))

    def render(self, template: str, **context) -> str:
        html = environment(tuple(self.template_folders)).get_template(template).render(
            record=self.record, meta=self.record["meta"], builder=self, **context
        )
        return bind_units(html)

    def section_number(self, key: str) -> int:
        return self.sections("section", key)

    def table(self, key: str, caption: str, columns: list[dict], rows: list[list], note: str = "") -> Markup:
        """A numbered table. ``columns``: {"label", "align"}; cells are already formatted text."""
        return Markup(self.render("base/table.html.j2", number=self.numbering("table", key), key=key, caption=caption,
                                  columns=columns, rows=rows, note=note, short=len(rows) <= SHORT_TABLE_ROWS))

    def figure(self, key: str, caption: str, svg: str, note: str = "") -> Markup:
        return Markup(self.render("base/figure.html.j2", number=self.numbering("figure", key), key=key,
                                  caption=caption, svg=Markup(svg), note=note))

    join_words = staticmethod(join_words)

    # sections every kind has

    def findings(self, markdown_text: str | None) -> HTML:
        body = markdown_to_html(markdown_text) if markdown_text else None
        return self._html("base/findings.html.j2", body=body)

    def validation_appendix(self, validation: dict) -> HTML:
        return self._html("base/validation.html.j2", validation=validation)

    def provenance(self, provenance: dict) -> HTML:
        return self._html("base/provenance.html.j2", provenance=provenance)

    # tables every kind has

    def validation_table(self, validation: dict) -> Markup:
        columns = [{"label": "Tệp"}, {"label": "Bộ quy tắc"}, {"label": "Số quy tắc", "align": "right"},
                   {"label": "Đạt", "align": "right"}]
        rows = [[r["file"], r["suite"], r["evaluated"], r["passed"]] for r in validation["runs"]]
        return self.table("validation", "Kết quả kiểm tra dữ liệu đầu vào", columns, rows)

    def inputs_table(self, provenance: dict) -> Markup:
        columns = [{"label": "Tệp đầu vào"}, {"label": "SHA-256 (16 ký tự đầu)"},
                   {"label": "Kích thước (byte)", "align": "right"}]
        rows = [[f["path"], f["sha256"][:16], number(f["bytes"])] for f in provenance["inputs"]]
        return self.table("inputs", "Các tệp đầu vào của báo cáo", columns, rows)
