"""Planning a batch: every province-year under data/, and why each report must be rebuilt (or not).

Planning imports nothing heavy (no pandas, Great Expectations or papermill) and hashes about a
megabyte, so a run with nothing to do takes a fraction of a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog import available_province_years
from ..paths import DATA_DIR, PROJECT_ROOT, REPORTS_DIR
from ..stamps import DATA_PREFIX, STAMP_FILE, code_inputs, read_stamp, sha256_file


class FileHashes:
    """SHA-256 of files by path, each file read once per run (framework.yaml serves every year)."""

    def __init__(self, data_dir: Path, root: Path = PROJECT_ROOT):
        self.data_dir, self.root = Path(data_dir), Path(root)
        self._cache: dict[Path, str | None] = {}

    def path(self, key: str) -> Path:
        if key.startswith(DATA_PREFIX):
            return self.data_dir / key[len(DATA_PREFIX) :]
        return self.root / key

    def __call__(self, key: str) -> str | None:
        path = self.path(key)
        if path not in self._cache:
            try:
                self._cache[path] = sha256_file(path)
            except OSError:
                self._cache[path] = None
        return self._cache[path]


def _changes(stamp: dict, code: dict[str, str], hashes: FileHashes) -> list[str]:
    """The inputs of a report that differ from what it was built from (empty: up to date)."""
    recorded = stamp.get("inputs") or {}
    changed = []
    for key, digest in recorded.items():
        now = code.get(key) if key in code else hashes(key)
        if now != digest:
            changed.append(key if now is not None else f"{key} (đã xóa)")
    recorded_code = {k for k in recorded if not k.startswith(DATA_PREFIX)}
    changed += [f"{key} (mới)" for key in sorted(set(code) - recorded_code)]
    return changed


def _new_in_year_folder(stamp: dict, data_dir: Path, province: str, year: int) -> list[str]:
    """Files added to the year's folder since the render (a published.yaml, a findings image):
    the report reads every file there, so a new one rebuilds it."""
    folder = data_dir / province / str(year)
    recorded = stamp.get("inputs") or {}
    keys = (DATA_PREFIX + p.relative_to(data_dir).as_posix() for p in sorted(folder.rglob("*")) if p.is_file())
    return [f"{key} (mới)" for key in keys if key not in recorded]


@dataclass
class Job:
    province: str
    year: int
    target: Path
    reason: str | None  # why it is rebuilt; None: up to date, skipped
    estimate: float = 0.0  # seconds the last render took, or a guess (to start the longest first)

    @property
    def name(self) -> str:
        return f"{self.province} {self.year}"


def _guess_seconds(folder: Path) -> float:
    """A report never rendered: guess its time from its data (a fixed cost, and more data, more time)."""
    try:
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    except OSError:
        size = 0
    return 8.0 + size / 100_000


def plan(
    data_dir: Path = DATA_DIR,
    reports_dir: Path = REPORTS_DIR,
    force: bool = False,
    only: list[tuple[str, int]] | None = None,
) -> list[Job]:
    """Every province-year under ``data_dir`` (or ``only`` those), with why each must be rebuilt."""
    code = code_inputs()
    hashes = FileHashes(data_dir)
    jobs = []
    for province, year in available_province_years(data_dir):
        if only is not None and (province, year) not in only:
            continue
        target = Path(reports_dir) / province / str(year)
        stamp = read_stamp(target)
        estimate = float(stamp.get("seconds") or 0) if stamp else _guess_seconds(Path(data_dir) / province / str(year))
        if force:
            reason = "--force"
        elif not (target / "report.html").exists():
            reason = "chưa có báo cáo"
        elif stamp is None:
            reason = f"báo cáo chưa có {STAMP_FILE}"
        else:
            changed = _changes(stamp, code, hashes) + _new_in_year_folder(stamp, Path(data_dir), province, year)
            reason = None
            if changed:
                shown = ", ".join(changed[:3]) + (f" và {len(changed) - 3} tệp khác" if len(changed) > 3 else "")
                reason = f"đã thay đổi: {shown}"
        jobs.append(Job(province, year, target, reason, estimate))
    return jobs
