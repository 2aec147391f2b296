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
# # Báo cáo vị trí của một tỉnh trong chỉ số quốc gia (kind `national_index`)
#
# This notebook is the report of a province-year whose framework is of kind `national_index`:
# one province's place in a national index of all provinces (the MIC index of ICT application).
# `make report PROVINCE=... YEAR=...` runs it with papermill; in JupyterLab it runs with the
# defaults below. Only HTML the cells display reaches the report. The logic lives in
# `src/egov_report/kinds/national_index/`; this notebook tells the story in order.

# %% tags=["parameters"]
province: str = "backan"  # province code: a folder under data/ (make list shows them)
year: int = 2019  # evaluation year: a folder under data/<province>/ with evaluation.yaml
output_dir: str = ""  # folder for figures.json and validation.json; empty: write nothing

# %% [markdown]
# An unknown province-year or a parameter of the wrong type stops here, with the same
# message as `make report`.

# %% tags=["stage-imports"]
from egov_report.catalog import check_parameters

province, year = check_parameters(province, year)

# %% [markdown]
# The framework, the province registry and the national table of every year up to `year`.

# %%
from pathlib import Path

from egov_report.core.ahead import validated
from egov_report.core.document import report_context
from egov_report.core.provenance import provenance
from egov_report.core.records import FIGURES_FILE, write_json
from egov_report.interactive import autoreload_project
from egov_report.kinds.national_index.analysis import analyse
from egov_report.kinds.national_index.loading import load_evaluation
from egov_report.kinds.national_index.narrative import NationalIndexBuilder
from egov_report.kinds.national_index.validation import validate

autoreload_project()  # in JupyterLab, edits to src/egov_report take effect at the next cell

# %% tags=["stage-loading"]
inputs = load_evaluation(province, year)

# %% [markdown]
# Every input is checked by the suites `expectations/national_index_*.json` before any
# analysis; a failure stops here with one message per problem.

# %% tags=["stage-validation"]
validation = validated(validate, inputs)  # or the same check made ahead by the renderer (core/ahead.py)
validation.save(output_dir)  # validation.json and the complete results, kept even when it fails
validation.raise_if_failed()

# %% [markdown]
# The figure record: every number the report states comes from `record`, written next to
# the report as `figures.json`.

# %% tags=["stage-analysis"]
record = analyse(inputs)
record["validation"] = validation.to_dict()
record["provenance"] = provenance(inputs.input_files)
if output_dir:
    write_json(record, Path(output_dir) / FIGURES_FILE)
# The official form (issuer, legal basis, findings) and the published figures are read next to
# the record, never written into it; a published figure bound to a wrong key stops here.
context = report_context(province, year, record, validation)
report = NationalIndexBuilder(record, **context)

# %% tags=["stage-narrative"]
report.title()

# %%
report.summary()

# %%
report.legal_basis()

# %%
report.scope_and_method()

# %%
report.headline()

# %%
report.categories()

# %%
report.trajectory()

# %%
report.missing_data()

# %%
report.findings(context["document"].findings)

# %%
report.signature()

# %%
report.annex_table()

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
