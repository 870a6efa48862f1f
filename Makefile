# goldenage — the two commands a new user runs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run report test lint bench data claims validation clean

install: $(STAMP)

# Re-installs only when the lock or the project metadata changed.
$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The web app (calculators, charts, uploads, commitments, API at /docs); prints its URL.
# First the law is compiled ahead for every HTSUS line (a few seconds, once per version of the
# rules and data), so that the first batch or series of plain lines loads no rules.
# `make run PORT=8001 HOST=0.0.0.0` picks the port and the address (default 127.0.0.1:8000).
PORT ?= 8000
HOST ?= 127.0.0.1
run: install
	$(VENV)/bin/goldenage tariff compile --answers
	$(VENV)/bin/goldenage serve --host $(HOST) --port $(PORT)

# The basket report on the terminal.
report: install
	$(VENV)/bin/goldenage report

lint: install
	$(VENV)/bin/ruff check src tests scripts benchmarks
	$(VENV)/bin/ruff format --check src tests scripts benchmarks

# The suite with its services: Debian's chromium (browser tests) and a throw-away PostgreSQL
# server on loopback (database tests), started and stopped by scripts/run_tests.sh.
test: lint
	bash scripts/run_tests.sh

bench: install
	@set -e; for script in benchmarks/*.py; do echo "== $$script"; $(PY) $$script; done

# Rebuild the shipped HTSUS table from the official USITC JSON exports in ../shared.
data: install
	$(PY) scripts/build_hts.py

# Rebuild the claim shares of the collected basis (data/claims/) from the 2024 Census duty and the
# engine's 2024 rates: run it after every change of the law that moves a 2024 duty.
claims: install
	$(PY) scripts/build_claims.py

# The monthly comparison of the statutory and collected rates with the Census actual
# (docs/validation.md, section between its markers), after rebuilding the claims.
validation: claims
	$(PY) scripts/check_collected.py --out docs/validation.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
