"""Every figure a report marks names, by its key, the record's figure it prints (an auditor's check of
the technical record: figures.json is the one source of every number)."""

from __future__ import annotations

import html
import re

from egov_report.core.formatting import fixed, number, percent
from egov_report.core.published import resolve

SPAN = re.compile(r'<span class="fig" data-key="([^"]+)" data-class="[^"]+">(.*?)</span>')


def numbers_of(value) -> set[str]:
    """How a figure of the record may be printed: a score, an index value (to four decimals), a share, a
    count (its sign said in words)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        size = abs(value)
        forms = {fixed(size, digits) for digits in range(1, 5)} | {number(size)}
        if float(size).is_integer():  # a count or a rank: never "0" for 0,3
            forms.add(fixed(size, 0))
        return forms | ({percent(size), fixed(size * 100, 1)} if size <= 1 else set())
    return {str(value)}


def disagreements(page: str, record: dict, stated_as_published: set[str], alias=lambda key: key) -> list[tuple]:
    """(key, text, value) of each marked figure whose text does not print the record's value at its key
    (``alias`` maps a key to the one the record holds); a published figure stated alone must be one the
    builder noted. A key that names nothing raises."""
    wrong = []
    spans = SPAN.findall(page)
    assert spans, "no marked figure"
    for key, text in spans:
        text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u00a0", " ")
        if "theo số liệu công bố" in text:  # the body's published figure (the annex of sample data
            if alias(key) not in stated_as_published:  # states the computed one at the same key)
                wrong.append((key, text, "not noted as stated alone"))
            continue
        value = resolve(record, alias(key))
        if not (any(form in text for form in numbers_of(value)) or str(value).casefold() in text.casefold()):
            wrong.append((key, text, value))
    return wrong
