# Nomi: `make run` serves the site with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The design checks' tools from npm (the Nu HTML Checker, Lighthouse), pinned by
# package-lock.json and installed again whenever it changes.
NPM_STAMP := node_modules/.installed

.PHONY: run test test-topology topology-up topology-down serve setup migrate demo lint format bench-seed bench-data bench clean screenshots audit image

$(STAMP): requirements.txt requirements-dev.txt scripts/system-packages.sh
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Nomi needs Python 3.11 or newer (set PYTHON=...).")'
	scripts/system-packages.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(STAMP)

# --ignore-scripts: the checker's install script would fetch a Java runtime;
# Debian's (scripts/system-packages.sh --browser) runs it instead.
$(NPM_STAMP): package.json package-lock.json
	scripts/system-packages.sh --browser
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo --if-empty --listings 300

# `make run PORT=8001` serves on another port.
PORT ?= 8000
run: export DJANGO_DEBUG ?= true
run: demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup $(NPM_STAMP)
	scripts/system-packages.sh --browser
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# The multi-node topology's tests (tests/topology/): each starts the engines it
# needs with scripts/topology/ (Galera, a replica, nginx, moto S3, Celery...),
# installing their Debian packages when missing. Docs: docs/topology.md.
test-topology: setup $(NPM_STAMP)
	NOMI_TOPOLOGY=1 $(PY) -m pytest -m topology tests/topology

# The whole multi-node topology on this machine: Galera, replica, moto S3,
# Redis, a worker, 2 web nodes and nginx on http://127.0.0.1:8100 (the pieces
# present in scripts/topology/). Docs: docs/topology.md.
topology-up: setup
	scripts/topology/up.sh

topology-down:
	scripts/topology/down.sh

# The container image (docs/container-image.md): a Debian bookworm base made by
# debootstrap and imported into podman, then the app from the Containerfile;
# nothing comes from a container registry. podman's storage is in .topology/.
image:
	scripts/image/build.sh

# serve.sh migrates and seeds itself, once it has set the secret key.
serve: setup
	scripts/serve.sh

# Benchmark (not part of `make test`; see bench/README.md). Needs MariaDB on
# 127.0.0.1:3306, wrk and (for the member mix) Redis on 127.0.0.1:6379, whose
# database 9 it flushes; bench-data re-creates the database nomi_bench.
BENCH_ROWS ?= 1000000
bench-data: setup
	$(PY) bench/generate.py --rows $(BENCH_ROWS) --database nomi_bench --seed 1

bench: setup
	scripts/system-packages.sh --need wrk
	$(PY) bench/load.py --mix

# Full-page PNGs of the main pages at 360 and 1280 px in screenshots/ (docs:
# README, "Design checks"); a throwaway database, nothing else is touched.
screenshots: setup
	scripts/system-packages.sh --browser
	$(PY) scripts/screenshots.py

# Lighthouse on the production-like site; fails below the budgets.
audit: setup $(NPM_STAMP)
	$(PY) scripts/audit.py

lint: setup
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache .import_linter_cache screenshots audit
