"""Other processes, seen from this one: whether a process id still runs (never a signal sent)."""

from __future__ import annotations

import os


def running(pid: int) -> bool:
    """Whether a process with this id runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
