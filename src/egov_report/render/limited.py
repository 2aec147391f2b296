"""``python -m egov_report.render.limited BYTES -- COMMAND ...``: run COMMAND with its address space capped.

Invariant: the notebook's kernel never uses more than ``core.limits.render_memory_bytes()`` of
address space, so an input that makes the analysis grow fails that cell with a MemoryError
(which the renderer names with its stage) instead of taking the machine. The limit is set in
this small process and kept by the kernel it becomes (``exec``), on every platform with rlimits.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> None:
    limit, separator, *command = argv
    if separator != "--" or not command:
        raise SystemExit("usage: python -m egov_report.render.limited BYTES -- COMMAND ...")
    try:
        import resource

        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        soft = int(limit) if hard == resource.RLIM_INFINITY else min(int(limit), hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    except (ImportError, ValueError, OSError):
        pass  # no rlimits on this platform: run as is
    os.execvp(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
