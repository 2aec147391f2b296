"""The figure record's shared parts, and the machine-readable files that sit next to a report.

Every kind's record (``figures.json``) starts with the same ``meta``: who and what the report is
about, the year, and the data status. Everything that names a report (its title in the page, the
index, the Excel annex) takes it from here, so the names cannot drift apart.

``write_json`` and ``read_json`` are the one place that knows how a record is laid out as text
(docs/input-format.md, section 15): indented JSON, except that a list of more than
``TABLE_ROWS`` items is written compactly. A list of mappings with the same keys becomes a table,
``{"columns": [...], "rows": [[...], ...]}``, one row per line, which ``read_json`` turns back
into the list of mappings; a list of plain values is written several to a line. Whoever reads a
record reads it through ``read_json`` and gets back exactly the data that was written.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

FIGURES_FILE = "figures.json"
VALIDATION_FILE = "validation.json"
GE_LOG_FILE = "validation-ge.json"  # the complete Great Expectations results, beside validation.json
# Said on every page and sheet of a report built from reconstructed sample data (data_status).
SAMPLE_MARK = "DỮ LIỆU MẪU – không phải kết quả chính thức"

# A list longer than this is written compactly (a table, or plain values several to a line). Above
# every list of a shipped record (186 units at most), so their layout is plain indented JSON; a
# commune ranking of 10,000 units is 6.4 MB as indented mappings and 2.5 MB as a table.
TABLE_ROWS = 250
TABLE_KEYS = frozenset(("columns", "rows"))  # a mapping with exactly these keys is a table
LINE_WIDTH = 100  # plain values of a long list: as many to a line as fit in this many characters
_INDENT = "  "
_SCALARS = (str, int, float, bool, type(None))
# compact, strict (no NaN), UTF-8 as is; lists and scalars only, so the C encoder does it
_COMPACT = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_VALUE = json.JSONEncoder(ensure_ascii=False, allow_nan=False)


def write_json(data, path: Path) -> None:
    """``data`` as UTF-8 JSON with an indent of two, streamed to the file, long lists compact
    (the module's docstring). When no list holds more than ``TABLE_ROWS`` items, the text is byte
    for byte ``json.dumps(data, ensure_ascii=False, indent=2)`` and a final newline. Streamed: building the
    whole text first took 118 MB of the kernel's peak for a record of 17 MB. Written beside and
    renamed, so a value JSON cannot hold (NaN, a mapping that would read back as a table) leaves
    no half-written file."""
    with replaced(path, "w", encoding="utf-8") as file:
        _write(file.write, data, 0)
        file.write("\n")


def partial_path(path: Path) -> Path:
    """Where ``replaced`` writes ``path`` before renaming it into place."""
    path = Path(path)
    return path.with_name(f".{path.name}.partial")


@contextlib.contextmanager
def replaced(path: Path, mode: str = "w", **options):
    """A file opened beside ``path`` (``partial_path``) and renamed onto it once written whole: a
    reader of ``path`` finds the old file or the new one, never half of one; a failure while
    writing leaves ``path`` as it was and removes what was written."""
    partial = partial_path(path)
    try:
        with open(partial, mode, **options) as file:
            yield file
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def read_json(path: Path):
    """A record written by ``write_json``, its tables turned back into lists of mappings."""
    return json.loads(Path(path).read_text(encoding="utf-8"), object_hook=_from_table)


def _write(write, value, level: int) -> None:
    """``value`` as ``json.dump`` with ``indent=2`` writes it, long lists compact."""
    if isinstance(value, dict):
        if value.keys() == TABLE_KEYS:
            raise ValueError(f"a mapping with exactly the keys {sorted(TABLE_KEYS)} would read back as a table")
        _write_items(write, "{}", value.items(), level)
    elif isinstance(value, (list, tuple)):
        columns = _columns(value) if len(value) > TABLE_ROWS else None
        if columns is not None:
            _write_table(write, value, columns, level)
        elif len(value) > TABLE_ROWS and all(isinstance(item, _SCALARS) for item in value):
            _write_values(write, value, level)
        else:
            _write_items(write, "[]", ((None, item) for item in value), level)
    else:
        write(_VALUE.encode(value))


def _write_items(write, brackets: str, items, level: int) -> None:
    """A mapping's (key, value) pairs or a list's (None, value) pairs, one to a line."""
    inner = "\n" + _INDENT * (level + 1)
    separator = brackets[0] + inner
    for key, item in items:
        write(separator)
        separator = "," + inner
        if brackets == "{}":
            write(_key(key) + ": ")
        _write(write, item, level + 1)
    if separator == "," + inner:
        write("\n" + _INDENT * level + brackets[1])
    else:  # empty
        write(brackets)


def _key(key) -> str:
    """A mapping's key as JSON writes it: text quoted; a number, true, false or null as its text, quoted."""
    if isinstance(key, str):
        return _VALUE.encode(key)
    if key is None or isinstance(key, (bool, int, float)):
        return _VALUE.encode(_VALUE.encode(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")


def _columns(items) -> list | None:
    """The table header of a list of mappings with the same text keys in the same order, whose
    values are, column by column, plain values and lists of plain values, or mappings of plain
    values with the same keys (written as the list of their values; the header gives the keys:
    ``{"groups": ["a", "b"]}``). None when the list is not such a table."""
    if not items or not all(isinstance(item, dict) for item in items):
        return None
    keys = tuple(items[0])
    if not all(isinstance(key, str) for key in keys) or any(tuple(item) != keys for item in items):
        return None
    columns = []
    for key in keys:
        first = items[0][key]
        if isinstance(first, dict):
            inner = tuple(first)
            if not all(isinstance(k, str) for k in inner) or not all(
                isinstance(item[key], dict)
                and tuple(item[key]) == inner
                and all(isinstance(v, _SCALARS) for v in item[key].values())
                for item in items
            ):
                return None
            columns.append({key: list(inner)})
        elif all(
            isinstance(item[key], _SCALARS)
            or (isinstance(item[key], (list, tuple)) and all(isinstance(v, _SCALARS) for v in item[key]))
            for item in items
        ):
            columns.append(key)
        else:
            return None
    return columns


def _write_table(write, items, columns: list, level: int) -> None:
    """``{"columns": [...], "rows": [...]}``, each row compact on a line of its own (not indented,
    so that a row is a line: ``grep X00001 figures.json``)."""
    pad = _INDENT * (level + 1)
    nested = [isinstance(column, dict) for column in columns]
    keys = _column_keys(columns)
    write("{\n" + pad + '"columns": ' + _VALUE.encode(columns) + ",\n" + pad + '"rows": [')
    separator = "\n"
    for item in items:
        row = [list(item[key].values()) if inner else item[key] for key, inner in zip(keys, nested)]
        write(separator + _COMPACT.encode(row))
        separator = ",\n"
    write("\n" + pad + "]\n" + _INDENT * level + "}")


def _write_values(write, values, level: int) -> None:
    """A long list of plain values, as many to a line as fit in ``LINE_WIDTH`` characters."""
    pad = _INDENT * (level + 1)
    write("[")
    line = ""
    for value in values:
        text = _VALUE.encode(value)
        if line and len(pad) + len(line) + len(text) + 3 > LINE_WIDTH:  # ', ' before, ',' after
            write("\n" + pad + line + ",")
            line = ""
        line = f"{line}, {text}" if line else text
    write("\n" + pad + line + "\n" + _INDENT * level + "]")


def _column_keys(columns: list) -> list[str]:
    """Each column's key: the name itself, or the one key of a nested column (``{"groups": [...]}``)."""
    return [next(iter(column)) if isinstance(column, dict) else column for column in columns]


def _from_table(mapping: dict):
    """A table read back: the list of mappings it was written from (other mappings as they are)."""
    if mapping.keys() != TABLE_KEYS:
        return mapping
    columns, items = mapping["columns"], []
    keys = _column_keys(columns)
    inner = [column[key] if isinstance(column, dict) else None for key, column in zip(keys, columns)]
    for row in mapping["rows"]:
        if len(row) != len(columns):
            raise ValueError(f"a table row has {len(row)} values for {len(columns)} columns: {row[:3]} ...")
        items.append(
            {
                key: dict(zip(names, value)) if names is not None else value
                for key, names, value in zip(keys, inner, row)
            }
        )
    return items


def record_meta(
    kind: str, province: str, year: int, framework, settings: dict, previous_year: int | None = None, **extra
) -> dict:
    """The ``meta`` every record starts with; ``extra`` adds the kind's own fields (or overrides one)."""
    return {
        "kind": kind,
        "province": province,
        "province_name": framework.province_name,
        "province_name_full": framework.province_name_full,
        "year": year,
        "previous_year": previous_year,
        "title": framework.title,
        "subject": framework.subject,
        "data_status": settings.get("data_status", "published"),
        "data_note": settings.get("data_note", ""),
        "method": list(settings.get("method") or []),
    } | extra


def report_title(meta: dict) -> str | None:
    """The report's title as every page names it: 'Đánh giá ... tỉnh Quảng Ninh năm 2019'."""
    title, province = meta.get("title"), meta.get("province_name_full")
    return f"{title} {province} năm {meta.get('year')}" if title and province else None
