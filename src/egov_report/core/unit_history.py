"""Units through time: which units exist on a date, and what each unit of a year was the year before.

Invariant: on any date a unit code names at most one row of the registry (the rows of one code
have periods that do not overlap), so the units of a year are a plain registry, taken on the year's
reference date. A unit that did not exist on that date is never required, named or ranked in that
year, and a comparison across a merger, a split or a new unit goes only through a change of the
changes table, which carries its legal basis: a reader can always be told why two years' units
differ and on what authority.

Periods are half-open: a row holds from ``valid_from`` (included) until ``valid_to`` (excluded),
the effective date of the change that ended it; a blank bound is open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import Problem
from ..paths import display_path
from .sheets import read_grid
from .tables import locate_table

PERIOD_COLUMNS = ("valid_from", "valid_to")
CHANGE_KINDS = {  # code -> what the change does to the units it names (docs/input-format.md, section 3a)
    "merge": "nhập",  # several units become one (the successor may keep one predecessor's code)
    "split": "chia tách",  # one unit becomes several
    "establish": "thành lập",  # a new unit without predecessor
    "dissolve": "giải thể",  # a unit ends without successor
    "rename": "đổi tên",
    "retype": "chuyển loại đơn vị",  # a thị trấn becoming a phường, a thị xã a thành phố
    "reparent": "chuyển đơn vị cấp trên",  # a commune moving to another district
}
COMPARED_KINDS = {"merge", "rename", "retype", "reparent"}  # a successor with a previous figure under a rule
CHANGE_COLUMNS = (
    "effective",
    "change",
    "from_codes",
    "to_codes",
    "basis_kind",
    "basis_number",
    "basis_date",
    "basis_issuer",
)


@dataclass(frozen=True)
class Change:
    """One row of changes.csv: what changed, from which codes to which, and on what authority."""

    row: int
    effective: dt.date
    kind: str
    from_codes: tuple[str, ...]
    to_codes: tuple[str, ...]
    basis_kind: str  # "Nghị quyết"
    basis_number: str  # "837/NQ-UBTVQH14"
    basis_date: dt.date
    basis_issuer: str  # "Ủy ban Thường vụ Quốc hội"

    @property
    def citation(self) -> str:
        """The legal basis as an official document cites another: kind, number, date, issuer."""
        return f"{self.basis_kind} số {self.basis_number} ngày {self.basis_date:%d/%m/%Y} của {self.basis_issuer}"


@dataclass(frozen=True)
class Lineage:
    """What a unit of a year was on the comparison year's date: its predecessors and the change between."""

    code: str
    predecessors: tuple[str, ...]  # codes in the comparison year's registry; empty: nothing to compare with
    change: Change | None  # the change that links them, None when the unit simply continued


def _error(file: str, text: str, **where) -> Problem:
    """An error of the registry or the changes table, naming its file (and row, column, unit, value)."""
    return Problem("error", file, text, **where)


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text.strip())


def read_periods(registry: pd.DataFrame, path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The registry with its periods as dates (columns ``_from``, ``_to``; None where open), and the
    problems of its period cells: a date not in YYYY-MM-DD, a period ending before it starts, two
    rows of one code whose periods overlap."""
    file, problems = display_path(path), []
    frame = registry.copy()
    for column in PERIOD_COLUMNS:
        parsed = []
        texts = frame[column] if column in frame else [""] * len(frame)
        for row, text in zip(frame["row"], texts):
            text = "" if text is None or (not isinstance(text, str) and pd.isna(text)) else str(text).strip()
            try:
                parsed.append(_date(text) if text else None)
            except ValueError:
                parsed.append(None)
                problems.append(
                    _error(
                        file,
                        "ngày phải viết theo dạng YYYY-MM-DD (ví dụ 2020-01-01)",
                        row=int(row),
                        column=column,
                        value=text,
                    )
                )
        frame["_" + column.removeprefix("valid_")] = parsed
    for row, start, end in zip(frame["row"], frame["_from"], frame["_to"]):
        if start and end and end <= start:
            problems.append(
                _error(
                    file,
                    f"thời kỳ kết thúc ({end:%d/%m/%Y}) không sau ngày bắt đầu ({start:%d/%m/%Y})",
                    row=int(row),
                    column="valid_to",
                )
            )
    problems += _overlaps(frame, file, {p.row for p in problems if p.row is not None})
    return frame, problems


def _overlaps(frame: pd.DataFrame, file: str, unreadable: set[int]) -> list[Problem]:
    """Two rows of one code in force on one day; a code with a date that could not be read is left
    to that date's own message."""
    problems = []
    for code, rows in frame.groupby("code", sort=False):
        if len(rows) < 2 or unreadable & set(rows["row"]) or not any(rows["_from"].notna() | rows["_to"].notna()):
            continue  # a code given twice without periods: the registry suite's uniqueness rule says so
        spans = sorted(zip(rows["_from"], rows["_to"], rows["row"]), key=lambda s: s[0] or dt.date.min)
        for (_, end, first), (start, _, second) in zip(spans, spans[1:]):
            if end is None or start is None or start < end:
                text = (
                    f"mã {code} có hai dòng cùng hiệu lực (dòng {first} và dòng {second}); mỗi mã chỉ có một dòng "
                    "cho mỗi thời kỳ: dòng cũ kết thúc (valid_to) đúng ngày dòng mới bắt đầu (valid_from)"
                )
                problems.append(_error(file, text, row=int(second), column="valid_from", unit=str(code)))
    return problems


def on(history: pd.DataFrame, date: dt.date) -> pd.DataFrame:
    """The registry's rows in force on ``date``."""
    starts = history["_from"].map(lambda d: d is None or d <= date)
    ends = history["_to"].map(lambda d: d is None or date < d)
    return history[starts & ends]


def read_changes(path: Path) -> tuple[list[Change], list[Problem]]:
    """changes.csv: one change a row. A missing file is no change at all."""
    if not Path(path).exists():
        return [], []
    grid = read_grid(path)
    located = locate_table(grid, {c: c for c in CHANGE_COLUMNS}, key="effective")
    file = display_path(path)
    missing = [c for c in CHANGE_COLUMNS if c not in located.header]
    if missing:
        return [], [_error(file, f"thiếu cột {', '.join(missing)} trong bảng thay đổi đơn vị")]
    index = {name: located.header.index(name) for name in CHANGE_COLUMNS}
    changes, problems = [], []
    for row, cells in located.rows:
        change, found = _change(row, {name: cells[i].strip() for name, i in index.items()}, file)
        problems += found
        if change is not None:
            changes.append(change)
    return sorted(changes, key=lambda c: (c.effective, c.row)), problems


def _codes(text: str) -> tuple[str, ...]:
    return tuple(c.strip() for c in text.replace(",", ";").split(";") if c.strip())


def _change(row: int, cells: dict[str, str], file: str) -> tuple[Change | None, list[Problem]]:
    problems = []

    def fail(column: str, rule: str) -> None:
        problems.append(_error(file, rule, row=row, column=column, value=cells[column]))

    dates = {}
    for column in ("effective", "basis_date"):
        try:
            dates[column] = _date(cells[column])
        except ValueError:
            fail(column, "ngày phải viết theo dạng YYYY-MM-DD (ví dụ 2020-01-01)")
    if cells["change"] not in CHANGE_KINDS:
        fail("change", f"loại thay đổi không có trong danh sách: {', '.join(CHANGE_KINDS)}")
    from_codes, to_codes = _codes(cells["from_codes"]), _codes(cells["to_codes"])
    needs_from = cells["change"] != "establish"
    needs_to = cells["change"] != "dissolve"
    if needs_from and not from_codes:
        fail("from_codes", "thiếu mã đơn vị trước khi thay đổi (nhiều mã cách nhau bằng dấu ;)")
    if needs_to and not to_codes:
        fail("to_codes", "thiếu mã đơn vị sau khi thay đổi (nhiều mã cách nhau bằng dấu ;)")
    for column in ("basis_kind", "basis_number", "basis_issuer"):
        if not cells[column]:
            fail(column, "mỗi thay đổi phải có căn cứ pháp lý: loại văn bản, số, ngày ban hành, cơ quan ban hành")
    if problems:
        return None, problems
    return Change(
        row=row,
        effective=dates["effective"],
        kind=cells["change"],
        from_codes=from_codes,
        to_codes=to_codes,
        basis_kind=cells["basis_kind"],
        basis_number=cells["basis_number"],
        basis_date=dates["basis_date"],
        basis_issuer=cells["basis_issuer"],
    ), []


def check_changes(changes: list[Change], history: pd.DataFrame, path: Path) -> list[Problem]:
    """Every code a change names is in the registry, on the right side of its effective date: a
    predecessor in force the day before, a successor in force on the day."""
    file, problems = display_path(path), []
    for change in changes:
        before = set(on(history, change.effective - dt.timedelta(days=1))["code"])
        after = set(on(history, change.effective)["code"])
        for column, codes, present, when in (
            ("from_codes", change.from_codes, before, "ngày trước ngày hiệu lực"),
            ("to_codes", change.to_codes, after, "ngày hiệu lực"),
        ):
            for code in codes:
                if code not in present:
                    problems.append(
                        _error(
                            file,
                            f"mã {code} không có trong danh mục đơn vị (units.csv) vào {when} "
                            f"({change.effective:%d/%m/%Y}); kiểm tra valid_from, valid_to của đơn vị",
                            row=change.row,
                            column=column,
                            value=code,
                        )
                    )
    return problems


def unexplained_rows(changes: list[Change], history: pd.DataFrame, path: Path, changes_path: Path) -> list[Problem]:
    """A code's later row (a new name, type or parent from a date) with no change of that code on that
    date in changes.csv: the report could not name the change nor its legal basis. A warning."""
    problems = []
    dated = {(c.effective, code) for c in changes for code in c.to_codes}
    for code, rows in history.groupby("code", sort=False):
        for row, start in zip(rows["row"], rows["_from"]):
            if start is None or (start, code) in dated:
                continue
            problems.append(
                Problem(
                    "warning",
                    display_path(path),
                    f"dòng của mã {code} có hiệu lực từ ngày {start:%d/%m/%Y} nhưng {display_path(changes_path)} không có "
                    "thay đổi nào của mã này vào ngày đó; báo cáo sẽ không nêu được thay đổi và căn cứ pháp lý của nó: "
                    "hãy thêm một dòng (rename, retype, reparent, merge …) vào bảng thay đổi",
                    row=int(row),
                    column="valid_from",
                    unit=str(code),
                )
            )
    return problems


def lineage(code: str, changes: list[Change], history: pd.DataFrame, since: dt.date, until: dt.date) -> Lineage:
    """What the unit ``code`` (in force on ``until``) was on ``since``: followed back through the
    changes effective after ``since`` and on or before ``until``, latest first."""
    return lineages(changes, history, since, until)(code)


def lineages(changes: list[Change], history: pd.DataFrame, since: dt.date, until: dt.date):
    """``lineage`` for many units: the registry on ``since`` and the changes between taken once (a
    province of 10,000 communes asks for each of them)."""
    between = [c for c in changes if since < c.effective <= until]
    earlier = set(on(history, since)["code"])
    return lambda code: _back(code, between, earlier, until)


def _back(code: str, between: list[Change], earlier: set[str], until: dt.date) -> Lineage:
    for change in sorted(between, key=lambda c: c.effective, reverse=True):
        if change.effective > until or code not in change.to_codes:
            continue
        if change.kind not in COMPARED_KINDS:
            return Lineage(code, (), change)
        predecessors: list[str] = []
        day_before = change.effective - dt.timedelta(days=1)
        for source in _sources(change, code):
            found = _back(source, between, earlier, day_before).predecessors
            predecessors += [p for p in found if p not in predecessors]
        return Lineage(code, tuple(predecessors), change)
    return Lineage(code, (code,) if code in earlier else (), None)


def _sources(change: Change, code: str) -> tuple[str, ...]:
    """The units before a change that ``code`` comes from: all of a merger's; for a rename, a change
    of type or of parent (several units may move at once), the same code, else the one in its place."""
    if change.kind == "merge":
        return change.from_codes
    if code in change.from_codes:
        return (code,)
    if len(change.from_codes) == len(change.to_codes):
        return (change.from_codes[change.to_codes.index(code)],)
    return change.from_codes


def reference_date(year: int, settings: dict) -> dt.date:
    """The date a year's units are taken on: ``units_as_of`` in evaluation.yaml, else the end of the
    evaluation window, else 31 December of the year."""
    if settings.get("units_as_of"):
        return settings["units_as_of"]
    window = settings.get("window") or {}
    return window.get("end") or dt.date(year, 12, 31)
