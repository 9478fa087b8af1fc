# The two commands: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp-installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
DEMO_ORGS ?= 300
DEMO_SEED ?= 1
# A PostgreSQL server for the second run of the database tests; found on 127.0.0.1 when not given.
TEST_DATABASE_URL ?=

export DJANGO_SETTINGS_MODULE ?= straiik.config.settings.dev

.PHONY: run test install migrate demo lint test-sqlite test-postgres test-fuzz fuzz bench clean lock wheelhouse wheelhouse-check

# Links in e-mail point at the address being served, unless STRAIIK_SITE_URL says otherwise.
run demo: export STRAIIK_SITE_URL ?= http://$(HOST):$(PORT)

run: demo
	@echo ""
	@echo "straiik is running on http://$(HOST):$(PORT)/ with a background worker  (stop with Ctrl-C)"
	$(BIN)/straiik serve $(HOST):$(PORT)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

install: $(STAMP)

migrate: install
	$(BIN)/straiik migrate --noinput

demo: migrate
	$(BIN)/straiik demo --orgs $(DEMO_ORGS) --seed $(DEMO_SEED)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	DJANGO_SETTINGS_MODULE=straiik.config.settings.test $(BIN)/straiik makemigrations --check --dry-run
	STRAIIK_SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(64))') \
	  DJANGO_SETTINGS_MODULE=straiik.config.settings.production $(BIN)/straiik check --deploy --fail-level WARNING
	$(BIN)/mypy

test-sqlite: install
	$(BIN)/pytest --ds=straiik.config.settings.test

test-postgres: install
	@url="$(TEST_DATABASE_URL)"; \
	if [ -z "$$url" ] && $(BIN)/python tools/pg_available.py postgres://postgres:postgres@127.0.0.1:5432/postgres; then \
	  url=postgres://postgres:postgres@127.0.0.1:5432/straiik; fi; \
	if [ -z "$$url" ]; then echo "No PostgreSQL server given or found on 127.0.0.1:5432: the PostgreSQL run is skipped."; \
	else echo "Database tests again on PostgreSQL ($$url)"; DATABASE_URL="$$url" $(BIN)/pytest --ds=straiik.config.settings.test -m "not browser" -p no:cacheprovider; fi

# schemathesis against a live server on a fresh SQLite database with the demo data, anonymous and as the
# programme office: fails on any 5xx or undeclared status (tools/fuzz.py). CI: each phase capped, ~2.5 min.
test-fuzz: install
	$(BIN)/python tools/fuzz.py --budget ci

fuzz: install
	$(BIN)/python tools/fuzz.py --examples 100

test: lint test-sqlite test-postgres test-fuzz

bench: install
	$(BIN)/python bench/registry_list.py

# The lock files name no package index (pip takes the one it is configured with: PyPI on a plain machine).
# pip-tools is not a dependency of the project: `pip install pip-tools` in a venv of its own and set LOCK_COMPILE. (Not PIP_COMPILE: pip reads PIP_* variables as its own options.)
LOCK_COMPILE ?= pip-compile
lock:
	$(LOCK_COMPILE) --no-emit-index-url --no-emit-find-links --output-file=requirements.lock --strip-extras pyproject.toml
	$(LOCK_COMPILE) --no-emit-index-url --no-emit-find-links --extra=dev --output-file=requirements-dev.lock --strip-extras pyproject.toml

# Every wheel a production install needs, for a machine without network (docs/operations.md, "Air-gapped
# install"): the locked dependencies (built here where only a source archive exists) and straiik itself.
# Wheels are for this platform and Python (e.g. manylinux x86_64, CPython 3.11).
wheelhouse: install
	rm -rf wheelhouse && mkdir -p wheelhouse
	$(BIN)/python -m pip wheel --quiet --wheel-dir wheelhouse -r requirements.lock
	$(BIN)/python -m pip wheel --quiet --no-deps --wheel-dir wheelhouse .
	cp requirements.lock wheelhouse/
	@ls wheelhouse/*.whl | wc -l | xargs echo "wheels in wheelhouse/:"

# The air-gapped install, tried: a new venv that sees no index and no pip configuration, from wheelhouse/ alone.
wheelhouse-check:
	sh tools/wheelhouse_check.sh $(PYTHON)

clean:
	rm -rf $(VENV) build wheelhouse src/*.egg-info .pytest_cache .ruff_cache
