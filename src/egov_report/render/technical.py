"""technical.html: the technical record next to each report (any kind), linked from it."""

from __future__ import annotations

from ..paths import TEMPLATES_DIR

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
    from ..core.builder import jinja_environment
    from ..core.checks import listed_warnings
    from .statements import statements

    css = (TEMPLATES_DIR / "base" / "report.css").read_text(encoding="utf-8")
    return (
        jinja_environment()
        .get_template("base/technical.html.j2")
        .render(
            record=record,
            meta=record.get("meta", {}),
            validation=listed_warnings(validation),
            provenance=record.get("provenance"),
            title=title,
            css=css,
            statements=statements(report) if report else [],
            absent=list(absent),
            classes=FIGURE_CLASS_WORDS,
        )
    )
