"""Kind ``national_index``: one province's place in a national index of all provinces.

A ministry scores every province on an index (the MIC index of ICT application: 63 provinces,
six categories, scale 0 to 1) and publishes a national table. This kind reads one table per
year, checks it with the suites ``expectations/national_index_*.json``, and reports the subject
province's position: overall score and rank, gap to the leader, category ranks, the years
before, and which provinces have no score.

Inputs (docs/input-format.md, "Kind national_index")::

    data/<province>/framework.yaml          kind national_index: subject, index, categories
    data/<province>/provinces.csv           registry: every province once, GSO code, aliases
    data/<province>/<year>/evaluation.yaml  data status and note, source, table file, notes
    data/<province>/<year>/national_ranking.csv   province, score, categories, rank, note

Stage modules: ``framework``, ``loading``, ``validation``, ``analysis``, ``narrative``, ``charts``.
"""

from .. import shipped_kind
from .framework import KIND, load_framework

REPORT_KIND = shipped_kind(__name__, KIND, load_framework)
