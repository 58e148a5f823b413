# Referat — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO ?= cargo
VENV ?= .venv
PYTHON := $(VENV)/bin/python
OUT ?= out
CACHE ?= .referat-cache
REFERAT := target/release/referat

.PHONY: help run test build lint bench python-deps clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: ## Build the release binary
	$(CARGO) build --release --locked -p referat

run: build ## Process the bundled sample (data/sources.toml) into out/
	$(REFERAT) run --manifest data/sources.toml --out $(OUT) --cache-dir $(CACHE)

$(PYTHON): python/requirements.txt
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -r python/requirements.txt
	touch $(PYTHON)

python-deps: $(PYTHON) ## Install DuckDB, pyarrow, pandas, polars (for the consumer tests) into .venv

test: $(PYTHON) ## Run every test (Rust unit, snapshot, property and integration tests; consumer checks)
	REFERAT_PYTHON=$(abspath $(PYTHON)) $(CARGO) test --locked --workspace

lint: ## cargo fmt --check and clippy -D warnings
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

clean: ## Remove build output, out/ and the cache
	rm -rf target $(OUT) $(CACHE) $(VENV)

.PHONY: schema-docs
schema-docs: ## Regenerate docs/schema.md and docs/datapackage.template.json from schemas/
	$(CARGO) run --quiet -p referat -- schema > docs/schema.md.tmp
	mv docs/schema.md.tmp docs/schema.md
	$(CARGO) run --quiet -p referat -- schema --format datapackage > docs/datapackage.template.json.tmp
	mv docs/datapackage.template.json.tmp docs/datapackage.template.json

.PHONY: fixtures
fixtures: ## Remake the extract stage's HTML/PDF test fixtures (needs LibreOffice Writer, hyphen-da, qpdf)
	python3 tools/make_fixtures.py

bench: ## Time and peak memory of runs over 1,000 and 4,000 documents vs sha256sum (bench-out/)
	python3 tools/bench/run.py
