# WattDesk: `make run` starts the app on the demo park, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint i18n screenshots clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(PY) -m app init --demo
	$(PY) -m app

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# Refresh the translation sources from the code, then compile them (.qm are committed).
i18n: $(STAMP)
	cd resources/i18n && ../../$(VENV)/bin/pyside6-lupdate -no-obsolete ../../app/ui/*.py ../../widgets/*.py -ts wattdesk_zh_CN.ts wattdesk_en.ts
	$(PY) resources/i18n/finish.py resources/i18n/wattdesk_zh_CN.ts resources/i18n/wattdesk_en.ts
	for ts in resources/i18n/*.ts; do $(VENV)/bin/pyside6-lrelease $$ts -qm $${ts%.ts}.qm; done

screenshots: $(STAMP)
	WATTDESK_LANG=zh_CN $(PY) -m app.ui.screenshots docs/screenshots
	WATTDESK_LANG=en $(PY) -m app.ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist *.egg-info
