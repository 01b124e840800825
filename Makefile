# dateline — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
DATELINE := $(VENV)/bin/dateline
SHARED ?= ../shared
SEED := $(SHARED)/data/seed/gleaner-2016-12-12-palmyra.txt
DB ?= dateline.duckdb
STAMP := $(VENV)/.installed

.PHONY: install demo test lint fmt eval bench clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	$(PY) -m dateline.gazetteer build
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(DATELINE) ingest examples/ $(SEED) --db $(DB)
	$(DATELINE) process $(SEED)
	@echo
	@echo "Query the database, e.g.:"
	@echo "  $(DATELINE) events --db $(DB) --type Battles"
	@echo "  $(DATELINE) export --db $(DB) --format acled-csv"
	@echo "Serving the web page on http://127.0.0.1:8765 (Ctrl-C to stop)"
	$(DATELINE) serve --db $(DB)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy

fmt: install
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

eval: install
	$(DATELINE) eval time
	$(DATELINE) eval geo
	$(DATELINE) eval quotes

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache $(DB)
