# dipwatch: `make run` refreshes the warehouse from the bundled sample feed, `make test` runs the suite.
# Both create .venv on first use (pip is upgraded first: the system pip cannot resolve lxml[html_clean]).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# `make run`, `serve` and `dashboard` use the project's warehouse (the command's own default is
# dipwatch.duckdb in the user data directory): an absolute path, wherever make is run from
WAREHOUSE ?= $(CURDIR)/warehouse/dipwatch.duckdb

.PHONY: install run test lint bench train serve dashboard clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	@echo "installing dipwatch into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --quiet -e ".[dev]" > $(VENV)/install.log 2>&1 \
		|| { cat $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/dipwatch run --db $(WAREHOUSE)

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check src tests flows bench
	$(BIN)/ruff format --check src tests flows bench

bench: $(STAMP)
	$(BIN)/python bench/accuracy.py
	$(BIN)/python bench/aeb.py
	$(BIN)/python bench/events.py
	$(BIN)/python bench/marts.py
	$(BIN)/python bench/bombs.py

# the coder's learned part; add DIPWATCH_REALNEWS_PAGES=DIR to include the real-news tuning part
train: $(STAMP)
	$(BIN)/python -m dipwatch.quality.train

serve: $(STAMP)
	$(BIN)/dipwatch serve --db $(WAREHOUSE)

dashboard: $(STAMP)
	$(BIN)/dipwatch dashboard --db $(WAREHOUSE)

clean:
	rm -rf $(VENV) warehouse/*.duckdb warehouse/*.duckdb.wal warehouse/*.duckdb.lock .pytest_cache .ruff_cache
