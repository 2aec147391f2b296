"""The indicators report's sections, tables and phrases, written from the figure record only.

Templates in ``templates/indicators/``; numbering, tables, figures, findings, validation and
provenance from the shared ``core.builder.ReportBuilder``.
"""

from __future__ import annotations

from IPython.display import HTML
from markupsafe import Markup

from ...core.builder import ReportBuilder
from ...core.formatting import number
from .analysis import UNKNOWN_TARGET, format_value
from .charts import value_target_chart
from .framework import PERCENT


class IndicatorReportBuilder(ReportBuilder):
    """The sections of an indicators report, with the shared numbering, tables and figures."""

    unknown_target = UNKNOWN_TARGET

    def section_order(self) -> tuple[str, ...]:
        return ("scope", "headline", "results")

    def headline(self) -> HTML:
        return self.kind_template("headline.html.j2")

    def indicator_results(self) -> HTML:
        return self.kind_template("results.html.j2")

    def validation_appendix(self, validation: dict) -> HTML:
        return self.kind_template("validation.html.j2", validation=validation, annex=1)

    def provenance(self, provenance: dict) -> HTML:
        return self._html("base/provenance.html.j2", provenance=provenance, annex=2)

    # figures as the text states them, each marked for the technical record

    @staticmethod
    def key(entry: dict, field: str) -> str:
        """The record key of a field of one indicator ("indicators.van_ban_dien_tu.value")."""
        return f"indicators.{entry['code']}.{field}"

    def value_fig(self, entry: dict) -> Markup:
        """An indicator's value as the text states it (98%), marked with its key."""
        return self.fig(self.key(entry, "value"), entry["value"], lambda v: format_value(v, entry["unit"]))

    def target_fig(self, entry: dict) -> Markup:
        """An indicator's target (90%), marked; the words saying it is not set when it is not."""
        if not entry["target_known"]:
            return Markup(entry["target_text"])
        return self.fig(self.key(entry, "target"), entry["target"], lambda v: format_value(v, entry["unit"]))

    def count_fig(self, field: str) -> Markup:
        """A count of the record (counts.met: how many indicators met their target), marked."""
        return self.fig(f"counts.{field}", self.record["counts"][field], lambda v: number(v, 0))

    # phrases and tables

    def gap_words(self, entry: dict) -> str:
        """'bằng mục tiêu' / 'vượt 2 điểm phần trăm' / 'thiếu 5 điểm phần trăm'; '' without a target."""
        if entry["gap"] is None:
            return ""
        margin = entry["gap"] if entry["direction"] == "higher_is_better" else -entry["gap"]
        if round(margin, 2) == 0:
            return "bằng mục tiêu"
        unit = "điểm phần trăm" if entry["unit"] == PERCENT else entry["unit"]
        return f"{'vượt' if margin > 0 else 'thiếu'} {number(abs(margin))} {unit}"

    def percent_extremes(self) -> dict | None:
        """The highest and lowest values among percentage indicators (None with fewer than two)."""
        entries = [e for e in self.record["indicators"] if e["unit"] == PERCENT]
        if len(entries) < 2:
            return None
        top = max(e["value"] for e in entries)
        bottom = min(e["value"] for e in entries)
        return {
            "top": [e for e in entries if e["value"] == top],
            "bottom": [e for e in entries if e["value"] == bottom] if bottom != top else [],
        }

    def indicator_table(self) -> Markup:
        meta = self.record["meta"]
        value_label = f"Kết quả ({meta['as_of_text']})" if meta["as_of_text"] else "Kết quả"
        columns = [
            {"label": "TT", "align": "right"},
            {"label": "Chỉ tiêu"},
            {"label": value_label, "align": "right"},
            {"label": "Mục tiêu"},
            {"label": "Đánh giá"},
            {"label": "Nguồn"},
        ]
        rows = []
        for entry in self.record["indicators"]:
            label = entry["label"] if meta["as_of_text"] else f"{entry['label']} (tính đến {entry['as_of_text']})"
            target = (
                self.target_fig(entry)
                if entry["target_known"]
                else Markup('<em class="unknown-target">{}</em>').format(entry["target_text"])
            )
            status = entry["status_label"]
            if entry["target_known"]:
                status += f" ({self.gap_words(entry)})"
            sources = f"[{entry['source_number']}]"
            if entry["target_source_number"] and entry["target_source_number"] != entry["source_number"]:
                sources += f"; mục tiêu: [{entry['target_source_number']}]"
            rows.append(
                {
                    "css": "status-" + entry["status"],
                    "cells": [entry["position"], label, self.value_fig(entry), target, status, sources],
                }
            )
        cited = [(s["number"], self.citation(s["number"], s["text"])) for s in self.record["sources"]]
        note = " ".join(f"[{n}] {text}." if not text.endswith(".") else f"[{n}] {text}" for n, text in cited)
        caption = f"Kết quả thực hiện các chỉ tiêu, {meta['province_name_full']} năm {meta['year']}"
        return self.table("indicators", caption, columns, rows, note="Nguồn: " + note)

    def chart(self) -> Markup:
        meta = self.record["meta"]
        shown_ = [e for e in self.record["indicators"] if e["unit"] == PERCENT]
        note = "Thanh: giá trị đạt được; vạch đen: mục tiêu."
        if any(e["status"] == "unknown" for e in shown_):  # said only when such a bar is drawn
            note += (
                " Thanh nhạt viền nét đứt: chỉ tiêu chưa xác định được mục tiêu nên chưa đánh giá đạt hay không đạt."
            )
        others = len(self.record["indicators"]) - len(shown_)
        if others:
            note += f" {others} chỉ tiêu không tính theo % chỉ có trong Bảng {self.numbering('table', 'indicators')}."
        as_of = f", {meta['as_of_text']}" if meta["as_of_text"] else ""
        return self.figure(
            "indicators",
            f"Giá trị đạt được và mục tiêu của các chỉ tiêu tính theo %{as_of}",
            value_target_chart(shown_),
            note=note,
        )
