"""The report as an official document: who issues it, its number and date, its legal basis.

A province-year's ``evaluation.yaml`` may carry an ``issuer`` section (the form of Nghị định
30/2020/NĐ-CP: governing body, issuing body and its abbreviation, document number, place, date,
signer's authority, title and name, recipients), a ``legal_basis`` list (căn cứ) and a
``reader_note`` (the data note as the reader sees it). Format: docs/input-format.md, section 13.

None of this is a figure: it is read here, next to the figure record, and never written into
``figures.json``. Without an issuer, or without its number and date, the report is a draft:
marked "DỰ THẢO", with the number and date left blank and no signer's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..paths import display_path
from .settings import check_settings, read_settings

ISSUER_FIELDS = (
    "governing_body",
    "issuing_body",
    "issuing_body_name",
    "abbreviation",
    "number",
    "place",
    "date",
    "signer_authority",
    "signer_title",
    "signer_name",
    "recipients",
)
BLANK = "…"


@dataclass(frozen=True)
class Document:
    """The official form's data for one report; every field may be empty (then the form shows a blank)."""

    governing_body: str = ""
    issuing_body: str = ""  # as in the header, e.g. "Sở Thông tin và Truyền thông"
    issuing_body_name: str = ""  # as in a sentence ("của Sở ..."): defaults to issuing_body
    abbreviation: str = ""  # the issuer's part of the symbol: BC-<abbreviation>
    number: str = ""
    place: str = ""
    date: dt.date | None = None
    signer_authority: str = ""
    signer_title: str = ""
    signer_name: str = ""
    recipients: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    reader_note: str = ""
    reader_source: str = ""  # the year's source as a reader cites it (the record's may name project files)
    citations: tuple[tuple[int, str], ...] = ()  # numbered sources (the record's) as a reader cites them
    findings: str | None = None  # the analyst's findings.md, for a kind whose loading does not read it
    sample_annex: bool = True  # a report on sample data shows its unit-level results in an annex of their own
    has_issuer: bool = False
    source: str = ""  # where it was read from, for messages

    @property
    def draft(self) -> bool:
        """Not yet issued: no issuer, or no number or date to issue it under."""
        return not (self.has_issuer and self.number and self.date)

    @property
    def archive_line(self) -> str:
        """The last line of "Nơi nhận": the recipients' own "Lưu: …" when they give one, else
        "Lưu: VT, <issuer's abbreviation>" (the form always ends with it)."""
        given = [r for r in self.recipients if r.startswith("Lưu")]
        if given:
            return given[-1].rstrip(".;")
        return "Lưu: VT" + (f", {self.abbreviation}" if self.abbreviation else "")

    @property
    def symbol(self) -> str:
        return f"BC-{self.abbreviation or BLANK}"

    @property
    def number_text(self) -> str:
        """ "15/BC-STTTT"; a draft leaves the number blank: "     /BC-STTTT"."""
        if self.draft:
            return "\u00a0" * 6 + "/" + self.symbol
        number = self.number.zfill(2) if self.number.isdigit() else self.number
        return f"{number}/{self.symbol}"

    @property
    def place_date(self) -> str:
        """ "Quảng Ninh, ngày 05 tháng 02 năm 2020" (a draft: "Quảng Ninh, ngày … tháng … năm …")."""
        place = self.place or BLANK
        if self.draft or self.date is None:
            return f"{place}, ngày {BLANK} tháng {BLANK} năm {BLANK}"
        d = self.date
        return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"

    @property
    def date_short(self) -> str:
        return (
            BLANK if self.draft or self.date is None else f"{self.date.day:02d}/{self.date.month:02d}/{self.date.year}"
        )

    @property
    def issuer_in_sentence(self) -> str:
        return self.issuing_body_name or self.issuing_body or BLANK

    @property
    def annex_reference(self) -> str:
        """ "(Kèm theo Báo cáo số 15/BC-STTTT ngày 05/02/2020 của Sở Thông tin và Truyền thông)"."""
        number = self.number_text.replace("\u00a0" * 6, "\u00a0" * 3)
        return f"(Kèm theo Báo cáo số {number} ngày {self.date_short} của {self.issuer_in_sentence})"


def _text(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _lines(value) -> tuple[str, ...]:
    return tuple(" ".join(str(v).split()) for v in value or () if str(v).strip())


def document_from_settings(settings: dict, where: str = "evaluation.yaml", findings: str | None = None) -> Document:
    """The document's data from a province-year's settings (``evaluation.yaml`` as read), checked
    against the shared schema (``core.settings``: every message names ``where`` and the field)."""
    settings = check_settings(settings, where)
    issuer = settings.get("issuer")
    common = dict(
        legal_basis=_lines(settings.get("legal_basis")),
        reader_note=_text(settings.get("reader_note")),
        reader_source=_text(settings.get("reader_source")),
        citations=tuple((k, _text(v)) for k, v in (settings.get("reader_citations") or {}).items()),
        findings=findings,
        source=where,
        sample_annex=settings.get("sample_annex", True),
    )
    if issuer is None:
        return Document(**common)
    fields: dict[str, Any] = {
        name: _text(issuer.get(name)) for name in ISSUER_FIELDS if name not in ("date", "recipients")
    }
    return Document(
        **fields, date=issuer.get("date"), recipients=_lines(issuer.get("recipients")), has_issuer=True, **common
    )


def read_document(province: str, year: int, data_dir: Path | None = None) -> Document:
    """The document's data of a province-year; a draft with nothing filled in when there is no file."""
    from .. import paths

    path = Path(data_dir if data_dir is not None else paths.DATA_DIR) / str(province) / str(year) / "evaluation.yaml"
    if not path.exists():
        return Document()
    from .tables import read_findings

    where = display_path(path)
    settings = read_settings(path)
    _, findings = read_findings(path.parent, settings)
    return document_from_settings(settings, where, findings)


def report_context(province: str, year: int, record: dict, validation=None, data_dir: Path | None = None) -> dict:
    """What a kind's builder takes besides the record: the document, the published figures, the checks.

    ``ReportBuilder(record, **report_context(province, year, record, validation))`` in a notebook.
    """
    from .published import read_for

    return {
        "document": read_document(province, year, data_dir),
        "published": read_for(province, year, record, data_dir),
        "checks": validation.summary() if validation is not None else None,
    }
