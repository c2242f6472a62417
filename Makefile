# One command to run the site, one to test it. See README.md.
PYTHON ?= python3.11
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
# Tests run with debug off, as production does; this key is for the test run only.
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-not-for-production
DEV_ENV := DJANGO_DEBUG=1
# The benchmark runs with debug off against PostgreSQL: DATABASE_URL, or a database of its own
# on the local cluster (created by bench/postgres.sh). BENCH_ARGS: see `python -m bench -h`.
BENCH_DATABASE_URL ?= postgres://clinic:clinic@127.0.0.1:5432/clinic_bench
BENCH_ENV := DJANGO_SECRET_KEY=bench-only-secret-key-not-for-production \
	DJANGO_SECURE_SSL_REDIRECT=0 DJANGO_LOG_LEVEL=WARNING DATABASE_URL=$(or $(DATABASE_URL),$(BENCH_DATABASE_URL))

.PHONY: run test test-under-load bench bench-scale install install-test clean-venv

# The browser tests' HTML checker (vnu-jar) comes from npm; without npm those checks skip.
NPM := $(shell command -v npm 2>/dev/null)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# --ignore-scripts: vnu-jar's install script would download a Java runtime; we use the machine's.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py bootstrap_demo
	$(DEV_ENV) $(BIN)/python manage.py seed_demo
	$(DEV_ENV) $(BIN)/python manage.py refresh_program_flags
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install-test $(if $(NPM),node_modules/.installed)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# The same, while one busy loop per core competes with it, as other work on a CI machine would.
test-under-load:
	bash .ci/under-load $(MAKE) test

bench: install
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	$(if $(DATABASE_URL),,sh bench/postgres.sh)
	$(BENCH_ENV) $(BIN)/python -m bench $(BENCH_ARGS)

# Each staff page at 10,000 and at 100,000 rows, on a database made afresh for it (about 10 min).
bench-scale: install
	sh bench/postgres.sh
	psql postgres://clinic:clinic@127.0.0.1:5432/postgres -qc "DROP DATABASE IF EXISTS clinic_bench_scale"
	sh bench/postgres.sh clinic_bench_scale
	$(BENCH_ENV) DATABASE_URL=postgres://clinic:clinic@127.0.0.1:5432/clinic_bench_scale \
		$(BIN)/python -m bench scale $(BENCH_ARGS)

clean-venv:
	rm -rf $(VENV)
