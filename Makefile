# Two commands for a new user: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := peers

.PHONY: run test lint bench serve-prod clean help

help:
	@echo "make run    set everything up (venv, database, catalog, index) and serve http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run the tests (CI=true also runs the PostgreSQL and browser suites)"
	@echo "make lint   ruff"
	@echo "make bench  matcher and /discover benchmarks (see docs/performance.md)"

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Peers needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)

# Reinstall when the declared dependencies change.
$(VENV)/.installed: $(BIN)/activate setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

run: $(VENV)/.installed
	$(BIN)/flask peers init
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check peers tests bench

test: $(VENV)/.installed lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python -m bench

serve-prod: $(VENV)/.installed
	$(BIN)/flask peers init
	$(BIN)/gunicorn --workers $${WEB_CONCURRENCY:-2} --bind 127.0.0.1:$(PORT) 'peers:create_app()'

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
