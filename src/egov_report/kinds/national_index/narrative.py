"""The national_index report's sections, tables and phrases, written from the figure record only.

Templates in ``templates/national_index/``; numbering, tables, figures, validation and
provenance from the shared ``core.builder.ReportBuilder``.
"""

from __future__ import annotations

from IPython.display import HTML
from markupsafe import Markup

from ...core.builder import EMPTY_CELL, SAMPLE, ReportBuilder, join_words
from ...core.formatting import change_words, fixed, number, printed_difference
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

# Fields of the record that the registry or the framework give, whatever the year's data: true in a
# report on sample data too.
_GIVEN_FIELDS = frozenset(
    (
        "label",
        "short_label",
        "code",
        "n_total",
        "available",
        "previous_year",
        "year",
        "decimals",
        "data_status",
        "source",
        "data_note",
        "method",
    )
)
# A trajectory point of an earlier year states what ``comparisons.<year>`` states (and is bound
# there in published.yaml); of the report's year, what ``current`` states.
_POINT_FIELDS = ("score", "rank", "leader_score", "gap", "leaders.0")
_CURRENT_OF = {
    "score": "current.subject.score",
    "rank": "current.subject.rank",
    "leader_score": "current.leader_score",
    "gap": "current.gap",
    "leaders.0": "current.leaders.0.name",
    "n_scored": "current.n_scored",
}


class NationalIndexBuilder(ReportBuilder):
    """Sections of a national_index report, written from the figure record only."""

    def __init__(self, record: dict, **document):
        super().__init__(record, **document)
        self.current = record["current"]
        self.count = record["meta"]["count"]

    def annex_order(self) -> tuple[str, ...]:
        return ("national",)

    def is_sample(self) -> bool:
        """Any year's table the report uses is reconstructed sample data."""
        return any(y["data_status"] == "reconstructed" for y in self.record["data_years"])

    def section_order(self) -> tuple[str, ...]:
        """The missing-data part only when the year's table is real and has something to say
        (provinces without a score, ties): of a sample table it would state sample facts."""
        return SECTIONS if self.has_missing_part() else tuple(s for s in SECTIONS if s != "missing")

    def has_missing_part(self) -> bool:
        current = self.record["current"]
        return not self.year_is_sample(self.record["meta"]["year"]) and bool(current["missing"] or current["ties"])

    # where each figure comes from: per year, as the national index has a table per year

    def year_is_sample(self, year) -> bool:
        """The table of ``year`` is reconstructed sample data (the record has an entry for every year it
        read a table of: a year without one has no table, so none of sample data)."""
        return year in self.sample_years()

    def sample_years(self) -> list[int]:
        return sorted(y["year"] for y in self.record["data_years"] if y["data_status"] == "reconstructed")

    def _year_before(self, year: int):
        years = [p["year"] for p in self.record["trajectory"] if p["year"] < year]
        return years[-1] if years else None

    def alias(self, key: str) -> str:
        """The key a trajectory figure is bound under: ``comparisons.<year>.*`` or ``current.*``."""
        parts = key.split(".")
        if parts[0] != "trajectory" or len(parts) < 3 or not parts[1].isdigit():
            return key
        year, field = int(parts[1]), ".".join(parts[2:])
        if year == self.record["meta"]["year"]:
            return _CURRENT_OF.get(field, key)
        if field in _POINT_FIELDS and any(c["year"] == year for c in self.record["comparisons"]):
            return f"comparisons.{year}.{field}"
        return key

    def published_for(self, key: str) -> list:
        return super().published_for(self.alias(key))

    def _years_of(self, parts: list[str]):
        """The years whose tables the figure at ``parts`` is computed from (None: not from a table)."""
        meta = self.record["meta"]
        change = any(p.endswith("change") for p in parts)
        if parts[0] == "current":
            years = {meta["year"]}
            if change or any(p.startswith("previous") for p in parts):
                years.add(self.category_previous_year() if "categories" in parts else meta.get("previous_year"))
            return years
        if parts[0] in ("comparisons", "trajectory") and len(parts) > 2 and parts[1].isdigit():
            year = int(parts[1])
            if change:
                return {year, meta["year"] if parts[0] == "comparisons" else self._year_before(year)}
            return {year}
        return None

    def _operands(self, key: str) -> list[str]:
        """The figures a derived figure is computed from (a change, a gap): it is known when they are."""
        parts = key.split(".")
        field = parts[-1]
        if parts[0] == "trajectory" and field in ("rank_change", "score_change"):
            before = self._year_before(int(parts[1]))
            base = field.split("_")[0]
            return [f"trajectory.{parts[1]}.{base}", f"trajectory.{before}.{base}"] if before else []
        if parts[0] == "comparisons" and field in ("rank_change", "score_change"):
            base = field.split("_")[0]
            return [f"comparisons.{parts[1]}.{base}", f"current.subject.{base}"]
        if parts[0] == "current" and "categories" in parts and field == "rank_change":
            stem = ".".join(parts[:-1])
            return [f"{stem}.rank", f"{stem}.previous_rank"]
        if key == "current.gap":
            return ["current.subject.score", "current.leader_score"]
        if parts[0] in ("comparisons", "trajectory") and field == "gap":
            return [f"{parts[0]}.{parts[1]}.score", f"{parts[0]}.{parts[1]}.leader_score"]
        return []

    def real_key(self, key: str) -> bool:
        """A figure of a year whose table is real is REAL; so is one the registry or the framework
        give, and one derived (a change, a gap) from figures that are all known."""
        key = self.alias(key)
        parts = key.split(".")
        years = self._years_of(parts)
        if years is None:
            return super().real_key(key)
        if parts[-1] in _GIVEN_FIELDS:
            return True
        if not any(self.year_is_sample(y) for y in years if y is not None):
            return True
        operands = self._operands(key)
        return bool(operands) and all(self.figure_class(k) != SAMPLE for k in operands)

    def category_previous_year(self):
        return next((c["previous_year"] for c in self.current["categories"] if c.get("previous_year")), None)

    def leaders_known(self, prefix: str, leaders: list) -> bool:
        """Every leader's name at ``prefix`` ("current.leaders", "comparisons.2018.leaders") is known."""
        suffix = ".name" if prefix == "current.leaders" else ""
        return bool(leaders) and self.known(*(f"{prefix}.{i}{suffix}" for i in range(len(leaders))))

    def shown(self, key: str, value):
        """``value`` when the figure at ``key`` may stand where it is shown, else None."""
        return value if self.known(key) else None

    def leading(self, key: str, computed):
        """The value a comparison between figures uses: the published one when the report leads with it."""
        departing = self.departure(self.alias(key))
        return departing.value if departing is not None and isinstance(departing.value, (int, float)) else computed

    # figures as the text states them, each marked for the technical record

    def score_fig(self, key: str, value, decimals: int | None = None, unit: str = " điểm") -> Markup:
        return self.fig(key, value, lambda v: self.score(v, decimals), unit)

    @staticmethod
    def count_words(n: int) -> str:
        """A small count as a sentence opens with it: "hai", "ba" … (a digit never starts a sentence)."""
        words = {1: "một", 2: "hai", 3: "ba", 4: "bốn", 5: "năm", 6: "sáu"}
        return words.get(n, str(n))

    def rank_fig(self, key: str, rank) -> Markup:
        return self.fig(key, rank, self.rank)

    def change_fig(self, key: str, change, decimals: int, unit: str = "điểm") -> Markup:
        return self.fig(key, change, lambda v: change_words(v, unit, decimals))

    def rank_change_fig(self, key: str, change) -> Markup:
        return self.fig(key, change, rank_change_words)

    def part_context(self) -> dict:
        return {"current": self.current, "count": self.count}

    # sections, in report order

    def headline(self) -> HTML:
        return self.kind_template("headline.html.j2")

    def categories(self) -> HTML:
        return self.kind_template("categories.html.j2")

    def trajectory(self) -> HTML:
        return self.kind_template("trajectory.html.j2")

    def missing_data(self) -> HTML:
        """The part on provinces without a score and ties; nothing when the report has no such part."""
        return self.kind_template("missing.html.j2") if self.has_missing_part() else HTML("")

    def annex_table(self) -> HTML:
        return self.kind_template("annex.html.j2")

    def validation_appendix(self, validation: dict) -> HTML:
        return self.kind_template("validation.html.j2", validation=validation, annex=2)

    def data_sentence(self) -> str:
        """The one sentence of the method on sample data: which years' tables are reconstructed,
        what the body states, where the provinces' sample scores are."""
        years = self.sample_years()
        if not years:
            return ""
        real = [
            str(y["year"])
            for y in sorted(self.record["data_years"], key=lambda y: y["year"])
            if y.get("data_status") != "reconstructed"
        ]
        tables = f"năm {join_words([str(y) for y in years])}"
        also = f", các số liệu của bảng xếp hạng năm {join_words(real)}" if real else ""
        return (
            f"Báo cáo chưa thu thập được bảng điểm đầy đủ của các tỉnh, thành phố {tables}, nên phần thân báo cáo chỉ nêu "
            f"các số liệu đã công bố{also} cùng các số liệu suy ra từ đó; điểm của từng tỉnh, thành phố tính trên "
            f"dữ liệu mẫu được trình bày riêng ở {self.annex_ref('national')} để minh họa."
        )

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
        names = [leader["name"] if isinstance(leader, dict) else leader for leader in leaders]
        return join_words(names) if names else "—"

    def ck(self, category: dict, field: str) -> str:
        """The record key of a field of one of the subject's categories."""
        return f"current.categories.{category['code']}.{field}"

    def category_view(self) -> list[dict]:
        """The subject's categories as the body may state them: a figure that is sample data is None."""
        view = []
        for c in self.current["categories"]:
            entry = dict(c)
            for field in ("score", "rank", "previous_rank", "previous_score", "rank_change", "best_score", "gap"):
                if entry.get(field) is not None and not self.known(self.ck(c, field)):
                    entry[field] = None
            if not self.known(self.ck(c, "best")):
                entry["best"] = []
            entry["tied"] = bool(c["tied"]) and self.known(self.ck(c, "tied"))
            view.append(entry)
        return view

    def all_category_ranks_known(self) -> bool:
        """Every category the subject has a rank in has its rank known: "the best", "the lowest" may be said."""
        return all(self.known(self.ck(c, "rank")) for c in self.current["categories"] if c["rank"] is not None)

    def ranked_categories(self) -> list[dict]:
        return sorted((c for c in self.category_view() if c["rank"] is not None), key=lambda c: c["rank"])

    def lower_half(self) -> list[dict]:
        return [c for c in self.category_view() if c["rank"] is not None and c["rank"] > self.count / 2]

    def top_categories(self) -> list[dict]:
        return [c for c in self.ranked_categories() if c["rank"] <= self.record["meta"]["top_n"]]

    def shared_ranks(self) -> list[tuple[int, list[dict]]]:
        """Categories in which the subject holds the same (known) rank (worth saying once)."""
        groups = {}
        for c in self.ranked_categories():
            groups.setdefault(c["rank"], []).append(c)
        return [(rank, items) for rank, items in sorted(groups.items()) if len(items) > 1]

    def moves(self) -> tuple[list[dict], list[dict]]:
        """Categories that moved up, most first, and those that moved down, most first (known moves only)."""
        moved = [c for c in self.category_view() if c.get("rank_change") and c.get("previous_rank") is not None]
        up = sorted((c for c in moved if c["rank_change"] > 0), key=lambda c: -c["rank_change"])
        down = sorted((c for c in moved if c["rank_change"] < 0), key=lambda c: c["rank_change"])
        return up, down

    def all_moves_known(self) -> bool:
        return all(
            self.known(self.ck(c, "rank_change"), self.ck(c, "previous_rank"))
            for c in self.current["categories"]
            if c.get("rank_change") is not None
        )

    def _move_words(self, c: dict, most: bool) -> Markup:
        """ "hạng mục tăng bậc nhiều nhất là “A”, từ 55/63 lên 42/63 (tăng 13 bậc)" (the most of known
        moves), or "hạng mục “A” tăng 13 bậc, từ 55/63 lên 42/63"."""
        up = c["rank_change"] > 0
        before = self.rank_fig(self.ck(c, "previous_rank"), c["previous_rank"])
        now = self.rank_fig(self.ck(c, "rank"), c["rank"])
        change = self.rank_change_fig(self.ck(c, "rank_change"), c["rank_change"])
        if most:
            return Markup("hạng mục {} bậc nhiều nhất là “{}”, từ {} {} {} ({})").format(
                "tăng" if up else "giảm", c["label"], before, "lên" if up else "xuống", now, change
            )
        return Markup("hạng mục “{}” {}, từ {} {} {}").format(c["label"], change, before, "lên" if up else "xuống", now)

    def _largest_move_words(self, moves: list[dict]) -> tuple[Markup, int]:
        """The largest of ``moves`` (sorted, largest first) in words, and how many share it: a largest
        move shared by several categories names each, never one of them as "the most"."""
        largest = [c for c in moves if c["rank_change"] == moves[0]["rank_change"]]
        if len(largest) == 1:
            return self._move_words(largest[0], True), 1
        return Markup("; ").join(self._move_words(c, False) for c in largest), len(largest)

    def moves_sentence(self) -> Markup:
        """The categories' moves since the year before: the largest up and down when every move is
        known, else each known move (never "the most" over moves that are sample data)."""
        up, down = self.moves()
        if not (up or down):
            return Markup("")
        if self.all_moves_known():
            parts = []
            if up:
                part, largest = self._largest_move_words(up)
                if len(up) > largest:
                    part += Markup("; {} hạng mục khác cũng tăng bậc").format(len(up) - largest)
                parts.append(part)
            if down:
                parts.append(self._largest_move_words(down)[0])
        else:
            parts = [self._move_words(c, False) for c in up + down]
        return Markup("So với năm {}: {}.").format(self.category_previous_year(), Markup("; ").join(parts))

    def comparisons_known(self) -> list[dict]:
        """The earlier years whose rank of the subject, and its change, may be stated."""
        return [
            c
            for c in self.record["comparisons"]
            if c["rank"] is not None
            and self.known(f"comparisons.{c['year']}.rank", f"comparisons.{c['year']}.rank_change")
        ]

    @staticmethod
    def rank_difference_words(change) -> str:
        """How this year's rank stands to an earlier one: 'cao hơn 3 bậc' / 'thấp hơn 3 bậc' / 'không đổi'."""
        if change == 0:
            return "không đổi"
        return f"{'cao' if change > 0 else 'thấp'} hơn {abs(change)} bậc"

    def ranking_known(self) -> bool:
        """Every province's score of the report's year may be stated in the body (a real table)."""
        return self.known("current.ranking")

    def trajectory_view(self) -> list[dict]:
        """The subject's points over the years as the body may state them (sample figures None)."""
        view = []
        for p in self.record["trajectory"]:
            key = f"trajectory.{p['year']}"
            entry = dict(p)
            for field in ("score", "rank", "rank_change", "score_change", "leader_score", "gap"):
                if entry.get(field) is not None and not self.known(f"{key}.{field}"):
                    entry[field] = None
            if not self.leaders_known(f"{key}.leaders", p["leaders"]) and not self.known(f"{key}.leaders.0"):
                entry["leaders"] = []
            view.append(entry)
        return view

    # figures

    def position_figure(self) -> Markup:
        """Every province's score by rank: in the body when the year's table is real, else in the
        annex of sample data (called there inside ``demonstration``)."""
        meta = self.record["meta"]
        if not self.ranking_known():
            return Markup("")
        svg = position_chart(self.current, meta, meta["province_name"])
        note = ""
        if self.current["n_scored"] < self.count:
            note = f"Vùng xám: vị trí của {self.count - self.current['n_scored']} tỉnh, thành phố không có điểm trong bảng năm {meta['year']}"
            note += f" (Mục {self.section_number('missing')})." if self.has_missing_part() else "."
        caption = f"Điểm tổng hợp và thứ hạng của {self.count} tỉnh, thành phố năm {meta['year']}; {meta['province_name']} được tô đỏ"
        if self.demonstrating and self.is_sample():
            caption += " (dữ liệu mẫu)"
        return self.figure("position", caption, svg, note=note)

    def demonstration_figure(self) -> Markup:
        """The position chart in the annex of sample data."""
        with self.demonstration():
            return self.position_figure()

    def category_figure(self) -> Markup:
        meta = self.record["meta"]
        view = {**self.current, "categories": self.category_view()}
        previous = next((c["previous_year"] for c in view["categories"] if c.get("previous_rank")), None)
        svg = category_chart(view, self.count, previous)
        note = "Vùng xám: nửa dưới bảng xếp hạng."
        if any(c["rank"] is not None and c.get("previous_rank") not in (None, c["rank"]) for c in view["categories"]):
            note += f" Mũi tên: từ thứ hạng năm {previous} đến năm {meta['year']}."  # said only where one is drawn
        if not self.all_category_ranks_known():
            note += " Hình chỉ gồm các thứ hạng đã được công bố."
        return self.figure(
            "categories", f"Thứ hạng của {meta['province_name']} theo từng hạng mục, năm {meta['year']}", svg, note=note
        )

    def trajectory_figure(self) -> Markup:
        meta = self.record["meta"]
        points = self.trajectory_view()
        svg = trajectory_chart(points, self.count, meta["province_name"])
        years = [p["year"] for p in points if p["rank"] is not None]
        note = "Phương pháp chấm có thể thay đổi giữa các năm: so sánh điểm chỉ mang tính tham khảo."
        unknown = [str(p["year"]) for p in points if p["rank"] is not None and p["leader_score"] is None]
        if unknown:
            note += f" Điểm của tỉnh dẫn đầu năm {join_words(unknown)} chưa được công bố nên không có trong hình."
        return self.figure(
            "trajectory",
            f"Thứ hạng và điểm tổng hợp của {meta['province_name']}, {years[0]}–{years[-1]}",
            svg,
            note=note,
        )

    # tables

    def category_list_table(self) -> Markup:
        year = self.record["meta"]["year"]
        categories = self.current["categories"]
        if all(c["available"] for c in categories):  # a column saying "có điểm" six times says nothing
            return self.table(
                "category-list",
                "Các hạng mục của chỉ số",
                [{"label": "Hạng mục"}],
                [[f"({i + 1}) {c['label']}"] for i, c in enumerate(categories)],
            )
        columns = [{"label": "Hạng mục"}, {"label": f"Trong bảng năm {year}"}]
        rows = [
            [f"({i + 1}) {c['label']}", "có điểm" if c["available"] else "không có số liệu"]
            for i, c in enumerate(categories)
        ]
        return self.table("category-list", "Các hạng mục của chỉ số", columns, rows)

    def top_table(self) -> Markup:
        """The leading provinces: in the body only when the year's table is real."""
        if not self.ranking_known():
            return Markup("")
        meta = self.record["meta"]
        top = meta["top_n"]
        entries = [e for e in self.current["ranking"] if e["rank"] is not None and e["rank"] <= top]
        subject = next((e for e in self.current["ranking"] if e["subject"]), None)
        if subject and subject not in entries and subject["rank"] is not None:
            entries.append(subject)
        columns = [
            {"label": "Hạng", "align": "right"},
            {"label": "Tỉnh, thành phố"},
            {"label": "Điểm tổng hợp", "align": "right"},
            {"label": "Kém tỉnh dẫn đầu", "align": "right"},
        ]
        rows = []
        for e in entries:
            leader, decimals = self.current["leader_score"], self.current["decimals"]
            gap = printed_difference(leader, e["score"], decimals)  # as the reader subtracts the printed scores
            cells = [
                self._rank_cell(e),
                e["name"],
                self.score(e["score"]),
                self.score(gap) if e["score"] < leader else "dẫn đầu",
            ]
            rows.append({"css": "subject" if e["subject"] else "", "cells": cells})
        note = self._tie_note(entries)
        if subject and subject["rank"] is not None and subject["rank"] > top:
            note = (note + " " if note else "") + f"Dòng cuối: {meta['province_name']}, để so sánh."
        return self.table(
            "top", f"{min(top, len(entries))} tỉnh, thành phố dẫn đầu năm {meta['year']}", columns, rows, note=note
        )

    def _cell(self, key: str, value, fmt, departures: list | None = None, note_fmt=None) -> str | Markup:
        """A table cell stating the figure at ``key``; "—" when it may not be stated. Given
        ``departures``, a published figure the computation departs from is shown as published,
        marked "*", and the computed one goes to the table's note (a cell stays short), written
        with ``note_fmt`` when given (the decimals of its year's table, where the cell has its column's);
        a computed one of sample data is never stated: the note points to the reconciliation annex."""
        if value is None:
            return EMPTY_CELL
        departing = self.departure(self.alias(key)) if departures is not None else None
        if departing is None or not isinstance(departing.value, (int, float)):
            return self.fig(key, value, fmt)
        text = f"{fmt(departing.value)}*"
        note_fmt = note_fmt or fmt
        if not self.computed_is_known(self.alias(key)):  # computed from sample data: the published figure alone
            self.stated_as_published.add(departing.key)
            departures.append(f"{note_fmt(departing.value)} {self.published_pointer()}")
        else:
            departures.append(f"{note_fmt(departing.value)} theo số liệu công bố, tính được {note_fmt(value)}")
        return Markup('<span class="fig" data-key="{}" data-class="{}">{}</span>').format(
            key, self.figure_class(key), text
        )

    def categories_table(self) -> Markup:
        year = self.record["meta"]["year"]
        view = self.category_view()
        previous = next((c["previous_year"] for c in view if c.get("previous_year")), None)
        with_previous = previous and any(c["previous_rank"] is not None for c in view)
        with_best = any(c["best_score"] is not None for c in view)
        columns = [{"label": "Hạng mục"}, {"label": "Điểm", "align": "right"}, {"label": "Hạng", "align": "right"}]
        if with_previous:
            columns += [{"label": f"Hạng {previous}", "align": "right"}, {"label": "Thay đổi", "align": "right"}]
        if with_best:
            columns += [{"label": "Điểm cao nhất", "align": "right"}, {"label": "Tỉnh có điểm cao nhất"}]
        rows, unknown = [], False
        for index, c in enumerate(view):
            rank = self._cell(self.ck(c, "rank"), c["rank"], self.rank)
            cells = [
                f"({index + 1}) {c['label']}",
                self._cell(self.ck(c, "score"), c["score"], self.score),
                rank + (" (đồng hạng)" if c["tied"] and c["rank"] is not None else ""),
            ]
            if with_previous:
                cells += [
                    self._cell(self.ck(c, "previous_rank"), c["previous_rank"], self.rank),
                    self._cell(self.ck(c, "rank_change"), c["rank_change"], rank_change_mark),
                ]
            if with_best:
                cells += [
                    self._cell(self.ck(c, "best_score"), c["best_score"], self.score),
                    ", ".join(c["best"]) or EMPTY_CELL,
                ]
            if all(cell == EMPTY_CELL for cell in cells[1:]):
                continue  # a category of which nothing is known is not a row of "—"
            unknown = unknown or EMPTY_CELL in cells
            rows.append(cells)
        note = "Thứ hạng tính trong từng hạng mục, từ điểm của hạng mục đó."
        if with_previous:
            note += f" Cột “Thay đổi”: so với năm {previous} (↑ tăng bậc, ↓ giảm bậc)."
        if unknown and self.sample_body():
            note += " Ô “—”: số liệu chưa được công bố."
        return self.table(
            "categories",
            f"Điểm và thứ hạng của {self.record['meta']['province_name']} theo hạng mục, năm {year}",
            columns,
            rows,
            note=note,
        )

    def trajectory_table(self) -> Markup:
        columns = [
            {"label": "Năm", "align": "right"},
            {"label": "Điểm", "align": "right"},
            {"label": "Hạng", "align": "right"},
            {"label": "So với năm trước", "align": "right", "when_empty": "chưa có số liệu năm trước để so sánh."},
            {"label": "Tỉnh dẫn đầu"},
            {"label": "Điểm dẫn đầu", "align": "right"},
            {"label": "Kém tỉnh dẫn đầu", "align": "right"},
        ]
        rows, unknown, departures = [], False, []
        # One number of decimals per column: the most any year's table has, so that no value is cut
        # (0,651 of 2017 is written 0,6510 beside 0,7699 of 2019, never 0,7699 cut to 0,770).
        view = list(self.trajectory_view())
        digits = max((p["decimals"] for p in view), default=self.current["decimals"])
        for p in view:
            key = f"trajectory.{p['year']}"
            score = lambda v, d=digits: self.score(v, d)  # noqa: E731
            published = lambda v, d=p["decimals"]: self.score(v, d)  # noqa: E731  (a figure quoted in the note)
            cells = [
                str(p["year"]),
                self._cell(f"{key}.score", p["score"], score),
                self._cell(f"{key}.rank", p["rank"], self.rank),
                self._cell(f"{key}.rank_change", p["rank_change"], rank_change_mark),
                self.leaders_text(p["leaders"]) if p["leaders"] else EMPTY_CELL,
                self._cell(f"{key}.leader_score", p["leader_score"], score),
                self._cell(f"{key}.gap", p["gap"], score, departures, published),
            ]
            unknown = unknown or EMPTY_CELL in cells[1:3] + cells[4:]
            rows.append(cells)
        fewer = [str(p["year"]) for p in view if p["decimals"] < digits]
        note = (
            f"Điểm ghi với {digits} chữ số thập phân; bảng năm {join_words(fewer)} công bố ít chữ số hơn."
            if fewer
            else "Điểm ghi với số chữ số thập phân của bảng từng năm."
        )
        if departures:
            note += " *: " + "; ".join(departures) + "."
        if unknown and self.sample_body():
            note += " Ô “—”: số liệu chưa được công bố."
        partial = [
            p
            for p in self.record["trajectory"]
            if p["n_scored"] < p["n_total"] and self.known(f"trajectory.{p['year']}.n_scored")
        ]
        if partial:
            note += (
                " "
                + "; ".join(
                    f"Bảng năm {p['year']} thu thập được có điểm của {p['n_scored']}/{p['n_total']} tỉnh, thành phố"
                    for p in partial
                )
                + "."
            )
        return self.table(
            "trajectory", f"Kết quả của {self.record['meta']['province_name']} qua các năm", columns, rows, note=note
        )

    def missing_table(self) -> Markup:
        columns = [{"label": "Tỉnh, thành phố"}, {"label": "Hạng theo công bố", "align": "right"}, {"label": "Ghi chú"}]
        rows = [
            [m["name"], self.rank(m["published_rank"]) if m["published_rank"] else "—", m["note"]]
            for m in self.current["missing"]
        ]
        return self.table(
            "missing", f"Tỉnh, thành phố không có điểm trong bảng năm {self.record['meta']['year']}", columns, rows
        )

    def national_table(self) -> Markup:
        current = self.current
        categories = [c for c in current["categories"] if c["available"]]
        columns = [
            {"label": "Hạng", "align": "right"},
            {"label": "Tỉnh, thành phố"},
            {"label": "Điểm", "align": "right"},
        ]
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
            note += " Các tỉnh không có điểm đứng cuối bảng, không được xếp hạng lại"
            note += f" (Mục {self.section_number('missing')})." if self.has_missing_part() else "."
        year = self.record["meta"]["year"]
        caption = (
            f"Bảng xếp hạng năm {year} tính trên dữ liệu mẫu"
            if self.year_is_sample(year)
            else f"Bảng xếp hạng đầy đủ năm {year}"
        )
        return self.table("national", caption, columns, rows, note=note.strip())

    def _rank_cell(self, entry: dict) -> str:
        if entry["rank"] is None:
            return "—"
        return f"{entry['rank']}*" if entry["tied"] else str(entry["rank"])

    @staticmethod
    def _tie_note(entries: list[dict]) -> str:
        return (
            "*: đồng hạng (bằng điểm nhau, cùng xếp hạng cao hơn; hạng kế tiếp bị bỏ qua)."
            if any(e["tied"] for e in entries)
            else ""
        )
