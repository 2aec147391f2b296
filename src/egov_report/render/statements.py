"""What each sentence of report.html states: its figures, each with its key and its class.

The builder marks every figure a sentence states as ``<span class="fig" data-key data-class>``
(``core.builder.ReportBuilder.fig`` and ``mark``). This reads them back from the report as the
reader gets it, so that technical.html lists exactly what was printed, sentence by sentence, and
a test can hold the rule of docs/decisions.md ("Every figure knows where it comes from"): no
figure of class ``sample`` outside the annex of sample data.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

BLOCKS = frozenset({"p", "li", "figcaption", "caption", "h1", "h2", "h3", "h4", "td", "th"})
SKIPPED = frozenset({"script", "style", "nav", "svg"})
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ“(])")


class _Sentences(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[dict] = []
        self.section = ""
        self.annex = False  # inside an annex of the report (its heading's id starts with "annex-")
        self._skip = 0
        self._stack: list[str] = []
        self._text: list[str] = []
        self._figures: list[dict] = []
        self._fig: dict | None = None
        self._heading: list[str] | None = None
        self._heading_annex = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in SKIPPED:
            self._skip += 1
            return
        if self._skip:
            return
        if tag == "h2":
            self._heading = []
            self._heading_annex = (attrs.get("id") or "").startswith("annex-")
        if tag in BLOCKS:
            self._flush()
            self._stack.append(tag)
        if tag == "span" and "fig" in (attrs.get("class") or "").split():
            self._fig = {
                "key": attrs.get("data-key", ""),
                "class": attrs.get("data-class", ""),
                "start": len("".join(self._text)),
                "text": "",
            }

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip:
            return
        if tag == "span" and self._fig is not None:
            self._fig["end"] = len("".join(self._text))
            self._figures.append(self._fig)
            self._fig = None
        if tag == "h2" and self._heading is not None:
            self.section = " ".join("".join(self._heading).split())
            self.annex = self._heading_annex
            self._heading = None
        if tag in BLOCKS and self._stack:
            self._flush()
            self._stack.pop()

    def handle_data(self, data):
        if self._skip:
            return
        self._text.append(data)
        if self._heading is not None:
            self._heading.append(data)
        if self._fig is not None:
            self._fig["text"] += data

    def _flush(self):
        text, figures = "".join(self._text), self._figures
        self._text, self._figures = [], []
        if not figures:
            return
        start = 0
        for sentence in _SENTENCE_END.split(text):
            offset = text.find(sentence, start)
            end = offset + len(sentence)
            inside = [f for f in figures if offset <= f["start"] < end]
            if inside:
                self.items.append(
                    {
                        "section": self.section,
                        "annex": self.annex,
                        "sentence": " ".join(sentence.split()),
                        "figures": [
                            {"key": f["key"], "class": f["class"], "text": " ".join(f["text"].split())} for f in inside
                        ],
                    }
                )
            start = end


def statements(html: str) -> list[dict]:
    """Each sentence of the report that states a marked figure: {section, annex, sentence, figures}."""
    parser = _Sentences()
    parser.feed(html)
    parser.close()
    return parser.items


def sample_in_body(html: str) -> list[dict]:
    """The sentences outside the annexes that state a figure of sample data (the rule: none)."""
    return [s for s in statements(html) if not s["annex"] and any(f["class"] == "sample" for f in s["figures"])]
