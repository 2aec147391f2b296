# Two commands for a newcomer (see README.md):
#   make report PROVINCE=quangninh YEAR=2019   bootstraps .venv, then renders reports/<province>/<year>/
#   make test                                  bootstraps .venv with the test extra, then runs pytest
#   make preview PROVINCE=quangninh YEAR=2019  serves the report on 127.0.0.1:8000, reloaded on every save
#   make lab                                   JupyterLab on the report notebook (installs the lab extra once)
#   make reports                               every province-year under data/: only what changed, on every core
#   make bench                                 render timings: medians, ratios against targets, where time goes
#   make mutants                               deliberate bugs on a copy: does the suite catch each one?
#   make lint                                  ruff check and format on the code, tests and scripts; mypy on core/ (CI runs it)
#   make mutation                              mutation score (mutmut, one worker) and the suites' parameters loosened
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PROVINCE ?= quangninh
YEAR ?= 2019
$(foreach v,PROVINCE YEAR,$(eval override $v := $$(value $v)))  # taken literally: a $(...) in them is never expanded
# PROVINCE and YEAR reach the program through the environment only: never through a shell
# command line, so no value typed after `make` can run as a command.
export PROVINCE YEAR
# make reports JOBS=2 (or make -j2 reports): renders at once; make bench REPEAT=5: repetitions.
# Both reach the program through the environment too, taken literally.
$(foreach v,JOBS REPEAT FULL PORT,$(if $(filter undefined,$(origin $v)),,$(eval override $v := $$(value $v))))
export JOBS REPEAT FULL PORT

.PHONY: report reports bench test lint mutants mutation list lab preview clean-venv
# FULL=1 runs the notebook even when only the findings, the official form, published.yaml or templates changed.
report: $(VENV)/.installed-render
	@$(VPY) -m egov_report render --from-env

# The report in the browser, rebuilt when a file feeding it is saved (PORT=8000 by default). Ctrl-C stops it.
preview: $(VENV)/.installed-render
	@$(VPY) -m egov_report preview --from-env

# Incremental: a report is rebuilt only when one of its inputs changed (inputs.json next to it);
# reports/index.html lists them all. Exit status 1 when any report failed.
reports: $(VENV)/.installed-render
	@$(VPY) -m egov_report batch

bench: $(VENV)/.installed-render
	@$(VPY) -m egov_report.tools.bench

list: $(VENV)/.installed-render
	@$(VPY) -m egov_report list

test: $(VENV)/.installed-test
	$(VPY) -m pytest

# The rules and their exceptions: pyproject.toml ([tool.ruff], [tool.mypy]).
lint: $(VENV)/.installed-test
	$(VPY) -m ruff check src scripts tests notebooks
	$(VPY) -m ruff format --check src scripts tests
	$(VPY) -m mypy

# Not part of `make test`: a fixed list of mutations applied one at a time to a copy of the
# project in a temporary folder, each with the tests that concern it (egov_report/tools/mutants.py).
mutants: $(VENV)/.installed-test
	@$(VPY) -m egov_report.tools.mutants

# Not part of `make test` either: mutmut over the modules that state what a reader sees, one worker
# under nice, within a time budget (MUTATION_BUDGET seconds, default 2400); results are kept in
# mutants/ between runs. Then the validation suites' parameters, loosened one at a time. docs/mutation.md.
mutation: $(VENV)/.installed-test
	@$(VPY) -m egov_report.tools.mutation

$(VENV)/.installed-render: pyproject.toml
	@PYTHON=$(PYTHON) scripts/bootstrap.sh
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-render
	@PYTHON=$(PYTHON) scripts/bootstrap.sh test
	@touch $@

# JupyterLab with the project's kernel (the venv's python3), on the report notebook.
# Extra arguments, e.g. headless: make lab LAB_ARGS="--no-browser --port=8888"
lab: $(VENV)/.installed-lab
	$(VENV)/bin/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root) --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/notebooks/report.ipynb $(LAB_ARGS)

$(VENV)/.installed-lab: pyproject.toml $(VENV)/.installed-render
	@PYTHON=$(PYTHON) scripts/bootstrap.sh lab
	@touch $@

clean-venv:
	rm -rf $(VENV)
