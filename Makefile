# pelican-reflections — the whole set-up is `make example` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SITE := example_site

.PHONY: example serve test test-fast test-matrix matrix-venvs lint format bench audit clean translations

# `make test-matrix`: the tests on the other supported Python x Pelican configurations,
# each in its own .venv-<name> with the newest release of its Pelican series (Pelican
# 4.12 needs Python 3.11+: 4.10 and 4.11 are what sites on Python 3.10 run).
# A configuration is: pyenv's Python, then the Pelican requirement.
PYENV_ROOT ?= $(shell pyenv root 2>/dev/null || echo $(HOME)/.pyenv)
PYTHON310 ?= $(PYENV_ROOT)/versions/3.10.13/bin/python
PYTHON313 ?= $(PYENV_ROOT)/versions/3.13.0/bin/python
MATRIX_CONFIGS := py310-pelican410 py310-pelican411 py313-pelican
py310-pelican410 := $(PYTHON310) pelican~=4.10.0
py310-pelican411 := $(PYTHON310) pelican~=4.11.0
py313-pelican := $(PYTHON313) pelican
# They run what a Pelican or Python release can break (every other test runs once,
# in `make test`): real builds of other people's sites and of the shapes #24 found,
# Pelican's private API and its own suite, the reader (tomli on Python 3.10), the
# forked and parallel machinery and the content cache, the theme's templates in
# Pelican's context, --fatal, the command line. Left out there: the browser gates
# (Chromium checks HTML, which does not depend on Python or Pelican), packaging
# (40-65 s a configuration), the incremental property test and the pure reading
# and theme-detail tests.
MATRIX_TESTS ?= tests/test_existing_sites.py tests/test_existing_sites_leftovers.py \
	tests/test_corpus.py tests/test_real_world_corpus.py tests/test_pelican_api.py \
	tests/test_pelican_suite.py tests/test_header_formats.py tests/test_reader.py \
	tests/test_parallel_rendering.py tests/test_parallel.py tests/test_incremental.py \
	tests/test_cache_reads.py tests/test_theme.py tests/test_theme_i18n.py \
	tests/test_fatal.py tests/test_cli.py tests/test_kept_posts.py
# The tests build sites in subprocesses and wait on Chromium: pytest-xdist spreads
# them over every core (PYTEST_PARALLEL= runs them in one process).
PYTEST_PARALLEL ?= -n auto
# The 1,000-post site's speed-feature build (33 s) runs in `make test` only.
MATRIX_PYTEST_ARGS ?= -m "not browser" $(MATRIX_TESTS) --deselect \
	"tests/test_corpus.py::test_speed_features_write_the_plain_build_on_real_sites[tmy-se]"
# Pelican 4.11 sits between the two ends the whole matrix set runs on (4.10 and the
# newest): it runs what a Pelican release changes first, the private API this
# plugin reaches (pelican_api.py), Pelican's own suite with the plugin, the
# existing-site builds and the forked rendering.
MIDDLE_TESTS := tests/test_pelican_api.py tests/test_pelican_suite.py \
	tests/test_existing_sites.py tests/test_parallel_rendering.py
py310-pelican411-tests := -m "not browser" $(MIDDLE_TESTS)
# Pelican's own suite runs on the newest Pelican in `make test` already.
py313-pelican-tests := $(MATRIX_PYTEST_ARGS) --deselect \
	tests/test_pelican_suite.py::test_pelican_suite_outcomes_do_not_change_with_this_plugin

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

serve: example  ## serve the example site on http://127.0.0.1:8000, rebuilt and reloaded on every edit
	cd $(SITE) && ../$(BIN)/pelican --autoreload --listen --bind 127.0.0.1 --port 8000 -o output

test: $(BIN)/.installed  ## ruff + mypy + the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_PARALLEL)

test-fast: $(BIN)/.installed  ## the inner loop: ruff + every test but the slow and browser ones
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not slow and not browser"

define matrix_config
.venv-$(1)/.installed: pyproject.toml
	@test -x $(2) || { echo "$(2) is missing (pyenv install, or set PYTHON3xx=)"; exit 1; }
	rm -rf .venv-$(1)
	$(2) -m venv .venv-$(1)
	.venv-$(1)/bin/python -m pip install --quiet --upgrade pip
	.venv-$(1)/bin/python -m pip install --quiet -e '.[matrix]' '$(3)'
	touch $$@

.PHONY: test-$(1)
test-$(1): .venv-$(1)/.installed
	@.venv-$(1)/bin/python -c 'import platform, pelican; \
		print(f"== $(1): Python {platform.python_version()}, Pelican {pelican.__version__}")'
	.venv-$(1)/bin/pytest -p no:cacheprovider $(PYTEST_PARALLEL) $(or $(4),$(MATRIX_PYTEST_ARGS))
endef
$(foreach c,$(MATRIX_CONFIGS),$(eval $(call matrix_config,$(c),$(word 1,$($(c))),$(word 2,$($(c))),$($(c)-tests))))

matrix-venvs: $(foreach c,$(MATRIX_CONFIGS),.venv-$(c)/.installed)  ## create the matrix venvs (CI does it beside make test)

test-matrix: $(addprefix test-,$(MATRIX_CONFIGS))  ## the tests on the other Python x Pelican configurations

format: $(BIN)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translations: $(BIN)/.installed  ## extract the theme's strings, update and compile every catalogue, list what is untranslated
	$(BIN)/python theme/translations/update.py

bench: $(BIN)/.installed-bench  ## build-time comparison against stock Pelican (BENCH_ARGS="--posts 200 --large 0 --repeats 2" for a quick run)
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
	$(BIN)/python benchmarks/images.py
	$(BIN)/python benchmarks/loop.py $(LOOP_ARGS)

audit: $(BIN)/.installed  ## Lighthouse scores for the article and index pages, and the article with a 3000x2000 cover
	$(BIN)/python -m tests.browser.lighthouse_audit --camera-cover

clean:
	rm -rf $(SITE)/output $(SITE)/cache dist build .pytest_cache
