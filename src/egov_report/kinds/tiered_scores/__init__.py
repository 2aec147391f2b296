"""Kind ``tiered_scores``: units in tiers (departments, districts, communes) scored against criteria groups.

Each tier's units get a total out of the tier's maximum, a band (tốt / khá / ..., or Mức I–IV)
and a rank; the report compares with the year before and ranks communes' parents by their mean.
Stage modules: ``framework`` (framework.yaml), ``loading`` (registry, score tables),
``validation``, ``analysis`` (the figure record), ``narrative``, ``charts``, and ``workbook``
(the Excel annex ``rankings.xlsx``, this kind's extra output).
"""

from ...paths import NOTEBOOKS_DIR
from .. import Kind, Output, lazy
from .framework import KIND, load_framework

RANKINGS_FILE = "rankings.xlsx"  # the Excel annex: every tier's full ranking (workbook.py writes it)

REPORT_KIND = Kind(
    name=KIND,
    notebook=NOTEBOOKS_DIR / "report.ipynb",
    load_framework=load_framework,
    outputs=(Output(file=RANKINGS_FILE, label="Excel", module=f"{__name__}.workbook"),),
    loader=lazy(f"{__name__}.loading:load_evaluation"),
    validator=lazy(f"{__name__}.validation:validate"),
)
