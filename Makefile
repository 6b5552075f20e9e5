# Neural networks course: two commands on a fresh machine.
#   make lab    set everything up and open JupyterLab on the course
#   make test   set everything up and run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
PIN    := -c constraints.txt
PORT   ?= 8888
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
# tools nbgrader calls by name (alembic, jupyter) must come from .venv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
# small matrices: one BLAS thread per process is faster than two fighting over two cores
test test-fast check grade: export OPENBLAS_NUM_THREADS = 1

.PHONY: help lab venv venv-test venv-bench venv-site test test-fast notebooks check release grade site bench lock clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 14

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.stamp-base: $(BIN)/python pyproject.toml constraints.txt
	$(PIP) install --quiet $(PIN) -e '.[grader]'
	@touch $@

$(VENV)/.stamp-test: $(VENV)/.stamp-base
	$(PIP) install --quiet $(PIN) -e '.[test]'
	@touch $@

$(VENV)/.stamp-site: $(VENV)/.stamp-base
	$(PIP) install --quiet $(PIN) -e '.[site]'
	@touch $@

$(VENV)/.stamp-bench: $(VENV)/.stamp-base
	$(PIP) install --quiet $(PIN) -e '.[bench]'
	@touch $@

venv: $(VENV)/.stamp-base        ## create/update .venv with the course packages
venv-test: $(VENV)/.stamp-test   ## ... plus the test tools
venv-bench: $(VENV)/.stamp-bench ## ... plus the benchmark peers (PyTorch, scikit-learn)
venv-site: $(VENV)/.stamp-site   ## ... plus the website builder (Sphinx, myst-nb)

lab: venv  ## set up and open JupyterLab on the course
	$(BIN)/python -m course_grader.labsetup $(VENV)
	$(BIN)/jupyter lab --notebook-dir=. --ServerApp.port=$(PORT) $(ALLOW_ROOT) \
	    --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

test: venv-test  ## the whole suite (real nbgrader, notebooks, browser, PostgreSQL)
	$(BIN)/python -m pytest -n 2 --dist loadgroup --durations=30 tests

test-fast: venv-test  ## the quick tier: library, CLI and config tests only
	$(BIN)/python -m pytest -n 2 -m "not slow" tests

notebooks: venv  ## course build: write lectures/ and solutions/ notebooks from their sources in units/
	$(BIN)/course build

check: venv  ## solutions earn full marks, blanks zero, every planted mistake is caught
	$(BIN)/course check

release: venv  ## regenerate exercises/ from solutions/ (after make notebooks)
	$(BIN)/course release

grade: venv  ## instructor demo: a synthetic class autograded, with feedback, CSV and report
	$(BIN)/course demo --out demo

site: venv-site  ## the course website in _site/ (lectures executed and cached, offline MathJax)
	$(BIN)/course site --out _site

bench: venv-bench  ## benchmarks against the named peers (prints ratios)
	$(BIN)/python benchmarks/run_all.py

lock:  ## re-pin constraints.txt from the current .venv (then update environment.yml)
	@{ head -2 constraints.txt; $(PIP) freeze --exclude-editable | grep -v '^-e'; } > constraints.txt.new && mv constraints.txt.new constraints.txt

clean:  ## remove the environment and generated grading state
	rm -rf $(VENV) submitted autograded feedback gradebook.db exchange demo reports dist _site .site-cache
