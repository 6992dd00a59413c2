# The two commands a user needs: `make demo` and `make test`. Both set everything up first
# (a virtual environment in .venv with the locked dependencies) and are cheap to re-run.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip --disable-pip-version-check --quiet

.PHONY: demo test check lint format typecheck lock clean web web-gen web-test web-deps

WEB := web
NPM := npm --prefix $(WEB) --no-fund --no-audit
WEB_SOURCES := $(shell find $(WEB)/src -type f 2>/dev/null) $(WEB)/index.html $(WEB)/vite.config.ts \
	$(WEB)/tsconfig.json $(WEB)/package-lock.json

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The lock is installed exactly as written: no resolver runs (--no-deps), so a release published
# upstream after the lock was made cannot change or break the install; `pip check` then proves
# the lock holds every dependency of every locked package (tests/test_lock.py checks it too).
$(VENV)/.runtime-installed: requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install --no-deps --require-hashes -r requirements.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/pip check --disable-pip-version-check
	touch $@

$(VENV)/.dev-installed: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(PIP) install --no-deps --require-hashes -r requirements-dev.lock
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/pip check --disable-pip-version-check
	touch $@ $(VENV)/.runtime-installed

demo: $(VENV)/.runtime-installed
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory web; \
	else echo "make: npm not found; the demo runs without the web app (docs/web.md)"; fi
	$(BIN)/polycopy demo

# Both cores: each test has its own databases, ports and files (pytest-xdist).
test: $(VENV)/.dev-installed
	$(BIN)/pytest -n auto
	$(MAKE) --no-print-directory web-test

# The web app (docs/web.md): dependencies pinned by web/package-lock.json.
$(WEB)/node_modules/.package-lock.json: $(WEB)/package-lock.json $(WEB)/package.json
	$(NPM) ci
	touch $@

web-deps: $(WEB)/node_modules/.package-lock.json

$(WEB)/dist/index.html: $(WEB)/node_modules/.package-lock.json $(WEB_SOURCES)
	$(NPM) run build

web: $(WEB)/dist/index.html

# Regenerate the API types from the server's OpenAPI document (commit the result).
web-gen: $(VENV)/.dev-installed web-deps
	$(NPM) run gen

# Stale generated types, type errors, component tests, the build and its size budget, then Chromium
# end to end (with axe-core's accessibility checks).
web-test: $(VENV)/.dev-installed web-deps
	$(NPM) run gen:check
	$(NPM) run typecheck
	$(NPM) test
	$(MAKE) --no-print-directory web
	$(NPM) run size
	$(NPM) run e2e

check: lint typecheck

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(VENV)/.dev-installed
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

# Re-pin after editing dependencies in pyproject.toml (needs `pip install uv`).
lock:
	uv pip compile pyproject.toml --extra build --python-version 3.11 --generate-hashes -q -o requirements.lock
	uv pip compile pyproject.toml --extra build --extra dev --python-version 3.11 --generate-hashes -q -o requirements-dev.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache $(WEB)/node_modules $(WEB)/dist $(WEB)/test-results
