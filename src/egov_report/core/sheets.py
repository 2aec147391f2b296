"""The cells of a CSV file or of one Excel worksheet, as text, each row with its number in the file.

A ``Grid`` is what a spreadsheet shows, before any header is looked for: every row, numbered as
the analyst sees it (row 1 is the first line of a CSV file, or the sheet's row 1), each cell as
NFC text with white space folded. For a worksheet it also records what Excel hides from a
reader of plain values: merged ranges, formulas without a saved value, hidden rows and columns.

A workbook is read from the bytes ``textfiles.read_input`` read (once, within its size limit), and
its encryption and unpacked size are checked on the zip's directory, and its worksheets' rows
counted while streaming their XML (the parts the package declares as worksheets, whatever their
names; never a <dimension> tag, which states what it likes), before openpyxl parses anything:
openpyxl holds every cell in memory, twice here (values and formulas), so a small file expanding
to gigabytes must be refused before it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import posixpath
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..paths import display_path
from . import limits
from .textfiles import normalise_text, read_input, read_text

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
UNSUPPORTED_SUFFIXES = (".xls", ".ods", ".numbers")


@dataclass(frozen=True)
class Merged:
    coordinates: str  # as Excel writes it, e.g. "A5:A7"
    min_row: int
    max_row: int
    min_column: int  # 0-based, as the cells of a row
    max_column: int


@dataclass
class Grid:
    where: str  # the file (and sheet) as messages name it
    rows: list[tuple[int, list[str]]]
    kind: str = "csv"  # "csv" or "excel"
    merged: list[Merged] = field(default_factory=list)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> formula with no saved value
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)  # 0-based
    percent: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> cell (F7) formatted as %
    decimals: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, column) -> decimals its format shows
    sheet: str | None = None  # the worksheet read
    sheets: tuple[str, ...] = ()  # every sheet of the workbook, as a message lists them: 'Bìa', 'Cũ' (ẩn)


def column_index(letters: str) -> int:
    """A column's position counted from 1, as a worksheet's width: A -> 1, AA -> 27, XFD -> 16384."""
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index


def column_letter(index: int) -> str:
    """The spreadsheet name of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_grid(path: Path, sheet: str | None = None) -> Grid:
    """CSV or Excel by the file's ending; ``sheet`` is used for workbooks only."""
    where = display_path(path)
    if not Path(path).exists():
        raise InputError(f"{where}: không tìm thấy tệp")
    suffix = Path(path).suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return read_excel_grid(path, sheet)
    if suffix in UNSUPPORTED_SUFFIXES:
        raise InputError(f"{where}: định dạng {suffix} không được hỗ trợ; hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8")
    return read_csv_grid(path)


# -- CSV -------------------------------------------------------------------------------------


def read_csv_grid(path: Path) -> Grid:
    where = display_path(path)
    text = read_text(path)
    if not text.strip():
        raise InputError(f"{where}: tệp rỗng")
    lines = sum(1 for _ in io.StringIO(text, newline=""))
    _refuse_too_many_rows(lines, where)
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, records, line = [], [], 0
    try:
        for cells in reader:
            first, line = line + 1, reader.line_num
            if line > first:  # a quoted field ran past the end of its line
                _refuse_swallowed_lines(cells, first, line, lines, where)
            records.append(cells)
            rows.append((first, [normalise_text(c) for c in cells]))
    except csv.Error as exc:
        raise InputError(f"{where}: tệp CSV không đọc được ở dòng {reader.line_num} ({exc})") from None
    if line != lines:  # every line of the file is a row, blank or not: none is lost in silence
        raise InputError(f"{where}: đọc được {line} trong {lines} dòng của tệp; hãy báo lỗi này kèm tệp")
    _refuse_other_separators(records, where)
    return Grid(where=where, rows=rows)


def _refuse_swallowed_lines(cells: list[str], first: int, last: int, lines: int, where: str) -> None:
    """A double quote opened and not closed on its line takes the lines after it into one cell (up to the
    next quote, or to the end of the file): refused, naming the line and the column where the cell began.

    A cell written over several lines on purpose is refused too: a table's cell holds one line."""
    index = next((i for i, c in enumerate(cells) if "\n" in c or "\r" in c), len(cells) - 1)
    span = "đến hết tệp" if last == lines else f"đến dòng {last}"
    raise InputError(
        f'{where}, dòng {first}: ô thứ {index + 1} (cột {column_letter(index)}) mở dấu ngoặc kép (") mà không đóng '
        f"trên cùng dòng, nên các dòng từ {first} {span} bị đọc thành một ô và mất khỏi bảng; hãy thêm dấu "
        "ngoặc kép đóng ở cuối ô, hoặc xóa dấu mở (một ô chỉ viết trên một dòng)"
    )


def _refuse_other_separators(records: list[list[str]], where: str) -> None:
    """A file saved with semicolons (or tabs) reads as one column: say so instead of listing every column missing.

    Seen in the first row that is not empty (the header, or a title): a single cell holding the
    separator at least twice. (Its data rows may well have several cells: "15,24" splits on the comma.)
    """
    first = next((r for r in records if any(c.strip() for c in r)), None)
    if first is None or len([c for c in first if c.strip()]) != 1:
        return
    cell = next(c for c in first if c.strip())
    for separator, name in ((";", "dấu chấm phẩy (;)"), ("\t", "dấu tab")):
        if cell.count(separator) >= 2:
            raise InputError(
                f"{where}: các cột được phân cách bằng {name}, không phải dấu phẩy; hãy lưu lại dưới dạng "
                "CSV UTF-8 (phân cách bằng dấu phẩy)"
            )


def _refuse_too_many_rows(count: int, where: str) -> None:
    if count > limits.max_rows():
        raise InputError(
            f"{where}: bảng có {count} dòng, vượt giới hạn {limits.max_rows()} dòng; hãy kiểm tra lại tệp "
            "(docs/input-format.md, mục 9 nói cách nâng giới hạn)"
        )


# -- Excel -----------------------------------------------------------------------------------

_ENCRYPTED = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel saves a workbook with a password as an OLE file


def read_excel_grid(path: Path, sheet: str | None) -> Grid:
    data = read_input(path)
    check_workbook(data, display_path(path))
    values = _open_workbook(path, data, data_only=True)
    formulas = _open_workbook(path, data, data_only=False)
    name = _pick_sheet(values, sheet, display_path(path))
    where = f"{display_path(path)} [{name}]"
    value_sheet, formula_sheet = values[name], formulas[name]
    rows, uncached, percent, decimals = [], {}, {}, {}
    for value_row, formula_row in zip(value_sheet.iter_rows(), formula_sheet.iter_rows()):
        number = value_row[0].row
        cells = []
        for index, (cell, source) in enumerate(zip(value_row, formula_row)):
            if cell.value is None and source.data_type == "f":
                uncached[(number, index)] = _formula_text(source.value)
            if is_percent(cell):  # read as Excel shows it: 15,81 typed in a % cell is 0.1581, shown 15.81%
                percent[(number, index)] = cell.coordinate
                cells.append(percent_text(cell.value))
                continue
            shown = shown_decimals(cell)
            if shown is not None:
                decimals[(number, index)] = shown
            cells.append(normalise_text(cell_text(cell.value)))
        rows.append((number, cells))
    return Grid(
        where=where,
        rows=rows,
        kind="excel",
        merged=[_merged(r) for r in value_sheet.merged_cells.ranges],
        formulas=uncached,
        hidden_rows={n for n, d in value_sheet.row_dimensions.items() if d.hidden},
        hidden_columns={
            i - 1
            for d in value_sheet.column_dimensions.values()
            if d.hidden
            for i in range(d.min or 0, (d.max or 0) + 1)
            if i >= 1
        },
        percent=percent,
        decimals=decimals,
        sheet=name,
        sheets=tuple(f"'{s.title}'" + ("" if s.sheet_state == "visible" else " (ẩn)") for s in values.worksheets),
    )


def is_percent(cell) -> bool:
    """A number cell whose format shows it as a percentage (0.1581 shown as 15.81%)."""
    value = cell.value
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and "%" in str(getattr(cell, "number_format", "") or "")
    )


_QUOTED_RE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # literal text, an escaped character, [colour] or [>=100]
_PLACES_RE = re.compile(r"[0#?]+(?:\.([0#?]*))?")


def shown_decimals(cell) -> int | None:
    """The decimals a number cell's format shows ("0.00" -> 2, "#,##0" -> 0), None for General or text:
    an average row saved by =AVERAGE(...) holds 15 digits but shows what its format fixes."""
    value, number_format = cell.value, str(getattr(cell, "number_format", "") or "General")
    if not isinstance(value, (int, float)) or isinstance(value, bool) or number_format == "General":
        return None
    section = _QUOTED_RE.sub("", number_format.split(";")[0])
    places = _PLACES_RE.findall(section)
    return len(places[-1]) if places else None


def percent_text(value: float) -> str:
    """A percent cell as Excel shows it: 0.1581 -> 15.81%."""
    return f"{cell_text(round(value * 100, 13))}%"


def check_workbook(data: bytes, where: str) -> None:
    """Before any parsing: a password, the unpacked size and each worksheet's rows (counted in its content), within bounds."""
    if data.startswith(_ENCRYPTED) and _old_excel(data):
        raise InputError(
            f"{where}: tệp là bảng tính Excel 97-2003 (.xls) nhưng được đặt tên đuôi .xlsx; hãy mở bằng Excel "
            "hoặc LibreOffice và lưu lại (File > Save As) với kiểu Excel Workbook (*.xlsx)"
        )
    if data.startswith(_ENCRYPTED):
        raise InputError(
            f"{where}: tệp Excel có mật khẩu (được mã hóa) nên không đọc được; hãy mở bằng Excel, bỏ mật khẩu "
            "(File > Info > Protect Workbook) rồi lưu lại dưới dạng .xlsx"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return  # not a zip: openpyxl says the file is damaged, with the usual message
    with archive:
        unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > limits.max_unpacked_bytes():
            raise InputError(
                f"{where}: tệp Excel khi giải nén lớn {unpacked / limits.MB:.0f} MB, vượt giới hạn "
                f"{limits.max_unpacked_bytes() / limits.MB:.0f} MB; hãy kiểm tra lại tệp (docs/input-format.md, "
                "mục 9 nói cách nâng giới hạn)"
            )
        limit, cells = limits.max_rows(), limits.max_cells()
        for part, title in _worksheet_parts(archive).items():
            rows, columns = _extent_of_sheet(archive, part, limit, cells)
            if rows > limit:
                raise InputError(
                    f"{where} [{title}]: trang tính có ít nhất {rows} dòng, vượt giới hạn {limit} dòng; hãy kiểm "
                    "tra lại tệp (đặt biến môi trường EGOV_MAX_ROWS để nâng giới hạn, docs/input-format.md, mục 9)"
                )
            if rows * columns > cells:
                raise InputError(
                    f"{where} [{title}]: trang tính trải tới cột {column_letter(columns - 1)} ({columns} cột) và dòng "
                    f"{rows}, tức ít nhất {rows * columns} ô, vượt giới hạn {cells} ô; thường do một ô có dữ liệu hoặc "
                    "định dạng ở xa bảng điểm: hãy xóa các cột, dòng thừa bên phải và bên dưới bảng rồi lưu lại (đặt "
                    "biến môi trường EGOV_MAX_CELLS để nâng giới hạn, docs/input-format.md, mục 9)"
                )


def _old_excel(data: bytes) -> bool:
    """An OLE compound file holding an Excel 97-2003 workbook (a "Workbook" or "Book" stream), not
    the encrypted package Excel writes for a .xlsx saved with a password ("EncryptedPackage")."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return False
    return any(name.encode("utf-16-le") + b"\x00\x00" in data for name in ("Workbook", "Book"))


_WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_WORKBOOK_TYPES = tuple(
    f"application/vnd.{t}.main+xml"
    for t in (
        "openxmlformats-officedocument.spreadsheetml.sheet",
        "openxmlformats-officedocument.spreadsheetml.template",
        "ms-excel.sheet.macroEnabled",
        "ms-excel.template.macroEnabled",
        "ms-excel.addin.macroEnabled",
    )
)
_ROW_OR_CELL_RE = re.compile(rb"<(?:[\w.-]+:)?(row|c)(?=[\s/>])([^>]*)>")
_REFERENCE_RE = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']([A-Za-z]*)(\d+)["']""")
_CHUNK = 1 << 20


def _worksheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Every worksheet part of the package (its member name -> the sheet's name for messages), whatever it is called.

    A part is a worksheet when ``[Content_Types].xml`` says so (an Override, or a Default by extension) or when the
    workbook's relationships point to it as one (what openpyxl follows): never by its file name. A package whose
    content types or workbook cannot be read is left to openpyxl, which refuses it as damaged."""
    from defusedxml import ElementTree

    members = {info.filename.casefold(): info.filename for info in archive.infolist()}

    def part(name: str) -> str | None:
        return members.get(name.lstrip("/").casefold())

    def xml(name: str | None):
        if name is None:
            return None
        with archive.open(name) as member:
            return ElementTree.parse(member).getroot()

    sheets: dict[str, str] = {}
    try:
        types = xml(part("[Content_Types].xml"))
        if types is None:
            return sheets
        defaults = {
            e.get("Extension", "").casefold(): e.get("ContentType", "") for e in types if _local(e.tag) == "Default"
        }
        overrides = {
            part(e.get("PartName", "")): e.get("ContentType", "") for e in types if _local(e.tag) == "Override"
        }
        overrides.pop(None, None)
        for name in members.values():
            declared = overrides.get(name, defaults.get(name.rpartition(".")[2].casefold()) if "." in name else None)
            if declared == _WORKSHEET_TYPE:
                sheets[name] = name
        workbook = next((n for n, t in overrides.items() if t in _WORKBOOK_TYPES), None)
        if workbook is None:
            return sheets
        folder, _, base = workbook.rpartition("/")
        relations = xml(part(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"))
        titles = {}
        for sheet in (e for e in xml(workbook).iter() if _local(e.tag) == "sheet"):
            key = next((v for k, v in sheet.attrib.items() if _local(k) == "id"), None)
            titles[key] = sheet.get("name", "")
        for relation in relations if relations is not None else ():
            if not relation.get("Type", "").endswith("/worksheet") or relation.get("TargetMode") == "External":
                continue
            target = relation.get("Target", "")
            target = target if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            worksheet = part(target)
            if worksheet is not None:
                sheets[worksheet] = titles.get(relation.get("Id")) or worksheet
        return sheets
    except Exception:  # damaged XML, an entity or DTD refused by defusedxml ...: openpyxl says the file is damaged
        return sheets  # (the worksheets found until then are counted all the same)


def _local(tag: str) -> str:
    """An XML name without its namespace: {http://...}sheet -> sheet."""
    return tag.rpartition("}")[2]


def _extent_of_sheet(archive: zipfile.ZipFile, name: str, row_limit: int, cell_limit: int) -> tuple[int, int]:
    """The rows and columns of a worksheet part as its content makes them, counted while streaming its XML
    (never parsed whole): the last row and the last column a reader would create, from the row elements
    (numbered as written, or following the previous one) and the references of the cells (a cell without
    one follows the previous cell of its row). openpyxl makes every cell of that rectangle, so one cell in
    column XFD widens every row to 16 384 cells. Stops as soon as a limit is passed."""
    row = highest = widest = column = 0

    def scan(text: bytes) -> bool:
        nonlocal row, highest, widest, column
        for match in _ROW_OR_CELL_RE.finditer(text):
            reference = _REFERENCE_RE.search(match.group(2))
            if match.group(1) == b"row":
                row = int(reference.group(2)) if reference else row + 1
                highest, column = max(highest, row), 0
            else:
                if reference and reference.group(1):
                    column = column_index(reference.group(1).decode("ascii"))
                else:
                    column += 1
                widest = max(widest, column)
                if reference:
                    highest = max(highest, int(reference.group(2)))
            if highest > row_limit or highest * widest > cell_limit:
                return True
        return False

    with archive.open(name) as member:
        head = member.read(_CHUNK)
        decoder = _decoder(head)
        tail = b""
        chunk = head
        while chunk:
            buffer = tail + (decoder(chunk) if decoder else chunk)
            cut = buffer.rfind(b"<")  # a tag never holds a '<': every tag before the last '<' is whole
            cut = len(buffer) if cut < 0 else cut
            if scan(buffer[:cut]):
                return highest, widest
            tail = buffer[cut:]
            chunk = member.read(_CHUNK)
        scan(tail)
    return highest, widest


def _decoder(head: bytes):
    """A part written in UTF-16 (Excel writes UTF-8; a reader accepts both), re-encoded to UTF-8 chunk by chunk."""
    if not (head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<")):
        return None
    import codecs

    encoding = (
        "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-16-le" if head[:1] == b"<" else "utf-16-be")
    )
    incremental = codecs.getincrementaldecoder(encoding)(errors="replace")
    return lambda chunk: incremental.decode(chunk).encode("utf-8")


def _open_workbook(path: Path, data: bytes, data_only: bool):
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it does not read
            return openpyxl.load_workbook(io.BytesIO(data), data_only=data_only)
    except Exception as exc:  # a damaged or renamed file can fail anywhere in the parser
        raise InputError(
            f"{display_path(path)}: không đọc được tệp Excel ({type(exc).__name__}); tệp bị hỏng hoặc không phải "
            "định dạng .xlsx: hãy mở bằng Excel hoặc LibreOffice và lưu lại dưới dạng .xlsx"
        ) from None


def _pick_sheet(workbook, sheet: str | None, where: str) -> str:
    """The sheet named in evaluation.yaml (matched after normalisation), or the first visible one."""
    sheets = workbook.worksheets
    visible = [s.title for s in sheets if s.sheet_state == "visible"]
    listing = ", ".join(s.title if s.sheet_state == "visible" else f"{s.title} (ẩn)" for s in sheets)
    if sheet is None:
        if not visible:
            raise InputError(f"{where}: tệp không có trang tính nào đang hiện")
        return visible[0]
    wanted = normalise_text(str(sheet))
    for candidate in sheets:
        if normalise_text(candidate.title) == wanted:
            if candidate.sheet_state != "visible":
                raise InputError(
                    f"{where}: trang tính '{candidate.title}' đang bị ẩn; một trang tính ẩn thường là bản cũ, nên "
                    "không được đọc. Nếu đúng là bảng điểm cần dùng, hãy bỏ ẩn (Unhide) trong Excel rồi chạy lại"
                )
            return candidate.title
    raise InputError(f"{where}: không có trang tính '{sheet}' (có: {listing})")


def _merged(cell_range) -> Merged:
    return Merged(
        cell_range.coord, cell_range.min_row, cell_range.max_row, cell_range.min_col - 1, cell_range.max_col - 1
    )


def _formula_text(value) -> str:
    text = getattr(value, "text", value)  # an array formula carries its text
    text = str(text or "")
    return text if text.startswith("=") else f"={text}"


def cell_text(value) -> str:
    """A cell's value as Excel shows it in a General cell: 8, 8.5, 06823, 30/10/2019."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = f"{value:.15g}"  # Excel shows 15 significant digits: 73.42, not 73.42000000000001
        return text if "e" not in text else f"{value:.15f}".rstrip("0").rstrip(".")
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time(0) else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)
