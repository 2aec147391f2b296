"""The national_index report's sections, tables and phrases, written from the figure record only.

Templates in ``templates/national_index/``; numbering, tables, figures, validation and
provenance from the shared ``core.builder.ReportBuilder``.
"""

from __future__ import annotations

from IPython.display import HTML
from markupsafe import Markup

from ...core.builder import ReportBuilder, join_words
from ...core.formatting import fixed, number
from .charts import category_chart, position_chart, trajectory_chart
from .loading import match_key

def rank_text(rank, count) -> str:
    """'16/63': a rank out of all provinces; '—' when unknown."""
    return "—" if rank is None else f"{number(rank, 0)}/{number(count, 0)}"


def rank_change_words(change) -> str:
    """'tăng 10 bậc' / 'giảm 3 bậc' / 'giữ nguyên thứ hạng'."""
    if change is None:
        return ""
    if change == 0:
        return "giữ nguyên thứ hạng"
    return f"{'tăng' if change > 0 else 'giảm'} {abs(change)} bậc"


def rank_change_mark(change) -> str:
    """↑10 / ↓3 / = for tables."""
    if change is None:
        return "—"
    return "=" if change == 0 else (f"↑{change}" if change > 0 else f"↓{-change}")


SECTIONS = ("scope", "headline", "categories", "trajectory", "missing")


class NationalIndexBuilder(ReportBuilder):
    """Sections of a national_index report, written from the figure record only."""

    def __init__(self, record: dict, **document):
        super().__init__(record, **document)
        self.current = record["current"]
        self.count = record["meta"]["count"]

    def section_order(self) -> tuple[str, ...]:
        return SECTIONS

    def annex_order(self) -> tuple[str, ...]:
        return ("national",)

    def is_sample(self) -> bool:
        """Any year's table the report uses is reconstructed sample data."""
        return any(y.get("data_status") == "reconstructed" for y in self.record.get("data_years", []))

    def _section(self, template: str, **context) -> HTML:
        return self._html(f"national_index/{template}", current=self.current, count=self.count, **context)

    # sections, in report order

    def title(self) -> HTML:
        return self._section("title.html.j2")

    def scope_and_method(self) -> HTML:
        return self._section("scope.html.j2")

    def headline(self) -> HTML:
        return self._section("headline.html.j2")

    def categories(self) -> HTML:
        return self._section("categories.html.j2")

    def trajectory(self) -> HTML:
        return self._section("trajectory.html.j2")

    def missing_data(self) -> HTML:
        return self._section("missing.html.j2")

    def annex_table(self) -> HTML:
        return self._section("annex.html.j2")

    def validation_appendix(self, validation: dict) -> HTML:
        return self._section("validation.html.j2", validation=validation, annex=2)

    def provenance(self, provenance: dict) -> HTML:
        return self._html("base/provenance.html.j2", provenance=provenance, annex=3)

    # words and numbers

    def score(self, value, decimals: int | None = None) -> str:
        return fixed(value, self.current["decimals"] if decimals is None else decimals)

    def rank(self, rank) -> str:
        return rank_text(rank, self.count)

    rank_change_words = staticmethod(rank_change_words)

    @staticmethod
    def leaders_text(leaders: list) -> str:
        names = [l["name"] if isinstance(l, dict) else l for l in leaders]
        return join_words(names) if names else "—"

    def lower_half(self) -> list[dict]:
        return [c for c in self.current["categories"] if c["rank"] is not None and c["rank"] > self.count / 2]

    def top_categories(self) -> list[dict]:
        return [c for c in self.current["categories"] if c["rank"] is not None and c["rank"] <= self.record["meta"]["top_n"]]

    def shared_ranks(self) -> list[tuple[int, list[dict]]]:
        """Categories in which the subject holds the same rank (worth saying once)."""
        groups = {}
        for c in self.current["categories"]:
            if c["rank"] is not None:
                groups.setdefault(c["rank"], []).append(c)
        return [(rank, items) for rank, items in sorted(groups.items()) if len(items) > 1]

    def moves(self) -> tuple[list[dict], list[dict]]:
        """Categories that moved up, most first, and those that moved down, most first."""
        moved = [c for c in self.current["categories"] if c.get("rank_change")]
        up = sorted((c for c in moved if c["rank_change"] > 0), key=lambda c: -c["rank_change"])
        down = sorted((c for c in moved if c["rank_change"] < 0), key=lambda c: c["rank_change"])
        return up, down

    # figures

    def position_figure(self) -> Markup:
        meta = self.record["meta"]
        svg = position_chart(self.current, meta, meta["province_name"])
        note = ""
        if self.current["n_scored"] < self.count:
            note = (f"Vùng xám: vị trí của {self.count - self.current['n_scored']} tỉnh, thành phố không có điểm "
                    f"trong bảng năm {meta['year']} (Mục {self.section_number('missing')}).")
        return self.figure("position", f"Điểm tổng hợp và thứ hạng của {self.count} tỉnh, thành phố năm {meta['year']}; "
                           f"{meta['province_name']} được tô đỏ", svg, note=note)

    def category_figure(self) -> Markup:
        meta = self.record["meta"]
        previous = next((c["previous_year"] for c in self.current["categories"] if c.get("previous_rank")), None)
        svg = category_chart(self.current, self.count, previous)
        return self.figure("categories", f"Thứ hạng của {meta['province_name']} theo từng hạng mục, năm {meta['year']}", svg,
                           note="Vùng xám: nửa dưới bảng xếp hạng." + (f" Mũi tên: từ thứ hạng năm {previous} đến năm {meta['year']}." if previous else ""))

    def trajectory_figure(self) -> Markup:
        meta = self.record["meta"]
        svg = trajectory_chart(self.record["trajectory"], self.count, meta["province_name"])
        years = [p["year"] for p in self.record["trajectory"] if p["rank"] is not None]
        return self.figure("trajectory", f"Thứ hạng và điểm tổng hợp của {meta['province_name']}, {years[0]}–{years[-1]}", svg,
                           note="Phương pháp chấm có thể thay đổi giữa các năm: so sánh điểm chỉ mang tính tham khảo.")

    # tables

    def category_list_table(self) -> Markup:
        year = self.record["meta"]["year"]
        columns = [{"label": "Hạng mục"}, {"label": f"Trong bảng năm {year}"}]
        rows = [[f"({i + 1}) {c['label']}", "có điểm" if c["available"] else "không có số liệu"]
                for i, c in enumerate(self.current["categories"])]
        return self.table("category-list", "Các hạng mục của chỉ số", columns, rows)

    def top_table(self) -> Markup:
        meta = self.record["meta"]
        top = meta["top_n"]
        entries = [e for e in self.current["ranking"] if e["rank"] is not None and e["rank"] <= top]
        subject = next((e for e in self.current["ranking"] if e["subject"]), None)
        if subject and subject not in entries and subject["rank"] is not None:
            entries.append(subject)
        columns = [{"label": "Hạng", "align": "right"}, {"label": "Tỉnh, thành phố"},
                   {"label": "Điểm tổng hợp", "align": "right"}, {"label": "Kém tỉnh dẫn đầu", "align": "right"}]
        rows = []
        for e in entries:
            gap = self.current["leader_score"] - e["score"]
            cells = [self._rank_cell(e), e["name"], self.score(e["score"]), self.score(gap) if gap > 0 else "dẫn đầu"]
            rows.append({"css": "subject" if e["subject"] else "", "cells": cells})
        note = self._tie_note(entries)
        if subject and subject["rank"] is not None and subject["rank"] > top:
            note = (note + " " if note else "") + f"Dòng cuối: {meta['province_name']}, để so sánh."
        return self.table("top", f"{min(top, len(entries))} tỉnh, thành phố dẫn đầu năm {meta['year']}", columns, rows, note=note)

    def categories_table(self) -> Markup:
        year = self.record["meta"]["year"]
        previous = next((c["previous_year"] for c in self.current["categories"] if c.get("previous_year")), None)
        columns = [{"label": "Hạng mục"}, {"label": "Điểm", "align": "right"}, {"label": "Hạng", "align": "right"}]
        if previous:
            columns += [{"label": f"Hạng {previous}", "align": "right"}, {"label": "Thay đổi", "align": "right"}]
        columns += [{"label": "Điểm cao nhất", "align": "right"}, {"label": "Tỉnh có điểm cao nhất"}]
        rows = []
        for index, c in enumerate(self.current["categories"]):
            cells = [f"({index + 1}) {c['label']}", self.score(c["score"]), self.rank(c["rank"]) + (" (đồng hạng)" if c["tied"] else "")]
            if previous:
                cells += [self.rank(c["previous_rank"]), rank_change_mark(c["rank_change"])]
            cells += [self.score(c["best_score"]), ", ".join(c["best"])]
            rows.append(cells)
        note = "Thứ hạng tính trong từng hạng mục, từ điểm của hạng mục đó."
        if previous:
            note += f" Cột “Thay đổi”: so với năm {previous} (↑ tăng bậc, ↓ giảm bậc)."
        return self.table("categories", f"Điểm và thứ hạng của {self.record['meta']['province_name']} theo hạng mục, năm {year}",
                          columns, rows, note=note)

    def trajectory_table(self) -> Markup:
        columns = [{"label": "Năm", "align": "right"}, {"label": "Điểm", "align": "right"}, {"label": "Hạng", "align": "right"},
                   {"label": "So với năm trước", "align": "right", "when_empty": "chưa có số liệu năm trước để so sánh."},
                   {"label": "Tỉnh dẫn đầu"},
                   {"label": "Điểm dẫn đầu", "align": "right"}, {"label": "Kém tỉnh dẫn đầu", "align": "right"},
                   {"label": "Số liệu"}]
        rows = []
        for p in self.record["trajectory"]:
            status = "dữ liệu mẫu" if p["data_status"] == "reconstructed" else "theo công bố"
            rows.append([str(p["year"]), self.score(p["score"], p["decimals"]), self.rank(p["rank"]), rank_change_mark(p["rank_change"]),
                         self.leaders_text(p["leaders"]), self.score(p["leader_score"], p["decimals"]),
                         self.score(p["gap"], p["decimals"]), status])
        note = ("Điểm ghi với số chữ số thập phân của bảng từng năm. “Số liệu”: bảng của năm đó là số liệu theo công bố "
                "hay dữ liệu mẫu được dựng lại (xem lưu ý ở đầu báo cáo).")
        partial = [p for p in self.record["trajectory"] if p["n_scored"] < p["n_total"]]
        if partial:
            note += " " + "; ".join(f"Năm {p['year']} chỉ {p['n_scored']}/{p['n_total']} tỉnh, thành phố có điểm" for p in partial) + "."
        return self.table("trajectory", f"Kết quả của {self.record['meta']['province_name']} qua các năm", columns, rows, note=note)

    def missing_table(self) -> Markup:
        columns = [{"label": "Tỉnh, thành phố"}, {"label": "Hạng theo công bố", "align": "right"}, {"label": "Ghi chú"}]
        rows = [[m["name"], self.rank(m["published_rank"]) if m["published_rank"] else "—", m["note"]]
                for m in self.current["missing"]]
        return self.table("missing", f"Tỉnh, thành phố không có điểm trong bảng năm {self.record['meta']['year']}", columns, rows)

    def national_table(self) -> Markup:
        current = self.current
        categories = [c for c in current["categories"] if c["available"]]
        columns = [{"label": "Hạng", "align": "right"}, {"label": "Tỉnh, thành phố"}, {"label": "Điểm", "align": "right"}]
        numbers = {c["code"]: i + 1 for i, c in enumerate(self.record["categories"])}
        columns += [{"label": f"({numbers[c['code']]})", "align": "right"} for c in categories]
        columns.append({"label": "Ghi chú"})
        rows = []
        for e in current["ranking"]:
            cells = [self._rank_cell(e), e["name"], self.score(e["score"])]
            cells += [self.score(e["categories"].get(c["code"])) for c in categories]
            notes = []
            if e["published_rank"] is not None and e["score"] is None:
                notes.append(f"hạng {e['published_rank']} theo công bố")
            if e["source_name"] and match_key(e["source_name"]) and e["source_name"] != e["name"]:
                notes.append(f"bảng nguồn ghi “{e['source_name']}”")
            if e["note"]:
                notes.append(e["note"])
            cells.append("; ".join(notes))
            rows.append({"css": "subject" if e["subject"] else "", "cells": cells})
        note = self._tie_note(current["ranking"])
        if categories:
            legend = "; ".join(f"({numbers[c['code']]}) {c['label']}" for c in categories)
            note = f"Hạng mục: {legend}. " + note
        if current["missing"]:
            note += f" Các tỉnh không có điểm đứng cuối bảng, không được xếp hạng lại (Mục {self.section_number('missing')})."
        return self.table("national", f"Bảng xếp hạng đầy đủ năm {self.record['meta']['year']}", columns, rows, note=note.strip())

    def _rank_cell(self, entry: dict) -> str:
        if entry["rank"] is None:
            return "—"
        return f"{entry['rank']}*" if entry["tied"] else str(entry["rank"])

    @staticmethod
    def _tie_note(entries: list[dict]) -> str:
        return "*: đồng hạng (bằng điểm nhau, cùng xếp hạng cao hơn; hạng kế tiếp bị bỏ qua)." if any(e["tied"] for e in entries) else ""
