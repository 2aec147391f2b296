"""A report's parts as a reader sees them, built without drawing a chart (the narratives' text tests)."""

from __future__ import annotations

import copy
import html
import re

TIERED_CHARTS = ("ranking", "distribution", "band_distribution", "year_comparison", "group_breakdown", "parent_means")
NATIONAL_CHARTS = ("position_chart", "category_chart", "trajectory_chart")


def visible(part) -> str:
    """The text a reader sees: inline marks joined to their words, blocks parted by a space, no chart."""
    page = getattr(part, "data", str(part))
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    page = re.sub(r"</?(span|strong|em|a|abbr|sup|code)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ").split())


def charts_recorded(monkeypatch, module, names: tuple[str, ...]) -> dict[str, list]:
    """Each chart function of ``module`` replaced by a record of what it was given (a copy of its
    arguments): a report's text is then built in a tenth of the time; drawing is tested elsewhere."""
    calls: dict[str, list] = {}
    for name in names:

        def record_call(*args, name=name):
            calls.setdefault(name, []).append(copy.deepcopy(args))
            return f"<svg><title>{name}</title></svg>"

        monkeypatch.setattr(module, name, record_call)
    return calls


_CELL = re.compile(r'<t([hd])\b[^>]*?class="([^" ]*)[^"]*"[^>]*>(.*?)</t\1>', re.S)  # (kind, first class, content)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
# a score, a count, a share, a rank ("3/5"), a change ("+5,00", "↑2"), a threshold ("≥ 80", "< 50")
_NUMBER = re.compile(r"^([+−\-↑↓=≥≤<>]\s?)?\d|^=$")
_IDENTIFIERS = ("Mã",)  # a column of codes: identifiers, read as words (on the left)


def misaligned(page) -> list[str]:
    """The cells of every data table on ``page`` (a numbered table: the official form's header is not one)
    whose alignment a reader would find wrong: a number not on the right, a word (or a unit's code) not
    on the left, a column's heading not aligned as the column's first figure or word."""
    html_text = getattr(page, "data", str(page))
    wrong = []
    data_tables = re.findall(r'<figure class="table[^"]*"[^>]*>.*?</figure>', html_text, flags=re.S)
    for table in (t for figure in data_tables for t in re.findall(r"<table\b.*?</table>", figure, flags=re.S)):
        rows = [_CELL.findall(row) for row in _ROW.findall(table)]
        heads = next((r for r in rows if r and all(kind == "h" for kind, _, _ in r)), [])
        body = [r for r in rows if r and any(kind == "d" for kind, _, _ in r)]
        codes = {i for i, (_, _, cell) in enumerate(heads) if visible(cell) in _IDENTIFIERS}
        column_align: dict[int, str] = {}
        for row in body:
            for i, (_, align, cell) in enumerate(row):
                text = visible(cell)
                if text in ("", "—", "–"):
                    continue
                expected = "right" if _NUMBER.match(text) and i not in codes else "left"
                column_align.setdefault(i, expected)
                if align != expected:
                    wrong.append(f"{text!r}: {align}")
        if len(heads) == len(body[0]) if body else False:
            for i, (_, align, cell) in enumerate(heads):
                if i in column_align and align != column_align[i]:
                    wrong.append(f"heading {visible(cell)!r}: {align}, its column {column_align[i]}")
    return wrong


def unbroken_columns(page) -> list[list[str]]:
    """For each numbered table on ``page``, the headings of the columns whose cells are kept on one line
    (``data-nowrap``: a rank, a code, a signed change a line break would split)."""
    html_text = getattr(page, "data", str(page))
    out = []
    for figure in re.findall(r'<figure class="table[^"]*"[^>]*>.*?</figure>', html_text, flags=re.S):
        heads = [visible(h) for h in re.findall(r"<th\b[^>]*>(.*?)</th>", figure, flags=re.S)]
        row = next(iter(re.findall(r"<tr\b[^>]*>\s*(<td.*?)</tr>", figure, flags=re.S)), "")
        cells = re.findall(r"<td\b([^>]*)>", row)
        out.append([h for h, attributes in zip(heads, cells) if "data-nowrap" in attributes])
    return out
