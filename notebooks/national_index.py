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
# `src/egov_report/kinds/national_index.py`; this notebook tells the story in order.

# %% tags=["parameters"]
province: str = "backan"  # province code: a folder under data/ (make list shows them)
year: int = 2019  # evaluation year: a folder under data/<province>/ with evaluation.yaml
output_dir: str = ""  # folder for figures.json and validation.json; empty: write nothing

# %% [markdown]
# An unknown province-year or a parameter of the wrong type stops here, with the same
# message as `make report`.

# %%
from egov_report.loading import check_parameters

province, year = check_parameters(province, year)

# %% [markdown]
# The framework, the province registry and the national table of every year up to `year`.

# %%
from pathlib import Path

from egov_report.interactive import autoreload_project
from egov_report.kinds import national_index
from egov_report.provenance import provenance
from egov_report.records import FIGURES_FILE, VALIDATION_FILE, write_json

autoreload_project()  # in JupyterLab, edits to src/egov_report take effect at the next cell
inputs = national_index.load_inputs(province, year)

# %% [markdown]
# Every input is checked by the suites `expectations/national_index_*.json` before any
# analysis; a failure stops here with one message per problem.

# %%
validation = national_index.validate(inputs)
if output_dir:
    write_json(validation.to_dict(), Path(output_dir) / VALIDATION_FILE)
validation.raise_if_failed()

# %% [markdown]
# The figure record: every number the report states comes from `record`, written next to
# the report as `figures.json`.

# %%
record = national_index.analyse(inputs)
record["validation"] = validation.to_dict()
record["provenance"] = provenance(inputs)
if output_dir:
    write_json(record, Path(output_dir) / FIGURES_FILE)
report = national_index.NationalIndexBuilder(record)

# %%
report.title()

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
report.annex_table()

# %%
report.validation_appendix(record["validation"])

# %%
report.provenance(record["provenance"])
