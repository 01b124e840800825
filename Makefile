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

.PHONY: install demo test lint fmt eval bench bench-length stress clean

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	$(PY) -m dateline.places.gazetteer build
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

EVAL_OUT ?= var/eval
eval: install
	mkdir -p $(EVAL_OUT)
	$(DATELINE) eval time --baseline dateparser --predictions $(EVAL_OUT)/time.jsonl --json > $(EVAL_OUT)/time.json
	$(DATELINE) eval geo --gritta $(SHARED)/data/eval/geo/GeoWebNews.xml --predictions $(EVAL_OUT)/geo-gwn.jsonl --json > $(EVAL_OUT)/geo-gwn.json
	$(DATELINE) eval geo --gritta $(SHARED)/data/eval/geo/GeoWebNews.xml --gold-toponyms --json > $(EVAL_OUT)/geo-gwn-gold.json
	$(DATELINE) eval geo --gritta $(SHARED)/data/eval/geo/TR-News.xml --predictions $(EVAL_OUT)/geo-tr.jsonl --json > $(EVAL_OUT)/geo-tr.json
	$(DATELINE) eval geo --gritta $(SHARED)/data/eval/geo/TR-News.xml --gold-toponyms --json > $(EVAL_OUT)/geo-tr-gold.json
	$(DATELINE) eval quotes --predictions $(EVAL_OUT)/quotes.jsonl --json > $(EVAL_OUT)/quotes.json
	$(DATELINE) eval events --plover $(SHARED)/data/eval/events/PLOVER_GSR_CAMEO.json --predictions $(EVAL_OUT)/events.jsonl --json > $(EVAL_OUT)/events.json
	$(DATELINE) eval clustering --predictions $(EVAL_OUT)/clustering.jsonl --json > $(EVAL_OUT)/clustering.json
	$(DATELINE) eval extraction --predictions $(EVAL_OUT)/extraction.jsonl --json > $(EVAL_OUT)/extraction.json
	$(DATELINE) eval records --gold tests/golden/records-ecbplus-dev.json $(SHARED)/data/eval/clustering/ecbplus $(SEED) examples -j 2 --predictions $(EVAL_OUT)/records.jsonl --json > $(EVAL_OUT)/records.json
	$(DATELINE) eval records --gold tests/golden/records-tbaq-dev.json $(SHARED)/data/eval/time/tbaq -j 2 --predictions $(EVAL_OUT)/records-tbaq.jsonl --json > $(EVAL_OUT)/records-tbaq.json
	@echo "results in $(EVAL_OUT)/*.json (see EVALUATION.md)"

bench: install
	$(PIP) install -q -e '.[dev,bench]'
	$(PY) scripts/bench.py --output var/bench.json
	$(PY) scripts/bench_dedup_datasketch.py --sizes 100000 --output var/bench-dedup-datasketch.json
	$(PY) scripts/bench_corpus.py --total 10000 --batch 1000 --output var/bench-corpus.json

bench-length: install
	$(PY) scripts/bench_length.py --output var/bench-length.json

stress: install
	mkdir -p var
	$(PY) scripts/stress.py --out var/stress.jsonl hostile --n 1000
	$(PY) scripts/stress.py --out var/stress.jsonl crash --kills 20
	$(PY) scripts/stress.py --out var/stress.jsonl fuzz --examples 1000 --seconds 30

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache $(DB)
