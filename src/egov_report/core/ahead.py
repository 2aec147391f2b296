"""Validation made ahead: the renderer validates a province-year's inputs beside the starting kernel.

Invariant: a notebook only ever takes a validation made ahead for exactly the bytes it loaded
itself. The renderer starts ``python -m egov_report.core.ahead`` (under the kernel's memory cap)
as it starts the kernel; that process loads the inputs with the kind's own loader, validates them
with the kind's own validation and writes the result with the digests of the files it read. The
notebook's validation cell calls ``validated(validate, inputs)``: under a render it waits for that
result and takes it only if the digests are those of the files its own loader read; otherwise
(in JupyterLab, through the papermill CLI, a file changed in between, the process failed or
died) it validates itself, as before. Either way the result is the kind's ``validate`` run on
the same bytes by the same code, so the report is the same.

Why: importing Great Expectations (about 2.4 s) and running the suites (about 1.5 s) was the
kernel's longest stage, alone on one core while the other idled; ahead, it runs while the
kernel starts and imports (issue 13, docs/performance.md).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pickle
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..locks import running
from .provenance import input_digests
from .records import partial_path, replaced

RESULT_VARIABLE = "EGOV_VALIDATION_AHEAD"  # where the kernel finds the result (set by the renderer)
PROCESS_VARIABLE = "EGOV_VALIDATION_AHEAD_PID"  # the process making it: the kernel stops waiting when it is gone
RESULT_FILE = ".validation-ahead.pickle"
POLL_SECONDS = 0.02


def _function(dotted: str):
    """``package.module:function`` -> the function."""
    module, _, name = dotted.partition(":")
    return getattr(importlib.import_module(module), name)


def make(loader: str, validator: str, province: str, year: int, target: Path) -> None:
    """Load, validate, write {"digests", "validation"} to ``target`` (renamed into place when whole).

    A failure writes {"error": ...} instead: the kernel then validates itself and reports the
    problem as it always has (a loader error, for one, is the kernel's to name).
    """
    target = Path(target)
    try:
        inputs = _function(loader)(province, year)
        validation = _function(validator)(inputs)
        outcome = {"digests": input_digests(inputs.input_files), "validation": validation}
    except BaseException as error:  # noqa: BLE001 - told to the kernel, which validates itself
        outcome = {"error": f"{type(error).__name__}: {error}"}
    with replaced(target, "wb") as file:
        pickle.dump(outcome, file, protocol=pickle.HIGHEST_PROTOCOL)


def validated(validate, inputs):
    """``validate(inputs)``, or the same validation made ahead by the renderer for these very bytes."""
    made = _made_ahead()
    if made is not None and made.get("digests") == input_digests(inputs.input_files):
        _taken_mark(Path(os.environ[RESULT_VARIABLE])).touch()  # for the renderer's timings.json
        return made["validation"]
    return validate(inputs)


def _taken_mark(result: Path) -> Path:
    return result.with_name(result.name + ".taken")


def _made_ahead() -> dict | None:
    path, pid = os.environ.get(RESULT_VARIABLE), os.environ.get(PROCESS_VARIABLE)
    if not path or not pid or not pid.isdigit():
        return None
    path = Path(path)
    while not path.exists():
        if not running(int(pid)):  # the renderer reaps it the moment it ends (``start``)
            if path.exists():  # written just before it ended
                break
            return None
        time.sleep(POLL_SECONDS)
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None


@dataclass
class Ahead:
    """The process validating ahead, started by the renderer; ``environment`` is for the kernel."""

    process: subprocess.Popen
    target: Path

    @property
    def environment(self) -> dict[str, str]:
        return {RESULT_VARIABLE: str(self.target), PROCESS_VARIABLE: str(self.process.pid)}

    def wait(self) -> None:
        self.process.wait()

    def stop(self) -> bool:
        """After the notebook: the process done (or stopped), its files removed; whether the kernel took its result."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        taken = _taken_mark(self.target).exists()
        for path in (self.target, partial_path(self.target), _taken_mark(self.target)):  # a killed process leaves its partial
            path.unlink(missing_ok=True)
        return taken


def start(loader: str, validator: str, province: str, year: int, folder: Path, memory_bytes: int) -> Ahead:
    """Start validating ahead into ``folder``, the process's address space capped as the kernel's is."""
    target = Path(folder) / RESULT_FILE
    command = [sys.executable, "-m", "egov_report.render.limited", str(memory_bytes), "--",
               sys.executable, "-m", __name__, loader, validator, province, str(year), str(target)]
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # reaped the moment it ends, so that the kernel waiting for it sees it gone, not a zombie
    threading.Thread(target=process.wait, name="egov-ahead-reaper", daemon=True).start()
    return Ahead(process=process, target=target)


def lean_interpreter() -> None:
    """This process's interpreter set for its one job: importing Great Expectations, validating, exiting."""
    # One short life: the cycle collector only walks the objects Great Expectations' import builds
    # (measured: its import 3.8 -> 2.9 s); the memory is given back when the process ends.
    import gc

    gc.disable()
    # jsonschema (imported by altair, imported by Great Expectations) imports rfc3987_syntax where it
    # is installed (JupyterLab brings it) for an "iri" format check no suite makes; the import builds a
    # grammar parser: 1.1 s, a third of Great Expectations' import. Not imported here, it is skipped.
    sys.modules.setdefault("rfc3987_syntax", None)
    statistics_on_first_use()


def statistics_on_first_use() -> None:
    """``scipy.stats`` loaded on its first use rather than with Great Expectations' import.

    Three of Great Expectations' expectations (a KL divergence, two Kolmogorov-Smirnov tests) import
    scipy.stats at the top of their modules, and the package imports every expectation module;
    scipy.stats brings scipy.optimize, interpolate and special: 1.2 s of a 3 s import (docs/
    performance.md). No suite here uses them, and they use ``stats`` inside their functions only,
    so a module that loads itself on its first attribute access (the standard library's
    ``LazyLoader``) serves them unchanged.

    Only in this process, never in a kernel: code that walks ``sys.modules`` touches every module
    there, and IPython's traceback of a cell that ran out of memory did, loading scipy.stats at that
    moment; OpenBLAS, loaded with it, then retried its allocation for ever (the kernel hung instead
    of failing; tests/test_hostile_inputs.py caught it). This process only loads, validates and
    writes its result.
    """
    if "scipy.stats" in sys.modules:
        return
    try:
        spec = importlib.util.find_spec("scipy.stats")
    except ImportError:
        return  # no scipy: Great Expectations' own import will say so
    if spec is None or spec.loader is None:
        return
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["scipy.stats"] = module
    spec.loader.exec_module(module)
    # as the import system does for a loaded submodule: ``from scipy import stats`` then finds it on
    # the package, where asking the import system again (Python 3.11) would load it at once
    sys.modules["scipy"].stats = module


def main(argv: list[str]) -> None:
    lean_interpreter()
    loader, validator, province, year, target = argv
    make(loader, validator, province, int(year), Path(target))


if __name__ == "__main__":
    main(sys.argv[1:])
