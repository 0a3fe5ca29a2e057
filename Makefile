# WattDesk: `make run` starts the app on the demo park, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint sysdeps-test bundle i18n screenshots clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,postgres]'
	@touch $(STAMP)

# Qt's system libraries first (installed when root with apt-get, else the one command to run),
# before anything is built: a missing libxcb-cursor0 should not surface as a GUI abort.
run:
	@$(PYTHON) -m app.sysdeps run
	@$(MAKE) --no-print-directory $(STAMP)
	$(PY) -m app init --demo
	$(PY) -m app

sysdeps-test:
	@$(PYTHON) -m app.sysdeps test

lint: sysdeps-test
	@$(MAKE) --no-print-directory $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

# Three pytest-xdist workers on CI's 2 cores: many tests wait on simulated buses and
# subprocesses rather than the CPU (docs/benchmarks.md, "Test suite").
# TEST_WORKERS=0 runs it in one process.
# --durations=20: the slowest tests in every CI log, to keep CI under its 25 minutes.
# loadgroup: tests marked xdist_group("name") run on one worker, one after another.
TEST_WORKERS ?= 3
test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup --durations=20

# The installer folder dist/WattDesk/: WattDesk (windowed) and wattdesk-cli (console), one set
# of libraries (build.spec; docs/architecture.md, "Packaging"). .ci/bundle-smoke runs it.
BUNDLE_STAMP := $(VENV)/.bundle-stamp
$(BUNDLE_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,postgres,bundle]'
	@touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec
	@du -sh dist/WattDesk

# Refresh the translation sources from the code, then compile them (.qm are committed).
i18n: $(STAMP)
	cd resources/i18n && ../../$(VENV)/bin/pyside6-lupdate -no-obsolete ../../app/ui/*.py ../../widgets/*.py -ts wattdesk_zh_CN.ts wattdesk_en.ts
	$(PY) resources/i18n/finish.py resources/i18n/wattdesk_zh_CN.ts resources/i18n/wattdesk_en.ts
	for ts in resources/i18n/*.ts; do $(VENV)/bin/pyside6-lrelease $$ts -qm $${ts%.ts}.qm; done
	$(PY) resources/i18n/finish.py --check resources/i18n/*.ts

screenshots: $(STAMP)
	WATTDESK_LANG=zh_CN $(PY) -m app.ui.screenshots docs/screenshots
	WATTDESK_LANG=en $(PY) -m app.ui.screenshots docs/screenshots

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build dist *.egg-info
