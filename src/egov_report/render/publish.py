"""Publishing a report: the whole old report or the whole new one, never half of either.

A render writes everything into a staging folder next to the reports; only when the notebook
ran, validation passed and every output was produced and checked does the staging folder
replace ``reports/<province>/<year>/``, in one atomic exchange of the two folders (Linux
``renameat2``; elsewhere two renames, undone by the next run if interrupted). A failed run is
kept in ``reports/<province>/<year>.failed/``. A lock per province-year stops a second render of
the same report; what a killed run left behind is cleaned up by the next one, under that lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import re
import shutil
import signal
import sys
import threading
import uuid
from pathlib import Path

from ..errors import Interrupted, RenderBusy
from ..locks import holding


def report_lock(reports_dir: Path, province: str, year: int):
    """One render of a province-year at a time; a second one stops at once with a message.

    The lock is reports/.locks/<province>-<year>.lock (``locks.holding``: released by the system
    however the process ends), holding the process id of the render that has it, for the message.
    """

    def busy(holder: str) -> RenderBusy:
        by = f" (tiến trình {holder})" if holder.isdigit() else ""
        return RenderBusy(
            f"Đang có một lần tạo báo cáo {province} {year} khác{by}; hãy chờ lần đó kết thúc rồi chạy lại."
        )

    return holding(Path(reports_dir) / ".locks" / f"{province}-{year}.lock", str(os.getpid()), busy)


def publish(staging: Path, target: Path) -> None:
    """Swap the new report in: at every moment the target is the whole old report or the whole new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):  # staging now holds the old report
        shutil.rmtree(staging, ignore_errors=True)
        return
    previous = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    os.rename(target, previous)  # a kill between these two renames is undone by recover()
    os.rename(staging, target)
    shutil.rmtree(previous, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Exchange two folders in one system call (Linux renameat2); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system without the exchange: fall back to two renames
    raise OSError(code, os.strerror(code), str(second))


def failed_folder(target: Path) -> Path:
    return target.with_name(f"{target.name}.failed")


def keep_failed(staging: Path, target: Path) -> Path:
    """The failed run kept beside its report, on the report's file system (copied there when the
    staging folder is on another one)."""
    failed = failed_folder(target)
    failed.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(failed, ignore_errors=True)
    try:
        os.rename(staging, failed)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.copytree(staging, failed)
        shutil.rmtree(staging, ignore_errors=True)
    return failed


def staging_root(reports_dir: Path) -> Path:
    return Path(reports_dir) / ".staging"


def recover(reports_dir: Path, target: Path, province: str, year: int) -> None:
    """Under the lock, before a render: undo what a killed run of this province-year left behind.

    A report renamed away but not replaced (killed between the two renames of the fallback
    publish) is put back; leftover staging folders and old copies are removed.
    """
    olds = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        os.rename(olds.pop(), target)
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)
    pattern = re.compile(rf"{re.escape(province)}-{year}-[0-9a-f]{{8}}")
    for stale in staging_root(reports_dir).glob(f"{province}-{year}-*"):
        if pattern.fullmatch(stale.name):
            shutil.rmtree(stale, ignore_errors=True)


@contextlib.contextmanager
def interrupts_kept():
    """Ctrl-C or SIGTERM during a render is never lost: yields the signals received meanwhile.

    Python raises a signal's exception in whatever Python code the main thread runs; when that is a
    weakref callback or a ``__del__`` method, it prints "Exception ignored in ..." and drops it, and
    the render would carry on and publish. So the handlers note each signal before raising
    ``Interrupted``, a dropped interrupt is kept off the terminal (the render says once that it
    stopped), and ``stop_if_interrupted`` raises it again before anything is published. Only the
    main thread can handle signals; elsewhere this does nothing.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def note_and_raise(signum, frame):
        received.append(signum)
        raise Interrupted(signum)

    def unraisable(info, previous=sys.unraisablehook):
        if not isinstance(info.exc_value, KeyboardInterrupt):  # ours is raised again by stop_if_interrupted
            previous(info)

    saved = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    saved_hook = sys.unraisablehook
    for number in saved:
        signal.signal(number, note_and_raise)
    sys.unraisablehook = unraisable
    try:
        yield received
    finally:
        sys.unraisablehook = saved_hook
        for number, handler in saved.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


def stop_if_interrupted(received: list[int]) -> None:
    """Raise the first signal ``interrupts_kept`` noted: one that Python dropped stops the render here."""
    if received:
        raise Interrupted(received[0])


@contextlib.contextmanager
def signals_deferred():
    """Ctrl-C or SIGTERM arriving while folders are swapped or cleaned up waits until that is done.

    Yields the list of signals received meanwhile. Only the main thread can handle signals;
    elsewhere this does nothing.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    saved = {}
    for number in (signal.SIGINT, signal.SIGTERM):
        saved[number] = signal.getsignal(number)
        signal.signal(number, lambda signum, frame: received.append(signum))
    try:
        yield received
    finally:
        for number, handler in saved.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
