"""Where a report's numbers come from: input file hashes, code version, package versions.

Only these intended fields reach the report; paths are shown relative to the project.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..paths import PROJECT_ROOT, display_path
from .textfiles import digest_read

PACKAGES = (
    "egov-report",
    "pandas",
    "great-expectations",
    "papermill",
    "nbconvert",
    "matplotlib",
    "jinja2",
    "babel",
    "weasyprint",
    "openpyxl",
)


def file_digest(path: Path) -> dict:
    """The file as the loader read it: the hash of the bytes the figures come from, not of the
    file as it is now (it may have changed since; the renderer compares the two after the run)."""
    read = digest_read(path)
    if read is None:
        data = Path(path).read_bytes()
        read = (hashlib.sha256(data).hexdigest(), len(data))
    return {"path": display_path(path), "sha256": read[0], "bytes": read[1]}


def input_digests(input_files) -> list[dict]:
    """What identifies a report's inputs: each file's path, SHA-256 and size as its loader read it."""
    return [file_digest(path) for path in input_files]


def code_version() -> str:
    """The git commit the code was run at (with '-dirty' for uncommitted changes)."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        described = ""
    return described or f"egov-report {__version__} (không có git)"


def package_versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return versions


def provenance(input_files) -> dict:
    """The files a report read (its loader's ``input_files``), with their hashes, and the versions."""
    return {
        "inputs": input_digests(input_files),
        "code_version": code_version(),
        "packages": package_versions(),
        "generated_at": dt.datetime.now().astimezone().strftime("%d/%m/%Y %H:%M %Z").strip(),
    }
