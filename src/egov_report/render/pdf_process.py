"""The PDF made in a process of its own while the renderer finishes report.html and technical.html.

A PdfJob is waited for (``wait``) or stopped (``stop``): never left running after the render.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ReportError
from .pdf import html_to_pdf


class PdfJob:
    """The PDF made in a process of its own (forked: WeasyPrint is already imported) while this one
    finishes report.html and technical.html; ``wait`` returns when it is written or raises why not.
    Where fork is not available it is made here, at once."""

    def __init__(self, html: str, target: Path):
        import multiprocessing

        self.target, self.process, self.error = Path(target), None, None
        if "fork" not in multiprocessing.get_all_start_methods():
            html_to_pdf(html, self.target)
            return
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_pdf_in_child, args=(html, self.target, send), name="egov-pdf", daemon=True
        )
        self.process.start()
        send.close()

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            message = self.receive.recv() if self.receive.poll(None) else None
        except EOFError:  # the process died before saying anything (killed, out of memory)
            message = None
        self.process.join()
        self.receive.close()
        code, self.process = self.process.exitcode, None
        if message:
            raise ReportError(message)
        if code != 0:
            raise ReportError(f"Không tạo được tệp PDF (tiến trình tạo PDF dừng, mã {code})")

    def stop(self) -> None:
        """Stop the process if it still runs (the render failed or was interrupted meanwhile)."""
        if self.process is not None:
            self.process.kill()
            self.process.join()
            self.receive.close()
            self.process = None


def _pdf_in_child(html: str, target: Path, send) -> None:
    # The child lives for one layout and then exits: Python's cycle collector only walks
    # WeasyPrint's growing box tree again and again (a fifth of the flagship's PDF time, measured:
    # 9.4 -> 7.7 s median of 3; peak memory +5 MB). Memory is given back when the process ends.
    import gc

    gc.disable()
    try:
        html_to_pdf(html, target)
        send.send("")
    except ReportError as error:
        send.send(str(error))
    except BaseException as error:  # noqa: BLE001 - told to the parent, which raises it as a ReportError
        send.send(f"Không tạo được tệp PDF ({type(error).__name__}: {error})")
    finally:
        send.close()
