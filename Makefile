# pelican-reflections — the whole set-up is `make example` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SITE := example_site

.PHONY: example serve test lint format bench audit clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(BIN)/.installed-bench: $(BIN)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $@

example: $(BIN)/.installed  ## build the example site into example_site/output
	cd $(SITE) && ../$(BIN)/pelican content -s pelicanconf.py -o output --fatal warnings
	@echo "Example site built: open $(CURDIR)/$(SITE)/output/index.html (or run 'make serve')"

serve: example  ## serve the example site on http://127.0.0.1:8000
	cd $(SITE) && ../$(BIN)/pelican --listen --bind 127.0.0.1 --port 8000 -o output

test: $(BIN)/.installed  ## ruff + the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(BIN)/.installed-bench  ## build-time comparison against stock Pelican (BENCH_ARGS="--posts 200 --large 0 --repeats 2" for a quick run)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

audit: example  ## Lighthouse scores for the article and index pages
	$(BIN)/python -m tests.browser.lighthouse_audit

clean:
	rm -rf $(SITE)/output $(SITE)/cache dist build .pytest_cache
