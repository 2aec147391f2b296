"""Validation made ahead, the kernel's side: a notebook takes it only for exactly the bytes it loaded.

Invariant: a notebook only ever takes a validation made ahead for exactly the bytes it loaded
itself. The renderer (``render.ahead``) starts a process of its own as it starts the kernel;
that process loads the inputs with the kind's own loader, validates them with the kind's own
validation and writes the result (``make``) with the digests of the files it read. The
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

import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path

from ..processes import running
from .provenance import input_digests
from .records import replaced

RESULT_VARIABLE = "EGOV_VALIDATION_AHEAD"  # where the kernel finds the result (set by the renderer)
PROCESS_VARIABLE = "EGOV_VALIDATION_AHEAD_PID"  # the process making it: the kernel stops waiting when it is gone
RESULT_FILE = ".validation-ahead.pickle"
POLL_SECONDS = 0.02


def make(load: Callable, validate: Callable, province: str, year: int, target: Path) -> None:
    """Load, validate, write {"digests", "validation"} to ``target`` (renamed into place when whole).

    A failure writes {"error": ...} instead: the kernel then validates itself and reports the
    problem as it always has (a loader error, for one, is the kernel's to name).
    """
    target = Path(target)
    try:
        inputs = load(province, year)
        validation = validate(inputs)
        outcome = {"digests": input_digests(inputs.input_files), "validation": validation}
    except BaseException as error:  # noqa: BLE001 - told to the kernel, which validates itself
        outcome = {"error": f"{type(error).__name__}: {error}"}
    with replaced(target, "wb") as file:
        pickle.dump(outcome, file, protocol=pickle.HIGHEST_PROTOCOL)


def validated(validate, inputs):
    """``validate(inputs)``, or the same validation made ahead by the renderer for these very bytes."""
    made = _made_ahead()
    if made is not None and made.get("digests") == input_digests(inputs.input_files):
        taken_mark(Path(os.environ[RESULT_VARIABLE])).touch()  # for the renderer's timings.json
        return made["validation"]
    return validate(inputs)


def taken_mark(result: Path) -> Path:
    """The file whose presence tells the renderer the kernel took ``result``."""
    return result.with_name(result.name + ".taken")


def _made_ahead() -> dict | None:
    path, pid = os.environ.get(RESULT_VARIABLE), os.environ.get(PROCESS_VARIABLE)
    if not path or not pid or not pid.isdigit():
        return None
    result = Path(path)
    while not result.exists():
        if not running(int(pid)):  # the renderer reaps it the moment it ends (render.ahead.start)
            if result.exists():  # written just before it ended
                break
            return None
        time.sleep(POLL_SECONDS)
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
