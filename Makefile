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

.PHONY: run test lint bench relevance market-relevance serve-prod loadtest clean help

help:
	@echo "make run    set everything up (venv, database, catalog, index) and serve http://127.0.0.1:$(PORT)"
	@echo "make test   run the tests on SQLite, then on PostgreSQL if PEERS_TEST_POSTGRES_URL is set (CI=true: every suite)"
	@echo "make lint   ruff, and bandit (no high-severity finding)"
	@echo "make serve-prod  gunicorn with the production config (see docs/deploy.md)"
	@echo "make relevance  the judged descriptions' figures (ranked right, MRR, nDCG@5) beside plain BM25 (-v: each miss)"
	@echo "make bench  index, matcher, /discover, platform page and offer search benchmarks (docs/performance.md)"
	@echo "make market-relevance  the marketplace's judged needs suite: share of cases ranked right"
	@echo "make loadtest  production server on PostgreSQL under load for 60 s, then checks (docs/loadtest.md)"

$(BIN)/activate:
	@test -n "$(PYTHON)" || { echo "Peers needs Python 3.11 or newer: install it, or set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall when the declared dependencies change. `make run` installs what the site needs
# and no more; the test tools (pytest, Playwright, ruff, bandit...) come with `make test`.
$(VENV)/.installed: $(BIN)/activate setup.cfg pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

# Links in emails point at this server unless PEERS_SITE_URL says otherwise.
run: export PEERS_SITE_URL ?= http://127.0.0.1:$(PORT)
run: $(VENV)/.installed
	$(BIN)/flask peers init
	@# The task worker (mail, digests) runs beside the dev server and stops with it.
	$(BIN)/flask peers worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT; \
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r peers -lll

# The suite on SQLite, then all again on PostgreSQL when PEERS_TEST_POSTGRES_URL is set.
# CI=true requires both passes (and every suite: a skip fails the run).
test: $(VENV)/.test-installed lint
	@echo "== Test pass 1: SQLite"
	PEERS_TEST_DATABASE=sqlite $(BIN)/python -m pytest
	@if [ -n "$${PEERS_TEST_POSTGRES_URL:-}" ]; then \
		echo "== Test pass 2: PostgreSQL (PEERS_TEST_POSTGRES_URL)"; \
		echo "PEERS_TEST_DATABASE=postgres $(BIN)/python -m pytest"; \
		PEERS_TEST_DATABASE=postgres $(BIN)/python -m pytest; \
	elif [ "$${CI,,}" = true ]; then \
		echo "CI=true: the PostgreSQL pass must run, but PEERS_TEST_POSTGRES_URL is not set"; exit 1; \
	else \
		echo "== Test pass 2: PostgreSQL skipped: set PEERS_TEST_POSTGRES_URL to run it"; \
	fi

bench: $(VENV)/.test-installed
	$(BIN)/python -m bench

# RELEVANCE_ARGS=-v also lists every case ranked wrong.
relevance: $(VENV)/.test-installed
	$(BIN)/python -m tests.discovery.relevance $(RELEVANCE_ARGS)

# The judged suite of worker needs for the marketplace: the share of cases ranked right.
market-relevance: $(VENV)/.test-installed
	$(BIN)/python -m tests.marketplace.needs_suite

# LOADTEST_SECONDS, LOADTEST_POSTGRES_URL, LOADTEST_REDIS_URL; `python -m loadtest --help`.
loadtest: $(VENV)/.test-installed
	$(BIN)/python -m loadtest

# Production config: PEERS_SECRET_KEY (or instance/config.py) must hold a strong key,
# PEERS_SITE_URL the public https address and PEERS_TRUSTED_HOSTS its host names; without
# them the app refuses to start and says which is missing (docs/deploy.md).
serve-prod: export PEERS_ENV := production
serve-prod: $(VENV)/.installed
	$(BIN)/flask peers init
	PORT=$(PORT) $(BIN)/gunicorn --config gunicorn.conf.py 'peers:create_app()'

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache
