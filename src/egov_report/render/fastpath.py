"""The fast path: a report's text, HTML and PDF rebuilt from its stored figure record, without a kernel.

Invariant: the fast path runs only when every input that changed since the stored render is a
narrative input (``narrative_change``), and then it makes the report.html a full render makes:
it runs the same notebook cells, in this process, with the kind's own loader reading the same
bytes; only the analysis and the validation are taken from the stored run (figures.json,
validation.json, validation-ge.json), and neither reads a narrative input.

Narrative inputs (docs/decisions.md, "The fast path"): the findings (a ``.md`` file of the year's
folder and the images it embeds), ``published.yaml`` (read next to the record, by the builder
and the reconciliation, never by the analysis), the templates and stylesheet under
``src/egov_report/templates/``, and ``evaluation.yaml`` when only its official-form keys changed
(``NARRATIVE_SETTINGS``: the rest of it, sources and scales, feeds the figures). Anything else
changed, a stamp missing or of an older render, a notebook that does not bind ``validated`` and
``analyse``: the full run.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import shutil
from contextlib import contextmanager
from pathlib import Path

from .. import paths, stamps
from ..core.records import FIGURES_FILE, GE_LOG_FILE, VALIDATION_FILE, read_json

# Keys of evaluation.yaml read only by core.document (the official form): never by a loader's figures.
NARRATIVE_SETTINGS = ("issuer", "legal_basis", "reader_note", "reader_source", "reader_citations", "sample_annex")
TEMPLATES_PREFIX = "src/egov_report/templates/"
NARRATIVE_SUFFIXES = (".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")  # findings and their images
FIGURE_PARTS = "figure_parts"  # in inputs.json: digest of evaluation.yaml less its narrative keys
SKIPPED_TAGS = {"parameters", "injected-parameters"}  # their values are given (province, year, output_dir="")


def settings_figure_digest(path: Path) -> str | None:
    """SHA-256 of evaluation.yaml as read, less ``NARRATIVE_SETTINGS``; None when it cannot be read."""
    from ..core.settings import read_settings

    try:
        settings = read_settings(path)
    except Exception:  # noqa: BLE001 - unreadable: not a narrative edit; the full run names the problem
        return None
    if not isinstance(settings, dict):
        return None
    rest = {k: v for k, v in settings.items() if k not in NARRATIVE_SETTINGS}
    return hashlib.sha256(json.dumps(rest, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def figure_parts(data_dir: Path, province: str, year: int, read: dict[str, str] | None = None) -> dict[str, str | None]:
    """What inputs.json keeps to tell a narrative edit of evaluation.yaml from one of its figures.

    ``read``: the SHA-256 the render read each input with; a file that differs now (edited at the
    very end of the render) gets no digest, so that the next run is a full one.
    """
    key = f"{stamps.DATA_PREFIX}{province}/{year}/evaluation.yaml"
    path = Path(data_dir) / str(province) / str(year) / "evaluation.yaml"
    if not path.is_file():
        return {}
    before = stamps.sha256_file(path)
    digest = settings_figure_digest(path)
    if read is not None and not (read.get(key) == before == stamps.sha256_file(path)):
        return {}
    return {key: digest}


def current_inputs(stamp: dict, notebook: Path, data_dir: Path, province: str, year: int) -> dict[str, str | None]:
    """Each input the stamp lists (None: gone) and every file now in the year's folder or the code, with SHA-256."""
    found: dict[str, str | None] = {}
    for key in stamp.get("inputs", {}):
        if key.startswith(stamps.DATA_PREFIX):
            path = Path(data_dir) / key[len(stamps.DATA_PREFIX) :]
            found[key] = stamps.sha256_file(path) if path.is_file() else None
    found.update(stamps.year_folder_inputs(data_dir, province, year))
    found.update(stamps.code_inputs(notebook))
    return found


def changed_inputs(stamp: dict, current: dict[str, str | None]) -> list[str]:
    """Inputs whose content differs from the stamp's, appeared or disappeared."""
    old = stamp.get("inputs", {})
    return sorted(k for k in set(old) | set(current) if old.get(k) != current.get(k))


def is_narrative(key: str, stamp: dict, data_dir: Path, province: str, year: int) -> bool:
    """One changed input (a stamp key) that feeds only the text, never a figure."""
    if key.startswith(TEMPLATES_PREFIX):
        return True
    year_prefix = f"{stamps.DATA_PREFIX}{province}/{year}/"
    if not key.startswith(year_prefix):
        return False
    name = key[len(year_prefix) :]
    if name == "published.yaml" or name.lower().endswith(NARRATIVE_SUFFIXES):
        return True
    if name == "evaluation.yaml":
        stored = stamp.get(FIGURE_PARTS, {}).get(key)
        return stored is not None and stored == figure_parts(data_dir, province, year).get(key)
    return False


def narrative_change(
    stamp: dict | None, notebook: Path, data_dir: Path, province: str, year: int
) -> tuple[bool, list[str]]:
    """(may the fast path run, the changed inputs): only narrative inputs changed since the stamp."""
    if stamp is None or FIGURE_PARTS not in stamp:
        return False, []
    changed = changed_inputs(stamp, current_inputs(stamp, notebook, data_dir, province, year))
    return all(is_narrative(k, stamp, data_dir, province, year) for k in changed), changed


def stored_complete(target: Path) -> bool:
    """The stored render holds what the fast path reuses."""
    return all((Path(target) / n).is_file() for n in ("report.ipynb", FIGURES_FILE, VALIDATION_FILE, stamps.STAMP_FILE))


def stored_validation(target: Path):
    """The stored run's ValidationReport, rebuilt from validation.json and validation-ge.json."""
    from ..core.checks import SuiteRun, ValidationReport
    from ..errors import Problem

    saved = read_json(Path(target) / VALIDATION_FILE)
    ge_path = Path(target) / GE_LOG_FILE
    results = read_json(ge_path).get("runs", []) if ge_path.exists() else []
    names = {f.name for f in dataclasses.fields(Problem)}

    def problem(item: dict):
        fields = {k: v for k, v in item.items() if k in names}
        fields["rows"] = tuple(fields.get("rows") or ())
        return Problem(**fields)

    problems = [problem(p) for p in saved.get("errors", []) + saved.get("warnings", [])]
    return ValidationReport(problems=problems, runs=[SuiteRun(**r) for r in saved.get("runs", [])], results=results)


class _Publisher:
    """Collects display() outputs as the kernel's iopub messages would carry them."""

    def __init__(self, outputs: list):
        self.outputs = outputs

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        import nbformat

        self.outputs.append(nbformat.v4.new_output("display_data", data=data, metadata=metadata or {}))

    def clear_output(self, wait=False):
        self.outputs.clear()


def _shell():
    """This process's IPython shell, marked in-process (interactive.autoreload_project leaves it alone)."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no history database written by a render
    shell = InteractiveShell.instance(config=config)
    shell.egov_in_process = True
    return shell


@contextmanager
def _captured(shell, outputs: list):
    """display() and a cell's last expression go to ``outputs`` (display_data, execute_result)."""
    import nbformat
    from IPython.core.displayhook import DisplayHook

    class Hook(DisplayHook):
        def start_displayhook(self):
            pass

        def write_output_prompt(self):
            pass

        def write_format_data(self, format_dict, md_dict=None):
            outputs.append(
                nbformat.v4.new_output(
                    "execute_result", data=format_dict, metadata=md_dict or {}, execution_count=shell.execution_count
                )
            )

        def finish_displayhook(self):
            pass

    saved = shell.display_pub, shell.displayhook, shell.display_trap.hook
    hook = Hook(shell=shell, cache_size=0)
    shell.display_pub, shell.displayhook, shell.display_trap.hook = _Publisher(outputs), hook, hook
    try:
        yield
    finally:
        shell.display_pub, shell.displayhook, shell.display_trap.hook = saved


@contextmanager
def _data_dir(data_dir: Path):
    saved = paths.DATA_DIR
    paths.DATA_DIR = Path(data_dir).resolve()
    try:
        yield
    finally:
        paths.DATA_DIR = saved


@contextmanager
def _charts_remembered(cache: dict | None, kind_package: str):
    """The kind's chart functions answer from ``cache`` for arguments already drawn (the preview's
    rebuilds: a chart is a function of its data, and the data did not change). None: no cache."""
    import functools
    import importlib
    import sys

    if cache is None:
        yield
        return
    charts_name = f"{kind_package}.charts"
    importlib.import_module(charts_name)
    importlib.import_module(f"{kind_package}.narrative")
    saved = []
    for module in (sys.modules[charts_name], sys.modules[f"{kind_package}.narrative"]):
        for name, value in list(vars(module).items()):
            if callable(value) and getattr(value, "__module__", None) == charts_name and not isinstance(value, type):
                saved.append((module, name, value))
                setattr(module, name, _remembering(value, cache, functools))
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)


def _remembering(function, cache: dict, functools):
    @functools.wraps(function)
    def remembered(*args, **kwargs):
        try:
            key = (function.__qualname__, json.dumps([args, kwargs], sort_keys=True, default=repr))
        except (TypeError, ValueError):
            return function(*args, **kwargs)
        if key not in cache:
            value = function(*args, **kwargs)
            if not (isinstance(value, str) and "<svg" in value):
                return value  # only drawings are remembered
            cache[key] = value
        return cache[key]

    return remembered


class NotebookError(Exception):
    """A notebook cell failed in the fast path: the original exception is its cause."""


def run_narrative(
    executed,
    target: Path,
    province: str,
    year: int,
    data_dir: Path,
    charts_cache: dict | None = None,
    kind_package: str = "",
) -> tuple[object, dict]:
    """The stored executed notebook with every code cell run again in this process: (notebook, namespace).

    The stored run's validation and analysis stand in for ``validated`` and ``analyse``; every other
    line (loading, the builder, each section) runs as in the kernel. The notebook is changed in place.
    """
    stored_record = read_json(Path(target) / FIGURES_FILE)
    analysis = {k: v for k, v in stored_record.items() if k not in ("validation", "provenance")}
    validation = stored_validation(target)
    shell = _shell()
    shell.reset(new_session=False)
    shell.execution_count = 1
    namespace = shell.user_ns
    namespace.update(province=province, year=year, output_dir="")
    with _data_dir(data_dir), _charts_remembered(charts_cache, kind_package):
        for cell in executed.cells:
            if cell.cell_type != "code" or SKIPPED_TAGS & set(cell.get("metadata", {}).get("tags", [])):
                continue
            tags = set(cell.get("metadata", {}).get("tags", []))
            if "stage-validation" in tags:
                namespace["validated"] = lambda validate, inputs: validation
            if "stage-analysis" in tags:
                if "analyse" not in namespace or "validated" not in namespace:
                    raise NotebookError("notebook không theo quy ước analyse/validated")
                namespace["analyse"] = lambda inputs: copy.deepcopy(analysis)
            outputs: list = []
            cell.execution_count = shell.execution_count
            with _captured(shell, outputs):
                result = shell.run_cell(cell.source, store_history=True)
            if not result.success:
                error = result.error_in_exec or result.error_before_exec
                raise NotebookError(f"{type(error).__name__}: {error}") from error
            cell.outputs = outputs
    return executed, namespace


def copy_validation(target: Path, staging: Path) -> None:
    """validation.json and validation-ge.json as the stored run wrote them (the data did not change)."""
    for name in (VALIDATION_FILE, GE_LOG_FILE):
        if (Path(target) / name).exists():
            shutil.copy2(Path(target) / name, Path(staging) / name)
