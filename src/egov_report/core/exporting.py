"""Cells for spreadsheet exports (Excel, CSV): data from the inputs never becomes a formula.

A unit name typed as ``=HYPERLINK("http://…")`` or ``@SUM(…)`` is harmless in HTML (escaped)
but runs as a formula when a spreadsheet opens an export that contains it (CSV injection).
Every value written to a CSV export goes through ``safe_cell``. An
Excel workbook instead gets ``excel_cell``: its text is stored as a string cell, which no
spreadsheet runs, so the text is kept exactly as typed (no apostrophe added to it). Numbers stay
numbers: only text is neutralised.
"""

from __future__ import annotations

import math
import numbers
import unicodedata

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), with the
# full-width forms some spreadsheets fold to them, and the controls that can hide them.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "\t", "\r", "\n")
QUOTE = "'"  # shown by no spreadsheet: it only marks the cell as text


def safe_cell(value):
    """A value ready for a spreadsheet cell: numbers as they are, text never read as a formula.

    - ``None`` and NaN become an empty cell (``None``); booleans and finite numbers are kept.
    - Text is NFC-normalised, control characters other than tab and newlines are removed, and
      text that starts (after leading spaces) with ``= + - @`` (or their full-width forms, a
      tab or a line break) gets a leading apostrophe, so ``=1+1`` is shown as text, not run.
    - Anything else is written as its text, by the same rule.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Real):
        return None if isinstance(value, float) and not math.isfinite(value) else value
    text = clean_text(value)
    if text.lstrip(" \u00a0").startswith(FORMULA_TRIGGERS):
        return QUOTE + text
    return text


def clean_text(value) -> str:
    """Text as NFC, without control characters other than tab and line breaks."""
    text = unicodedata.normalize("NFC", str(value))
    return "".join(c for c in text if c in "\t\r\n" or unicodedata.category(c) != "Cc")


def excel_cell(sheet, value):
    """A write-only openpyxl cell: numbers as numbers, any text as a string cell (never a formula,
    whatever it starts with, and without the apostrophe ``safe_cell`` adds for CSV)."""
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, bool) or isinstance(value, numbers.Real):
        return WriteOnlyCell(sheet, value=safe_cell(value))
    cell = WriteOnlyCell(sheet, value=clean_text(value))
    cell.data_type = "s"  # set after the value: openpyxl would otherwise read "=..." as a formula
    return cell
