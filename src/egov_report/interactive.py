"""Conveniences for analysts working in JupyterLab; harmless under papermill.

Invariant: nothing here changes what a render computes: ``autoreload_project`` only reloads
modules, ``show_report`` only shows the preview server's page (render.preview) in an IFrame.
"""

from __future__ import annotations

import sys


def autoreload_project() -> None:
    """Reload this package's modules when their files change, before each cell runs.

    Only the project's own modules are watched (``%autoreload 1`` + ``%aimport``): checking
    every loaded module (``%autoreload 2``) costs ~14 ms a cell, paid on every render.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or getattr(shell, "egov_in_process", False):  # the fast path's shell (render.fastpath)
        return
    if "autoreload" not in shell.extension_manager.loaded:
        shell.run_line_magic("load_ext", "autoreload")
    shell.run_line_magic("autoreload", "1")
    modules = sorted(name for name in sys.modules if name == "egov_report" or name.startswith("egov_report."))
    shell.run_line_magic("aimport", ", ".join(modules))


_previews: dict[tuple[str, int], tuple[object, str]] = {}  # (province, year) -> (the server's process, its address)


def show_report(province: str, year: int, height: int = 900, port: int = 0):
    """The rendered report beside the notebook, refreshed on every save: an IFrame of ``make preview``.

    Starts the preview server (``python -m egov_report preview``) once per province-year in a
    process of its own, stopped with the kernel; the page reloads itself when findings.md,
    evaluation.yaml, published.yaml, a template or the data change. In JupyterLab, right-click
    the output and choose "Create New View for Output" to keep it beside the notebook.
    """
    import atexit
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    from IPython.display import IFrame

    key = (str(province), int(year))
    process, url = _previews.get(key, (None, ""))
    if process is None or process.poll() is not None:
        if not port:
            with socket.socket() as probe:  # a free port on 127.0.0.1, for the server to take
                probe.bind(("127.0.0.1", 0))
                port = probe.getsockname()[1]
        process = subprocess.Popen(
            [sys.executable, "-m", "egov_report", "preview", key[0], str(key[1]), "--port", str(port)],
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=dict(os.environ),
        )
        url = f"http://127.0.0.1:{port}/"
        atexit.register(_stop_preview, process)
        _previews[key] = (process, url)
        for _ in range(100):  # the server answers within seconds; the page then shows its progress
            try:
                urllib.request.urlopen(url + "__state", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(
                        f"Không khởi động được máy chủ xem trước (mã thoát {process.returncode})"
                    ) from None
                time.sleep(0.1)
    return IFrame(url, width="100%", height=height)


def _stop_preview(process) -> None:
    """Ctrl-C for the server's process group: it stops its render, if any, and removes its folder."""
    import os
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except Exception:  # noqa: BLE001 - it did not stop: kill it
            os.killpg(process.pid, signal.SIGKILL)
