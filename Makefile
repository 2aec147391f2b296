# Two commands for a newcomer (see README.md):
#   make report PROVINCE=quangninh YEAR=2019   bootstraps .venv, then renders reports/<province>/<year>/
#   make test                                  bootstraps .venv with the test extra, then runs pytest
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PROVINCE ?= quangninh
YEAR ?= 2019
# PROVINCE and YEAR reach the program through the environment only: never through a shell
# command line, so no value typed after `make` can run as a command.
export PROVINCE YEAR

.PHONY: report test list clean-venv
report: $(VENV)/.installed-render
	@$(VPY) -m egov_report render --from-env

list: $(VENV)/.installed-render
	@$(VPY) -m egov_report list

test: $(VENV)/.installed-test
	$(VPY) -m pytest

$(VENV)/.installed-render: pyproject.toml
	@PYTHON=$(PYTHON) scripts/bootstrap.sh
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-render
	@PYTHON=$(PYTHON) scripts/bootstrap.sh test
	@touch $@

clean-venv:
	rm -rf $(VENV)
