"""The figure record's shared parts, and the machine-readable files that sit next to a report.

Every kind's record (``figures.json``) starts with the same ``meta``: who and what the report is
about, the year, and the data status. Everything that names a report (its title in the page, the
index, the Excel annex) takes it from here, so the names cannot drift apart.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

FIGURES_FILE = "figures.json"
VALIDATION_FILE = "validation.json"
GE_LOG_FILE = "validation-ge.json"  # the complete Great Expectations results, beside validation.json


def write_json(data, path: Path) -> None:
    """``data`` as indented UTF-8 JSON, streamed to the file: ``json.dumps`` with an indent builds the
    whole text from millions of small pieces first (118 MB of the kernel's peak for a record of 17 MB).
    Written beside and renamed, so a value JSON cannot hold (NaN) leaves no half-written file."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with open(partial, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, indent=2, allow_nan=False)
            file.write("\n")
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def read_json(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def record_meta(kind: str, province: str, year: int, framework, settings: dict, previous_year: int | None = None,
                **extra) -> dict:
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
    parts = [meta.get("title"), meta.get("province_name_full")]
    return f"{' '.join(parts)} năm {meta.get('year')}" if all(parts) else None
