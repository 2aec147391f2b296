"""Tables typed by people, as text: the header row found under title rows, columns named by aliases.

A table is read from a ``Grid`` (``core.sheets``: a CSV file or one Excel worksheet). Headers are
matched after Unicode NFC normalisation, white-space folding and case folding, against the
canonical names and their aliases; the header row is looked for in the first rows, so title
rows above it are allowed. A worksheet's header may take two rows, as offices keep it: read as
one when a heading of the first is merged down over the second or merged across criteria named
under it (``_two_row_header``); a criterion is then read by its own heading, a heading merged
down two rows once. Values stay text here: each kind parses them beside the text, so that
a message can quote exactly what the analyst typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError
from ..paths import display_path
from .images import embed_images
from .sheets import Grid, read_grid
from .textfiles import normalise_label, normalise_text, read_authored_text

HEADER_SEARCH_ROWS = 10  # the header row is looked for in the first rows that are not empty
# ASCII digits only: a full-width "１５" or Arabic-Indic "١٥" is refused as not a number (it is
# what a wrong keyboard or input method typed, and the analyst should see it, not a silent 15).
_NUMBER_RE = re.compile(r"[+-]?\d+(\.\d+)?", re.ASCII)
_DECIMAL_COMMA_RE = re.compile(r"[+-]?\d+,\d+", re.ASCII)
_HEADER_NOTE_RE = re.compile(r"(.+?)\s*\(([^()]*)\)")  # "Tổng điểm (170 điểm)"
_STATED_NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?", re.ASCII)


def parse_score(text: str) -> float | None:
    """A score typed by an analyst, or None when it is not a number.

    A decimal comma ("8,5") is accepted as Vietnamese spreadsheets write it; scores never
    reach the thousands, so a comma cannot be a thousands separator here.
    """
    text = normalise_text(text)
    if _NUMBER_RE.fullmatch(text):
        return float(text)
    if _DECIMAL_COMMA_RE.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def file_in(directory: Path, name, field_name: str) -> Path:
    """A file named in evaluation.yaml: inside the year folder, never an absolute path or '..'."""
    relative = Path(str(name).strip())
    if not str(name).strip() or relative.is_absolute() or ".." in relative.parts:
        raise InputError(
            f"{display_path(directory / 'evaluation.yaml')}: {field_name} = '{name}' phải là tên một tệp trong "
            f"thư mục {directory.name}/ (không dùng đường dẫn tuyệt đối hay '..')"
        )
    return directory / relative


def table_label(path: Path, sheet: str | None = None) -> str:
    """A table as messages name it: the file relative to the project, and the sheet of a workbook."""
    where = display_path(path)
    return f"{where} [{sheet}]" if sheet else where


def read_findings(directory: Path, settings: dict) -> tuple[Path | None, str | None]:
    """The analyst's findings (Markdown) named by ``findings:`` in evaluation.yaml: (path, text), or Nones."""
    if not settings.get("findings"):
        return None, None
    path = file_in(directory, settings["findings"], "findings")
    return path, embed_images(path, read_authored_text(path))


@dataclass
class Located:
    """A grid's table: its header row, the rows above it, and its data rows (blank rows dropped)."""

    header_row: int
    header: list[str]
    title: list[str]
    rows: list[tuple[int, list[str]]]  # cells cut or padded to the header's width
    overlong: dict[int, int]  # row -> number of cells holding data, for CSV rows longer than the header
    header_end: int = 0  # the header's last row: header_row + 1 for a two-row header of a worksheet

    def __post_init__(self):
        self.header_end = self.header_end or self.header_row


def column_key(header: str, aliases: dict[str, str]) -> tuple[str | None, float | None]:
    """The canonical column a header names, and the maximum it states in parentheses, if any.

    "Tổng điểm" and "Tổng điểm (170 điểm)" both name the total; the second also states 170.
    """
    label = normalise_label(header)
    if label in aliases:
        return aliases[label], None
    noted = _HEADER_NOTE_RE.fullmatch(label)
    if noted and noted.group(1) in aliases:
        numbers = _STATED_NUMBER_RE.findall(noted.group(2))
        stated = float(numbers[0].replace(",", ".")) if len(numbers) == 1 else None
        return aliases[noted.group(1)], stated
    return None, None


def locate_table(grid: Grid, aliases: dict[str, str], key: str) -> Located:
    """Find the header: the first of the first rows that names the key column and another known one."""
    rows = [(number, cells) for number, cells in grid.rows if any(cells)]
    if not rows:
        raise InputError(f"{grid.where}: tệp rỗng" if grid.kind == "csv" else f"{grid.where}: trang tính rỗng")
    index = _header_index(rows, aliases, key)
    header_row, header = rows[index]
    header_end = header_row
    if grid.kind == "excel" and index + 1 < len(rows):
        joined = _two_row_header(grid, header_row, header, rows[index + 1])
        if joined is not None:
            header, header_end = joined, header_row + 1
    first_data = index + (2 if header_end > header_row else 1)
    width = _width(header)
    if grid.kind == "excel":  # cells keep their column: data right of the header is a column without header
        width = max(_width(cells) for _, cells in [(header_row, header), *rows[first_data:]])
    data, overlong = [], {}
    for number, cells in rows[first_data:]:
        if _width(cells) > width:
            overlong[number] = sum(1 for c in cells if c)
        data.append((number, (cells + [""] * width)[:width]))
    title = [" ".join(c for c in cells if c) for _, cells in rows[:index]]
    return Located(header_row, (header + [""] * width)[:width], title, data, overlong, header_end)


def _two_row_header(
    grid: Grid, header_row: int, upper: list[str], lower_row: tuple[int, list[str]]
) -> list[str] | None:
    """The header of two rows as one, or None when the row under the header is not part of it.

    It is when the next row holds no number and, in the worksheet's merged ranges, a heading of
    the header row runs down over it ("STT" over A5:A6), or a group heading runs across columns
    whose cells in it all hold text ("Điểm theo nhóm tiêu chí" over D5:F5, criteria in D6:F6). Each column is then headed by its lower cell when it lies under a group heading, else
    by its upper cell (a heading merged down two rows is read once), else by both joined.
    """
    number, lower = lower_row
    if number != header_row + 1 or any(parse_score(c) is not None for c in lower if c):
        return None  # a row holding a number is a unit's, whatever is merged into it (refused as merged data)
    down = [m for m in grid.merged if m.min_row == header_row and m.max_row == header_row + 1]
    across = [m for m in grid.merged if m.min_row == m.max_row == header_row and m.max_column > m.min_column]
    groups = [m for m in across if all(_is_label(_cell(lower, i)) for i in range(m.min_column, m.max_column + 1))]
    if not down and not groups:
        return None
    under_group = {i for m in groups for i in range(m.min_column, m.max_column + 1)}
    width = max(len(upper), len(lower))
    joined = []
    for i in range(width):
        top, bottom = _cell(upper, i), _cell(lower, i)
        if i in under_group:
            joined.append(bottom)
        else:
            joined.append(" ".join(c for c in (top, bottom) if c))
    return joined


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _is_label(text: str) -> bool:
    return bool(text) and parse_score(text) is None


def _header_index(rows: list[tuple[int, list[str]]], aliases: dict[str, str], key: str) -> int:
    for index, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        found = {column_key(c, aliases)[0] for c in cells if c} - {None}
        if key in found and len(found) >= 2:
            return index
    return 0


def _width(cells: list[str]) -> int:
    return max((i + 1 for i, c in enumerate(cells) if c), default=0)


def read_table(path: Path, sheet: str | None = None) -> pd.DataFrame:
    """A table of text cells with its header row (the first row that is not empty); CSV or Excel.

    A worksheet's hidden rows and columns are refused, naming them: read, they are figures nobody
    reviewing the sheet saw; left out, rows lost in silence (docs/input-format.md, section 5).
    """
    grid = read_grid(path, sheet)
    located = locate_table(grid, {}, key="")
    if grid.kind == "excel":
        refuse_hidden(grid, located)
    frame = pd.DataFrame([cells for _, cells in located.rows], columns=located.header, dtype=object)
    frame.insert(len(frame.columns), "row", [n for n, _ in located.rows])
    frame.attrs["sheet"] = grid.sheet  # the worksheet read (None for CSV): messages name it
    frame.attrs["sheets"] = grid.sheets
    return frame


def refuse_hidden(grid: Grid, located: Located) -> None:
    """Hidden rows and columns of a worksheet's table, refused with their numbers and headings."""
    from ..errors import row_ranges
    from .sheets import column_letter

    rows = sorted(
        n for n, cells in [(located.header_row, located.header), *located.rows] if n in grid.hidden_rows and any(cells)
    )
    columns = sorted(
        i
        for i in grid.hidden_columns
        if i < len(located.header) and (located.header[i] or any(c[i] for _, c in located.rows))
    )
    parts = []
    if rows:
        parts.append(f"dòng {row_ranges(rows)}")
    if columns:
        parts.append(
            "cột "
            + ", ".join(
                f"{column_letter(i)} «{located.header[i]}»" if located.header[i] else column_letter(i) for i in columns
            )
        )
    if parts:
        raise InputError(
            f"{grid.where}: {' và '.join(parts)} đang bị ẩn trong Excel; phần bị ẩn không được đọc (thường là bản cũ "
            "hay phần nháp). Hãy bỏ ẩn (Unhide) nếu cần dùng, hoặc xóa đi rồi lưu lại"
        )


def aliases_of(names: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Header (normalised) -> canonical column, from each canonical column's accepted headers."""
    return {normalise_label(name): canonical for canonical, accepted in names.items() for name in accepted}


def rename_columns(
    frame: pd.DataFrame, aliases: dict[str, str], ignored: tuple[str, ...] = ("row_number",)
) -> tuple[pd.DataFrame, dict[str, str], list[str]]:
    """A table read by ``read_table`` with canonical column names, as text.

    Returns the table (its "row" column first), canonical -> header as typed, and the headers
    that name no known column or repeat one (the caller warns about them). Columns whose
    canonical name is in ``ignored`` (a row number) are known and dropped without a warning.
    """
    renamed: dict[str, str] = {}
    unknown: list[str] = []
    for column in frame.columns.drop("row"):
        canonical = aliases.get(normalise_label(column or ""))
        if canonical is None or canonical in renamed.values():
            if str(column or "").strip():
                unknown.append(str(column))
        elif canonical not in ignored:
            renamed[column] = canonical
    table = frame[list(renamed)].rename(columns=renamed).fillna("").astype(str).map(normalise_text)
    table.insert(0, "row", frame["row"].astype(int).to_numpy())
    return table.reset_index(drop=True), {canonical: str(typed) for typed, canonical in renamed.items()}, unknown
