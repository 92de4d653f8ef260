# LEA Desktop — `make run` starts the app, `make test` runs the whole suite headless.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Debian packages Qt needs to draw (X11/EGL/fonts) and the test suite needs (PDF rendering).
DEB_RUNTIME := libegl1 libgl1 libfontconfig1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 \
               libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
               libxcb-shape0 libxcb-xinerama0 libxcb-randr0 fonts-dejavu-core
DEB_TEST    := poppler-utils
# PyInstaller on Linux reads (objdump) and strips (strip) binaries: binutils; and it bundles the
# shared libpython, which Debian's python3 ships only in libpython3.X (pulled in by libpython3-dev).
DEB_BUNDLE  := binutils libpython3-dev

.PHONY: run test bench lint format databank bundle system-deps clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.app: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.app

$(VENV)/.databank: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[databank]'
	touch $@ $(VENV)/.app

# Installs missing Debian packages when we may (root, or passwordless sudo); otherwise says which.
system-deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ] && command -v apt-get >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else \
	    echo "Please install: sudo apt-get install $$missing"; exit 0; fi; \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing >/dev/null; fi

run: DEB_PACKAGES = $(DEB_RUNTIME)
run: system-deps $(VENV)/.app
	$(BIN)/lea-desktop

test: DEB_PACKAGES = $(DEB_RUNTIME) $(DEB_TEST)
test: system-deps $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

lint: $(VENV)/.test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: DEB_PACKAGES = $(DEB_RUNTIME)
bench: system-deps $(VENV)/.test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

$(VENV)/.bundle: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[bundle]'
	touch $@ $(VENV)/.app

# One-folder bundle in dist/lea-desktop/; `make bundle LEA_ONEFILE=1`: one file, dist/onefile/lea-desktop.
# The version is lea_desktop.__version__. Scratch files go to build/pyinstaller/ (ignored by git).
BUNDLE_DIST = $(if $(filter-out 0,$(LEA_ONEFILE)),dist/onefile,dist)
bundle: DEB_PACKAGES = $(DEB_RUNTIME) $(DEB_BUNDLE)
bundle: system-deps $(VENV)/.bundle
	LEA_ONEFILE=$(LEA_ONEFILE) $(BIN)/pyinstaller --noconfirm --log-level WARN \
	  --distpath $(BUNDLE_DIST) --workpath build/pyinstaller lea_desktop.spec
	@echo "Built $(BUNDLE_DIST)/lea-desktop ($$($(BIN)/lea-desktop --version))"

# The staff screens' translations (lea_desktop/ui/i18n.py): collect every translate()/tr() string
# of lea_desktop/ui/ into resources/i18n/lea_desktop_<lang>.ts (kept: translations, new strings
# marked unfinished, vanished ones dropped), then compile the .qm files the app loads. The tools
# come with PySide6-Essentials. Translate the unfinished entries (pyside6-linguist, or by hand).
UI_LANGUAGES = fi
translations: $(VENV)/.app
	@for lang in $(UI_LANGUAGES); do \
	  $(BIN)/pyside6-lupdate $$(find lea_desktop/ui -name '*.py' | sort) -no-obsolete \
	    -source-language en -target-language $$lang -ts resources/i18n/lea_desktop_$$lang.ts && \
	  $(BIN)/pyside6-lrelease resources/i18n/lea_desktop_$$lang.ts \
	    -qm resources/i18n/lea_desktop_$$lang.qm || exit 1; \
	done

clean:
	rm -rf $(VENV) dist build/pyinstaller .pytest_cache .ruff_cache

# A local databank to try sync in a minute: a SQLite file in ./databank-data/, a fresh laptop
# token printed (once), then the server on http://127.0.0.1:8765 until Ctrl+C (docs/sync.md).
DATABANK_DIR  ?= databank-data
DATABANK_PORT ?= 8765
databank: $(VENV)/.databank
	@mkdir -p $(DATABANK_DIR) && chmod 700 $(DATABANK_DIR)
	@name=laptop-$$(date +%Y%m%d-%H%M%S); \
	token=$$($(BIN)/lea-databank token create $$name --db $(DATABANK_DIR)/databank.sqlite | tail -n 1) || exit 1; \
	echo; echo "Token for $$name (shown only now):"; echo "  $$token"; echo; \
	echo "In another terminal:"; \
	echo "  $(BIN)/lea-desktop login --token $$token --url http://127.0.0.1:$(DATABANK_PORT)"; \
	echo "  $(BIN)/lea-desktop sync"; echo
	$(BIN)/lea-databank serve --db $(DATABANK_DIR)/databank.sqlite --port $(DATABANK_PORT)
