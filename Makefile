# Two commands matter: `make serve` and `make test`. Everything they need is installed here.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
# Pyodide's tooling and the checker need Python >= 3.12; python3 here is 3.11, and pyenv's
# shims for 3.12/3.13 only answer when that version is selected, so look for a real binary.
BOOT_PY := $(shell for p in python3.12 python3.13 /root/.pyenv/versions/3.12*/bin/python3.12 /root/.pyenv/versions/3.13*/bin/python3.13 /usr/bin/python3.12 /usr/bin/python3.13; do "$$p" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1 && { echo "$$p"; break; }; done)

# Material prints a banner about MkDocs 2 on every build; it says nothing about this site.
export NO_MKDOCS_2_WARNING := 1

APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends

.PHONY: help setup serve edit build test test-fast bench chromium nginx serve-prod clean

help:
	@echo "make serve   the site with the working checker at http://127.0.0.1:8000"
	@echo "make test    every test (installs what it needs first)"
	@echo "make test-fast  the tests that need neither a browser nor nginx (checker, pages, node)"
	@echo "make edit    the site plus the editor at http://127.0.0.1:8000/admin/ (saves to docs/faq/ and checker/rounds/)"
	@echo "make build   the deployable site in site/"
	@echo "make serve-prod  site/ through nginx (deploy/nginx.conf) at http://127.0.0.1:8080"
	@echo "make bench   benchmark figures (checker and browser)"

$(VENV)/.stamp: requirements-dev.txt pyproject.toml
	@test -n "$(BOOT_PY)" || { echo "Python >= 3.12 not found"; exit 1; }
	$(BOOT_PY) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The checker's message catalogues, compiled with Babel (pinned in requirements-dev.txt).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard checker/locale/*/LC_MESSAGES/checker.po))
checker/locale/%/LC_MESSAGES/checker.mo: checker/locale/%/LC_MESSAGES/checker.po $(VENV)/.stamp
	$(VENV)/bin/pybabel compile --domain checker --directory checker/locale --locale $* --use-fuzzy >/dev/null

setup: $(VENV)/.stamp node_modules/.stamp $(CATALOGUES)

# Debian's Chromium, never a browser download (design.md).
chromium:
	@command -v chromium >/dev/null || { apt-get update && $(APT_INSTALL) chromium; }

nginx:
	@command -v nginx >/dev/null && test -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so || { apt-get update && $(APT_INSTALL) nginx libnginx-mod-http-brotli-static; }

# The editor's bundle: admin/*.mjs with Decap CMS and React (esbuild), beside Decap's own
# lazily loaded chunks. hooks/cms.py serves build/admin/ as /admin/.
ADMIN := build/admin
$(ADMIN)/cms.js: $(wildcard admin/*.mjs admin/*.css) node_modules/.stamp
	rm -rf $(ADMIN) && mkdir -p $(ADMIN)
	cp node_modules/decap-cms-app/dist/*.decap-cms-app.js node_modules/decap-cms-app/dist/*.wasm \
	   node_modules/decap-cms-app/dist/decap-cms-app.js.LICENSE.txt admin/admin.css $(ADMIN)/
	node_modules/.bin/esbuild admin/cms.mjs --bundle --minify --format=iife --target=es2020 \
	  --define:process.env.NODE_ENV='"production"' --legal-comments=external --log-level=warning \
	  --outfile=$@

# build_pyodide.py makes the checker's memory snapshot in Debian's Chromium (scripts/pyodide_snapshot.py).
build: setup chromium $(ADMIN)/cms.js
	$(PY) scripts/build_pyodide.py
	$(VENV)/bin/mkdocs build --strict
	$(PY) scripts/precompress.py

serve: setup chromium $(ADMIN)/cms.js
	$(PY) scripts/build_pyodide.py
	$(VENV)/bin/mkdocs serve --dev-addr 127.0.0.1:8000

# `make serve` plus decap-server (the editor's local backend, 127.0.0.1 only): /admin/ edits the
# files in docs/faq/ and checker/rounds/ of this working tree, with no account. Never part of the
# published site.
edit: setup chromium $(ADMIN)/cms.js
	$(PY) scripts/build_pyodide.py
	$(PY) scripts/edit.py

# Debian's nginx with deploy/nginx.conf on 127.0.0.1:8080, as production serves site/.
serve-prod: build nginx
	$(PY) deploy/nginx_local.py --site site --port 8080

test: setup chromium nginx build
	$(VENV)/bin/pytest

# tests/checker, tests/pages and tests/node: the markers come from the folders (tests/conftest.py).
test-fast: build
	$(VENV)/bin/pytest -m "not browser and not nginx"

bench: build chromium nginx
	$(PY) scripts/bench_checker.py
	$(PY) scripts/bench_browser.py --nginx

clean:
	rm -rf site build .pytest_cache .hypothesis
