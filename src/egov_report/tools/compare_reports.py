"""Compare two trees of rendered reports: the figure records and the text a reader sees.

    egov-compare-reports BEFORE_DIR AFTER_DIR

Each tree is a reports folder (``<province>/<year>/figures.json`` and ``report.html``), e.g.
one rendered before a refactoring and one after it (``make reports`` with
``EGOV_REPORTS_DIR``). For every province-year found in either tree it prints whether
``figures.json`` is the same record (read with ``read_json``, so neither key order nor the
layout of long lists counts) and whether the visible text of ``report.html`` is the same (tags,
styles and scripts left out, white space folded). What legitimately differs between two renders of the same inputs is left out of
both comparisons: the time of the render, the code version and the library versions.
``--dropped KEY`` names a key that the change removed from the records on purpose (dead data):
it is left out of the comparison wherever it appears, and the output says so.
Exit status 0 when every report is identical in both respects, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

from egov_report.core.records import read_json

VOLATILE_PROVENANCE = ("generated_at", "code_version", "packages")


class _VisibleText(HTMLParser):
    """The text a browser shows: everything outside <style>, <script> and <head>'s <title>."""

    HIDDEN = {"style", "script", "title"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(" ".join(data.split()))


def visible_text(html: str, volatile: list[str]) -> list[str]:
    parser = _VisibleText()
    parser.feed(html)
    lines = parser.parts
    for value in sorted(filter(None, volatile), key=len, reverse=True):
        lines = [line.replace(value, "<volatile>") for line in lines]
    return lines


def without_keys(value, keys: set[str]):
    """The value with every dict entry named in ``keys`` removed, at any depth."""
    if isinstance(value, dict):
        return {k: without_keys(v, keys) for k, v in value.items() if k not in keys}
    if isinstance(value, list):
        return [without_keys(v, keys) for v in value]
    return value


def stable_record(record: dict) -> tuple[dict, list[str]]:
    """The record less what changes from one render to the next, and those values (to mask in text)."""
    record = json.loads(json.dumps(record))
    provenance = record.get("provenance") or {}
    volatile = []
    for key in VOLATILE_PROVENANCE:
        value = provenance.pop(key, None)
        if isinstance(value, str):
            volatile.append(value)
        elif isinstance(value, dict):
            volatile += [f"{name} {version}" for name, version in value.items()]
    return record, volatile


def compare(before: Path, after: Path, dropped: set[str] = frozenset()) -> list[str]:
    """One line per report; lines starting with 'DIFF' or 'MISSING' are failures."""
    names = sorted(
        {p.parent.relative_to(root).as_posix() for root in (before, after) for p in root.glob("*/*/figures.json")}
    )
    lines = []
    for name in names:
        old, new = before / name, after / name
        if not (old / "figures.json").exists() or not (new / "figures.json").exists():
            lines.append(f"MISSING {name}: only in {'after' if not (old / 'figures.json').exists() else 'before'}")
            continue
        old_record, old_volatile = stable_record(read_json(old / "figures.json"))
        new_record, new_volatile = stable_record(read_json(new / "figures.json"))
        old_record, new_record = without_keys(old_record, dropped), without_keys(new_record, dropped)
        old_text = visible_text((old / "report.html").read_text(encoding="utf-8"), old_volatile)
        new_text = visible_text((new / "report.html").read_text(encoding="utf-8"), new_volatile)
        same_record, same_text = old_record == new_record, old_text == new_text
        if same_record and same_text:
            lines.append(f"same    {name}: figures.json identical, visible text identical ({len(new_text)} text runs)")
            continue
        lines.append(
            f"DIFF    {name}: figures.json {'identical' if same_record else 'differs'}, "
            f"visible text {'identical' if same_text else 'differs'}"
        )
        if not same_text:
            diff = difflib.unified_diff(old_text, new_text, "before", "after", n=0, lineterm="")
            lines += [f"          {line[:160]}" for line in list(diff)[2:12]]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument(
        "--dropped",
        action="append",
        default=[],
        metavar="KEY",
        help="a record key removed on purpose: left out of the comparison (repeatable)",
    )
    args = parser.parse_args(argv)
    if args.dropped:
        print(f"Left out of the comparison (removed on purpose): {', '.join(args.dropped)}")
    lines = compare(args.before, args.after, set(args.dropped))
    print("\n".join(lines))
    reports = [line for line in lines if not line.startswith(" ")]
    failures = [line for line in reports if not line.startswith("same")]
    print(f"{len(reports) - len(failures)}/{len(reports)} reports identical")
    return 1 if failures or not lines else 0


if __name__ == "__main__":
    sys.exit(main())
