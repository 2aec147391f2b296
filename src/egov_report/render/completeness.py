"""The last check before report.html is written: a page that fails it is never published."""

from __future__ import annotations

import re

from .contents import TOC_MARKER


def looks_complete(html: str) -> list[str]:
    """Reasons a rendered HTML page is not fit to publish (empty means fit)."""
    reasons = []
    if "</html>" not in html:
        reasons.append("HTML không hoàn chỉnh")
    if re.search(r"Traceback \(most recent call last\)|<pre>[^<]*Error", html):
        reasons.append("HTML có thông báo lỗi Python")
    if TOC_MARKER in html:
        reasons.append("chưa có mục lục")
    return reasons
