"""The tiered_scores report's sections, tables and phrases, written from the figure record only.

``TieredReportBuilder`` adds to the shared ``core.builder.ReportBuilder`` (numbering, tables,
figures, findings, validation and provenance) the sections of a report with tiers of units:
scope and method, overview, each tier's results, and the ranking annex. Its templates are in
``templates/tiered_scores/``.
"""

from __future__ import annotations

from IPython.display import HTML
from markupsafe import Markup, escape

from ...core.builder import ReportBuilder, join_words
from ...core.formatting import capital, level, number, percent, signed
from . import RANKINGS_FILE, charts

# A tier with more units than charts.FULL_RANKING_MAX shows its distribution and this many
# units at each end of its ranking; the full ranking is in the Excel annex next to the report.
ANNEX_TOP_BOTTOM = 25
# A ranking whose names are all this short keeps each name on one line (a row, one line).
NOWRAP_NAME_MAX = 32


class TieredReportBuilder(ReportBuilder):
    """Writes the sections of a tiered_scores report from the figure record."""

    def section_order(self) -> tuple[str, ...]:
        return ("scope", "overview", *(f"tier-{t['code']}" for t in self.record["tiers"]))

    def annex_order(self) -> tuple[str, ...]:
        return ("rankings",)

    def tier(self, code: str) -> dict:
        for tier in self.record["tiers"]:
            if tier["code"] == code:
                return tier
        raise KeyError(code)

    # sections, in report order

    def title(self) -> HTML:
        return self._html("tiered_scores/title.html.j2")

    def scope_and_method(self) -> HTML:
        return self._html("tiered_scores/scope.html.j2", charts=charts)

    def overview(self) -> HTML:
        return self._html("tiered_scores/overview.html.j2", charts=charts)

    def tier_results(self, code: str) -> HTML:
        return self._html("tiered_scores/tier.html.j2", tier=self.tier(code), charts=charts)

    def annex_rankings(self) -> HTML:
        return self._html("tiered_scores/annex.html.j2", annex_top_bottom=ANNEX_TOP_BOTTOM)

    def validation_appendix(self, validation: dict) -> HTML:
        return self._html("tiered_scores/validation.html.j2", validation=validation)

    # phrases the templates need a little logic for

    @staticmethod
    def band_of(tier: dict, score: float) -> dict | None:
        """The tier's band a score falls in (its floors are in the record, in points)."""
        return charts.band_of(score, tier["bands"])

    def band_labels(self) -> list[str]:
        """Every band label of the report's tiers, highest first, each once."""
        labels = []
        for tier in self.record["tiers"]:
            for band in tier["bands"]:
                if band["label"] not in labels:
                    labels.append(band["label"])
        return labels

    @staticmethod
    def provisional_notes(tier: dict) -> list[str]:
        notes = [tier["provisional"]] if tier.get("provisional") else []
        notes += [b["provisional"] for b in tier["bands"] if b.get("provisional") and b["provisional"] not in notes]
        return notes

    def shared_provisional(self) -> list[str]:
        """Provisional notes every tier shares: said once, in the method, not in each section."""
        notes = [self.provisional_notes(t) for t in self.record["tiers"]]
        return notes[0] if notes and all(n == notes[0] for n in notes) else []

    def criteria_sources(self) -> list[tuple[str, str]]:
        """(tiers, source) pairs, tiers with the same criteria source named together."""
        grouped: dict[str, list[str]] = {}
        for tier in self.record["tiers"]:
            if tier["criteria_source"]:
                grouped.setdefault(tier["criteria_source"], []).append(tier["label"])
        return [(join_words(labels), source) for source, labels in grouped.items()]

    def band_members(self, tier: dict) -> list[tuple[str, list[str]]]:
        """Each band's units by name, for tiers small enough to name them all."""
        if len(tier["ranking"]) > charts.LABELLED_BARS:
            return []
        return [(band["label"], [e["label"] for e in tier["ranking"] if e["band"] == band["code"]])
                for band in tier["bands"]]

    @staticmethod
    def rank_moves(entries: list[dict], limit: int = 12) -> str:
        """'Sở A (4 bậc), Sở B (2 bậc)': units and how many places they moved."""
        shown = [f"{e['label']} ({abs(e['rank_change'])} bậc)" for e in entries[:limit]]
        more = len(entries) - len(shown)
        return ", ".join(shown) + (f" và {more} đơn vị khác" if more > 0 else "")

    @staticmethod
    def is_tied(tier: dict, entry: dict) -> bool:
        return sum(1 for e in tier["ranking"] if e["rank"] == entry["rank"]) > 1

    @staticmethod
    def parent_tied(tier: dict, parent: dict) -> bool:
        return sum(1 for p in tier["by_parent"] if p["rank"] == parent["rank"]) > 1

    @staticmethod
    def gap_words(change) -> str:
        if change is None or round(change, 2) == 0:
            return "không đổi"
        return f"{'thu hẹp' if change < 0 else 'nới rộng'} {number(abs(change))} điểm"

    @staticmethod
    def is_large(tier: dict) -> bool:
        """Too many units to list in print: the report shows the distribution and the top and
        bottom of the ranking; the full ranking is in the Excel annex (rankings.xlsx)."""
        return len(tier["ranking"]) > charts.FULL_RANKING_MAX

    def any_large(self) -> bool:
        return any(self.is_large(t) for t in self.record["tiers"])

    @staticmethod
    def many_parents(tier: dict) -> bool:
        """Too many parents to chart and list them all (see charts.parents_shown)."""
        return bool(tier["by_parent"]) and len(tier["by_parent"]) > charts.LABELLED_BARS

    @staticmethod
    def workbook_link() -> Markup:
        return Markup('<a href="{0}">{0}</a>').format(RANKINGS_FILE)

    @staticmethod
    def _gap_row(text: str) -> dict:
        """A table row across every column, standing for the rows left out."""
        return {"css": "gap", "gap": text}

    @staticmethod
    def show_comparison(tier: dict) -> bool:
        """A unit-by-unit comparison chart stays readable up to about forty units."""
        return len(tier["ranking"]) <= charts.LABELLED_BARS

    def band_words(self, bands: list[dict]) -> str:
        present = [f"{number(b['count'])} đơn vị đạt {level(b['label'])} ({percent(b['share'])})" for b in bands if b["count"]]
        absent = [b["label"] for b in bands if not b["count"]]
        text = "; ".join(present)
        if absent:
            if any("mức" in a.casefold() for a in absent):  # "Mức I và Mức III"
                text += "; không có đơn vị nào ở " + join_words(absent)
            else:  # "mức trung bình và dưới trung bình"
                text += "; không có đơn vị nào ở mức " + join_words(absent)
        return text

    def band_change_words(self, tier: dict) -> str:
        parts = []
        for band in tier["current"]["bands"]:
            delta = tier["change"]["bands"][band["code"]]
            now, before = band["count"], band["count"] - delta
            if delta == 0:
                parts.append(f"{level(band['label'])} không đổi ({now} đơn vị)")
            else:
                direction = "tăng" if delta > 0 else "giảm"
                parts.append(f"{level(band['label'])} {direction} {abs(delta)} đơn vị (từ {before} thành {now})")
        return "; ".join(parts)

    def partial_years_note(self) -> str:
        notes = []
        for tier in self.record["tiers"]:
            previous = tier["previous"]
            if previous is not None and previous["coverage"] != "full":
                notes.append(f"* Năm {self.record['meta']['previous_year']}, khối {tier['label']}: "
                             f"{previous['coverage_note']} ({number(previous['n'])} đơn vị).")
        return " ".join(notes)

    def group_legend(self) -> str:
        parts = []
        for tier in self.record["tiers"]:
            if not tier["groups"]:
                continue
            names = "; ".join(f"({i + 1}) {g['label']}" for i, g in enumerate(tier["groups"]))
            parts.append(f"{capital(tier['label'])}: {names}.")
        return " ".join(parts)

    # tables

    def criteria_table(self) -> Markup:
        rows = []
        for tier in self.record["tiers"]:
            for index, group in enumerate(tier["groups"]):
                rows.append([capital(tier["label"]) if index == 0 else "", f"({index + 1}) {group['label']}", number(group["max"])])
            first = "" if tier["groups"] else capital(tier["label"])
            rows.append({"css": "total", "cells": [first, "Tổng điểm tối đa", number(tier["max"])]})
        columns = [{"label": "Khối"}, {"label": "Nhóm tiêu chí"}, {"label": "Điểm tối đa", "align": "right"}]
        return self.table("criteria", "Nhóm tiêu chí và điểm tối đa theo khối", columns, rows)

    def bands_table(self) -> Markup:
        """Each band's range per tier, in points (and as a share where the band is a share)."""
        tiers = [t for t in self.record["tiers"] if t["bands"]]
        shares = {b["label"]: b["min_share"] for b in self.record["bands"] if b["min_share"] is not None}
        columns = [{"label": "Mức"}] + ([{"label": "Tỷ lệ điểm tối đa"}] if shares else []) + [
            {"label": f"{capital(t['label'])} (/{number(t['max'])})", "align": "right"} for t in tiers]
        rows = []
        ordered = list(shares)
        for label in self.band_labels():
            cells = [label[:1].upper() + label[1:]]
            if shares:
                cells.append(self._share_range(ordered, shares, label))
            for tier in tiers:
                codes = [b["label"] for b in tier["bands"]]
                if label not in codes:
                    cells.append("—")
                    continue
                index = codes.index(label)
                floor = tier["bands"][index]["points"]
                top = tier["bands"][index - 1]["points"] if index else None
                if top is None:
                    cells.append(f"≥ {number(floor)}")
                elif floor == 0:
                    cells.append(f"< {number(top)}")
                else:
                    cells.append(f"{number(floor)} – < {number(top)}")
            rows.append(cells)
        shared = self.shared_provisional()
        note = " ".join(shared) if shared else " ".join(
            f"{capital(t['label'])}: {n}" for t in tiers for n in self.provisional_notes(t))
        return self.table("bands", "Các mức xếp loại và ngưỡng điểm", columns, rows, note=note)

    @staticmethod
    def _share_range(ordered: list[str], shares: dict, label: str) -> str:
        if label not in shares:
            return "—"
        index = ordered.index(label)
        upper = shares[ordered[index - 1]] if index else None
        if upper is None:
            return f"từ {percent(shares[label], 0)}"
        if shares[label] == 0:
            return f"dưới {percent(upper, 0)}"
        return f"từ {percent(shares[label], 0)} đến dưới {percent(upper, 0)}"

    def overview_table(self) -> Markup:
        labels = self.band_labels()
        has_previous = self.record["meta"]["previous_year"] is not None
        columns = [{"label": "Khối"}, {"label": "Số đơn vị", "align": "right"}, {"label": "Điểm TB", "align": "right"},
                   {"label": "% tối đa", "align": "right"}]
        if has_previous:
            columns.append({"label": f"So với {self.record['meta']['previous_year']}", "align": "right"})
        columns += [{"label": "Cao nhất", "align": "right"}, {"label": "Thấp nhất", "align": "right"}]
        columns += [{"label": label[:1].upper() + label[1:], "align": "right"} for label in labels]
        rows, notes = [], []
        for tier in self.record["tiers"]:
            current = tier["current"]
            cells = [capital(tier["label"]), number(current["n"]), f"{number(current['mean'])}/{number(tier['max'])}",
                     percent(current["mean_share"])]
            if has_previous:
                partial = tier["previous"] is not None and tier["previous"]["coverage"] != "full"
                change = signed(tier["change"]["mean"]) if tier["change"] else "—"
                cells.append(change + ("*" if partial else ""))
                if partial:
                    notes.append(f"* Năm {self.record['meta']['previous_year']}, khối {tier['label']}: "
                                 f"{tier['previous']['coverage_note']} ({number(tier['previous']['n'])} đơn vị); "
                                 "so sánh chỉ mang tính tham khảo.")
            cells += [number(current["max"]), number(current["min"])]
            counts = {b["label"]: b["count"] for b in current["bands"]}
            cells += [number(counts[label]) if label in counts else "—" for label in labels]
            rows.append(cells)
        return self.table("overview", f"Kết quả chung theo khối, năm {self.record['meta']['year']}", columns, rows,
                          note=" ".join(notes))

    def groups_table(self, tier: dict) -> Markup:
        previous = tier["previous"]
        year, previous_year = self.record["meta"]["year"], self.record["meta"]["previous_year"]
        columns = [{"label": "Nhóm tiêu chí"}, {"label": "Điểm tối đa", "align": "right"},
                   {"label": f"TB {year}", "align": "right"}, {"label": "% tối đa", "align": "right"}]
        if previous:
            columns += [{"label": f"TB {previous_year}", "align": "right"}, {"label": "Thay đổi", "align": "right"}]
        rows = []
        for index, group in enumerate(tier["current"]["groups"]):
            cells = [f"({index + 1}) {group['label']}", number(group["max"]), number(group["mean"]), percent(group["share"])]
            if previous:
                old = previous["groups"][index]["mean"]
                cells += [number(old), signed(group["mean"] - old)]
            rows.append(cells)
        caption = f"Điểm trung bình theo nhóm tiêu chí, khối {tier['label']}"
        note = ""
        if previous and previous["coverage"] != "full":
            note = f"Năm {previous_year}: {previous['coverage_note']} ({number(previous['n'])} đơn vị)."
        return self.table("groups-" + tier["code"], caption, columns, rows, note=note)

    def parents_table(self, tier: dict) -> Markup:
        columns = [{"label": "Hạng", "align": "right"}, {"label": capital(tier["parent_label"])},
                   {"label": "Số đơn vị", "align": "right"}, {"label": "Điểm TB", "align": "right"},
                   {"label": "Cao nhất", "align": "right"}, {"label": "Thấp nhất", "align": "right"}]
        shown = charts.parents_shown(tier)
        left_out = len(tier["by_parent"]) - len(shown) + 1
        rows = [[p["rank"], p["name"], number(p["n"]), number(p["mean"]), number(p["max"]), number(p["min"])]
                if p is not None else self._gap_row(f"… {number(left_out)} {tier['parent_label']} khác …")
                for p in shown]
        caption = f"Điểm trung bình của các {tier['label_unit']} theo {tier['parent_label']}, năm {self.record['meta']['year']}"
        note = ""
        if self.many_parents(tier):
            caption += f": {charts.TOP_BOTTOM_PARENTS} cao nhất và {charts.TOP_BOTTOM_PARENTS} thấp nhất"
            note = (Markup("Đủ {} {} trong tệp ").format(number(len(tier["by_parent"])), tier["parent_label"])
                    + self.workbook_link() + ".")
        return self.table("parents-" + tier["code"], caption, columns, rows, note=note)

    def ranking_table(self, tier: dict) -> Markup:
        year, previous_year = self.record["meta"]["year"], self.record["meta"]["previous_year"]
        previous = tier["previous"]
        has_previous = previous is not None
        entries = list(tier["ranking"])
        large = self.is_large(tier)
        # names stay on one line where they are short enough to (communes: "Phường Trần Hưng Đạo")
        short_names = max((len(e["name"]) for e in entries), default=0) <= NOWRAP_NAME_MAX
        columns = [{"label": "Hạng", "align": "right", "nowrap": True}, {"label": "Mã", "nowrap": True},
                   {"label": "Đơn vị", "nowrap": short_names}]
        if tier["by_parent"]:
            parents_short = max((len(e["parent_name"] or "") for e in entries), default=0) <= NOWRAP_NAME_MAX
            columns.append({"label": "Thuộc", "nowrap": parents_short})
        columns += [{"label": f"({i + 1})", "align": "right", "nowrap": True} for i in range(len(tier["groups"]))]
        columns += [{"label": "Tổng", "align": "right", "nowrap": True}]
        if tier["bands"]:
            columns.append({"label": "Xếp loại", "nowrap": True})
        if has_previous:
            not_evaluated = any(e["previous_total"] is None for e in entries)
            before = {"label": f"Năm {previous_year}", "align": "right", "nowrap": True}
            if not_evaluated:  # a partial year: the units outside it; a full one: units new since
                before["note"] = (f"“—” ở cột “Năm {previous_year}” và “Thay đổi”: " + (
                    f"đơn vị ngoài {number(previous['n'])} đơn vị có số liệu năm {previous_year}."
                    if previous["coverage"] != "full" else f"đơn vị không được đánh giá năm {previous_year}."))
            moves = {"label": "Đổi hạng", "align": "right", "nowrap": True}
            if previous["coverage"] != "full" or tier.get("coverage", "full") != "full":
                counted = "" if number(previous["n"]) in previous["coverage_note"] else f" ({number(previous['n'])} đơn vị)"
                moves["when_empty"] = (f"năm {previous_year} chỉ có {previous['coverage_note']}{counted} "
                                       "nên không so sánh thứ hạng."
                                       if previous["coverage"] != "full" else
                                       f"năm {year} chỉ có {tier['coverage_note']} nên không so sánh thứ hạng.")
            else:
                moves["when_empty"] = f"không đơn vị nào được xếp hạng trong cả hai năm {previous_year} và {year}."
                moves["note"] = f"Cột “Đổi hạng”: thay đổi thứ hạng so với năm {previous_year} (↑ tăng, ↓ giảm, = giữ nguyên)"
                reasons = self._unmoved_reasons(tier, entries, year, previous_year)
                moves["note"] += ("; “—”: " + "; ".join(reasons) if reasons else "") + "."
            columns += [before, {"label": "Thay đổi", "align": "right", "nowrap": True}, moves]
        if large:  # the top and the bottom; the whole ranking is in the Excel annex
            left_out = len(entries) - 2 * ANNEX_TOP_BOTTOM
            entries = entries[:ANNEX_TOP_BOTTOM] + [None] + entries[-ANNEX_TOP_BOTTOM:]
        rows = []
        for entry in entries:
            if entry is None:
                rows.append(self._gap_row(f"… {number(left_out)} đơn vị khác, xem tệp {RANKINGS_FILE} …"))
                continue
            cells = [entry["rank"] if entry["rank"] is not None else "—", entry["code"], entry["name"]]
            if tier["by_parent"]:
                cells.append(entry["parent_name"])
            cells += [number(entry["groups"][g["code"]]) for g in tier["groups"]]
            cells.append(number(entry["total"]))
            if tier["bands"]:
                cells.append(entry["band_label"])
            if has_previous:
                moved = entry["rank_change"]
                rank_text = "—" if moved is None else (f"↑{moved}" if moved > 0 else (f"↓{-moved}" if moved < 0 else "="))
                cells += [number(entry["previous_total"]), signed(entry["change"]), rank_text]
            rows.append({"css": f"band-{entry['band']}" if entry["band"] else "", "cells": cells})
        if tier["unranked"]:
            columns[0]["note"] = "“—” ở cột “Hạng”: đơn vị không được xếp hạng."
            columns[0]["when_empty"] = f"không đơn vị nào được xếp hạng năm {year}."
        groups = "; ".join(f"({i + 1}) {g['label']} (/{number(g['max'])})" for i, g in enumerate(tier["groups"]))
        note = (f"Nhóm tiêu chí: {groups}. " if groups else "") + f"Tổng điểm tối đa {number(tier['max'])}."
        caption = f"Xếp hạng các {tier['label_unit']}, năm {year}"
        if large:
            caption += f": {ANNEX_TOP_BOTTOM} đơn vị đứng đầu và {ANNEX_TOP_BOTTOM} đơn vị cuối bảng"
            note = escape(note) + Markup(" Bảng xếp hạng đầy đủ: tệp ") + self.workbook_link() + "."
        return self.table("ranking-" + tier["code"], caption, columns, rows, note=note, css="compact")

    @staticmethod
    def _unmoved_reasons(tier: dict, entries: list[dict], year, previous_year) -> list[str]:
        """Why a unit has no rank change, each reason said only when a row of the table has it."""
        reasons = []
        unmoved = [e for e in entries if e["rank_change"] is None]
        if any(e["previous_total"] is None for e in unmoved):
            reasons.append(f"không được đánh giá năm {previous_year}")
        if any(e["previous_total"] is not None and e["rank"] is None for e in unmoved):
            reasons.append(f"không được xếp hạng năm {year}")
        if any(e["previous_total"] is not None and e["rank"] is not None and e["previous_rank"] is None for e in unmoved):
            reasons.append(f"không được xếp hạng năm {previous_year}")
        return reasons

    def distribution_table(self, tier: dict) -> Markup:
        """A large tier's totals in a few figures of the record: spread, and units per band."""
        current = tier["current"]
        columns = [{"label": "Số đơn vị", "align": "right"}, {"label": "Điểm TB", "align": "right"},
                   {"label": "Trung vị", "align": "right"}, {"label": "Cao nhất", "align": "right"},
                   {"label": "Thấp nhất", "align": "right"}]
        columns += [{"label": capital(b["label"]), "align": "right"} for b in current["bands"]]
        cells = [number(current["n"]), number(current["mean"]), number(current["median"]), number(current["max"]),
                 number(current["min"])]
        cells += [f"{number(b['count'])} ({percent(b['share'])})" for b in current["bands"]]
        caption = (f"Phân bố tổng điểm của các {tier['label_unit']}, năm {self.record['meta']['year']} "
                   f"(tối đa {number(tier['max'])})")
        return self.table("distribution-" + tier["code"], caption, columns, [cells])
