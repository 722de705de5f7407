# Two commands do everything on a fresh machine: `make run` and `make test`.
PY       ?= python3
VENV     := .venv
BIN      := $(VENV)/bin
STAMP    := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run test lint bench install clean db-stop

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/credit-graph db start
	$(BIN)/credit-graph ingest sample/
	$(BIN)/credit-graph serve --host 127.0.0.1 --port 8000

# Browser tests drive Debian's chromium (never a downloaded browser); a CJK font makes the UI legible.
CHROMIUM_DEPS := chromium fonts-wqy-microhei

test: $(STAMP) $(NODE_STAMP)
	test -x /usr/bin/chromium && fc-list :lang=zh | grep -q . || \
		(apt-get update -q && apt-get install -y -q $(CHROMIUM_DEPS))
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check graph ingest nlp queries api tests
	$(BIN)/mypy

# The full benchmark (100k firms by default; BENCH_ENTITIES=… to change): private engines on free
# ports, results as JSON on stdout and as a table in docs/benchmarks.md (machine and date included).
BENCH_ENTITIES ?= 100000
bench: $(STAMP)
	$(BIN)/credit-graph bench --entities $(BENCH_ENTITIES) --json --markdown docs/benchmarks.md

db-stop: $(STAMP)
	$(BIN)/credit-graph db stop

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache
