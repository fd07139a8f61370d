# The two commands in README.md: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
ELECTORS ?= 20000
SEED ?= 1
PORT ?= 8000

.PHONY: demo test install assets browser lint serve clean

# Set everything up, build the demo council and serve it on http://127.0.0.1:$(PORT)
demo: install assets
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --electors $(ELECTORS) --seed $(SEED)
	$(PY) manage.py collectstatic --noinput -v0
	$(MAKE) serve

serve:
	@echo "Starting the background job worker and the web server on http://127.0.0.1:$(PORT)"
	$(PY) manage.py run_worker --interval 1 & \
	trap 'kill $$!' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

# Lint and run the whole test suite (browser tests included)
test: install assets browser
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

assets: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

# Debian's Chromium for the Playwright tests (installed once, as root).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: install Debian's chromium package for the browser tests"; fi; }

lint:
	$(VENV)/bin/ruff check src tests bench

clean:
	rm -rf $(VENV) var node_modules
