"""``make preview``: the report served on 127.0.0.1, rebuilt and reloaded in the browser when a file feeding it is saved.

Invariant: the preview never writes under the reports folder. It works in a private folder of
its own (a copy of the published report when that one is current, else a full run into it),
removed when it stops; the published report is left exactly as it was, whatever is edited.

A change of narrative inputs only (render.fastpath) rebuilds the page in this process from the
stored figure record; any other change runs the whole render (``python -m egov_report render
--full``) in a child process, its progress shown on the page, its problems (file, row, column)
shown in place of the report when the input is bad. The page polls ``/__state`` and reloads
when the version changes. ``/report.pdf`` lays the PDF out on demand. Ctrl-C stops the server,
the watcher and any child process.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .. import kinds, paths, stamps
from ..catalog import check_parameters, framework_file
from ..errors import ReportError

HOST = "127.0.0.1"  # never another interface: a draft is not for the network
DEFAULT_PORT = 8000
POLL_SECONDS = 0.2  # how often the watcher looks at the files' mtimes
PAGE_POLL_MS = 250  # how often the page asks whether it should reload
WATCHED_CODE = ("src/egov_report", "expectations")

SCRIPT = """
<div id="egov-preview" style="position:fixed;top:0;right:0;z-index:1000;background:#fffbe6;border:1px solid #c9a400;
font:13px/1.4 sans-serif;padding:4px 8px;max-width:28em"><span id="egov-preview-status">%(status)s</span>
· <a href="/report.pdf" target="_blank">PDF</a> · <a href="/technical.html" target="_blank">Hồ sơ kỹ thuật</a></div>
<script>
(function () {
  var version = %(version)d;
  function poll() {
    fetch("/__state", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (s.version !== version) { location.reload(); return; }
      document.getElementById("egov-preview-status").textContent = s.status_text;
      setTimeout(poll, %(poll)d);
    }).catch(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, %(poll)d);
})();
</script>
"""


@dataclass
class State:
    """What the server shows: the page, its version (the browser reloads when it changes), the status line."""

    version: int = 0
    page: str = ""  # the report's HTML, without the preview's bar
    problems: str = ""  # in place of the report when the last build failed
    status_text: str = "Đang dựng báo cáo…"
    building_since: float | None = None
    lines: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def show(self, page: str = "", problems: str = "", status: str = "") -> None:
        with self.lock:
            if page:
                self.page = page
            self.problems = problems
            self.status_text = status
            self.building_since = None
            self.version += 1

    def building(self, what: str) -> None:
        with self.lock:
            self.building_since = time.monotonic()
            self.lines = []
            self.status_text = what

    def progress(self, line: str) -> None:
        """A line the full run printed: a step done (its warnings about published figures are not steps)."""
        if line.strip() and "cảnh báo:" not in line:
            with self.lock:
                self.lines.append(line.strip())

    def status(self) -> str:
        """The status line, with the seconds a build has taken so far and its last step."""
        with self.lock:
            if self.building_since is None:
                return self.status_text
            elapsed = time.monotonic() - self.building_since
            step = f": {self.lines[-1]}" if self.lines else ""
            return f"{self.status_text} ({elapsed:.0f} s){step}"


class Preview:
    """One province-year's preview: the private folder, the builds, the watcher."""

    def __init__(self, province: str, year: int, data_dir: Path | None = None, reports_dir: Path | None = None):
        self.data_dir = Path(data_dir if data_dir is not None else paths.DATA_DIR).resolve()
        self.province, self.year = check_parameters(province, year, self.data_dir)
        self.kind = kinds.kind(kinds.check_framework(framework_file(self.data_dir / self.province, self.year)))
        self.published = (
            Path(reports_dir if reports_dir is not None else paths.REPORTS_DIR) / self.province / str(self.year)
        )
        self.workspace = Path(tempfile.mkdtemp(prefix="egov-preview-"))
        self.target = self.workspace / self.province / str(self.year)
        self.state = State()
        self.child: subprocess.Popen | None = None
        self.stopping = threading.Event()
        self.wanted = threading.Event()  # a build is wanted (a file changed)
        self.timings: list[tuple[str, float]] = []  # (how, seconds) of each build, for the bench
        self.pdf_lock = threading.Lock()
        self.charts: dict = {}  # drawings by their data, kept across rebuilds (fastpath._charts_remembered)
        self.code_at_start = _python_code()  # the modules this process runs: the fast path needs them current
        self.url = ""
        self.stale_code = False

    # -- builds -------------------------------------------------------------------------------

    def seed(self) -> None:
        """Start from the published report when it is complete (the fast path then decides if it is current)."""
        from . import fastpath

        if fastpath.stored_complete(self.published):
            shutil.copytree(self.published, self.target)

    def build(self) -> None:
        """One build: the fast path when only narrative inputs changed since the private folder's render, else a full run."""
        from . import fastpath

        started = time.perf_counter()
        stamp = stamps.read_stamp(self.target) if fastpath.stored_complete(self.target) else None
        allowed, _ = fastpath.narrative_change(stamp, self.kind.notebook, self.data_dir, self.province, self.year)
        self.stale_code = _python_code() != self.code_at_start
        if allowed and not self.stale_code:
            self.state.building("Đang dựng lại phần lời văn…")
            self._fast()
            self.timings.append(("fast", time.perf_counter() - started))
        else:
            self.state.building("Đang chạy lại notebook…")
            self._full()
            self.timings.append(("full", time.perf_counter() - started))

    def _fast(self) -> None:
        import nbformat

        from ..core.records import report_title
        from . import fastpath
        from .contents import add_table_of_contents
        from .page import template_html
        from .pipeline import check_published

        try:
            executed = nbformat.read(self.target / "report.ipynb", as_version=4)
            executed, namespace = fastpath.run_narrative(
                executed, self.target, self.province, self.year, self.data_dir, self.charts, _package_of(self.kind)
            )
            record = namespace["record"]
            warnings: list[str] = []
            check_published(record, self.data_dir, self.province, self.year, warnings.append)
            # nbconvert's last pass (alt texts, tabindex, 1-2 s) is left to the published report
            page = add_table_of_contents(template_html(executed, report_title(record["meta"])))
        except fastpath.NotebookError as error:
            cause = error.__cause__
            self.state.show(problems=str(cause if isinstance(cause, ReportError) else error), status="Có lỗi")
            return
        except ReportError as error:
            self.state.show(problems=str(error), status="Có lỗi")
            return
        self.state.show(page=page, status="Đã cập nhật (phần lời văn)")

    def _full(self) -> None:
        env = dict(
            os.environ, EGOV_REPORTS_DIR=str(self.workspace), EGOV_DATA_DIR=str(self.data_dir), PYTHONUNBUFFERED="1"
        )
        command = [sys.executable, "-m", "egov_report", "render", self.province, str(self.year), "--full"]
        self.child = subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        errors: list[str] = []
        reader = threading.Thread(target=lambda: errors.extend(self.child.stderr), daemon=True)
        reader.start()
        for line in self.child.stdout:
            if line.strip():
                self.state.progress(line)
        code = self.child.wait()
        reader.join()
        self.child = None
        if self.stopping.is_set():
            return
        if code == 0:
            page = (self.target / "report.html").read_text(encoding="utf-8")
            note = "; mã nguồn đã đổi: khởi động lại make preview để dựng nhanh" if self.stale_code else ""
            self.state.show(page=page, status="Đã cập nhật (chạy lại notebook)" + note)
        else:
            self.state.show(problems="".join(errors).strip() or f"mã thoát {code}", status="Có lỗi")

    def pdf(self) -> Path:
        """The PDF of the page shown now, laid out on demand."""
        from .pdf import html_to_pdf, print_html

        with self.state.lock:
            page, problems = self.state.page, self.state.problems
        if problems or not page:
            raise ReportError("Báo cáo đang có lỗi: sửa đầu vào trước khi tạo PDF")
        target = self.workspace / "preview.pdf"
        with self.pdf_lock:  # one layout at a time, in this thread (no fork from a threaded server)
            html_to_pdf(print_html(page), target)
            return target

    # -- the watcher --------------------------------------------------------------------------

    def watched(self) -> dict[str, tuple[int, int]]:
        """(mtime, size) of every file that can feed the report: the province's data, the code, the notebook."""
        found = {}
        roots = [self.data_dir / self.province] + [paths.PROJECT_ROOT / r for r in WATCHED_CODE]
        for root in roots:
            for path in root.rglob("*"):
                if "__pycache__" in path.parts:
                    continue
                try:
                    info = path.stat()
                except OSError:
                    continue
                if path.is_file():
                    found[str(path)] = (info.st_mtime_ns, info.st_size)
        with_notebook = Path(self.kind.notebook)
        if with_notebook.exists():
            found[str(with_notebook)] = (with_notebook.stat().st_mtime_ns, with_notebook.stat().st_size)
        return found

    def watch(self) -> None:
        seen = self.watched()
        while not self.stopping.wait(POLL_SECONDS):
            now = self.watched()
            if now != seen:
                seen = now
                self.wanted.set()

    def work(self) -> None:
        """Builds one after another; saves during a build make one more build after it."""
        while not self.stopping.is_set():
            if not self.wanted.wait(0.5):
                continue
            self.wanted.clear()
            try:
                self.build()
            except Exception as error:  # noqa: BLE001 - shown on the page; the preview goes on
                self.state.show(problems=f"Lỗi không mong đợi: {type(error).__name__}: {error}", status="Có lỗi")

    def stop(self) -> None:
        self.stopping.set()
        child = self.child
        if child is not None and child.poll() is None:
            os.killpg(child.pid, 2)  # SIGINT: the render cleans its staging folder up
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, 9)
                child.wait()
        shutil.rmtree(self.workspace, ignore_errors=True)

    # -- pages --------------------------------------------------------------------------------

    def page(self) -> str:
        with self.state.lock:
            page, problems, version = self.state.page, self.state.problems, self.state.version
        status = self.state.status()
        bar = SCRIPT % {"version": version, "status": html.escape(status), "poll": PAGE_POLL_MS}
        if problems:
            return problems_page(problems, self.province, self.year).replace("</body>", bar + "</body>", 1)
        if not page:
            return f"<!DOCTYPE html><html lang='vi'><meta charset='utf-8'><body><p>Đang dựng báo cáo…</p>{bar}</body></html>"
        return page.replace("</body>", bar + "</body>", 1) if "</body>" in page else page + bar


def _python_code() -> dict[str, str]:
    """The package's Python modules with their SHA-256 (templates are read afresh at each build)."""
    return {k: v for k, v in stamps.code_inputs().items() if k.endswith(".py")}


def _package_of(kind: kinds.Kind) -> str:
    """The kind's package (egov_report.kinds.<name>), where its charts and narrative modules are."""
    return kind.load_framework.__module__.rpartition(".")[0]


def problems_page(problems: str, province: str, year: int) -> str:
    """The problems of the last build in place of the report: one line each (file, row, column, rule)."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in problems.splitlines() if line.strip())
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'><title>Lỗi đầu vào</title></head>"
        "<body style='font:16px/1.5 serif;max-width:60em;margin:3em auto'>"
        f"<h1 id='egov-problems'>Chưa dựng được báo cáo {html.escape(province)} {year}</h1>"
        "<p>Sửa các lỗi dưới đây và lưu tệp: trang sẽ tự cập nhật. Báo cáo đã công bố được giữ nguyên.</p>"
        f"<ul class='problems'>{items}</ul></body></html>"
    )


def _handler(preview: Preview):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # the terminal shows the builds, not every poll
            pass

        def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            route = self.path.split("?", 1)[0]
            if route in ("/", "/report.html"):
                return self._send(preview.page().encode("utf-8"), "text/html; charset=utf-8")
            if route == "/__state":
                status = preview.state.status()
                with preview.state.lock:
                    state = {
                        "version": preview.state.version,
                        "status_text": status,
                        "problems": bool(preview.state.problems),
                    }
                return self._send(json.dumps(state).encode(), "application/json")
            if route == "/report.pdf":
                try:
                    return self._send(preview.pdf().read_bytes(), "application/pdf")
                except ReportError as error:
                    return self._send(str(error).encode("utf-8"), "text/plain; charset=utf-8", 409)
            name = route.lstrip("/")
            if name in ("technical.html", "figures.json") and (preview.target / name).is_file():
                kind = "text/html; charset=utf-8" if name.endswith(".html") else "application/json"
                return self._send((preview.target / name).read_bytes(), kind)
            return self._send(b"not found", "text/plain", 404)

    return Handler


def serve(
    province: str,
    year,
    port: int | None = None,
    data_dir: Path | None = None,
    reports_dir: Path | None = None,
    log=print,
    ready: threading.Event | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Serve the preview until Ctrl-C (or ``stop`` is set); returns the exit status."""
    preview = Preview(province, year, data_dir, reports_dir)
    server = _bind(port if port is not None else int(os.environ.get("PORT") or DEFAULT_PORT), _handler(preview))
    threads = [
        threading.Thread(target=preview.watch, daemon=True, name="egov-preview-watch"),
        threading.Thread(target=preview.work, daemon=True, name="egov-preview-build"),
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True, name="egov-preview-http"
        ),
    ]
    try:
        preview.seed()
        preview.wanted.set()  # the first build: fast when the published report is current
        for thread in threads:
            thread.start()
        url = f"http://{HOST}:{server.server_address[1]}/"
        log(f"Xem trước {preview.province} {preview.year}: {url}  (Ctrl-C để dừng)")
        log(
            f"Theo dõi: {paths.display_path(preview.data_dir / preview.province)}/, src/egov_report/, expectations/, "
            f"{paths.display_path(Path(preview.kind.notebook))}"
        )
        preview.url = url
        if ready is not None:
            ready.preview = preview
            ready.set()
        while not (stop or preview.stopping).wait(0.5):
            pass
    except KeyboardInterrupt:
        log("Đã dừng xem trước.")
    finally:
        server.shutdown()
        server.server_close()
        preview.stop()
        for thread in threads:
            if thread.is_alive():
                thread.join(timeout=5)
    return 0


def _bind(port: int, handler) -> ThreadingHTTPServer:
    """The server on 127.0.0.1, at ``port`` or the next free one (0: any free port)."""
    last = None
    for candidate in [0] if port == 0 else range(port, port + 20):
        try:
            server = ThreadingHTTPServer((HOST, candidate), handler)
            server.daemon_threads = True
            return server
        except OSError as error:
            last = error
    raise ReportError(f"Không mở được cổng {port}–{port + 19} trên {HOST}: {last}")
