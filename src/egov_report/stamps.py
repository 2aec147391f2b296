"""``inputs.json``: what a published report was built from, so that a batch rebuilds only what changed.

Written by the render next to each report: the SHA-256 of

- the data files the notebook read (framework, unit registry, the year's settings, score files
  and findings, and the previous year's files when the report compares with it), taken from
  the report's provenance, so the list is exactly what the loader read;
- the code: the report's notebook, every file of ``src/egov_report/`` (templates included,
  except the batch's own modules and index template, which cannot change a report) and the
  validation suites in ``expectations/``.

A report is rebuilt when one of those files changed content, disappeared or (for code) was
added; touching a file without changing it rebuilds nothing. This module imports nothing heavy.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

from .core.records import report_title
from .paths import PROJECT_ROOT

STAMP_FILE = "inputs.json"  # what a published report was built from (written by the render)
STAMP_FORMAT = 2
DATA_PREFIX = "data/"  # inputs from the data folder are keyed data/<province>/...
CODE_GLOBS = ("src/egov_report/**/*", "expectations/*.json")  # plus the notebook the report ran
# Cannot change a report: the batch (planning, running, the index page) and its template.
NOT_REPORT_INPUTS = ("src/egov_report/batch/", "src/egov_report/templates/batch/")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_inputs(notebook: Path | None = None, root: Path = PROJECT_ROOT) -> dict[str, str]:
    """The code a report depends on, keyed by path in the project, with SHA-256: the package,
    the validation suites and (when given) the notebook the report is rendered from."""
    found = {}
    paths = [p for pattern in CODE_GLOBS for p in Path(root).glob(pattern)]
    for path in paths + ([Path(notebook)] if notebook else []):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            try:
                key = path.resolve().relative_to(Path(root).resolve()).as_posix()
            except ValueError:  # a notebook outside the project (egov-bench's floor)
                key = path.resolve().as_posix()
            if not key.startswith(NOT_REPORT_INPUTS):
                found[key] = sha256_file(path)
    return dict(sorted(found.items()))


def data_inputs(record: dict, data_dir: Path, province: str) -> dict[str, str]:
    """The data files a report read, keyed data/<province>/..., with SHA-256.

    Taken from the figure record's provenance (exactly what the notebook read). A record
    without provenance makes every file of the province's folder an input: never too few.
    """
    listed = record.get("provenance", {}).get("inputs") or []
    if listed and all(str(f.get("path", "")).startswith(DATA_PREFIX) for f in listed):
        return {f["path"]: f["sha256"] for f in listed}
    base = Path(data_dir)
    return {
        DATA_PREFIX + p.relative_to(base).as_posix(): sha256_file(p)
        for p in sorted((base / province).rglob("*"))
        if p.is_file()
    }


def check_unchanged(record: dict, data_dir: Path) -> None:
    """Every data file the record's provenance lists still has the content its figures were computed from.

    The loader hashes the bytes it reads (``core.textfiles.read_input``) and the provenance gives
    those hashes; a file edited during the render now hashes otherwise, and the report, whose
    figures and stamp would describe different bytes, must not be published.
    """
    from .errors import InputError

    for listed in record.get("provenance", {}).get("inputs") or []:
        path = str(listed.get("path", ""))
        if not path.startswith(DATA_PREFIX):
            continue
        current = Path(data_dir) / path[len(DATA_PREFIX) :]
        try:
            same = sha256_file(current) == listed.get("sha256")
        except OSError:
            same = False
        if not same:
            raise InputError(
                f"{path}: tệp đã thay đổi (hoặc bị xóa) trong khi tạo báo cáo; số liệu đã tính từ nội dung cũ nên "
                "không công bố báo cáo này: hãy chạy lại khi tệp đã sửa xong"
            )


def year_folder_inputs(data_dir: Path, province: str, year: int) -> dict[str, str]:
    """Every file of the year's folder (the form's data, published.yaml, findings): read next to the record."""
    base = Path(data_dir)
    folder = base / str(province) / str(year)
    if not folder.is_dir():
        return {}
    return {
        DATA_PREFIX + p.relative_to(base).as_posix(): sha256_file(p) for p in sorted(folder.rglob("*")) if p.is_file()
    }


def read_stamp(target: Path) -> dict | None:
    try:
        stamp = json.loads((Path(target) / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) and stamp.get("format") == STAMP_FORMAT else None


def make_stamp(
    province: str,
    year: int,
    record: dict,
    code: dict[str, str],
    data: dict[str, str],
    seconds: dict[str, float],
    files: list[str],
    outputs: list[dict] | None = None,
) -> dict:
    """The stamp a render writes next to its report (``inputs.json``).

    ``code`` is ``code_inputs()`` taken before the notebook ran, ``data`` is ``data_inputs()``;
    ``meta`` (from the figure record) is what ``reports/index.html`` shows.
    """
    meta = record.get("meta", {})
    return {
        "format": STAMP_FORMAT,
        "province": province,
        "year": year,
        "rendered_at": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(sum(v for k, v in seconds.items() if k in ("notebook", "html", "pdf")), 2),
        "meta": {key: meta.get(key) for key in ("province_name", "province_name_full", "title", "kind", "data_status")}
        | {"heading": report_title(meta)},
        "files": files,
        "outputs": outputs or [],  # the kind's extra files: {"file", "label"}, linked by the index
        "inputs": dict(sorted({**data, **code}.items())),
    }
