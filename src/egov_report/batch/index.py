"""``reports/index.html``: every published report, with its province, year, kind, date and links."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from ..catalog import PROVINCE_RE, YEAR_RE
from ..paths import REPORTS_DIR, TEMPLATES_DIR
from ..stamps import STAMP_FILE, read_stamp

INDEX_FILE = "index.html"
REPORT_FILES = (("HTML", "report.html"), ("PDF", "report.pdf"))  # every kind; a kind's extra outputs follow
TECHNICAL_FILES = (
    ("Hồ sơ kỹ thuật", "technical.html"),
)  # every kind, after its outputs (render.technical.TECHNICAL_FILE)
DATA_STATUS_WORDS = {"reconstructed": "số liệu mẫu dựng lại", "synthetic": "số liệu tổng hợp, không có thật"}


def index_entries(reports_dir: Path = REPORTS_DIR, failed=frozenset()) -> list[dict]:
    """One entry per published report (a folder reports/<province>/<year>/ with its stamp).

    ``failed``: the reports whose last render failed, as a set, or as a mapping to when that
    render started (time.time()): a report built again since (by another process) is not marked.
    """
    entries = []
    for stamp_path in sorted(Path(reports_dir).glob(f"*/*/{STAMP_FILE}")):
        target = stamp_path.parent
        stamp = read_stamp(target)
        if stamp is None or not PROVINCE_RE.fullmatch(target.parent.name) or not YEAR_RE.fullmatch(target.name):
            continue
        meta = stamp.get("meta") or {}
        when = dt.datetime.fromisoformat(stamp["rendered_at"])
        province, year = target.parent.name, int(target.name)
        entries.append(
            {
                "province": province,
                "province_name": meta.get("province_name") or province,
                "year": year,
                "kind": meta.get("kind") or "",
                "title": meta.get("heading") or meta.get("title") or "",
                "data_status": DATA_STATUS_WORDS.get(meta.get("data_status"), meta.get("data_status") or "")
                if meta.get("data_status") != "published"
                else "",
                "date": when.strftime("%d/%m/%Y %H:%M"),
                "links": [
                    {"label": label, "href": f"{province}/{year}/{name}"}
                    for label, name in _files(stamp)
                    if (target / name).exists()
                ],
                "failed": _failed_since(failed, (province, year), when),
            }
        )
    entries.sort(key=lambda e: (e["province_name"], -e["year"]))
    return entries


def _failed_since(failed, key: tuple[str, int], rendered: dt.datetime) -> bool:
    if key not in failed:
        return False
    return not isinstance(failed, dict) or rendered.timestamp() < failed[key]


def _files(stamp: dict) -> list[tuple[str, str]]:
    """(label, file) of a report's files: HTML, PDF, the kind's extra outputs from its stamp, the technical record."""
    return list(REPORT_FILES) + [(o["label"], o["file"]) for o in stamp.get("outputs") or []] + list(TECHNICAL_FILES)


def write_index(reports_dir: Path = REPORTS_DIR, failed=frozenset()) -> Path:
    """reports/index.html, rewritten only when its content changes."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True, undefined=StrictUndefined)
    entries = index_entries(reports_dir, failed)
    html = env.get_template("batch/index.html.j2").render(
        entries=entries, provinces=len({e["province"] for e in entries})
    )
    path = Path(reports_dir) / INDEX_FILE
    if not path.exists() or path.read_text(encoding="utf-8") != html:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return path
