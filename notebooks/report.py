# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Báo cáo đánh giá theo tỉnh và năm
#
# This notebook is the report. `make report PROVINCE=... YEAR=...` runs it with papermill and
# turns what it displays into HTML and PDF; here in JupyterLab it runs with the defaults below.
# Only HTML the cells display reaches the report: code, prints and warnings never do.
# The logic lives in `src/egov_report/kinds/tiered_scores/` (on the shared `src/egov_report/core/`);
# this notebook tells the story in order.

# %% tags=["parameters"]
province: str = "quangninh"  # province code: a folder under data/ (make list shows them)
year: int = 2019  # evaluation year: a folder under data/<province>/ with evaluation.yaml
output_dir: str = ""  # folder for figures.json and validation.json; empty: write nothing

# %% [markdown]
# An unknown province-year or a parameter of the wrong type stops here, with the same
# message as `make report`.

# %% tags=["stage-imports"]
from egov_report.catalog import check_parameters

province, year = check_parameters(province, year)

# %%
from pathlib import Path

from IPython.display import display

from egov_report.core.ahead import validated
from egov_report.core.document import report_context
from egov_report.core.provenance import provenance
from egov_report.core.records import FIGURES_FILE, write_json
from egov_report.interactive import autoreload_project
from egov_report.kinds.tiered_scores.analysis import analyse
from egov_report.kinds.tiered_scores.loading import load_evaluation
from egov_report.kinds.tiered_scores.narrative import TieredReportBuilder
from egov_report.kinds.tiered_scores.validation import validate

autoreload_project()  # in JupyterLab, edits to src/egov_report take effect at the next cell

# %% tags=["stage-loading"]
evaluation = load_evaluation(province, year)

# %% [markdown]
# Every input is checked by the Great Expectations suites in `expectations/` before any
# analysis; a failure stops here with one message per problem.

# %% tags=["stage-validation"]
validation = validated(validate, evaluation)  # or the same check made ahead by the renderer (core/ahead.py)
validation.save(output_dir)  # validation.json and the complete results, kept even when it fails
validation.raise_if_failed()

# %% [markdown]
# The figure record: every number the report states comes from `record`, which is written
# next to the report as `figures.json`.

# %% tags=["stage-analysis"]
record = analyse(evaluation)
record["validation"] = validation.to_dict()
record["provenance"] = provenance(evaluation.input_files)
if output_dir:
    write_json(record, Path(output_dir) / FIGURES_FILE)
# The official form (issuer, legal basis) and the published figures are read next to the record,
# never written into it; a published figure bound to a wrong key stops here.
report = TieredReportBuilder(record, **report_context(province, year, record, validation))

# %% tags=["stage-narrative"]
report.title()

# %%
report.summary()

# %%
report.legal_basis()

# %%
report.scope_and_method()

# %%
report.overview()

# %%
for tier in record["tiers"]:
    display(report.tier_results(tier["code"]))

# %%
report.findings(evaluation.findings_markdown)

# %%
report.signature()

# %%
report.annex_rankings()

# %%
report.reconciliation()

# %% [markdown]
# The technical record (validation detail, provenance with hashes and versions) stays in this
# notebook and goes to `technical.html` next to the report; cells tagged `technical` are not
# part of the reader's report.

# %% tags=["technical"]
report.validation_appendix(record["validation"])

# %% tags=["technical"]
report.provenance(record["provenance"])
