"""A render's kernel imports its kind's heavy libraries while it starts, before its first cell.

Invariant: warming never changes what a notebook computes or shows. It only imports modules
(named by the kind, ``kinds.Kind.preload``) that the notebook's own cells import anyway, in the
order those cells would, before the kernel answers its first request (ipykernel's
``exec_lines``); nothing is bound in the notebook's namespace, nothing is printed, no cell is
counted, and a failed import is left for the cell that imports the module to report, with its
own traceback.

Why: importing Great Expectations costs about 2 s in every kernel, pandas and matplotlib most of
a second more. Done while the kernel starts, it overlaps the renderer's own start (the WeasyPrint
and nbconvert imports run in a thread there while papermill waits for the kernel): two processes
on two cores. In the kernel itself it stays in the main thread: an import in a background thread
raced the cells (``matplotlib.use`` found ``matplotlib.pyplot`` half imported), and measured no
faster, the cells and the thread sharing one interpreter lock.
"""

from __future__ import annotations

import contextlib
import importlib


def run(modules) -> None:
    """Import ``modules`` in order; one that fails is skipped (its cell reports it)."""
    for name in modules:
        with contextlib.suppress(Exception):
            importlib.import_module(name)


def exec_line(modules) -> str:
    """The line the kernel runs at start (IPKernelApp.exec_lines), leaving no name behind."""
    return f"import egov_report.render.warm as _egov_warm; _egov_warm.run({list(modules)!r}); del _egov_warm"
