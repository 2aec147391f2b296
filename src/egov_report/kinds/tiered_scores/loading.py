"""Reading a province-year: its framework, unit registry, year settings and score tables.

Score tables are kept by analysts as CSV (UTF-8) or Excel workbooks, with Vietnamese
headers. Headers are matched after Unicode NFC normalisation, whitespace folding and case
folding, against the canonical names, the framework's group codes and labels, and aliases.
The header row is looked for in the first rows, so title rows above it are allowed. Values
are kept as text here and parsed to numbers beside the text, so that validation can quote
exactly what the analyst typed. What reading itself finds wrong (a row longer than the
header, merged cells, a formula without its value ...) is kept on the table as problems,
reported together with the validation's. Rows at the bottom labelled as the tier's mean or sum
("Bình quân chung", "Tổng cộng") are never units: they are kept apart (``ScoreTable.summary``),
to be checked against the figures computed from the units.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar

import pandas as pd
from pydantic import BeforeValidator, ConfigDict

from ...catalog import YEAR_RE, check_parameters, data_root, framework_file
from ...core.images import embedded_files
from ...core.settings import Date, Integer, Settings, Text, TierSource, Window, mapping, read_year_settings
from ...core.sheets import Grid, column_letter, read_grid
from ...core.tables import (
    Located,
    column_key,
    file_in,
    locate_table,
    normalise_label,
    parse_score,
    read_findings,
    table_label,
)
from ...core.unit_history import (
    Change,
    check_changes,
    on,
    read_changes,
    read_periods,
    reference_date,
    unexplained_rows,
)
from ...errors import InputError, Problem
from ...paths import display_path
from .framework import KIND, Framework, Tier, load_framework

UNIT_COLUMNS = ("unit_code", "unit_name")
BASE_ALIASES = {
    "unit_code": ("mã đơn vị", "mã", "mã đvhc", "mã số", "code", "unit_code"),
    "unit_name": ("tên đơn vị", "đơn vị", "tên", "name", "unit_name"),
    "total": ("tổng điểm", "tổng", "tổng cộng", "total"),
    # optional, checked against the registry: the unit's parent (a commune's district)
    "parent": (
        "mã đơn vị cấp trên",
        "đơn vị cấp trên",
        "mã huyện",
        "huyện",
        "tên huyện",
        "thuộc huyện",
        "parent",
        "parent_code",
    ),
    # optional, checked against the folder's year
    "year": ("năm", "năm đánh giá", "year"),
    # known and not used: no warning
    "row_number": ("stt", "tt", "số tt", "số thứ tự"),
}
REGISTRY_COLUMNS = ("code", "name", "tier", "parent_code", "unit_type")
# Labels of a bottom row stating a figure of the whole tier (matched after normalisation, a final
# ":" dropped); evaluation.yaml adds a source's own (sources.<tier>.summary_rows). A mean row states
# the tier's mean of each column, a sum row each column's sum over the units.
SUMMARY_LABELS = {
    "mean": (
        "bình quân chung",
        "bình quân",
        "điểm bình quân",
        "bình quân toàn tỉnh",
        "trung bình",
        "trung bình chung",
        "điểm trung bình",
        "điểm trung bình chung",
        "trung bình toàn tỉnh",
        "trung bình cộng",
    ),
    "sum": ("tổng cộng", "cộng", "tổng", "tổng số", "tổng cộng toàn tỉnh"),
}
LABEL_COLUMNS = ("row_number", "unit_code", "unit_name")  # where a summary row writes its label
MAX_SHOWN_DECIMALS = 6
# COVERAGES (core.settings): every unit of the registry; a subset that was evaluated (a pilot); or the
# head of a longer published table (its first rows only: the lowest unit, the mean and the spread of
# the whole are unknown)


class TieredSettings(Settings):
    """evaluation.yaml of this kind (docs/input-format.md, section 4): an unknown field is refused."""

    kind: ClassVar[str] = KIND
    model_config = ConfigDict(extra="forbid", frozen=True)

    previous_year: Integer | None = None
    window: Window | None = None
    units_as_of: Date | None = None  # the date the year's units are taken on (default: window end, else 31/12)
    sources: Annotated[dict[Text, TierSource], BeforeValidator(mapping)] | None = None


@dataclass(frozen=True)
class SummaryRow:
    """A bottom row stating a figure of the tier: its label, kind ("mean" or "sum") and cells."""

    row: int
    label: str  # as typed
    kind: str
    cells: dict[str, str]  # score column -> the cell as text
    decimals: dict[str, int]  # score column -> decimals the cell's number format shows (when it fixes them)

    def shown_decimals(self, column: str) -> int:
        """The decimals the cell shows: its number format's, else those of its value (at most
        ``MAX_SHOWN_DECIMALS``: a General cell saved by a formula holds 15 digits)."""
        if column in self.decimals:
            return self.decimals[column]
        text = self.cells[column].replace(",", ".")
        return min(len(text.partition(".")[2]), MAX_SHOWN_DECIMALS)


@dataclass
class ScoreTable:
    """One tier's scores for one year, with canonical column names."""

    tier: Tier
    path: Path
    sheet: str | None
    coverage: str  # "full": every unit of the registry; "partial": a subset (a pilot); "head": a table's first rows
    coverage_note: str
    text: pd.DataFrame  # canonical columns as typed, plus "row" (the row number in the file)
    unknown_columns: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # canonical column -> header as typed
    title: list[str] = field(default_factory=list)  # the rows above the header, as text
    problems: list[Problem] = field(default_factory=list)  # found while reading
    skipped: set[tuple[int, str]] = field(default_factory=set)  # (row, column; "*": all) not checked as scores
    shape_broken: bool = False  # the table's layout is wrong: its values are not checked
    summary: list[SummaryRow] = field(default_factory=list)  # bottom rows stating the tier's mean or sum

    @property
    def label(self) -> str:
        return table_label(self.path, self.sheet)

    def score_columns_of_tier(self) -> list[str]:
        """The columns a tier scores (its groups and the total), whether the table has them or not."""
        return [g.code for g in self.tier.groups] + ["total"]

    @property
    def score_columns(self) -> list[str]:
        return [g.code for g in self.tier.groups] + (["total"] if "total" in self.text else [])

    def numbers(self) -> pd.DataFrame:
        """Codes, names and scores as numbers (NaN where the text is not a number)."""
        out = self.text[["row", *(c for c in UNIT_COLUMNS if c in self.text)]].copy()
        for column in self.score_columns:
            out[column] = self.text[column].map(parse_score).astype("float64")
        return out

    def totals(self) -> pd.Series:
        """Each row's total, indexed by unit code: the sum of its groups (rounded to 2 decimals), or the
        total column for a tier scored by totals only."""
        numbers = self.numbers()
        groups = [g.code for g in self.tier.groups]
        values = numbers[groups].sum(axis=1) if groups else numbers["total"]
        return pd.Series(values.round(2).to_numpy(), index=numbers["unit_code"].to_numpy(), name="total")

    def tier_figure(self, kind: str, column: str) -> float | None:
        """The tier's mean or sum of a score column over the table's units, as the report computes
        it (a total from each unit's total, ``totals``); None while a unit's cell is not a number."""
        values = self.totals() if column == "total" else self.numbers()[column]
        if not len(values) or values.isna().any():
            return None
        return float(values.mean() if kind == "mean" else values.sum())

    def is_skipped(self, row: int, column: str) -> bool:
        return (row, column) in self.skipped or (row, "*") in self.skipped


@dataclass
class YearData:
    year: int
    directory: Path
    settings: dict
    tables: dict[str, ScoreTable]

    @property
    def units_date(self):
        """The date this year's units are taken on (core.unit_history.reference_date)."""
        return reference_date(self.year, self.settings)

    @property
    def input_files(self) -> list[Path]:
        files = {self.directory / "evaluation.yaml"}
        files.update(t.path for t in self.tables.values())
        return sorted(files)


@dataclass
class Evaluation:
    """Everything a report of one province-year reads."""

    province: str
    year: int
    framework: Framework
    framework_path: Path
    history: pd.DataFrame  # units.csv: every row with its period (columns _from, _to)
    registry_path: Path
    current: YearData
    previous: YearData | None
    findings_markdown: str | None
    findings_path: Path | None
    changes: list[Change] = field(default_factory=list)
    changes_path: Path | None = None
    registry_problems: list[Problem] = field(default_factory=list)  # periods and changes, found while reading
    _snapshots: dict = field(default_factory=dict, repr=False)  # date -> registry in force (taken once)

    @property
    def input_files(self) -> list[Path]:
        files = {self.framework_path, self.registry_path, *self.current.input_files}
        if self.changes_path and self.changes_path.exists():
            files.add(self.changes_path)
        if self.previous:
            files.update(self.previous.input_files)
        if self.findings_path:
            files.update((self.findings_path, *embedded_files(self.findings_path)))
        return sorted(files)

    @property
    def registry(self) -> pd.DataFrame:
        """The units in force on the current year's date: the registry every current figure names."""
        return self.registry_of(self.current)

    def registry_of(self, year: YearData) -> pd.DataFrame:
        """The units in force on a year's date (its ``units_as_of``, window end or 31 December)."""
        date = year.units_date
        if date not in self._snapshots:
            self._snapshots[date] = on(self.history, date)
        return self._snapshots[date]

    def year_data(self, year: int) -> YearData:
        return self.previous if self.previous is not None and year == self.previous.year else self.current

    def units(self, tier: str, year: int | None = None) -> pd.DataFrame:
        registry = self.registry if year is None else self.registry_of(self.year_data(year))
        return registry[registry["tier"] == tier]


def load_evaluation(province, year, data_dir: Path | None = None) -> Evaluation:
    province, year = check_parameters(province, year, data_dir)
    province_dir = data_root(data_dir) / province
    framework_path = framework_file(province_dir, year)
    framework = load_framework(framework_path)
    registry_path = province_dir / "units.csv"
    history, problems = read_periods(read_registry(registry_path), registry_path)
    changes_path = province_dir / "changes.csv"
    changes, change_problems = read_changes(changes_path)
    if not change_problems:
        change_problems = check_changes(changes, history, changes_path)
        change_problems += unexplained_rows(changes, history, registry_path, changes_path)
    current = load_year(province_dir / str(year), framework)
    previous = None
    previous_year = current.settings.get("previous_year")
    if previous_year is not None:
        previous_dir = province_dir / _previous_year(current, previous_year)
        if not (previous_dir / "evaluation.yaml").exists():
            raise InputError(
                f"{display_path(current.directory / 'evaluation.yaml')}: previous_year {previous_year} "
                f"nhưng không có {display_path(previous_dir / 'evaluation.yaml')}"
            )
        previous = load_year(previous_dir, framework)
    findings_path, findings = read_findings(current.directory, current.settings)
    return Evaluation(
        province=province,
        year=year,
        framework=framework,
        framework_path=framework_path,
        history=history,
        registry_path=registry_path,
        current=current,
        previous=previous,
        findings_markdown=findings,
        findings_path=findings_path,
        changes=changes,
        changes_path=changes_path,
        registry_problems=problems + change_problems,
    )


def _previous_year(current: YearData, previous_year) -> str:
    text = str(previous_year).strip()
    if not YEAR_RE.fullmatch(text) or int(text) >= current.year:
        raise InputError(
            f"{display_path(current.directory / 'evaluation.yaml')}: previous_year = '{previous_year}' phải là một "
            f"năm (4 chữ số) trước năm {current.year}"
        )
    return text


def load_year(directory: Path, framework: Framework) -> YearData:
    settings_path, settings = read_year_settings(directory, TieredSettings)
    where = display_path(settings_path)
    sources = settings.get("sources") or {}
    tables = {}
    for tier_code, source in sources.items():
        try:
            tier = framework.tier(tier_code)
        except KeyError:
            known = ", ".join(t.code for t in framework.tiers)
            raise InputError(
                f"{where}: sources có khối '{tier_code}' không có trong khung đánh giá ({known})"
            ) from None
        file_in(directory, source["file"], f"sources.{tier_code}.file")
        tables[tier_code] = read_score_table(directory, tier, source)
    if not tables:
        raise InputError(f"{where}: không khai báo tệp điểm nào (sources)")
    return YearData(year=int(directory.name), directory=directory, settings=settings, tables=tables)


# -- finding the table in a sheet --------------------------------------------------------------


def read_score_table(directory: Path, tier: Tier, source: dict) -> ScoreTable:
    path = directory / str(source["file"]).strip()
    sheet = source.get("sheet")
    table = ScoreTable(
        tier=tier,
        path=path,
        sheet=None if sheet is None else str(sheet),
        coverage=str(source.get("coverage", "full")),
        coverage_note=str(source.get("coverage_note", "")),
        text=pd.DataFrame(),
    )
    grid = read_grid(path, table.sheet)
    if grid.kind == "excel":
        table.sheet = grid.sheet  # the sheet read (the first visible one when none is named): messages name it
    located = locate_table(grid, column_aliases(tier), key="unit_code")
    columns = _map_columns(table, located, grid.hidden_columns if grid.kind == "excel" else set())
    table.summary = _summary_rows(table, grid, located, columns, source.get("summary_rows") or {})
    located.rows = located.rows[: len(located.rows) - len(table.summary)]
    table.text = pd.DataFrame(
        {
            "row": [n for n, _ in located.rows],
            **{canonical: [cells[i] for _, cells in located.rows] for i, canonical in columns.items()},
        },
    )
    table.title = located.title
    _overlong_rows(table, located)
    _headerless_columns(table, located, columns)
    if grid.kind == "excel":
        _excel_problems(table, grid, located, columns)
        _other_sheets(table, grid, columns)
        hidden = [s for s in grid.sheets if s.endswith("(ẩn)")]
        if sheet is None and hidden:
            table.problems.append(
                Problem(
                    "warning",
                    table.label,
                    f"tệp có trang tính ẩn không được đọc: {', '.join(hidden)}; trang tính được đọc là trang tính đầu tiên "
                    f"đang hiện ('{grid.sheet}'). Nếu bảng điểm ở trang tính ẩn, hãy bỏ ẩn và ghi tên nó vào "
                    f"sources.{tier.code}.sheet",
                )
            )
    return table


def summary_labels(configured: dict) -> dict[str, str]:
    """Normalised label -> "mean" or "sum": the built-in labels and a source's own."""
    labels = {}
    for kind in ("sum", "mean"):  # a label configured as both kinds is refused below, not guessed
        for label in (*SUMMARY_LABELS[kind], *(configured.get(kind) or ())):
            labels[_label_key(label)] = kind
    return labels


def _label_key(text: str) -> str:
    return normalise_label(text).rstrip(":").strip()


def _summary_rows(
    table: ScoreTable, grid: Grid, located: Located, columns: dict[int, str], configured: dict
) -> list[SummaryRow]:
    """The rows at the table's bottom whose label (in the STT, code or name column, no unit code
    beside it) is a mean or sum label; read bottom up, stopping at the first unit row."""
    clash = set(map(_label_key, configured.get("mean") or ())) & set(map(_label_key, configured.get("sum") or ()))
    if clash:
        raise InputError(
            f"{table.label}: sources.{table.tier.code}.summary_rows ghi cùng một nhãn ở cả mean và sum "
            f"({', '.join(sorted(clash))})"
        )
    labels, aliases = summary_labels(configured), column_aliases(table.tier)
    where = [i for i, header in enumerate(located.header) if column_key(header, aliases)[0] in LABEL_COLUMNS]
    scores = {i: c for i, c in columns.items() if c in table.score_columns_of_tier()}
    found = []
    for number, cells in reversed(located.rows):
        texts = {cells[i] for i in where if cells[i]}
        kinds = {labels.get(_label_key(t)) for t in texts}
        if len(texts) != 1 or None in kinds:
            break
        found.append(
            SummaryRow(
                row=number,
                label=texts.pop(),
                kind=kinds.pop(),
                cells={c: cells[i] for i, c in scores.items() if cells[i]},
                decimals={c: grid.decimals[(number, i)] for i, c in scores.items() if (number, i) in grid.decimals},
            )
        )
    return found[::-1]


def _names(tier: Tier, columns: list[str]) -> str:
    """Required columns as an analyst heads them: «Mã đơn vị», each group's label, «Tổng điểm»."""
    labels = {"unit_code": "Mã đơn vị", "total": "Tổng điểm"} | {g.code: g.label for g in tier.groups}
    return ", ".join(f"«{labels.get(c, c)}»" for c in columns)


def _other_sheets(table: ScoreTable, grid: Grid, columns: dict[int, str]) -> None:
    """A sheet without the table's columns (a cover page read first): name it, and the workbook's other sheets."""
    missing = [c for c in required_columns(table.tier) if c not in columns.values()]
    if not missing or len(grid.sheets) < 2:
        return
    others = [s for s in grid.sheets if s != f"'{grid.sheet}'"]
    table.problems.append(
        Problem(
            "error",
            table.label,
            f"trang tính '{grid.sheet}' được đọc nhưng không có bảng điểm của khối (thiếu cột {_names(table.tier, missing)}); "
            f"tệp còn có các trang tính: {', '.join(others)}. Hãy ghi tên trang tính chứa bảng điểm vào "
            f"sources.{table.tier.code}.sheet trong evaluation.yaml",
        )
    )


def column_aliases(tier: Tier) -> dict[str, str]:
    aliases = {}
    for canonical, names in BASE_ALIASES.items():
        for name in names:
            aliases[normalise_label(name)] = canonical
    for group in tier.groups:
        for name in (group.code, group.label, *group.aliases):
            aliases[normalise_label(name)] = group.code
    return aliases


def required_columns(tier: Tier) -> list[str]:
    """The unit code and every group; a tier scored by totals only needs its total column."""
    return ["unit_code", *(g.code for g in tier.groups)] + ([] if tier.groups else ["total"])


def _map_columns(table: ScoreTable, located: Located, hidden: set[int] = frozenset()) -> dict[int, str]:
    """Header index -> canonical column; unknown and repeated headers are noted on the table.

    A hidden column is never read (a hidden copy with the heading of a visible column would be read
    in its place): one that names a known column is refused, naming it; an unknown one is ignored.
    """
    tier, aliases = table.tier, column_aliases(table.tier)
    maxima = {g.code: g.max for g in tier.groups} | {"total": tier.max}
    columns: dict[int, str] = {}
    for index, header in enumerate(located.header):
        if not header:
            continue
        canonical, stated = column_key(header, aliases)
        if canonical == "parent" and tier.parent_tier is None:
            canonical = None  # a tier without parents has nothing to check it against
        if index in hidden:
            if canonical is not None and canonical != "row_number":
                table.problems.append(
                    Problem(
                        "error",
                        table.label,
                        f"cột {column_letter(index)} đang bị ẩn trong Excel; cột ẩn không được đọc (thường là bản cũ hay "
                        "cột nháp). Hãy bỏ ẩn (Unhide) nếu đó là cột cần dùng, hoặc xóa cột",
                        row=located.header_row,
                        column=header,
                    )
                )
            continue
        if canonical is None or canonical in columns.values():
            table.unknown_columns.append(header)
            rule = (
                "cột không có trong khung đánh giá, đã bỏ qua"
                if canonical is None
                else f"cột trùng nghĩa với cột «{table.headers[canonical]}» đã có, đã bỏ qua"
            )
            table.problems.append(Problem("warning", table.label, rule, column=header))
            continue
        columns[index] = canonical
        table.headers[canonical] = header
        if stated is not None and canonical in maxima and abs(stated - maxima[canonical]) > 1e-9:
            table.problems.append(
                Problem(
                    "error",
                    table.label,
                    f"điểm tối đa ghi ở tiêu đề cột ({stated:g}) khác điểm tối đa theo khung đánh giá "
                    f"({maxima[canonical]:g}); kiểm tra lại khung đánh giá hoặc tệp điểm",
                    row=located.header_row,
                    column=header,
                )
            )
    return {i: c for i, c in columns.items() if c != "row_number"}


def _unit_at(table: ScoreTable, row: int) -> str | None:
    if "unit_code" not in table.text:
        return None
    codes = table.text.loc[table.text["row"] == row, "unit_code"]
    return codes.iloc[0] or None if len(codes) else None


def _overlong_rows(table: ScoreTable, located: Located) -> None:
    width = len(located.header)
    for row, cells in located.overlong.items():
        table.skipped.add((row, "*"))
        table.problems.append(
            Problem(
                "error",
                table.label,
                f"dòng có {cells} ô có dữ liệu nhưng dòng tiêu đề chỉ có {width} cột; có thể một số có dấu phẩy thập "
                'phân chưa được đặt trong dấu ngoặc kép (phải viết "8,5")',
                row=row,
                unit=_unit_at(table, row),
            )
        )


def _headerless_columns(table: ScoreTable, located: Located, columns: dict[int, str]) -> None:
    for index, header in enumerate(located.header):
        if header or not any(cells[index] for _, cells in located.rows):
            continue
        table.problems.append(
            Problem(
                "warning",
                table.label,
                "cột có dữ liệu nhưng không có tiêu đề, đã bỏ qua",
                column=f"{column_letter(index)} (không có tiêu đề)",
            )
        )


def _excel_problems(table: ScoreTable, grid: Grid, located: Located, columns: dict[int, str]) -> None:
    """What a worksheet hides from a reader of its values: merged cells, formulas without values, hidden rows.

    Merged cells are refused in the data only: titles above the table, the headings of its header
    (two rows: ``core.tables``) and a summary row's label (merged across STT, code and name, never
    over a score) are as offices merge them.
    """
    scores = {i for i, c in columns.items() if c in table.score_columns_of_tier()}
    summary = {s.row for s in table.summary}
    for merged in grid.merged:
        if merged.max_row < located.header_row:
            continue  # titles above the table are often merged: harmless
        if located.header_row <= merged.min_row and merged.max_row <= located.header_end:
            continue  # the header's headings
        if merged.min_row == merged.max_row in summary and not scores & set(
            range(merged.min_column, merged.max_column + 1)
        ):
            continue  # a summary row's label
        table.shape_broken = True
        table.problems.append(
            Problem(
                "error",
                table.label,
                f"các ô {merged.coordinates} đang được gộp (Merge) trong bảng điểm; hãy bỏ gộp (Unmerge) và ghi giá trị "
                "vào từng ô",
                row=merged.min_row,
                column=_header_at(located, merged.min_column),
            )
        )
    _uncached_formulas(table, grid, located, columns)
    _percent_cells(table, grid, located, columns)
    hidden = sorted(n for n, cells in located.rows if n in grid.hidden_rows and any(cells))
    if hidden:
        table.skipped.update((row, "*") for row in hidden)
        table.problems.append(
            Problem(
                "error",
                table.label,
                "dòng đang bị ẩn trong Excel: người xem bảng không thấy dòng này nên nó không được đọc; hãy bỏ ẩn "
                "(Unhide) nếu đó là điểm cần dùng, hoặc xóa dòng",
                rows=tuple(hidden),
            )
        )


def _stored(shown: str) -> str:
    """What a percent cell holds: 15.81% -> 0.1581."""
    from ...core.sheets import cell_text

    return cell_text(round(float(shown.rstrip("%")) / 100, 15))


def _percent_cells(table: ScoreTable, grid: Grid, located: Located, columns: dict[int, str]) -> None:
    """Score cells formatted as a percentage: 15,81 typed into such a cell is stored as 0.1581 (shown
    15,81%); read as stored it would be 0,16 points. One problem per column, naming the cells."""
    table_rows = {n for n, _ in located.rows}
    by_column: dict[int, list[tuple[int, str]]] = {}
    for (row, index), coordinate in sorted(grid.percent.items()):
        if row in table_rows and index in columns and columns[index] not in UNIT_COLUMNS:
            table.skipped.add((row, columns[index]))
            by_column.setdefault(index, []).append((row, coordinate))
    for index, cells in sorted(by_column.items()):
        single = len(cells) == 1
        coordinates = ", ".join(c for _, c in cells[:5]) + (" …" if len(cells) > 5 else "")
        value = next(c for n, c in located.rows if n == cells[0][0])[index]
        table.problems.append(
            Problem(
                "error",
                table.label,
                f"ô {coordinates} được định dạng phần trăm (%): Excel lưu số gõ vào đó chia cho 100 (hiển thị {value}, "
                f"giá trị {_stored(value)}), không phải số điểm; hãy định dạng cột là Number (hoặc General), gõ lại điểm "
                "rồi lưu lại",
                row=cells[0][0] if single else None,
                rows=() if single else tuple(r for r, _ in cells),
                column=located.header[index],
                unit=_unit_at(table, cells[0][0]) if single else None,
                value=value,
            )
        )


def _uncached_formulas(table: ScoreTable, grid: Grid, located: Located, columns: dict[int, str]) -> None:
    """Formulas saved without their value: one problem per column, naming the rows (and the first formula)."""
    table_rows = {
        located.header_row,
        located.header_end,
        *(n for n, _ in located.rows),
        *(s.row for s in table.summary),
    }
    by_column: dict[int, list[tuple[int, str]]] = {}
    for (row, index), formula in sorted(grid.formulas.items()):
        if row in table_rows and index in columns:
            table.skipped.add((row, columns[index]))
            by_column.setdefault(index, []).append((row, formula))
    for index, cells in sorted(by_column.items()):
        single = len(cells) == 1
        table.problems.append(
            Problem(
                "error",
                table.label,
                "ô có công thức nhưng tệp không lưu giá trị đã tính; hãy mở tệp bằng Excel hoặc LibreOffice, tính lại "
                "và lưu lại",
                row=cells[0][0] if single else None,
                rows=() if single else tuple(r for r, _ in cells),
                column=located.header[index],
                unit=_unit_at(table, cells[0][0]) if single else None,
                value=cells[0][1],
            )
        )


def _header_at(located: Located, index: int) -> str | None:
    return located.header[index] or None if index < len(located.header) else None


# -- other tables ------------------------------------------------------------------------------


def read_registry(path: Path) -> pd.DataFrame:
    grid = read_grid(path)
    located = locate_table(grid, {c: c for c in REGISTRY_COLUMNS}, key="code")
    missing = [c for c in REGISTRY_COLUMNS if c not in located.header]
    if missing:
        raise InputError(f"{display_path(path)}: thiếu cột {', '.join(missing)} trong danh mục đơn vị")
    if located.overlong:
        rows = ", ".join(str(r) for r in sorted(located.overlong))
        raise InputError(f"{display_path(path)}: dòng {rows} có nhiều ô hơn dòng tiêu đề ({len(located.header)} cột)")
    first = {}
    for index, name in enumerate(located.header):
        if name and name not in first:
            first[name] = index
    frame = pd.DataFrame(
        {
            "row": [n for n, _ in located.rows],
            **{name: [cells[i] for _, cells in located.rows] for name, i in first.items()},
        }
    )
    return frame
