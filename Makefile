# Two commands do everything on a fresh machine: `make run` and `make test`.
# `make lint` is what CI checks besides the tests; `make format` applies the formatter.
PY       ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run test test-quick test-deps screenshots lint format bench install clean db-stop

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

install: $(STAMP)

# The sample as of today (its dates moved so that live penalties, listings in effect and a barred
# bidder pair show on any day), generated once per home: a home keeps the bundle it first loaded.
SAMPLE_TODAY = $${CREDIT_GRAPH_HOME:-$$HOME/.credit-graph}/sample-today

run: $(STAMP)
	$(BIN)/credit-graph db start
	test -d "$(SAMPLE_TODAY)" || $(BIN)/python -m api.bench.sample "$(SAMPLE_TODAY)" --today "$$(date +%F)"
	$(BIN)/credit-graph ingest "$(SAMPLE_TODAY)"
	$(BIN)/credit-graph serve --host 127.0.0.1 --port 8000

# Browser tests drive Debian's chromium (never a downloaded browser); a CJK font makes the UI legible.
CHROMIUM_DEPS := chromium fonts-wqy-microhei
SOURCES := graph ingest nlp queries api tests

test-deps: $(STAMP) $(NODE_STAMP)
	test -x /usr/bin/chromium && fc-list :lang=zh | grep -q . || \
		(apt-get update -q && apt-get install -y -q $(CHROMIUM_DEPS))

# Everything, the slow tests (an engine or CLI run of their own) included.
test: test-deps
	$(BIN)/pytest -q

# For quick local runs: the same suite without the tests marked slow.
test-quick: test-deps
	$(BIN)/pytest -q -m "not slow"

# The browser tests, writing the README's screenshots into docs/screenshots/ (the suite alone
# writes them to a temporary directory: it never changes tracked files).
screenshots: test-deps
	CREDIT_GRAPH_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/pytest -q -m browser tests/api/test_pages.py

# All three run, so one report shows every kind of problem; the target fails if any of them does.
lint: $(STAMP)
	@status=0; \
	echo "ruff check"; $(BIN)/ruff check $(SOURCES) || status=1; \
	echo "ruff format --check"; $(BIN)/ruff format --check $(SOURCES) || status=1; \
	echo "mypy --strict"; $(BIN)/mypy || status=1; \
	exit $$status

format: $(STAMP)
	$(BIN)/ruff format $(SOURCES)

# The full benchmark (100k firms by default; BENCH_ENTITIES=… to change): private engines on free
# ports, results as JSON on stdout and as a table in docs/benchmarks.md (machine and date included).
BENCH_ENTITIES ?= 100000
# smaller sizes run first for the growth table (300k: BENCH_ENTITIES=300000 BENCH_GROWTH=4000,25000,100000)
BENCH_GROWTH ?= 4000,25000
bench: $(STAMP)
	$(BIN)/credit-graph bench --entities $(BENCH_ENTITIES) --growth $(BENCH_GROWTH) --json --markdown docs/benchmarks.md

db-stop: $(STAMP)
	$(BIN)/credit-graph db stop

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache
