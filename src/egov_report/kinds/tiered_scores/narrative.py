"""The tiered_scores report's sections, tables and phrases, written from the figure record only.

``TieredReportBuilder`` adds to the shared ``core.builder.ReportBuilder`` (numbering, tables,
figures, findings, validation and provenance) the sections of a report with tiers of units:
scope and method, overview, each tier's results, and the ranking annex. Its templates are in
``templates/tiered_scores/``.
"""

from __future__ import annotations

import re

from IPython.display import HTML
from markupsafe import Markup, escape

from ...core.builder import PUBLISHED, ReportBuilder, join_words
from ...core.collation import sorted_vi
from ...core.formatting import (
    capital,
    change_words,
    in_sentence,
    level,
    number,
    ordinal,
    percent,
    score,
    shared_rank,
    signed,
    signed_count,
)
from . import RANKINGS_FILE, charts
from .analysis import units

# Figures that need a tier's whole table: not said of a tier whose data are only the head of a
# longer published list (coverage: partial), where the lowest unit, the mean and the spread are unknown.
_WHOLE_TABLE = re.compile(
    r"^tiers\.([^.]+)\.(current|previous|change)\.(mean|mean_pct|mean_share|median|min|gap|bands\..+|groups.*)$"
)

# A tier with more units than charts.FULL_RANKING_MAX shows its distribution and this many
# units at each end of its ranking; the full ranking is in the Excel annex next to the report.
ANNEX_TOP_BOTTOM = 25
OTHER_TIES_NAMED = 3  # ties below the places already named: named up to this many, counted beyond
# A ranking whose names are all this short keeps each name on one line (a row, one line).
NOWRAP_NAME_MAX = 32


def _score(label: str) -> dict:
    """A table column of scores: right-aligned, held to two decimals (docs/style.md)."""
    return {"label": label, "align": "right", "score": True}


class TieredReportBuilder(ReportBuilder):
    """Writes the sections of a tiered_scores report from the figure record."""

    def section_order(self) -> tuple[str, ...]:
        overview = ("overview",) if self.has_overview() else ()
        return ("scope", *overview, *(f"tier-{t['code']}" for t in self.record["tiers"]))

    def has_overview(self) -> bool:
        """An overview of the tiers says something only when there are several."""
        return len(self.record["tiers"]) > 1

    def annex_order(self) -> tuple[str, ...]:
        if self.is_sample() and not self.document.sample_annex:
            return ()
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
        if not self.has_overview():
            return HTML("")
        return self._html("tiered_scores/overview.html.j2", charts=charts)

    def tier_results(self, code: str) -> HTML:
        return self._html("tiered_scores/tier.html.j2", tier=self.tier(code), charts=charts)

    def annex_rankings(self) -> HTML:
        """The rankings annex; in a report on sample data, the annex of sample data (left out when
        evaluation.yaml says ``sample_annex: false``)."""
        if self.is_sample() and not self.document.sample_annex:
            return HTML("")
        return self._html("tiered_scores/annex.html.j2", annex_top_bottom=ANNEX_TOP_BOTTOM)

    def demonstration_of(self, tier: dict, index: int) -> Markup:
        """A tier's results as the body of a report on real data would give them, inside the annex
        of sample data (numbered 1, 2 … within the annex)."""
        with self.demonstration():
            return Markup(self.render("tiered_scores/tier.html.j2", tier=tier, charts=charts, demo_number=index))

    @staticmethod
    def workbook_href() -> str:
        return RANKINGS_FILE

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
        return [
            (band["label"], [e["label"] for e in tier["ranking"] if e["band"] == band["code"]])
            for band in tier["bands"]
        ]

    def of_tier(self, tier: dict) -> str:
        """What a caption calls the tier's units: "các sở, ban, ngành", or, where two tiers
        score the same units (Đắk Nông's readiness and results), "khối cấp huyện (kết quả đạt
        được)", so that no two captions of a report read alike."""
        shared = sum(1 for t in self.record["tiers"] if t["label_unit"] == tier["label_unit"]) > 1
        return f"khối {tier['label']}" if shared else f"các {tier['label_unit']}"

    @staticmethod
    def _names(items: list[dict], key: str = "label") -> str:
        """'huyện Đức Trọng và thành phố Bảo Lộc': names as running text writes them."""
        return join_words([in_sentence(item[key]) for item in items])

    @staticmethod
    def _lowest_ranked(tier: dict) -> str:
        """The label of the tier's last level that is ranked ("Mức IV")."""
        return [b for b in tier["bands"] if b["ranked"]][-1]["label"]

    @staticmethod
    def _by_place(items: list[dict], first: int, last: int) -> list[tuple[int, list[dict]]]:
        """Items (units or parents, each with a ``rank``) grouped by place, places first..last."""
        places: dict[int, list[dict]] = {}
        for item in items:
            if item["rank"] is not None and first <= item["rank"] <= last:
                places.setdefault(item["rank"], []).append(item)
        return sorted(places.items())

    def parents_sentence(self, tier: dict) -> str:
        """'Tính theo điểm trung bình của các đơn vị cấp xã trên địa bàn, dẫn đầu là thành phố
        Uông Bí (61,20 điểm); xếp thứ hai là ...; xếp cuối là huyện Bình Liêu (38,10 điểm).'"""
        parents = [p for p in tier["by_parent"] if self.known(self.k(tier, "by_parent", p["code"], "mean"))]
        if not parents:
            return ""
        top = self._by_place(parents, 1, parents[min(2, len(parents) - 1)]["rank"])
        if self.sample_body():  # only published places: a gap in them is not "xếp thứ hai"
            top = [(place, items) for place, items in top if place <= 3]
        last_place = parents[-1]["rank"]
        parts = [
            self._place_words(
                place,
                self._names(items, "name"),
                len(items),
                self.mark(self.k(tier, "by_parent", items[0]["code"], "mean"), score(items[0]["mean"])) + " điểm",
            )
            for place, items in top
        ]
        if last_place == tier["by_parent"][-1]["rank"] and (not top or last_place > top[-1][0]):
            last = [p for p in parents if p["rank"] == last_place]
            names = self._names(last, "name")
            parts.append(
                f"{'cùng xếp cuối là' if len(last) > 1 else 'xếp cuối là'} {names}"
                + self._points_after(
                    names,
                    self.mark(self.k(tier, "by_parent", last[0]["code"], "mean"), score(last[0]["mean"])) + " điểm",
                )
            )
        if not parts:
            return ""
        return f"Tính theo điểm trung bình của các {tier['label_unit']} trên địa bàn, " + "; ".join(parts) + "."

    @staticmethod
    def _points_after(names: str, points: str) -> str:
        """' (92,00 điểm)' after a name, ' với 87,22 điểm' after one that already ends in
        parentheses ("phường Nam Khê (thành phố Uông Bí)"): never two brackets in a row."""
        return f" với {points}" if names.endswith(")") else f" ({points})"

    def band_chart_known(self) -> bool:
        """Whether the body may chart every banded tier's counts, this year's and the previous year's."""
        banded = [t for t in self.record["tiers"] if t["bands"]]
        return all(
            self.known(*self.band_keys(t, "current"), *(self.band_keys(t, "previous") if t["previous"] else ()))
            for t in banded
        )

    def overview_has_change(self) -> bool:
        """Whether the overview table shows a change on the previous year for some tier."""
        return any(t["change"] and self.known(self.k(t, "change", "mean")) for t in self.record["tiers"])

    def band_counts_short(self, tier: dict) -> Markup:
        """'4 tốt, 15 khá, 1 trung bình': the summary's count per band (the section says it in full,
        so the two never read alike)."""
        parts = [
            Markup("{} {}").format(
                self.fig(self.k(tier, "current", "bands", b["code"], "count"), b["count"], number), b["label"]
            )
            for b in tier["current"]["bands"]
            if b["count"]
        ]
        return Markup(", ").join(parts)

    def tiers_with_known_bands(self) -> list[dict]:
        """The banded tiers whose band counts the body may state."""
        return [t for t in self.record["tiers"] if t["bands"] and self.known(*self.band_keys(t, "current"))]

    def _place_words(self, place: int, names: str, count: int, points: str) -> str:
        """'dẫn đầu là A (…)', 'xếp thứ hai là A (…)', 'A và B cùng dẫn đầu (…)', 'A và B đồng hạng nhì (…)'."""
        if count > 1:
            return f"{names} {'cùng dẫn đầu' if place == 1 else shared_rank(place)}" + self._points_after(names, points)
        return f"{'dẫn đầu là' if place == 1 else 'xếp ' + ordinal(place) + ' là'} {names}" + self._points_after(
            names, points
        )

    def group_extremes_sentence(self) -> str:
        """The criteria groups reached best and least, as a share of their maximum, in one
        sentence for all tiers (a sentence per tier would repeat itself word for word)."""
        parts = []
        for tier in (t for t in self.record["tiers"] if t["groups"]):
            groups = sorted(tier["current"]["groups"], key=lambda g: g["share"])
            best = f"“{groups[-1]['label']}” ({percent(groups[-1]['share'])})"
            worst = f"“{groups[0]['label']}” ({percent(groups[0]['share'])})"
            if not parts:
                parts.append(f"ở khối {tier['label']}, nhóm tiêu chí đạt cao nhất là {best}, thấp nhất là {worst}")
            elif len(parts) == 1:
                parts.append(f"ở khối {tier['label']}, cao nhất và thấp nhất lần lượt là {best} và {worst}")
            else:
                parts.append(f"ở khối {tier['label']} là {best} và {worst}")
        if not parts:
            return ""
        return "Tính theo tỷ lệ so với điểm tối đa của nhóm, " + "; ".join(parts) + "."

    def leaders_sentence(self, tier: dict) -> str:
        """'Dẫn đầu là Sở A (86,44/100 điểm); huyện Đức Trọng và thành phố Bảo Lộc đồng hạng
        nhì (409,00 điểm); xếp thứ tư là ...': the first three places, ties said as ties."""
        if not tier["top"]:
            return ""
        show_band = tier["current"]["ranked"] < tier["current"]["n"]
        parts = []
        for place, entries in self._by_place(tier["ranking"], 1, tier["top"][-1]["rank"]):
            if not self.entries_known(tier, entries, "total"):
                continue
            first = entries[0]
            points = self.mark(self.total_key(tier, first), score(first["total"]))
            points += (f"/{number(tier['max'])}" if not parts else "") + " điểm"
            if show_band and first["band_label"] and self.entries_known(tier, entries, "band_label"):
                points += f", {first['band_label']}"
            if (
                len(entries) == 1
                and first["change"] is not None
                and show_band
                and self.entries_known(tier, entries, "change")
            ):
                points += (
                    ", "
                    + self.mark(self.k(tier, "ranking", first["code"], "change"), change_words(first["change"]))
                    + f" so với năm {self.record['meta']['previous_year']}"
                )
            parts.append(self._place_words(place, self._names(entries), len(entries), points))
        return capital("; ".join(parts)) + "." if parts else ""

    def _said_places(self, tier: dict) -> set[int]:
        """Places the leaders and bottom sentences name (with every unit sharing them)."""
        places = {e["rank"] for e in tier["top"]} | {e["rank"] for e in tier["bottom"][-1:]}
        return {p for p in places if p is not None}

    def bottom_sentence(self, tier: dict) -> str:
        """'Đơn vị có tổng điểm thấp nhất là Ban B, đạt 55,00 điểm (năm 2018: 27,00 điểm).' A
        shared place names all its units. Empty when the last place is among the leaders, is not
        known (sample data in the body), or the table is only the head of a longer list."""
        top = {e["rank"] for e in tier["top"]}
        if not tier["bottom"] or self.partial_table(tier):
            return ""
        place = tier["bottom"][-1]["rank"]
        if place is None or place in top:
            return ""
        entries = [e for e in tier["ranking"] if e["rank"] == place]
        if not self.entries_known(tier, entries, "total"):
            return ""
        among = tier["current"]["ranked"] < tier["current"]["n"]
        names = self._names(entries)
        points = self.mark(self.total_key(tier, entries[0]), score(entries[0]["total"]))
        lowest = "tổng điểm thấp nhất" + (" trong số được xếp hạng" if among else "")
        if len(entries) > 1:
            return f"{capital(names)} cùng có {lowest}, {points} điểm."
        before = entries[0]["previous_total"]
        was = ""
        if before is not None and self.entries_known(tier, entries, "previous_total"):
            was = (
                f" (năm {self.record['meta']['previous_year']}: "
                f"{self.mark(self.k(tier, 'ranking', entries[0]['code'], 'previous_total'), score(before))} điểm)"
            )
        return f"Đơn vị có {lowest} là {names}, đạt {points} điểm{was}."

    # what the body of a report on sample data may say (core.builder: figure classes)

    @staticmethod
    def k(tier: dict, *parts) -> str:
        """The record key of a tier's figure: k(tier, "current", "mean") -> "tiers.communes.current.mean"."""
        return ".".join(("tiers", tier["code"], *map(str, parts)))

    def known(self, *keys: str) -> bool:
        """As the base rule, and never a figure that needs the whole table of a partial tier."""
        partial = {t["code"] for t in self.record["tiers"] if self.partial_table(t)}
        for key in keys:
            match = _WHOLE_TABLE.match(key)
            if match and match.group(1) in partial:
                return False
        return super().known(*keys)

    def entries_known(self, tier: dict, entries: list[dict], *fields: str) -> bool:
        """Whether the body may state these units' ``fields``; a unit alone at the top or the bottom
        has its total known when the tier's highest or lowest score is published."""

        def key_known(e, f):
            if f == "total" and self._alone_at(tier, e, "max") and self.known(self.k(tier, "current", "max")):
                return True
            if f == "total" and self._alone_at(tier, e, "min") and self.known(self.k(tier, "current", "min")):
                return True
            return self.known(self.k(tier, "ranking", e["code"], f))

        return all(key_known(e, f) for e in entries for f in fields)

    def total_key(self, tier: dict, entry: dict) -> str:
        """The key a unit's total is stated under: its own, or the tier's published highest or
        lowest score when the unit stands alone there and its own is not published."""
        own = self.k(tier, "ranking", entry["code"], "total")
        if self.figure_class(own) != PUBLISHED:
            for end in ("max", "min"):
                key = self.k(tier, "current", end)
                if self._alone_at(tier, entry, end) and self.figure_class(key) == PUBLISHED:
                    return key
        return own

    def named_entry(self, tier: dict, entry: dict) -> str:
        """'Sở Tài chính (89,00 điểm)', the total marked with its key."""
        name = in_sentence(entry["label"])
        return name + self._points_after(name, self.mark(self.total_key(tier, entry), score(entry["total"])) + " điểm")

    @staticmethod
    def _alone_at(tier: dict, entry: dict, end: str) -> bool:
        value = tier["current"][end]
        return entry["total"] == value and sum(1 for e in tier["ranking"] if e["total"] == value) == 1

    def band_keys(self, tier: dict, year: str) -> list[str]:
        """The keys of a year's band counts ("current" or "previous")."""
        return [self.k(tier, year, "bands", b["code"], "count") for b in tier["bands"]]

    def data_sentence(self) -> str:
        """As the base sentence; when nothing of the report's own year is published (only the comparison
        year's figures are), the body states no result of the year, and says so instead."""
        if not self.is_sample() or any("previous" not in (c.key or "") for c in self.published):
            return super().data_sentence()
        annex = self.annex_order()[:1]
        where = f"; {self.annex_ref(annex[0])} trình bày kết quả tính trên dữ liệu mẫu để minh họa" if annex else ""
        return (
            f"Chưa có kết quả chính thức năm {self.record['meta']['year']} của các đơn vị nên phần thân báo "
            f"cáo không nêu kết quả của năm{where}."
        )

    # units that changed between the two years (core.unit_history; docs/input-format.md, section 3a)

    def unit_change_sentences(self) -> list[str]:
        """Each change of units between the two years said once, with its legal basis, and how the
        report compares the units it touched (the framework's rule)."""
        said, sentences = set(), []
        for tier in self.record["tiers"]:
            for change in tier.get("unit_changes") or []:
                key = (
                    change["effective"],
                    change["citation"],
                    change["kind"],
                    tuple(u["code"] for u in change["from"]),
                    tuple(u["code"] for u in change["to"]),
                )
                if key in said:
                    continue
                said.add(key)
                sentences.append(self._change_sentence(change))
            sentences += self._comparison_sentences(tier)
        return sentences

    @staticmethod
    def unit_link(tier: dict, entry: dict) -> dict:
        """How a unit's previous figure was taken across a change (analysis.across_changes): {"basis",
        "change"}, empty for a unit compared as it was."""
        return (tier.get("unit_links") or {}).get(entry["code"], {})

    def scope_change_words(self) -> str:
        """' (năm 2019: 14 huyện, thị xã, thành phố; số đơn vị thay đổi do sắp xếp đơn vị hành chính, xem mục
        3.1)' after the summary's count of units, when a change of units altered a tier's count."""
        changed = [
            t
            for t in self.record["tiers"]
            if t.get("unit_changes") and t["previous"] and t["previous"]["n"] != t["current"]["n"]
        ]
        if not changed:
            return ""
        before = join_words(
            [f"{self.mark(self.k(t, 'previous', 'n'), number(t['previous']['n']))} {t['label']}" for t in changed]
        )
        return (
            f" (năm {self.record['meta']['previous_year']}: {before}; số đơn vị thay đổi do sắp xếp đơn vị hành "
            f"chính, xem mục {self.section_number('scope')}.1)"
        )

    @staticmethod
    def _names_of(units: list[dict]) -> str:
        return join_words([in_sentence(u["name"]) for u in units])

    def _change_sentence(self, change: dict) -> str:
        day = "/".join(reversed(change["effective"].split("-")))
        before, after = change["from"], change["to"]
        kept = [u for u in after if u["code"] in {b["code"] for b in before}]
        joined = [u for u in before if u["code"] not in {a["code"] for a in after}]
        if change["kind"] == "merge" and kept and joined:
            what = f"{self._names_of(joined)} được nhập vào {self._names_of(kept)}"
        elif change["kind"] == "merge":
            what = f"{self._names_of(before)} được nhập thành {self._names_of(after)}"
        elif change["kind"] == "split":
            what = f"{self._names_of(before)} được chia tách thành {self._names_of(after)}"
        elif change["kind"] == "establish":
            what = f"{self._names_of(after)} được thành lập"
        elif change["kind"] == "dissolve":
            what = f"{self._names_of(before)} được giải thể"
        elif change["kind"] == "reparent":
            what = (
                f"{self._names_of(before)} chuyển về trực thuộc {in_sentence(after[0]['parent_name'] or '')}".rstrip()
            )
        elif change["kind"] == "rename":
            what = f"{self._names_of(before)} được đổi tên thành {self._names_of(after)}"
        else:  # retype: the same unit as another type (a thị xã becoming a thành phố)
            what = f"{self._names_of(before)} được chuyển thành {self._names_of(after)}"
        return f"Từ ngày {day}, {what} theo {self._cited(change)}."

    def _cited(self, change: dict) -> str:
        """The legal basis of a change: in full, or "… nêu trên" when the report's Căn cứ lists it already."""
        short = change["citation"].split(" ngày ")[0]  # "Nghị quyết số 837/NQ-UBTVQH14"
        if any(item.startswith(short + " ") for item in self.document.legal_basis):
            return f"{short} nêu trên"
        return change["citation"]

    def _comparison_sentences(self, tier: dict) -> list[str]:
        """How the units a change touched are compared with the year before, in this tier."""
        previous_year, year = self.record["meta"]["previous_year"], self.record["meta"]["year"]
        sentences = []
        for entry in tier["ranking"]:
            link = self.unit_link(tier, entry)
            if link.get("basis") not in ("mean", "not_compared"):
                continue
            change = tier["unit_changes"][link["change"]]
            predecessors = self._names_of(change["from"])
            if link["basis"] == "mean":
                name = in_sentence(entry["name"])
                sentences.append(
                    f"Để so sánh với năm {previous_year}, điểm năm {previous_year} của {name} được quy đổi bằng "
                    f"trung bình cộng điểm năm {previous_year} của {predecessors}; mức thay đổi điểm và thứ hạng "
                    f"của {name} so với năm {previous_year} tính theo điểm quy đổi này."
                )
            else:
                sentences.append(
                    f"{capital(in_sentence(entry['name']))} không so sánh với năm {previous_year} vì được hình "
                    f"thành từ {predecessors}."
                )
        current, previous = tier["current"], tier["previous"]
        if previous is not None and tier.get("unit_changes") and previous["n"] != current["n"]:
            sentences.append(
                f"Điểm trung bình và số đơn vị theo từng mức xếp loại của mỗi năm được tính trên các đơn vị "
                f"của năm đó (năm {previous_year}: {self.mark(self.k(tier, 'previous', 'n'), number(previous['n']))} "
                f"đơn vị; năm {year}: {self.mark(self.k(tier, 'current', 'n'), number(current['n']))} đơn vị)."
            )
        if tier.get("previous_reranked") and tier["previous"] is not None and tier["comparable"]:
            sentences.append(
                f"Thứ hạng năm {previous_year} của {self.of_tier(tier)} dùng để so sánh được tính lại trên "
                f"{self.mark(self.k(tier, 'previous_compared_n'), number(tier['previous_compared_n']))} đơn vị "
                f"theo danh mục đơn vị năm {year}."
            )
        return sentences

    def partial_table(self, tier: dict) -> bool:
        """The tier's units are only the head of a longer published list: its lowest unit, its
        spread and a unit's place among all cannot be said."""
        return tier.get("coverage", "full") == "head"

    def change_text(self, key: str, change: float) -> Markup:
        """'tăng 5,00 điểm', marked with its key (and the published change first where it departs)."""
        return self.fig(key, change, change_words)

    def improvers_known(self, tier: dict) -> list[dict]:
        """The units that rose most: "most" is a claim about every unit, so not in the body of a
        report on sample data."""
        return [] if self.sample_body() or self.partial_table(tier) else tier["improvers"]

    def published_moves_sentence(self, tier: dict) -> str:
        """In the body of a report on sample data: the rank changes the province published, each
        unit's move as published ('Sở Công Thương tăng 4 bậc; Sở Ngoại vụ giảm 4 bậc'): the published
        value, never the computation on sample data, which the reconciliation annex sets beside it."""
        if not self.sample_body():
            return ""
        moves = {}  # unit code -> its published rank change, in the ranking's order
        for e in tier["ranking"]:
            bound = self.published_for(self.k(tier, "ranking", e["code"], "rank_change"))
            if bound and isinstance(bound[0].value, (int, float)) and bound[0].value:
                moves[e["code"]] = int(bound[0].value)
        if not moves:
            return ""
        parts = []
        for verb, sign in (("tăng", 1), ("giảm", -1)):
            by_step: dict[int, list[dict]] = {}
            for e in tier["ranking"]:
                if moves.get(e["code"], 0) * sign > 0:
                    by_step.setdefault(abs(moves[e["code"]]), []).append(e)
            for step, entries in sorted(by_step.items(), reverse=True):
                for e in entries:  # noted as stated where the published change departs from the computed one
                    self.mark(self.k(tier, "ranking", e["code"], "rank_change"), signed_count(moves[e["code"]]))
                parts.append(f"{self._names(entries)} {verb} {number(step)} bậc")
        return f"So với năm {self.record['meta']['previous_year']}, " + "; ".join(parts) + "."

    def ranking_pointer(self, tier: dict) -> str:
        """Where the whole ranking is, as the reader finds it: the annex (never a file name), or,
        inside the annex of sample data, the table that follows."""
        if self.demonstrating:
            return "Bảng xếp hạng của khối ở cuối mục này."
        if self.is_large(tier):
            return (
                f"{self.annex_ref('rankings')} có {ANNEX_TOP_BOTTOM} đơn vị đứng đầu và "
                f"{ANNEX_TOP_BOTTOM} đơn vị cuối bảng."
            )
        return f"Bảng xếp hạng{'' if self.partial_table(tier) else ' đầy đủ'} ở {self.annex_ref('rankings')}."

    def large_ties_sentence(self, tier: dict) -> str:
        """'Có 5 vị trí đồng hạng (31, 90, 111, 151 và 158), chi tiết tại Phụ lục I.'"""
        places = join_words([number(t["rank"]) for t in tier["ties"]])
        return f"Có {number(len(tier['ties']))} vị trí đồng hạng ({places}), chi tiết tại {self.annex_ref('rankings')}."

    def other_ties(self, tier: dict) -> str:
        """Ties below the places the leaders sentence names: 'Ngoài ra, A và B đồng hạng 7
        (70,00 điểm).' Empty when there is none."""
        said = self._said_places(tier)
        rest = [t for t in tier["ties"] if t["rank"] not in said]
        if not rest:
            return ""
        if len(rest) > OTHER_TIES_NAMED:  # a long list of names helps nobody: the places, and where to look
            places = join_words([number(t["rank"]) for t in rest])
            return (
                f"Ngoài ra, có {number(len(rest))} vị trí đồng hạng ({places}), chi tiết tại "
                f"{self.annex_ref('rankings')}."
            )
        parts = []
        tied = {t["rank"] for t in rest}
        for place, entries in self._by_place(tier["ranking"], min(tied), max(tied)):
            if place in tied:
                names = self._names(entries)
                parts.append(
                    f"{names} {shared_rank(place)}" + self._points_after(names, f"{score(entries[0]['total'])} điểm")
                )
        return "Ngoài ra, " + "; ".join(parts) + "."

    def unranked_sentence(self, tier: dict) -> str:
        """'Khối cấp xã: 1/71 đơn vị được xếp hạng; 70 đơn vị chưa đạt Mức IV nên không được xếp
        hạng.' Empty when every unit is ranked."""
        current = tier["current"]
        if current["ranked"] == current["n"]:
            return ""
        lowest = self._lowest_ranked(tier)
        left = current["n"] - current["ranked"]
        before = ""
        if tier["change"] and tier["comparable"] and self.known(self.k(tier, "change", "ranked")):
            year = self.record["meta"]["previous_year"]
            before = (
                ", "
                + self.mark(self.k(tier, "change", "ranked"), change_words(tier["change"]["ranked"], "đơn vị", 0))
                + f" so với năm {year}"
            )
        if not current["ranked"]:
            return (
                f"Khối {tier['label']}: chưa có đơn vị nào đạt {level(lowest)} nên không có đơn vị được xếp "
                f"hạng{before}."
            )
        ranked = self.mark(self.k(tier, "current", "ranked"), number(current["ranked"]))
        return (
            f"Khối {tier['label']}: {ranked}/{number(current['n'])} đơn vị được xếp "
            f"hạng{before}; {number(left)} đơn vị chưa đạt {level(lowest)} nên không được xếp hạng."
        )

    def unranked_rule(self) -> str:
        """The method's sentence on units below the ranked levels, naming the lowest ranked level."""
        lowest = {self._lowest_ranked(t) for t in self.record["tiers"] if t["unranked"]}
        if not lowest:
            return ""
        return f"Đơn vị chưa đạt {join_words([level(x) for x in sorted_vi(lowest)])} không được xếp hạng."

    def rank_change_sentence(self, tier: dict) -> str:
        """'So với năm 2018, 11 đơn vị tăng bậc (nhiều nhất là Ban A, +13), 9 đơn vị giảm bậc
        (nhiều nhất là Ban Dân tộc, −8), 10 đơn vị giữ nguyên thứ hạng.' Each unit's move is in
        the ranking table of the annex."""
        still = sum(1 for e in tier["ranking"] if e["rank_change"] == 0)
        parts = []
        for codes, verb in ((tier["risers"], "tăng bậc"), (tier["fallers"], "giảm bậc")):
            if not codes:
                continue
            entries = units(tier, codes)
            most = [e for e in entries if e["rank_change"] == entries[0]["rank_change"]]
            names = self._names(most)
            lead = "" if len(most) == len(entries) else "nhiều nhất là "  # "nhiều nhất" of one says nothing
            parts.append(
                f"{number(len(entries))} đơn vị {verb} ({lead}{names}, {signed_count(entries[0]['rank_change'])})"
            )
        if still:
            parts.append(f"{number(still)} đơn vị giữ nguyên thứ hạng")
        return f"So với năm {self.record['meta']['previous_year']}, " + join_words(parts) + "."

    @staticmethod
    def gap_words(change) -> str:
        if change is None or round(change, 2) == 0:
            return "không đổi"
        return f"{'thu hẹp' if change < 0 else 'nới rộng'} {score(abs(change))} điểm"

    @staticmethod
    def is_large(tier: dict) -> bool:
        """Too many units to list in print: the report shows the distribution and the top and
        bottom of the ranking; the full ranking is in the Excel annex (rankings.xlsx)."""
        return len(tier["ranking"]) > charts.FULL_RANKING_MAX

    def any_partial(self) -> bool:
        return any(self.partial_table(t) for t in self.record["tiers"])

    def any_large(self) -> bool:
        return any(self.is_large(t) for t in self.record["tiers"])

    @staticmethod
    def many_parents(tier: dict) -> bool:
        """Too many parents to chart and list them all (see charts.parents_shown)."""
        return bool(tier["by_parent"]) and len(tier["by_parent"]) > charts.LABELLED_BARS

    @staticmethod
    def workbook_link() -> Markup:
        """The Excel annex as the reader sees it: a link named by what it is, never by a file name."""
        return Markup('<a href="{0}">bảng tính Excel kèm theo báo cáo</a>').format(RANKINGS_FILE)

    @staticmethod
    def _gap_row(text: str) -> dict:
        """A table row across every column, standing for the rows left out."""
        return {"css": "gap", "gap": text}

    @staticmethod
    def show_comparison(tier: dict) -> bool:
        """A unit-by-unit comparison chart stays readable up to about forty units."""
        return len(tier["ranking"]) <= charts.LABELLED_BARS

    def band_words(self, bands: list[dict], tier: dict | None = None) -> Markup:
        """'4 đơn vị đạt mức tốt (13,3%); …; 13 đơn vị ở mức dưới trung bình (7,0%)'; with ``tier``,
        each count marked with its key and a published count that departs put first."""

        def count(b):
            return self.fig(self.k(tier, "current", "bands", b["code"], "count"), b["count"], number, " đơn vị")

        def share(b):  # of the published count, where that is what the sentence states
            if tier is not None:
                key = self.k(tier, "current", "bands", b["code"], "count")
                departing = self.departure(key)
                if departing is not None and not self.computed_is_known(key) and tier["current"]["n"]:
                    return percent(departing.value / tier["current"]["n"])
            return percent(b["percent"] / 100)

        present = [
            Markup("{} {} ({})").format(
                count(b) if tier else f"{number(b['count'])} đơn vị", self._reach(b["label"]), share(b)
            )
            for b in bands
            if b["count"]
        ]
        absent = [b["label"] for b in bands if not b["count"]]
        text = Markup("; ").join(present)
        if absent:
            if any("mức" in a.casefold() for a in absent):  # "Mức I và Mức III"
                text += "; không có đơn vị nào ở " + join_words(absent)
            else:  # "mức trung bình và dưới trung bình"
                text += "; không có đơn vị nào ở mức " + join_words(absent)
        return text

    @staticmethod
    def _reach(label: str) -> str:
        """'đạt mức khá', 'đạt Mức II'; 'chưa đạt Mức IV' for the band below the last level, and
        'ở mức dưới trung bình' (a unit does not "reach" a band below average)."""
        if label.casefold().startswith("dưới mức "):
            return "chưa đạt " + label[len("dưới ") :]
        if label.casefold().startswith("dưới "):
            return "ở " + level(label)
        return "đạt " + level(label)

    def mean_band_words(self, label: str) -> Markup:
        """'tương ứng <strong>mức khá</strong>', but '<strong>chưa đạt Mức IV</strong>' for the band
        below the last level ("tương ứng dưới Mức IV" reads as a level of its own)."""
        reach = self._reach(label)
        if reach.startswith("chưa đạt"):
            return Markup("<strong>{}</strong>").format(reach)
        return Markup("tương ứng <strong>{}</strong>").format(level(label))

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
                notes.append(
                    f"* Năm {self.record['meta']['previous_year']}, khối {tier['label']}: "
                    f"{previous['coverage_note']} ({number(previous['n'])} đơn vị)."
                )
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
                rows.append(
                    [
                        capital(tier["label"]) if index == 0 else "",
                        f"({index + 1}) {group['label']}",
                        number(group["max"]),
                    ]
                )
            first = "" if tier["groups"] else capital(tier["label"])
            rows.append({"css": "total", "cells": [first, "Tổng điểm tối đa", number(tier["max"])]})
        columns = [{"label": "Khối"}, {"label": "Nhóm tiêu chí"}, {"label": "Điểm tối đa", "align": "right"}]
        return self.table("criteria", "Nhóm tiêu chí và điểm tối đa theo khối", columns, rows)

    def bands_table(self) -> Markup:
        """Each band's range per tier, in points (and as a share where the band is a share)."""
        tiers = [t for t in self.record["tiers"] if t["bands"]]
        shares = {b["label"]: b["min_share"] for b in self.record["bands"] if b["min_share"] is not None}
        columns = (
            [{"label": "Mức"}]
            + ([{"label": "Tỷ lệ điểm tối đa"}] if shares else [])
            + [{"label": f"{capital(t['label'])} (/{number(t['max'])})", "align": "right"} for t in tiers]
        )
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
        note = (
            " ".join(shared)
            if shared
            else " ".join(f"{capital(t['label'])}: {n}" for t in tiers for n in self.provisional_notes(t))
        )
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
        previous_year = self.record["meta"]["previous_year"]
        columns = [
            {"label": "Khối"},
            {"label": "Số đơn vị", "align": "right"},
            _score("Điểm TB"),
            {"label": "% tối đa", "align": "right"},
        ]
        if previous_year is not None:
            columns.append(_score(f"So với {previous_year}"))
        columns += [_score("Cao nhất"), _score("Thấp nhất")]
        columns += [{"label": label[:1].upper() + label[1:], "align": "right"} for label in labels]
        withheld: list[str] = []  # the keys of cells left "—": their figure is of sample data
        notes: list[str] = []
        rows = [self._overview_row(tier, labels, withheld, notes) for tier in self.record["tiers"]]
        reason = (
            "bảng kết quả công bố chỉ gồm các đơn vị đứng đầu nên không tính được số liệu này cho cả khối."
            if self.any_partial()
            else f"số liệu chưa được công bố (kết quả tính trên dữ liệu mẫu ở {self.annex_ref('rankings')})."
        )
        for index, column in enumerate(columns[2:], start=2):  # a column left empty says why, once
            column.setdefault("when_empty", reason)
            if withheld and any(row[index] == "—" for row in rows) and any(row[index] != "—" for row in rows):
                notes.append(f"“—”: {reason}")
                withheld.clear()
        caption = f"Kết quả chung theo khối, năm {self.record['meta']['year']}"
        return self.table("overview", caption, columns, rows, note=" ".join(notes))

    def _overview_cell(self, tier: dict, key: str, text: str, withheld: list[str]) -> str:
        """``text``, or the published count, or "—" (noted in ``withheld``) for a figure of sample data."""
        full = self.k(tier, *key.split("."))
        departing = self.departure(full)
        if departing is not None and not self.computed_is_known(full) and isinstance(departing.value, (int, float)):
            return number(departing.value)  # the published count, as the sentences state it
        if self.known(full):
            return text
        withheld.append(full)
        return "—"

    def _overview_row(self, tier: dict, labels: list[str], withheld: list[str], notes: list[str]) -> list[str]:
        """One tier's row of the overview; a previous year covering only part of the units adds a note."""
        current = tier["current"]

        def cell(key: str, text: str) -> str:
            return self._overview_cell(tier, key, text, withheld)

        cells = [
            capital(tier["label"]),
            number(current["n"]),
            cell("current.mean", f"{score(current['mean'])}/{number(tier['max'])}"),
            cell("current.mean", percent(current["mean_share"])),
        ]
        previous_year = self.record["meta"]["previous_year"]
        if previous_year is not None:
            partial = tier["previous"] is not None and tier["previous"]["coverage"] != "full"
            change = cell("change.mean", signed(tier["change"]["mean"])) if tier["change"] else "—"
            cells.append(change + ("*" if partial and change != "—" else ""))
            if partial and change != "—":
                notes.append(
                    f"* Năm {previous_year}, khối {tier['label']}: "
                    f"{tier['previous']['coverage_note']} ({number(tier['previous']['n'])} đơn vị)."
                )
        top = [e for e in tier["ranking"] if e["total"] == current["max"]]
        low = [e for e in tier["ranking"] if e["total"] == current["min"]]
        highest_known = self.entries_known(tier, top, "total")
        lowest_known = self.entries_known(tier, low, "total") and not self.partial_table(tier)
        cells += [
            score(current["max"]) if highest_known else cell("current.max", score(current["max"])),
            score(current["min"]) if lowest_known else cell("current.min", score(current["min"])),
        ]
        counts = {b["label"]: b for b in current["bands"]}
        cells += [
            cell(f"current.bands.{counts[label]['code']}.count", number(counts[label]["count"]))
            if label in counts
            else "—"
            for label in labels
        ]
        return cells

    def groups_table(self, tier: dict) -> Markup:
        previous = tier["previous"]
        year, previous_year = self.record["meta"]["year"], self.record["meta"]["previous_year"]
        columns = [
            {"label": "Nhóm tiêu chí"},
            {"label": "Điểm tối đa", "align": "right"},
            _score(f"TB {year}"),
            {"label": "% tối đa", "align": "right"},
        ]
        if previous:
            columns += [_score(f"TB {previous_year}"), _score("Thay đổi")]
        rows = []
        for index, group in enumerate(tier["current"]["groups"]):
            cells = [
                f"({index + 1}) {group['label']}",
                number(group["max"]),
                score(group["mean"]),
                percent(group["share"]),
            ]
            if previous:
                old = previous["groups"][index]["mean"]
                cells += [score(old), signed(tier["change"]["groups"][index]["mean"])]
            rows.append(cells)
        caption = f"Điểm trung bình theo nhóm tiêu chí, khối {tier['label']}"
        note = ""
        if previous and previous["coverage"] != "full":
            note = f"Năm {previous_year}: {previous['coverage_note']} ({number(previous['n'])} đơn vị)."
        return self.table("groups-" + tier["code"], caption, columns, rows, note=note)

    def parents_table(self, tier: dict) -> Markup:
        columns = [
            {"label": "Hạng", "align": "right"},
            {"label": capital(tier["parent_label"])},
            {"label": "Số đơn vị", "align": "right"},
            _score("Điểm TB"),
            _score("Cao nhất"),
            _score("Thấp nhất"),
        ]
        shown = charts.parents_shown(tier)
        left_out = len(tier["by_parent"]) - len(shown) + 1
        rows = [
            [p["rank"], p["name"], number(p["n"]), score(p["mean"]), score(p["max"]), score(p["min"])]
            if p is not None
            else self._gap_row(f"… {number(left_out)} {tier['parent_label']} khác …")
            for p in shown
        ]
        caption = (
            f"Xếp hạng các {tier['parent_label']} theo điểm trung bình của {self.of_tier(tier)}, "
            f"năm {self.record['meta']['year']}"
        )
        note = ""
        if self.many_parents(tier):
            caption += f": {charts.TOP_BOTTOM_PARENTS} cao nhất và {charts.TOP_BOTTOM_PARENTS} thấp nhất"
            note = (
                Markup("Đủ {} {} trong ").format(number(len(tier["by_parent"])), tier["parent_label"])
                + self.workbook_link()
                + "."
            )
        return self.table("parents-" + tier["code"], caption, columns, rows, note=note)

    def ranking_table(self, tier: dict) -> Markup:
        year = self.record["meta"]["year"]
        entries = list(tier["ranking"])
        large = self.is_large(tier)
        official = self.official_codes(tier)
        columns = self._ranking_columns(tier, entries, official)
        if large:  # the top and the bottom; the whole ranking is in the Excel annex
            left_out = len(entries) - 2 * ANNEX_TOP_BOTTOM
            entries = entries[:ANNEX_TOP_BOTTOM] + [None] + entries[-ANNEX_TOP_BOTTOM:]
        rows = []
        for entry in entries:
            if entry is None:
                rows.append(self._gap_row(f"… {number(left_out)} đơn vị khác, xem bảng tính Excel kèm theo báo cáo …"))
                continue
            rows.append(
                {
                    "css": f"band-{entry['band']}" if entry["band"] else "",
                    "cells": self._ranking_cells(tier, entry, official),
                }
            )
        if tier["unranked"]:
            columns[0]["note"] = "“—” ở cột “Hạng”: đơn vị không được xếp hạng."
            columns[0]["when_empty"] = f"không đơn vị nào được xếp hạng năm {year}."
        groups = "; ".join(f"({i + 1}) {g['label']} (/{number(g['max'])})" for i, g in enumerate(tier["groups"]))
        note = (f"Nhóm tiêu chí: {groups}. " if groups else "") + f"Tổng điểm tối đa {number(tier['max'])}."
        caption = f"Xếp hạng {self.of_tier(tier)}, năm {year}"
        if large:
            caption += f": {ANNEX_TOP_BOTTOM} đơn vị đứng đầu và {ANNEX_TOP_BOTTOM} đơn vị cuối bảng"
            note = escape(note) + Markup(" Bảng xếp hạng đầy đủ: ") + self.workbook_link() + "."
        return self.table("ranking-" + tier["code"], caption, columns, rows, note=note, css="compact")

    def _ranking_columns(self, tier: dict, entries: list[dict], official: bool) -> list[dict]:
        """The ranking table's columns, with the notes that explain their "—" and arrows."""
        # names stay on one line where they are short enough to (communes: "Phường Trần Hưng Đạo")
        short_names = max((len(e["name"]) for e in entries), default=0) <= NOWRAP_NAME_MAX
        columns = (
            [{"label": "Hạng", "align": "right", "nowrap": True}]
            + ([{"label": "Mã", "nowrap": True}] if official else [])
            + [{"label": "Đơn vị", "nowrap": short_names}]
        )
        if tier["by_parent"]:
            parents_short = max((len(e["parent_name"] or "") for e in entries), default=0) <= NOWRAP_NAME_MAX
            columns.append({"label": "Thuộc", "nowrap": parents_short})
        columns += [{**_score(f"({i + 1})"), "nowrap": True} for i in range(len(tier["groups"]))]
        columns += [{**_score("Tổng"), "nowrap": True}]
        if tier["bands"]:
            columns.append({"label": "Xếp loại", "nowrap": True})
        if tier["previous"] is not None:
            columns += self._previous_columns(tier, entries)
        return columns

    def _previous_columns(self, tier: dict, entries: list[dict]) -> list[dict]:
        """The comparison year's total, the change and the rank change."""
        year, previous_year = self.record["meta"]["year"], self.record["meta"]["previous_year"]
        previous = tier["previous"]
        not_evaluated = any(e["previous_total"] is None and not self.unit_link(tier, e).get("basis") for e in entries)
        before = {**_score(f"Năm {previous_year}"), "nowrap": True}
        if not_evaluated:  # a partial year: the units outside it; a full one: units new since
            before["note"] = f"“—” ở cột “Năm {previous_year}” và “Thay đổi”: " + (
                f"đơn vị ngoài {number(previous['n'])} đơn vị có số liệu năm {previous_year}."
                if previous["coverage"] != "full"
                else f"đơn vị không được đánh giá năm {previous_year}."
            )
        changed = self._changed_units_note(tier, previous_year)
        if changed:
            before["note"] = " ".join(filter(None, (before.get("note"), changed)))
        moves = {"label": "Đổi hạng", "align": "right", "nowrap": True}
        if previous["coverage"] != "full" or tier.get("coverage", "full") != "full":
            counted = "" if number(previous["n"]) in previous["coverage_note"] else f" ({number(previous['n'])} đơn vị)"
            moves["when_empty"] = (
                "bảng kết quả chỉ gồm các đơn vị đứng đầu, nên thứ hạng của chúng trong "
                "toàn khối ở hai năm không so sánh được."
                if self.partial_table(tier)
                else f"năm {previous_year} chỉ có {previous['coverage_note']}{counted} nên không so sánh thứ hạng."
                if previous["coverage"] != "full"
                else f"năm {year} chỉ có {tier['coverage_note']} nên không so sánh thứ hạng."
            )
        else:
            moves["when_empty"] = f"không đơn vị nào được xếp hạng trong cả hai năm {previous_year} và {year}."
            recount = (
                f" tính lại trên {number(tier['previous_compared_n'])} đơn vị của năm {year}"
                if tier.get("previous_reranked")
                else ""
            )
            moves["note"] = (
                f"Cột “Đổi hạng”: thay đổi thứ hạng so với năm {previous_year}{recount} (↑ tăng, ↓ giảm, = giữ nguyên)"
            )
            reasons = self._unmoved_reasons(tier, entries, year, previous_year)
            moves["note"] += ("; “—”: đơn vị " + " hoặc ".join(reasons) if reasons else "") + "."
        return [before, {**_score("Thay đổi"), "nowrap": True}, moves]

    def _ranking_cells(self, tier: dict, entry: dict, official: bool) -> list:
        cells = (
            [entry["rank"] if entry["rank"] is not None else "—"]
            + ([entry["code"]] if official else [])
            + [entry["name"]]
        )
        if tier["by_parent"]:
            cells.append(entry["parent_name"])
        cells += [score(entry["groups"][g["code"]]) for g in tier["groups"]]
        cells.append(score(entry["total"]))
        if tier["bands"]:
            cells.append(entry["band_label"])
        if tier["previous"] is not None:
            moved = entry["rank_change"]
            rank_text = "—" if moved is None else (f"↑{moved}" if moved > 0 else (f"↓{-moved}" if moved < 0 else "="))
            cells += [score(entry["previous_total"]), signed(entry["change"]), rank_text]
        return cells

    @staticmethod
    def official_codes(tier: dict) -> bool:
        """Whether the tier's unit codes are official ones (the GSO's, all digits) that a reader may
        be shown; codes the project made up (QN-S24) stay in figures.json and the Excel annex."""
        return all(str(e["code"]).isdigit() for e in tier["ranking"])

    def _changed_units_note(self, tier: dict, previous_year) -> str:
        """The "Năm <previous>" cells of units a change touched: what the figure is, or why there is none."""
        notes = []
        for entry in tier["ranking"]:
            link = self.unit_link(tier, entry)
            basis = link.get("basis")
            if basis is None:
                continue
            name = entry["name"]
            change = tier["unit_changes"][link["change"]] if link.get("change") is not None else None
            if basis == "mean":
                notes.append(
                    f"Cột “Năm {previous_year}” của {in_sentence(name)}: trung bình cộng điểm năm {previous_year} "
                    f"của {self._names_of(change['from'])}."
                )
            elif basis == "not_compared":
                notes.append(
                    f"“—” của {in_sentence(name)}: đơn vị hình thành từ {self._names_of(change['from'])}, "
                    f"không so sánh với năm {previous_year}."
                )
            else:
                notes.append(f"“—” của {in_sentence(name)}: đơn vị chưa có vào năm {previous_year}.")
        return " ".join(notes)

    @staticmethod
    def _unmoved_reasons(tier: dict, entries: list[dict], year, previous_year) -> list[str]:
        """Why a unit has no rank change, each reason said only when a row of the table has it."""
        reasons = []
        unmoved = [e for e in entries if e["rank_change"] is None]
        if any(TieredReportBuilder.unit_link(tier, e).get("basis") in ("new", "not_compared") for e in unmoved):
            reasons.append(f"chưa có vào năm {previous_year} hoặc không so sánh với năm {previous_year}")
        unmoved = [
            e for e in unmoved if TieredReportBuilder.unit_link(tier, e).get("basis") not in ("new", "not_compared")
        ]
        if any(e["previous_total"] is None for e in unmoved):
            reasons.append(f"không được đánh giá năm {previous_year}")
        if any(e["previous_total"] is not None and e["rank"] is None for e in unmoved):
            reasons.append(f"không được xếp hạng năm {year}")
        if any(
            e["previous_total"] is not None and e["rank"] is not None and e["previous_rank"] is None for e in unmoved
        ):
            reasons.append(f"không được xếp hạng năm {previous_year}")
        return reasons

    def distribution_table(self, tier: dict) -> Markup:
        """A large tier's totals in a few figures of the record: spread, and units per band."""
        current = tier["current"]
        columns = [
            {"label": "Số đơn vị", "align": "right"},
            _score("Điểm TB"),
            _score("Trung vị"),
            _score("Cao nhất"),
            _score("Thấp nhất"),
        ]
        columns += [{"label": capital(b["label"]), "align": "right"} for b in current["bands"]]
        cells = [
            number(current["n"]),
            score(current["mean"]),
            score(current["median"]),
            score(current["max"]),
            score(current["min"]),
        ]
        cells += [f"{number(b['count'])} ({percent(b['percent'] / 100)})" for b in current["bands"]]
        caption = (
            f"Phân bố tổng điểm của các {tier['label_unit']}, năm {self.record['meta']['year']} "
            f"(tối đa {number(tier['max'])})"
        )
        return self.table("distribution-" + tier["code"], caption, columns, [cells])
