# Two commands for a new user: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
# The first interpreter that really runs and is 3.11 or newer (pyenv shims may exist and fail).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && command -v $$p && break; \
	done)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := peers

.PHONY: run test lint bench serve-prod clean help

help:
	@echo "make run    set everything up (venv, database, catalog, index) and serve http://127.0.0.1:$(PORT)"
	@echo "make test   set up and run the tests (CI=true also runs the PostgreSQL and browser suites)"
	@echo "make lint   ruff, and bandit (no high-severity finding)"
	@echo "make serve-prod  gunicorn with the production config (see docs/deploy.md)"
	@echo "make bench  index, matcher, /discover, platform page and offer search benchmarks (docs/performance.md)"

$(BIN)/activate:
	@test -n "$(PYTHON)" || { echo "Peers needs Python 3.11 or newer: install it, or set PYTHON=/path/to/python3.11"; exit 1; }
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
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r peers -lll

test: $(VENV)/.installed lint
	$(BIN)/python -m pytest

bench: $(VENV)/.installed
	$(BIN)/python -m bench

# Production config: PEERS_SECRET_KEY (or instance/config.py) must hold a strong key.
serve-prod: export PEERS_ENV := production
serve-prod: $(VENV)/.installed
	$(BIN)/flask peers init
	PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py 'peers:create_app()'

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
