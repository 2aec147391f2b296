"""Writing the machine-readable records that sit next to a report."""

from __future__ import annotations

import json
from pathlib import Path

FIGURES_FILE = "figures.json"
VALIDATION_FILE = "validation.json"


def write_json(data, path: Path) -> None:
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n", encoding="utf-8")


def read_json(path: Path):
    return json.loads(Path(path).read_text(encoding="utf-8"))
