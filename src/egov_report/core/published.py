"""The figures as the province published them, against the figures the report computes.

An optional ``published.yaml`` next to a year's ``evaluation.yaml`` lists what the published
sources (a decision, an article) state: each figure with its value as printed, its source and
where in it, bound to a figure of the record (``figures.json``) by a key path, and the reading
the report takes when the two differ. Format: docs/input-format.md, section 14.

The report prints them as an annex ("Đối chiếu với số liệu đã công bố"); the renderer prints
every mismatch as a warning and stops on one whose entry says ``on_mismatch: fail``. A key that
names no figure stops the run with a message naming the file and the key.

An entry without ``key`` is a figure the source states that the evaluation data cannot compute
(the IT staff a province counted, its one-stop-shop systems): the annex lists it, with no
computed value, and it is neither a match nor a departure. A match on a figure computed from
unit data that were reconstructed to fit the published figures (``data_status: reconstructed``)
holds by construction, and the annex says so (``Comparison.by_construction``).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from pydantic import BeforeValidator

from ..errors import InputError
from ..paths import display_path
from .settings import Number, Scalar, Section, Text, check_settings, mapping, one_of
from .textfiles import read_yaml

PUBLISHED_FILE = "published.yaml"
ENTRY_FIELDS = (
    "figure",
    "key",
    "published",
    "value",
    "source",
    "where",
    "reading",
    "tolerance",
    "on_mismatch",
    "shown_as",
)
REQUIRED = ("figure", "published", "value", "source")  # and "key", unless the data cannot compute the figure
ON_MISMATCH = ("warn", "fail")
SHOWN_AS = ("number", "percent")  # how the computed value is printed: 0.4286 as "42,9%" for a share
# A list in the record is entered by one of its items' identifying fields (or by position).
ITEM_KEYS = ("code", "key", "year", "id", "name", "label")
# The parts of a record computed from the units' scores (a year's table); the rest comes from the
# unit registry (scope) or the framework (maxima, groups, band floors, categories).
SCORED_PARTS = frozenset(
    (
        "current",
        "previous",
        "change",
        "ranking",
        "by_parent",
        "top",
        "bottom",
        "improvers",
        "risers",
        "fallers",
        "ties",
        "top_band",
        "unranked",
        "comparisons",
        "trajectory",
        "stated",
    )
)
# Fields of a scored part that the registry gives, when the item is entered by its code, not by
# its place in a score order: how many units there are, what a unit is called.
REGISTRY_FIELDS = frozenset(
    ("n", "n_total", "label", "name", "code", "unit_type", "parent_code", "parent_name", "short_label")
)


class Entry(Section):
    """One figure of published.yaml, typed (core.settings: the same types and messages as evaluation.yaml)."""

    figure: Text
    key: Text | None = None
    published: Text
    value: Scalar
    source: Text
    where: Text | None = None
    reading: Text | None = None
    tolerance: Number | None = None
    on_mismatch: Annotated[str, BeforeValidator(one_of(*ON_MISMATCH))] | None = None
    shown_as: Annotated[str, BeforeValidator(one_of(*SHOWN_AS))] | None = None


class PublishedFile(Section):
    sources: Annotated[dict[Text, Text], BeforeValidator(mapping)]
    figures: list[Entry]


@dataclass(frozen=True)
class Comparison:
    figure: str  # what the figure is, in the report's words
    key: str  # its path in the record
    published: str  # as printed
    value: object  # the published value as compared
    computed: object  # the record's value
    source: str  # the source as a reader cites it
    where: str
    reading: str  # the reading the report takes, and why (when they differ)
    tolerance: float
    on_mismatch: str
    shown_as: str = "number"
    sample: bool = False  # the computed value comes from unit data reconstructed to fit the published figures

    @property
    def checked(self) -> bool:
        """The entry names a figure of the record; without a key the data cannot compute it."""
        return bool(self.key)

    @property
    def departs(self) -> bool:
        """A figure the record computes that differs from the published one."""
        return self.checked and not self.matches

    @property
    def by_construction(self) -> bool:
        """A match that only holds because the sample unit data were built to reproduce the
        published figure: it confirms the reconstruction, not the published figure."""
        return self.matches and self.sample

    def computed_text(self) -> str:
        """The computed value as the report prints it: a share one decimal of a percent, a count
        or a rank whole, a band floor as the bands table gives it (136; 110,5), a score two
        decimals, an index with the decimals it has (up to four)."""
        from .formatting import MINUS, fixed, number, percent

        if not self.checked:
            return "—"
        if isinstance(self.computed, bool) or not isinstance(self.computed, (int, float)):
            return str(self.computed)
        if self.shown_as == "percent":
            text = percent(self.computed)
        elif isinstance(self.computed, int):
            text = number(self.computed, 0)
        elif self.key.rsplit(".", 1)[-1] == "points":  # a band floor, as the bands table prints it
            text = number(self.computed, 2)
        else:
            exponent = Decimal(repr(self.computed)).as_tuple().exponent  # an int: the value is finite
            decimals = -exponent if isinstance(exponent, int) else 0
            text = fixed(self.computed, min(4, max(2, decimals)))
        return MINUS + text[1:] if text.startswith("-") else text  # a true minus, never a hyphen

    @property
    def matches(self) -> bool:
        if not self.checked:
            return False  # nothing to compare: listed, never counted as a match
        if isinstance(self.value, (int, float)) and isinstance(self.computed, (int, float)):
            return (
                math.isclose(self.value, self.computed, abs_tol=self.tolerance)
                or abs(self.value - self.computed) <= self.tolerance
            )
        return _norm(self.value) == _norm(self.computed)

    def describe(self) -> str:
        return f"{self.figure}: công bố {self.published}, tính được {self.computed_text()}"


def _data_status(record: dict, year) -> str:
    """The status of one data year: per year when the record has several (national index), else the report's."""
    for entry in record.get("data_years") or []:
        if str(entry.get("year")) == str(year):
            return str(entry.get("data_status") or "published")
    return str(record.get("meta", {}).get("data_status") or "published")


def _positional(record: dict, parts: list[str]) -> bool:
    """Whether the path enters a list by an item's place (leaders.0: first in a score order) rather
    than by its code or name."""
    value = record
    for part in parts:
        try:
            value, by_place = _step(value, part)
        except KeyError:
            return False
        if by_place:
            return True
    return False


def rests_on_sample(record: dict, key: str) -> bool:
    """Whether the figure at ``key`` is computed from reconstructed unit data: it lies in a part of
    the record computed from the scores (not the registry's counts and names, not the framework's
    maxima and floors), and a year it draws on has ``data_status: reconstructed``."""
    parts = str(key).split(".")
    if not SCORED_PARTS.intersection(parts):
        return False  # the registry (scope) or the framework (max, groups, bands, categories)
    if parts[-1] in REGISTRY_FIELDS and not _positional(record, parts):
        return False
    meta = record.get("meta", {})
    named = {after for part, after in zip(parts, parts[1:]) if part in ("comparisons", "trajectory")}
    change = any(p == "change" or p.endswith("_change") or p == "change_pct" for p in parts)
    previous = any(p.startswith("previous") for p in parts)
    years = set(named)
    if not named:
        years.add(meta.get("previous_year") if previous and not change else meta.get("year"))
    if change:  # a change draws on both years it compares
        years.add(meta.get("year"))
        if not named:
            years.add(meta.get("previous_year"))
    return any(_data_status(record, y) == "reconstructed" for y in years if y is not None)


def _norm(value) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value)).split()).casefold()


def _default_tolerance(value) -> float:
    """Half a unit of the value's last printed decimal: 73.83 -> 0.005, 92 -> 0.5."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return 0.0
    exponent = Decimal(repr(value)).as_tuple().exponent
    return 0.5 * 10 ** min(int(exponent), 0)


def _step(value, part: str):
    """One part of a key path: a mapping's field, or a list's item by one of its identifying fields
    (``ITEM_KEYS``), else by its place. (value, whether it was entered by place); KeyError names a
    part that is not there. The one walker of key paths (``resolve``, ``_positional``)."""
    if isinstance(value, dict):
        if part not in value:
            raise KeyError(part)
        return value[part], False
    if isinstance(value, list):
        found = [
            item
            for item in value
            if isinstance(item, dict) and any(str(item.get(k)) == part for k in ITEM_KEYS if k in item)
        ]
        if found:
            return found[0], False
        if part.isdigit() and int(part) < len(value):
            return value[int(part)], True
    raise KeyError(part)


def resolve(record: dict, key: str):
    """The record's value at ``key`` ('tiers.communes.current.mean'); KeyError names the missing part."""
    value = record
    for part in str(key).split("."):
        value, _ = _step(value, part)
    return value


def read_published(path: Path) -> tuple[str, list[dict]]:
    """(where, entries) of a published.yaml, every entry checked for its fields."""
    where = display_path(path)
    data = read_yaml(path)
    check_settings(data, where, PublishedFile)  # types, enumerations, unknown and missing fields
    sources, entries = data["sources"], data["figures"]
    checked = []
    for i, entry in enumerate(entries, start=1):
        at = f"{where}: figures[{i}]"
        missing = [f for f in REQUIRED if str(entry.get(f)).strip() == ""]
        if missing:
            raise InputError(f"{at}: thiếu trường {', '.join(missing)}")
        if "key" in entry and entry["key"] in (None, ""):
            raise InputError(f"{at}: key để trống (bỏ hẳn trường key khi dữ liệu đánh giá không tính được số liệu này)")
        if "key" not in entry:
            needless = [f for f in ("tolerance", "on_mismatch", "shown_as") if f in entry]
            if needless:
                raise InputError(
                    f"{at}: số liệu không có key (không đối chiếu) không nhận trường {', '.join(needless)}"
                )
        if entry["source"] not in sources:
            raise InputError(f"{at}: source = '{entry['source']}' không có trong mục sources")
        checked.append(entry | {"source": " ".join(str(sources[entry["source"]]).split())})
    return where, checked


def _as_entered(entry: dict) -> dict:
    """The fields of a comparison as published.yaml gives them, whether or not it has a key."""
    return {
        "figure": str(entry["figure"]),
        "published": str(entry["published"]),
        "value": entry["value"],
        "source": entry["source"],
        "where": str(entry.get("where") or ""),
        "reading": " ".join(str(entry.get("reading") or "").split()),
    }


def reconcile(record: dict, path: Path, unchecked: bool = False) -> list[Comparison]:
    """Every published figure of ``path`` against the record; [] when there is no such file.
    ``unchecked``: the entries without key too (the annex lists them; a check has nothing to compare)."""
    path = Path(path)
    if not path.exists():
        return []
    where, entries = read_published(path)
    comparisons = []
    for i, entry in enumerate(entries, start=1):
        if "key" not in entry:
            if unchecked:
                comparisons.append(
                    Comparison(**_as_entered(entry), key="", computed=None, tolerance=0.0, on_mismatch="warn")
                )
            continue
        try:
            computed = resolve(record, entry["key"])
        except KeyError as missing:
            raise InputError(
                f"{where}: figures[{i}] ({entry['figure']}): key = '{entry['key']}' không chỉ tới số liệu "
                f"nào của báo cáo (không có '{missing.args[0]}')"
            ) from None
        if isinstance(computed, (dict, list)):
            raise InputError(
                f"{where}: figures[{i}] ({entry['figure']}): key = '{entry['key']}' chỉ tới một nhóm "
                f"số liệu, không phải một số liệu"
            )
        tolerance = entry.get("tolerance")
        comparisons.append(
            Comparison(
                **_as_entered(entry),
                key=str(entry["key"]),
                computed=computed,
                tolerance=float(tolerance) if tolerance is not None else _default_tolerance(entry["value"]),
                on_mismatch=str(entry.get("on_mismatch") or "warn"),
                shown_as=str(entry.get("shown_as") or "number"),
                sample=rests_on_sample(record, entry["key"]),
            )
        )
    return comparisons


def stated_in_record(record: dict) -> list[Comparison]:
    """The figures the input tables state themselves (``record["stated"]``: a workbook's average
    row, checked equal by validation), each beside the figure the record computes, as the
    province's own published figures."""
    return [
        Comparison(
            figure=entry["figure"],
            key=entry["key"],
            published=entry["published"],
            value=entry["value"],
            computed=resolve(record, entry["key"]),
            source=entry["source"],
            where=entry["where"],
            reading="",
            tolerance=entry["tolerance"],
            on_mismatch="fail",
            sample=rests_on_sample(record, entry["key"]),
        )
        for entry in record.get("stated") or []
    ]


def published_path(data_dir: Path, province: str, year: int) -> Path:
    return Path(data_dir) / str(province) / str(year) / PUBLISHED_FILE


def read_for(province: str, year: int, record: dict, data_dir: Path | None = None) -> list[Comparison]:
    """The comparisons of a province-year, the entries without key included (the annex's rows),
    then the figures its input tables state themselves."""
    from .. import paths

    return reconcile(
        record, published_path(data_dir if data_dir is not None else paths.DATA_DIR, province, year), unchecked=True
    ) + stated_in_record(record)
