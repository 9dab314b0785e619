# Escalations: `make run` starts the demo, `make test` checks the layers and runs the whole suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app webapp
VENDOR := webapp/static/vendor
BUNDLE_SOURCES := $(wildcard webapp/static/src/*)

.PHONY: run serve test install assets lint clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.package-lock.json

$(VENDOR)/.built: node_modules/.package-lock.json
	rm -rf $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons
	mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons
	cp -r node_modules/bootstrap/dist/css node_modules/bootstrap/dist/js $(VENDOR)/bootstrap/
	cp -r node_modules/bootstrap-icons/font/bootstrap-icons.min.css node_modules/bootstrap-icons/font/fonts $(VENDOR)/bootstrap-icons/
	touch $@

# The BPMN modeler and viewer and the dashboard's charts: bpmn-js and Chart.js are ESM only, so
# esbuild bundles them with our sources.
$(VENDOR)/bundles.built: node_modules/.package-lock.json $(BUNDLE_SOURCES)
	node webapp/static/src/build.mjs
	touch $@

assets: $(VENDOR)/.built $(VENDOR)/bundles.built

install: $(BIN)/activate assets

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT) with the timer worker beside it (stop with Ctrl-C)"
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Production: gunicorn (deploy/gunicorn.conf.py) and the worker beside it, on PostgreSQL.
serve: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make serve is the production server: set DATABASE_URL to a PostgreSQL database (and SECRET_KEY to 32 bytes or more)"; exit 1;; esac
	ESCALATIONS_ENV=production $(FLASK) db upgrade
	@echo "Serving on http://$${HOST:-127.0.0.1}:$${PORT:-8000} with gunicorn and the worker beside it (stop with Ctrl-C)"
	ESCALATIONS_ENV=production $(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	ESCALATIONS_ENV=production $(BIN)/gunicorn --config deploy/gunicorn.conf.py 'webapp:create_app()'

test: install
	$(BIN)/lint-imports --no-logo
	$(BIN)/pytest -n auto $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check webapp workflows tests bench

clean:
	rm -rf $(VENV) node_modules $(VENDOR) instance
