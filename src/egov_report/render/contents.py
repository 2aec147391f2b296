"""The table of contents: every h2 with an id, with its h3s, in place of TOC_MARKER.

A page either still carries TOC_MARKER (no contents yet) or carries its contents: never both.
"""

from __future__ import annotations

import itertools
from html.parser import HTMLParser

TOC_MARKER = "<!-- TOC -->"


class _Headings(HTMLParser):
    """Collects (level, id, text) of h2/h3 headings that carry an id."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings: list[list] = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3") and dict(attrs).get("id") and "toc-title" not in (dict(attrs).get("class") or ""):
            self._open = [int(tag[1]), dict(attrs)["id"], ""]
        elif tag == "br" and self._open is not None:  # "Phụ lục I<br>BẢNG …" reads "Phụ lục I. BẢNG …" in one line
            self._open[2] = self._open[2].rstrip() + ". "

    def handle_data(self, data):
        if self._open is not None:
            self._open[2] += data

    def handle_endtag(self, tag):
        if self._open is not None and tag == f"h{self._open[0]}":
            self._open[2] = " ".join(self._open[2].split())
            self.headings.append(self._open)
            self._open = None


def add_table_of_contents(html: str) -> str:
    """The contents list in place of TOC_MARKER: every h2 with its h3s, in two lists side by side
    in print (``toc_halves``), one under the other on screen."""
    if TOC_MARKER not in html:
        return html
    parser = _Headings()
    parser.feed(html)
    if not parser.headings:
        return html.replace(TOC_MARKER, "", 1)
    from markupsafe import escape

    def entry(anchor: str, text: str) -> str:
        return f'<li><a href="#{escape(anchor)}">{escape(text)}</a>'

    entries = []  # one per h2: its own line and its h3s' lines
    for level, anchor, text in parser.headings:
        if level == 2 or not entries:
            entries.append([entry(anchor, text)])
        else:
            entries[-1].append(entry(anchor, text))
    lists = ["<ol>" + "".join(_toc_entry(lines) for lines in half) + "</ol>" for half in toc_halves(entries)]
    return html.replace(TOC_MARKER, f'<div class="toc-columns">{"".join(lists)}</div>', 1)


def _toc_entry(lines: list[str]) -> str:
    if len(lines) == 1:
        return lines[0] + "</li>"
    return lines[0] + "<ol>" + "".join(line + "</li>" for line in lines[1:]) + "</ol></li>"


def toc_halves(entries: list[list]) -> list[list]:
    """The contents split between two columns with as even a count of lines as whole entries allow
    (an h2 stays with its h3s); the first column takes the extra line.

    Two floated lists, not CSS columns: WeasyPrint balances columns by laying their content out
    again and again (0.5 s of the flagship's PDF, measured), two lists are laid out once.
    """
    lines = list(itertools.accumulate(len(e) for e in entries))  # lines up to and with each entry
    split = min(range(1, len(entries) + 1), key=lambda k: (abs(2 * lines[k - 1] - lines[-1]), -lines[k - 1]))
    return [half for half in (entries[:split], entries[split:]) if half]
