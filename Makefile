# newsledger: `make run` builds the sample ledger and report; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint setup clean bench

setup: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "newsledger needs Python >= 3.11 (found $$($(PYTHON) --version))"; exit 1; }
	@java -version >/dev/null 2>&1 || { echo "newsledger's Spark runner needs Java 17 or newer: install it, e.g. 'apt-get install openjdk-17-jre-headless'"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $(STAMP)

run: $(STAMP)
	rm -f ledger.duckdb ledger.duckdb.wal
	$(BIN)/newsledger ingest examples/corpus --outlets examples/outlets.toml --db ledger.duckdb
	$(BIN)/newsledger report --db ledger.duckdb --out report.html
	$(BIN)/newsledger events --db ledger.duckdb --min-sources 2
	@echo "Ledger: ledger.duckdb · report: report.html · try: .venv/bin/newsledger --help"

lint: $(STAMP)
	$(BIN)/ruff check src tests bench examples fuzz
	$(BIN)/ruff format --check src tests bench examples fuzz
	$(BIN)/mypy

# The browser tests drive the system Chromium (Debian package 'chromium'); Playwright's own
# browser download is never used.
CHROMIUM ?= /usr/bin/chromium

$(CHROMIUM):
	@command -v apt-get >/dev/null || { echo "The browser tests need Chromium at $(CHROMIUM): install it (Debian/Ubuntu package 'chromium') or set CHROMIUM=/path"; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) lint $(CHROMIUM)
	NEWSLEDGER_CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/aeb.py
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) ledger.duckdb ledger.duckdb.wal report.html out .pytest_cache .mypy_cache .ruff_cache
