"""The register of docs/style.md as checks on a rendered report.html: each function returns the
places that break one rule (an empty list when the report follows it).

Kept apart from the tests so that the same checks read any rendered report (the session's
shipped renders in tests/render/test_style.py, or a folder of reports by hand:
``python tests/support/style_rules.py reports/``).
"""

from __future__ import annotations

import collections
import re
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from egov_report.core.records import read_json

BLOCKS = ("p", "li", "h1", "h2", "h3", "figcaption", "td", "th", "div", "aside", "section", "tr")
# A score in a table cell: two decimals, an optional sign and an optional "/maximum".
SCORE_CELL = re.compile(r"^[+\u2212-]?\d{1,3}(\.\d{3})*,\d{2}(/\d{1,3}(\.\d{3})*(,\d+)?)?\*?$")  # *: a note
NUMBER = r"\d{1,3}(?:\.\d{3})*(?:,\d+)?"
# A number that a sentence gives as points: "43,80 điểm", "73,83/100 điểm", "(92,00/100 điểm".
# Not the maximum after "/", not "tối đa 100 điểm" / "thang 100 điểm" (framework constants), not
# a published figure quoted as printed ("công bố 10 điểm").
POINTS = re.compile(rf"(?<![/\d.,])({NUMBER})(?:/{NUMBER})?\s(?:điểm)(?!\s+phần trăm)")
CONSTANT_BEFORE = re.compile(r"(tối đa(?: là)?|thang|trên|dưới|từ|đến|ngưỡng|≥|<|công bố(?: tăng| giảm)?)\s*$")


def soup_of(path: Path) -> BeautifulSoup:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tag in soup(["script", "style", "svg", "nav"]):
        tag.decompose()
    return soup


def visible_text(node) -> str:
    """Text as a reader sees it: blocks on lines of their own, inline tags run together."""
    for block in node.find_all(BLOCKS):
        block.insert_after("\n")
        block.insert_before("\n")
    text = node.get_text("")
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n", text).strip()


def prose(soup: BeautifulSoup, demonstration: bool = False) -> list[str]:
    """The report's sentences in paragraphs and list items of its body (no table, no caption, no
    note under a table or figure, no annex); with ``demonstration``, also the sentences of the annex
    of sample data, which are the body a province with official unit scores would get."""
    body = BeautifulSoup(str(soup), "html.parser")
    for tag in body(["table", "figure", "header"]):
        tag.decompose()
    kept = [tag.extract() for tag in body.select(".demonstration")] if demonstration else []
    for tag in body.select(".annex, .data-notice, .form-header, .form-signature, p.note"):
        tag.decompose()
    for tag in kept:
        (body.body or body).append(tag)
    sentences = []
    for block in body.find_all(["p", "li"]):
        text = " ".join(block.get_text("").split())
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ“(])", text) if s.strip()]
    return sentences


def scores_in_tables(soup: BeautifulSoup) -> tuple[int, list[str]]:
    """(score cells seen, those without two decimals)."""
    cells = [" ".join(td.get_text("").split()) for td in soup.select("td.score")]
    wrong = [c for c in cells if c != "—" and not SCORE_CELL.match(c)]
    return len(cells), wrong


# A published figure quoted as the province printed it (Quyết định 47/QĐ-UBND: "tăng 2,365 điểm").
PUBLISHED_AS_PRINTED = ("2,365",)


def scores_in_sentences(soup: BeautifulSoup) -> tuple[int, list[str]]:
    """(points seen in sentences of the body and the annex of sample data, those without two decimals)."""
    seen, wrong = 0, []
    for sentence in prose(soup, demonstration=True):
        for match in POINTS.finditer(sentence):
            if CONSTANT_BEFORE.search(sentence[: match.start()]):
                continue
            seen += 1
            if not re.search(r",\d{2}$", match.group(1)) and match.group(1) not in PUBLISHED_AS_PRINTED:
                wrong.append(sentence[max(0, match.start() - 60) : match.end() + 10])
    return seen, wrong


def repeated_sentences(soup: BeautifulSoup, shortest: int = 40) -> list[str]:
    counts = collections.Counter(s for s in prose(soup) if len(s) >= shortest)
    return [s for s, n in counts.items() if n > 1]


def repeated_captions(soup: BeautifulSoup) -> list[str]:
    """Captions that two figures (or two tables) share, numbers left out."""
    repeated = []
    for prefix in ("Hình", "Bảng"):
        captions = [" ".join(c.get_text("").split()) for c in soup.find_all("figcaption")]
        bare = [re.sub(rf"^{prefix} \d+\.\s*", "", c) for c in captions if c.startswith(prefix + " ")]
        repeated += [c for c, n in collections.Counter(bare).items() if n > 1]
    return repeated


def typography(soup: BeautifulSoup) -> list[str]:
    """French quotes, a space before punctuation, a signed zero."""
    text = visible_text(soup)
    found = []
    for pattern, what in (
        (r"[«»]", "« »"),
        (r" [;:,.](?=\s|$)", "space before punctuation"),
        (r"(?<![\d,.])[-\u2212]0(?:,0+)?(?![\d,])", "signed zero"),
    ):
        for match in re.finditer(pattern, text):
            found.append(f"{what}: …{text[max(0, match.start() - 40) : match.end() + 10]}…")
    return found


def band_share_sums(report_dir: Path) -> list[str]:
    """Tiers whose printed band percentages do not add up to 100,0 %."""
    record = read_json(report_dir / "figures.json")
    wrong = []
    for tier in record.get("tiers", []):
        percents = [b["percent"] for b in tier["current"]["bands"]]
        if percents and round(sum(percents), 1) != 100.0:
            wrong.append(f"{tier['code']}: {percents}")
    return wrong


def main(folder: str) -> int:
    problems = 0
    for html in sorted(Path(folder).glob("*/*/report.html")):
        soup = soup_of(html)
        found = {
            "table scores": scores_in_tables(soup)[1],
            "sentence scores": scores_in_sentences(soup)[1],
            "repeated sentences": repeated_sentences(soup),
            "repeated captions": repeated_captions(soup),
            "typography": typography(soup),
            "band shares": band_share_sums(html.parent),
        }
        print(html.parent.relative_to(folder), {k: len(v) for k, v in found.items()})
        for rule, items in found.items():
            for item in items[:6]:
                print(f"   {rule}: {item}")
            problems += len(items)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
