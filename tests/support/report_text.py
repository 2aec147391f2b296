"""A report's parts as a reader sees them, built without drawing a chart (the narratives' text tests)."""

from __future__ import annotations

import copy
import html
import re

TIERED_CHARTS = ("ranking", "distribution", "band_distribution", "year_comparison", "group_breakdown", "parent_means")
NATIONAL_CHARTS = ("position_chart", "category_chart", "trajectory_chart")


def visible(part) -> str:
    """The text a reader sees: inline marks joined to their words, blocks parted by a space, no chart."""
    page = getattr(part, "data", str(part))
    page = re.sub(r"<svg.*?</svg>", "", page, flags=re.S)
    page = re.sub(r"</?(span|strong|em|a|abbr|sup|code)\b[^>]*>", "", page)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ").split())


def charts_recorded(monkeypatch, module, names: tuple[str, ...]) -> dict[str, list]:
    """Each chart function of ``module`` replaced by a record of what it was given (a copy of its
    arguments): a report's text is then built in a tenth of the time; drawing is tested elsewhere."""
    calls: dict[str, list] = {}
    for name in names:

        def record_call(*args, name=name):
            calls.setdefault(name, []).append(copy.deepcopy(args))
            return f"<svg><title>{name}</title></svg>"

        monkeypatch.setattr(module, name, record_call)
    return calls
