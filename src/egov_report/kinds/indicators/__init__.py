"""Kind ``indicators``: a set of indicators, each with its value and, where known, its target.

A province-year of this kind tracks the indicators of a reference document (a resolution,
a plan) for one year: each indicator's value, the target it is measured against, and
whether the target is met. A target is never guessed.

Files (docs/input-format.md, section on this kind):

- ``framework.yaml`` (the year's own, or the province's): the reference document and the
  indicator definitions;
- ``<year>/evaluation.yaml``: data status and note, the method, ``sources.indicators.file``;
- the indicator table (CSV or Excel): code, value, target (optional), as_of, source,
  target_source (optional), one row per indicator; checked by the suites
  ``expectations/indicators_*.json``.

Stage modules: ``framework``, ``loading``, ``validation``, ``analysis``, ``narrative``, ``charts``.
"""

from .. import shipped_kind
from .framework import KIND, load_framework

REPORT_KIND = shipped_kind(__name__, KIND, load_framework)
