"""Where the project's folders are. One place, so notebooks and the CLI agree."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = Path(os.environ.get("EGOV_DATA_DIR", PROJECT_ROOT / "data"))
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = Path(os.environ.get("EGOV_REPORTS_DIR", PROJECT_ROOT / "reports"))
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


def display_path(path: Path) -> str:
    """A path as a report or message may show it: relative to the project, never absolute.

    The path as named first (a symlink is named where it is, not by what it points to), then resolved.
    """
    data = Path(os.path.abspath(DATA_DIR))
    for candidate, bases in (
        (Path(os.path.abspath(path)), (data, PROJECT_ROOT)),
        (Path(path).resolve(), (DATA_DIR.resolve(), PROJECT_ROOT)),
    ):
        for base in bases:
            try:
                rel = candidate.relative_to(base)
            except ValueError:
                continue
            return str(Path("data") / rel) if base in (data, DATA_DIR.resolve()) else str(rel)
    return Path(path).resolve().name
