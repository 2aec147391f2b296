"""Locks between processes: an flock on a file under ``reports/.locks/``, holding who has it.

The system releases an flock when its process ends, however it ends, so a killed run never
leaves a stale lock; the file's text (a process id, a start time) is only for the message the
next process shows.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Callable
from pathlib import Path


@contextlib.contextmanager
def holding(path: Path, holder: str, busy: Callable[[str], Exception], waiting: Callable[[str], None] | None = None):
    """Hold the lock at ``path`` for the block, writing ``holder`` into it.

    When another process holds it: raise ``busy(its holder text)``, or, given ``waiting``, call it
    with that text and wait for the lock.
    """
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            current = handle.read().strip()
            if waiting is None:
                raise busy(current) from None
            waiting(current)
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(holder)
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
