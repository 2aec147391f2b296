"""Validation made ahead, the renderer's side: the process that validates beside the starting kernel.

Invariant: the process is capped as the kernel is, reaped the moment it ends (so the kernel
waiting for it sees it gone, not a zombie), and ``Ahead.stop`` leaves none of its files behind.
What it writes and how the kernel takes it: ``core.ahead``.

    python -m egov_report.render.ahead LOADER VALIDATOR PROVINCE YEAR TARGET

LOADER and VALIDATOR are ``package.module:function`` (``kinds.function_path``).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..core.ahead import PROCESS_VARIABLE, RESULT_FILE, RESULT_VARIABLE, make, taken_mark
from ..core.records import partial_path
from ..kinds import LazyFunction, function_path


@dataclass
class Ahead:
    """The process validating ahead, started by the renderer; ``kernel_variables`` are for the kernel."""

    process: subprocess.Popen
    target: Path

    @property
    def kernel_variables(self) -> dict[str, str]:
        """Added to the kernel's environment: where the result goes and which process makes it."""
        return {RESULT_VARIABLE: str(self.target), PROCESS_VARIABLE: str(self.process.pid)}

    def wait(self) -> None:
        self.process.wait()

    def stop(self) -> bool:
        """After the notebook: the process done (or stopped), its files removed; whether the kernel took its result."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        taken = taken_mark(self.target).exists()
        for path in (
            self.target,
            partial_path(self.target),
            taken_mark(self.target),
        ):  # a killed process leaves its partial
            path.unlink(missing_ok=True)
        return taken


def start(loader: Callable, validator: Callable, province: str, year: int, folder: Path, memory_bytes: int) -> Ahead:
    """Start validating ahead into ``folder``, the process's address space capped as the kernel's is."""
    target = Path(folder) / RESULT_FILE
    command = [
        sys.executable,
        "-m",
        "egov_report.render.limited",
        str(memory_bytes),
        "--",
        sys.executable,
        "-m",
        __name__,
        function_path(loader),
        function_path(validator),
        province,
        str(year),
        str(target),
    ]
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
    make(LazyFunction(loader), LazyFunction(validator), province, int(year), Path(target))


if __name__ == "__main__":
    main(sys.argv[1:])
