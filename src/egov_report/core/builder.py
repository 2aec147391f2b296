"""The base report builder: a report's text, tables and figures as HTML, from the figure record only.

Wording lives in two places. The structure of a report and its fixed sentences are Jinja2
templates, autoescaped so that data can never inject markup: the shared blocks in
``templates/base/``, each kind's parts in ``templates/<kind>/`` (a kind outside the package adds
its own folders with ``template_folders``). Sentences whose words depend on the figures (a rise or
a fall, a tie, one unit or several, a list joined with "và") are built by sentence functions in
each kind's ``narrative.py`` (the tiered kind's about ninety of them): a choice among many
phrasings reads and tests better as a Python function than as nested template conditionals, and
each one still takes its figures from the record and escapes what it joins (``escape``,
``Markup``). Numbers are formatted the Vietnamese way by Babel (73,83 and 1.537). Each public
method returns an object a notebook can display; tables and figures are numbered in the order they
are first shown, stably on re-run.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import mistune
from IPython.display import HTML
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from ..paths import TEMPLATES_DIR
from .document import Document
from .formatting import (
    capital,
    change_pct_words,
    change_words,
    date_vi,
    fixed,
    in_sentence,
    level,
    number,
    percent,
    score,
    signed,
    signed_count,
    signed_percent,
)
from .images import is_embedded_raster
from .records import SAMPLE_MARK

_NUMBER_AND_UNIT = re.compile(r"(\d)(?:</strong>)? (điểm|đơn vị)\b")
SHORT_TABLE_ROWS = 15  # a table this short is kept on one page
FILTERS = dict(
    number=number,
    score=score,
    fixed=fixed,
    percent=percent,
    signed=signed,
    signed_count=signed_count,
    signed_percent=signed_percent,
    change_words=change_words,
    change_pct_words=change_pct_words,
    date_vi=date_vi,
    capital=capital,
    level=level,
    in_sentence=in_sentence,
)


def bind_units(html: str) -> str:
    """A number and its unit never part at a line end: 115,95 điểm, 9 đơn vị."""
    return _NUMBER_AND_UNIT.sub(lambda m: m.group(0).replace(" ", "\u00a0", 1), html)


def bind_name(text: str, *names: str) -> str:
    """Proper names kept on one line: "tỉnh Quảng Ninh" never ends a line at "Quảng".

    Each of ``names`` found in ``text`` (in any case, "QUẢNG NINH" too) has its spaces made
    non-breaking; the rest of the text is left as it is (without names, all of it)."""
    markup = isinstance(text, Markup)
    for name in sorted((n for n in names if n and " " in n), key=len, reverse=True):
        text = re.sub(re.escape(name), lambda m: m.group(0).replace(" ", "\u00a0"), str(text), flags=re.I)
    return Markup(text) if markup else text


# The class of a figure the report states (docs/decisions.md, "Every figure knows where it comes
# from"): bound to a published figure (published.yaml), computed from real data, or computed from
# reconstructed sample data. A report on sample data states in its body only figures that are
# not SAMPLE; the unit-level demonstration goes to an annex of its own, marked as sample data.
PUBLISHED, REAL, SAMPLE = "published", "real", "sample"
# Keys that the registry or the framework give, not the scores: true in a report on sample data
# too (the number of units, maxima, band floors, names).
_REAL_KEY = re.compile(
    r"^scope(\.|$)|^tiers\.[^.]+\.(max|label|label_unit|current\.n|previous\.n|bands\.[^.]+\.points)$"
    r"|\.(label|name|unit_type|parent_name)$"
)

# ``mark`` wraps a figure in these (private-use characters no input holds: core.textfiles refuses
# them), ``render`` turns them into a span after escaping: <span class="fig" data-key data-class>.
_MARK_OPEN, _MARK_KEY, _MARK_CLOSE = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{_MARK_OPEN}([A-Za-z0-9_.\\-]+){_MARK_KEY}(\\w+){_MARK_KEY}(.*?){_MARK_CLOSE}", re.S)


def plain_text(text: str) -> str:
    """A sentence function's text as the reader reads it: the figures' marks taken out."""
    return _MARKED.sub(lambda m: m.group(3), str(text))


def _marks_to_spans(html: str) -> str:
    return _MARKED.sub(
        lambda m: f'<span class="fig" data-key="{m.group(1)}" data-class="{m.group(2)}">{m.group(3)}</span>', html
    )


EMPTY_CELL = "—"  # a cell without a value; a column of nothing else is left out of its table
_PER_MAXIMUM = re.compile(r"\(/\s*[\d.,]+\)")  # "(/100)" in a header: never "(/" at a line end


def _bound_maximum(text) -> Markup:
    """Text (escaped unless it is markup already) with each "(/100)" kept on one line."""
    return Markup(
        _PER_MAXIMUM.sub(lambda m: Markup('<span class="nowrap">{}</span>').format(m.group(0)), str(escape(text)))
    )


def _cells(row) -> list | None:
    """A row's cells (None for a row across every column, standing for rows left out)."""
    if isinstance(row, dict):
        return None if "gap" in row else row["cells"]
    return row


def _is_empty(cell) -> bool:
    return str(cell).strip() in (EMPTY_CELL, "")


@cache
def jinja_environment(folders: tuple[Path, ...] = ()) -> Environment:
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
        return f'<span class="image-refused">{text}</span>'


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

    def __len__(self) -> int:
        return len(self._numbers)

    def __call__(self, kind: str, key: str) -> int:
        if (kind, key) not in self._numbers:
            self._numbers[(kind, key)] = 1 + sum(1 for k, _ in self._numbers if k == kind)
        return self._numbers[(kind, key)]


def roman(n: int) -> str:
    """1 -> I, 4 -> IV, 12 -> XII: annexes are numbered the official way."""
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out, n = out + letters, n - value
    return out


# The parts of the analyst's findings.md, in report order, and the level-3 headings that open
# each (compared without case; docs/input-format.md lists them). Text under another heading
# stays in the assessment under its own heading.
FINDINGS_PARTS = {
    "achievements": ("kết quả đạt được", "những kết quả chính", "kết quả chính", "nhận định"),
    "shortcomings": ("tồn tại, hạn chế", "tồn tại", "hạn chế"),
    "causes_subjective": ("nguyên nhân chủ quan",),
    "causes_objective": ("nguyên nhân khách quan",),
    "recommendations": ("kiến nghị", "đề xuất, kiến nghị", "kiến nghị, đề xuất", "giải pháp, kiến nghị"),
}
ASSESSMENT_PARTS = ("achievements", "shortcomings", "causes_subjective", "causes_objective")


def findings_parts(markdown_text: str | None) -> dict[str, str]:
    """findings.md cut at its level-3 headings: {part: markdown}; unknown headings keep theirs."""
    parts: dict[str, str] = {}
    if not markdown_text:
        return parts
    chunks = re.split(r"^###[ \t]+(.+?)[ \t]*#*[ \t]*$", markdown_text, flags=re.M)
    lead = chunks[0].strip()
    if lead:
        parts["other"] = lead
    for heading, body in zip(chunks[1::2], chunks[2::2]):
        key = next((k for k, names in FINDINGS_PARTS.items() if heading.strip().casefold() in names), None)
        if key is None:
            parts["other"] = (parts.get("other", "") + f"\n\n### {heading}\n\n{body.strip()}").strip()
        else:
            parts[key] = (parts.get(key, "") + "\n\n" + body.strip()).strip()
    return parts


PART_NAMES = {
    "legal": "căn cứ đánh giá (legal_basis trong evaluation.yaml)",
    "achievements": "kết quả đạt được",
    "shortcomings": "tồn tại, hạn chế",
    "causes_subjective": "nguyên nhân chủ quan",
    "causes_objective": "nguyên nhân khách quan",
    "recommendations": "kiến nghị, đề xuất",
}


def absent_parts(document: Document) -> list[str]:
    """The parts of the report form that a year's data leave empty, so the report leaves them out
    (technical.html lists them: a reader's document never says that a part is missing)."""
    parts = findings_parts(document.findings)
    absent = [] if document.legal_basis else ["legal"]
    absent += [k for k in (*ASSESSMENT_PARTS, "recommendations") if not parts.get(k)]
    return [PART_NAMES[k] for k in absent]


# The reconciliation annex's reading of a departure the body cannot state the computed side of.
SAMPLE_DEPARTURE_READING = "Phần thân báo cáo nêu số đã công bố, vì số ở cột “Tính được” lấy từ dữ liệu mẫu."


class ReportBuilder:
    """Writes the sections every kind shares; a kind's builder adds its own sections and phrases.

    ``template_folders``: folders searched for templates before the package's ``templates/``
    (a kind defined outside the package keeps its templates there). ``document``: the official
    form's data (``core.document``); without it the report is a draft.
    """

    template_folders: tuple[Path, ...] = ()
    SAMPLE_MARK = SAMPLE_MARK  # for the templates (builder.SAMPLE_MARK)

    def __init__(
        self, record: dict, document: Document | None = None, published: list | None = None, checks: dict | None = None
    ):
        self.record = record
        self.checks = checks  # core.checks.ValidationReport.summary(); None: taken from the record
        self.document = document if document is not None else Document()
        self.published = list(published or [])  # core.published.Comparison, in the order of published.yaml
        self.numbering = Numbering()
        self.demonstrating = False  # inside the annex of sample data: unit-level figures may be stated
        # the keys whose published figure the body stated alone (its computed value rests on sample data):
        # the reconciliation annex, built last, says so in their reading
        self.stated_as_published: set[str] = set()
        self.sections = Numbering()
        self.annexes = Numbering()
        parts = findings_parts(self.document.findings)
        present = {
            "legal": bool(self.document.legal_basis),
            "findings": any(parts.get(k) for k in ("other", *ASSESSMENT_PARTS)),
            "recommendations": bool(parts.get("recommendations")),
        }
        for key in ("summary", "legal", *self.section_order(), "findings", "recommendations"):
            if present.get(key, True):
                self.section_number(key)  # numbered in report order, so a part can point to a later one
        for key in (*self.annex_order(), *(("reconciliation",) if self.published else ())):
            self.annexes("annex", key)

    def annex_order(self) -> tuple[str, ...]:
        """The kind's annexes, in report order (the reconciliation annex comes last)."""
        return ()

    def section_order(self) -> tuple[str, ...]:
        """The kind's own parts between the scope and the assessment, in report order."""
        return ()

    # where each figure comes from (the rule in docs/decisions.md)

    def real_key(self, key: str) -> bool:
        """A figure that the registry or the framework gives (a kind may widen this)."""
        return bool(_REAL_KEY.search(key))

    def published_for(self, key: str) -> list:
        """The published figures bound to ``key`` (core.published.Comparison), in published.yaml's order."""
        return [c for c in self.published if c.key == key]

    def figure_class(self, key: str) -> str:
        """PUBLISHED, REAL or SAMPLE: what a reader may take the figure at ``key`` to be."""
        if self.published_for(key):
            return PUBLISHED
        if not self.is_sample() or self.real_key(key):
            return REAL
        return SAMPLE

    def known(self, *keys: str) -> bool:
        """Whether a sentence stating the figures at ``keys`` may stand in the body: none of them is
        sample data (in the annex of sample data, everything may)."""
        return self.demonstrating or all(self.figure_class(k) != SAMPLE for k in keys)

    def sample_body(self) -> bool:
        """The body (not the annex of sample data) of a report on sample data."""
        return self.is_sample() and not self.demonstrating

    def departure(self, key: str):
        """The published figure at ``key`` that the computation departs from, when no published
        figure bound to it matches (the published figure then leads in the text)."""
        bound = self.published_for(key)
        if bound and not self.demonstrating and not any(c.matches for c in bound):
            return bound[0]  # (the annex of sample data shows the computation it demonstrates)
        return None

    def computed_is_known(self, key: str) -> bool:
        """Whether the computed value at ``key`` may be stated beside a published one that departs:
        not when it comes from sample data (a sample figure is never stated in the body)."""
        return self.demonstrating or not self.is_sample() or self.real_key(key)

    def fig(self, key: str, computed, fmt=None, unit: str = "") -> Markup:
        """A figure as a sentence states it (with its ``unit``: " điểm"), marked with its key and
        class for the technical record.

        Where the province published another value, the published value leads and the computed
        one follows as a note ("12 đơn vị (theo số liệu công bố; tính được: 13 đơn vị)")."""
        fmt = fmt or (lambda v: v)
        cls = self.figure_class(key)
        departing = self.departure(key)
        text = escape(f"{fmt(computed)}{unit}")
        if departing is not None and self.computed_is_known(key):
            text = Markup("{} (theo số liệu công bố; tính được: {}{})").format(
                self.published_text(departing, fmt, unit), fmt(computed), unit
            )
        elif departing is not None:  # the computation rests on sample data: the published figure alone,
            # said to be the published one (the reconciliation annex says why the two differ)
            text = Markup("{} ({})").format(self.published_text(departing, fmt, unit), self.published_pointer())
            self.stated_as_published.add(departing.key)
        return Markup('<span class="fig" data-key="{}" data-class="{}">{}</span>').format(key, cls, text)

    @contextmanager
    def demonstration(self):
        """Inside: the annex of sample data, where unit-level figures of the sample may be stated."""
        before, self.demonstrating = self.demonstrating, True
        try:
            yield
        finally:
            self.demonstrating = before

    # building blocks

    def _html(self, template: str, **context) -> HTML:
        return HTML(self.render(template, **context))

    def render(self, template: str, **context) -> str:
        html = (
            jinja_environment(tuple(self.template_folders))
            .get_template(template)
            .render(record=self.record, meta=self.record["meta"], builder=self, doc=self.document, **context)
        )
        return bind_units(_marks_to_spans(html))

    def section_number(self, key: str) -> int:
        return self.sections("section", key)

    def table(self, key: str, caption: str, columns: list[dict], rows: list, note: str = "", css: str = "") -> Markup:
        """A numbered table; cells are already formatted text.

        ``columns``: {"label", "align"}, and optionally "score" (its cells are scores, two decimals
        (docs/style.md); they carry the class "score", so a test holds every score of a report to
        the rule), "nowrap" (its cells never break across
        lines: codes, short names), "note" (said under the table only when the column is shown)
        and "when_empty" (why the column holds no value). A column whose every cell is "—" is
        left out, and the note says once why (its "when_empty", or that it has no value).
        ``rows``: each a list of cells, or {"css": classes, "cells": [...]} for a row with classes.
        ``css``: more classes for the table's figure (e.g. "compact" for a long annex ranking).
        """
        body = [cells for cells in map(_cells, rows) if cells is not None]
        kept = [i for i, _ in enumerate(columns) if not body or not all(_is_empty(cells[i]) for cells in body)]
        dropped = [c for i, c in enumerate(columns) if i not in kept]
        notes = [note] if note else []
        notes += [c["note"] for c in (columns[i] for i in kept) if c.get("note")]
        reasons: dict[str, list[str]] = {}
        for column in dropped:
            reasons.setdefault(column.get("when_empty") or "", []).append(f"“{column['label']}”")
        for reason, labels in reasons.items():
            notes.append(
                f"Bảng không có cột {join_words(labels)}: "
                + (reason or ("các cột này không có số liệu." if len(labels) > 1 else "cột này không có số liệu."))
            )
        note = _bound_maximum(Markup(" ").join(escape(n) for n in notes))
        if dropped:
            columns = [columns[i] for i in kept]
            rows = [
                row
                if _cells(row) is None
                else (
                    {**row, "cells": [row["cells"][i] for i in kept]}
                    if isinstance(row, dict)
                    else [row[i] for i in kept]
                )
                for row in rows
            ]
        columns = [{**c, "label": _bound_maximum(c["label"])} for c in columns]
        caption = bind_name(caption, *self.proper_names())
        return Markup(
            self.render(
                "base/table.html.j2",
                number=self.numbering("table", key),
                key=key,
                caption=caption,
                columns=columns,
                rows=rows,
                note=note,
                short=len(rows) <= SHORT_TABLE_ROWS,
                css=css,
            )
        )

    def figure(self, key: str, caption: str, svg: str, note: str = "") -> Markup:
        return Markup(
            self.render(
                "base/figure.html.j2",
                number=self.numbering("figure", key),
                key=key,
                caption=bind_name(caption, *self.proper_names()),
                svg=Markup(svg),
                note=note,
            )
        )

    def proper_names(self) -> tuple[str, ...]:
        """The names a title, heading or caption never breaks: the province's."""
        meta = self.record["meta"]
        return tuple(n for n in (meta.get("province_name"),) if n)

    def bind_province(self, text: str) -> str:
        """``text`` with the province's name kept on one line (titles, headings, the form's header)."""
        return bind_name(text, *self.proper_names())

    join_words = staticmethod(join_words)
    score = staticmethod(score)
    number = staticmethod(number)
    change_pct_words = staticmethod(change_pct_words)

    def mark(self, key: str, text: str, fmt=None) -> str:
        """A figure a sentence function states as plain text, marked like ``fig``: the text is
        wrapped in private-use marks that ``render`` turns into the same span once the template
        has escaped it (so sentence functions stay plain strings, escaped with everything else).
        Where the province published another value, the published one leads."""
        departing = self.departure(key)
        if departing is not None and self.computed_is_known(key):
            text = f"{self.published_text(departing, fmt)} (theo số liệu công bố; tính được: {text})"
        elif departing is not None:  # the computation rests on sample data: the published figure alone
            text = f"{self.published_text(departing, fmt)} ({self.published_pointer()})"
            self.stated_as_published.add(departing.key)
        return f"{_MARK_OPEN}{key}{_MARK_KEY}{self.figure_class(key)}{_MARK_KEY}{text}{_MARK_CLOSE}"

    def published_pointer(self) -> str:
        """What follows a published figure stated alone, whose computed value (sample data) departs."""
        return f"theo số liệu công bố, xem {self.annex_ref('reconciliation')}"

    @staticmethod
    def published_text(comparison, fmt=None, unit: str = "") -> str:
        """A published figure as a sentence leads with it: as the province printed it when that is
        a short figure ("tăng 2,365 điểm", "40 điểm"), else its value through ``fmt``."""
        printed = str(comparison.published)
        whole = isinstance(comparison.value, int) or (
            isinstance(comparison.value, float) and comparison.value.is_integer()
        )
        if fmt is not None and whole:  # a count reads as the sentence counts ("12 đơn vị", not "12 đơn vị đơn vị")
            return f"{fmt(comparison.value)}{unit}"
        if len(printed) <= 24 and any(ch.isdigit() for ch in printed) or fmt is None:
            return printed
        return f"{fmt(comparison.value)}{unit}"

    # the official form, one place for every kind

    def is_sample(self) -> bool:
        """The report rests on reconstructed sample data (a kind with several data years overrides)."""
        return self.record["meta"].get("data_status") == "reconstructed"

    def summary_line(self) -> str:
        """The summary line (trích yếu) under "BÁO CÁO"."""
        meta = self.record["meta"]
        # "năm 2019" kept together: a year alone on the title's last line reads as a stray number
        return self.bind_province(f"{meta['title']} {meta['province_name_full']}\u00a0năm\u00a0{meta['year']}")

    def header(self) -> Markup:
        """The first-page header: issuer, number, national title and motto, place and date, title."""
        return Markup(self.render("base/header.html.j2", summary=self.summary_line()))

    def signature(self) -> HTML:
        """The signature block and the recipients, after the last part and before the annexes."""
        return self._html("base/signature.html.j2")

    def annex_number(self, key: str) -> str:
        """ "II" for the second annex; "" when the report has a single annex (it is "PHỤ LỤC" alone)."""
        if self.single_annex():
            return ""
        return roman(self.annexes("annex", key))

    def single_annex(self) -> bool:
        return len(self.annexes) == 1

    def annex_ref(self, key: str) -> str:
        """How a sentence points to an annex: "Phụ lục II", or "Phụ lục" when there is one."""
        number = self.annex_number(key)
        return f"Phụ lục {number}" if number else "Phụ lục"

    def annex_heading(self, key: str, title: str) -> Markup:
        """ "Phụ lục II", the annex's title, and the document it belongs to."""
        return Markup(self.render("base/annex_heading.html.j2", key=key, roman=self.annex_number(key), title=title))

    def source_text(self) -> str:
        """The year's source as a reader cites it."""
        return self.document.reader_source or self.record["meta"].get("source", "")

    def citation(self, number: int, text: str) -> str:
        """A numbered source of the record as a reader cites it."""
        return dict(self.document.citations).get(number, text)

    def year_note(self, year: dict) -> str:
        """Another data year's note as the reader sees it (from that year's reader_note)."""
        from .document import read_document

        if year.get("year") == self.record["meta"].get("year"):
            return self.data_note()
        return read_document(self.record["meta"]["province"], year["year"]).reader_note or year.get("data_note", "")

    def data_sentence(self) -> str:
        """The one sentence of the method on sample data (the mark is on every page as well)."""
        if not self.is_sample():
            return ""
        annex = self.annex_order()[:1]
        where = (
            (
                f"; kết quả của từng đơn vị tính trên dữ liệu mẫu được trình bày riêng ở {self.annex_ref(annex[0])} "
                "để minh họa"
            )
            if annex
            else ""
        )
        return (
            "Điểm của từng đơn vị chưa được công bố nên phần thân báo cáo chỉ nêu các số liệu tổng hợp đã "
            f"công bố và các số liệu suy ra từ đó{where}."
        )

    def data_note(self) -> str:
        """The data note as the reader sees it (the technical one, naming scripts, is in technical.html)."""
        return self.document.reader_note or self.record["meta"].get("data_note", "")

    # sections every kind has

    def kind_template(self, name: str, **context) -> HTML:
        """One of the kind's own templates, ``templates/<kind>/<name>``, with ``part_context()``."""
        return self._html(f"{self.record['meta']['kind']}/{name}", **self.part_context(), **context)

    def part_context(self) -> dict:
        """What every one of the kind's parts takes besides the record (a kind adds its own)."""
        return {}

    def title(self) -> HTML:
        """Page 1: the header, the title and the contents (the kind's ``title.html.j2``)."""
        return self.kind_template("title.html.j2")

    def scope_and_method(self) -> HTML:
        return self.kind_template("scope.html.j2")

    def summary(self) -> HTML:
        """The executive summary: five to eight points with the headline figures (the kind's template)."""
        return self._html(f"{self.record['meta']['kind']}/summary.html.j2")

    def legal_basis(self) -> HTML:
        """Căn cứ: the decisions and plans the evaluation rests on, from evaluation.yaml."""
        return self._html("base/legal_basis.html.j2", items=self.document.legal_basis)

    def findings(self, markdown_text: str | None) -> HTML:
        """The overall assessment (achievements, shortcomings, causes) and the recommendations; a
        part the analyst did not write is left out (and listed in technical.html), never a
        sentence saying it is missing."""
        parts = {k: markdown_to_html(v) for k, v in findings_parts(markdown_text).items()}
        return self._html("base/findings.html.j2", parts=parts)

    def absent_parts(self) -> list[str]:
        return absent_parts(self.document)

    def validation_sentence(self) -> Markup:
        """One sentence for the method part: how many checks on how many rows, and none failed."""
        checks = self.checks
        if checks is None:
            validation = self.record.get("validation") or {}
            checks = {
                "evaluated": validation.get("expectations_evaluated", 0),
                "passed": validation.get("expectations_passed", 0),
                "rows": 0,
                "warnings": len(validation.get("warnings", [])),
            }
        return Markup(self.render("base/validation_sentence.html.j2", checks=checks))

    def reconciliation(self) -> HTML:
        """The annex comparing the published figures with the computed ones (when published.yaml exists)."""
        return self._html("base/reconciliation.html.j2", items=self.published)

    def published_note(self) -> Markup:
        """The title page's word on the published figures: which are reproduced, which depart."""
        return Markup(self.render("base/published_note.html.j2"))

    def reconciliation_counts(self) -> tuple[list, list]:
        """(matching, departing) published figures; a figure the data cannot compute (no key) is neither."""
        return [c for c in self.published if c.matches], [c for c in self.published if c.departs]

    def validation_appendix(self, validation: dict) -> HTML:
        return self._html("base/validation.html.j2", validation=validation)

    def provenance(self, provenance: dict) -> HTML:
        return self._html("base/provenance.html.j2", provenance=provenance)

    # tables every kind has

    def validation_table(self, validation: dict) -> Markup:
        columns = [
            {"label": "Tệp"},
            {"label": "Bộ quy tắc"},
            {"label": "Số quy tắc", "align": "right"},
            {"label": "Đạt", "align": "right"},
        ]
        rows = [[r["file"], r["suite"], r["evaluated"], r["passed"]] for r in validation["runs"]]
        return self.table("validation", "Kết quả kiểm tra dữ liệu đầu vào", columns, rows)

    def published_sources(self) -> list[str]:
        """The published sources, numbered [1], [2] ... in order of first use."""
        sources: list[str] = []
        for c in self.published:
            if c.source not in sources:
                sources.append(c.source)
        return sources

    RECONCILIATION_CHECKS = {
        "match": "khớp",
        "by-construction": "khớp (dữ liệu mẫu dựng theo số công bố)",
        "mismatch": "lệch",
        "unchecked": "không có trong dữ liệu đánh giá",
    }

    def reconciliation_table(self) -> Markup:
        """Each published figure beside the computed one. The check says "khớp", "lệch", that the
        match only holds because the sample data were built to reproduce the figure, or that the
        evaluation data hold no such figure (an entry without key: computed "—")."""
        columns = [
            {"label": "Số liệu"},
            {"label": "Đã công bố"},
            {"label": "Tính được", "align": "right"},
            {"label": "Đối chiếu"},
            {
                "label": "Cách đọc của báo cáo và lý do",
                "when_empty": "mọi số liệu đã công bố đều khớp với số liệu tính được.",
            },
        ]
        sources = self.published_sources()
        rows = []
        for c in self.published:
            where = f", {c.where}" if c.where else ""
            check = (
                "unchecked"
                if not c.checked
                else "by-construction"
                if c.by_construction
                else "match"
                if c.matches
                else "mismatch"
            )
            rows.append(
                {
                    "css": check if check != "by-construction" else "match by-construction",
                    "cells": [
                        c.figure,
                        Markup('{}<br><span class="source">[{}]{}</span>').format(
                            c.published, sources.index(c.source) + 1, where
                        ),
                        c.computed_text(),
                        self.RECONCILIATION_CHECKS[check],
                        self._reading(c),
                    ],
                }
            )
        note = "Nguồn: " + " ".join(f"[{i}] {s}." for i, s in enumerate(sources, start=1))
        return self.table("reconciliation", "Số liệu đã công bố và số liệu tính được", columns, rows, note=note)

    def _reading(self, comparison) -> str:
        """The reading column: for a departure the body stated as published alone (its computed value
        rests on sample data, never stated in the body), that comes first."""
        reading = comparison.reading or ""
        departs = comparison.checked and not comparison.matches
        if departs and comparison.key in self.stated_as_published:
            return f"{SAMPLE_DEPARTURE_READING} {reading}".strip()
        return reading or "—"

    def inputs_table(self, provenance: dict) -> Markup:
        columns = [
            {"label": "Tệp đầu vào"},
            {"label": "SHA-256 (16 ký tự đầu)"},
            {"label": "Kích thước (byte)", "align": "right"},
        ]
        rows = [[f["path"], f["sha256"][:16], number(f["bytes"])] for f in provenance["inputs"]]
        return self.table("inputs", "Các tệp đầu vào của báo cáo", columns, rows)
