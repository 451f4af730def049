# review_app — the two quick-start targets (README) and the developer targets.
# Everything runs from a local virtualenv in .venv that these targets create.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   ?= data/demo
PORT   ?= 8501

.PHONY: app test setup setup-dev system-deps lint typecheck pytest demo bench clean screenshots

# 1. Set up and run the app on the embedded default: SQLite + the shipped corpus.
app: setup demo
	$(BIN)/review-app serve $(DEMO) --port $(PORT)

# 2. Set up and run the whole test suite (this is what .ci/run calls).
test: setup-dev system-deps lint typecheck pytest

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed
setup-dev: $(VENV)/.installed-dev

system-deps:
	@scripts/system-deps.sh

demo: setup
	@scripts/demo.sh $(BIN) $(DEMO)

lint: setup-dev
	$(BIN)/ruff check .

typecheck: setup-dev
	$(BIN)/mypy

pytest: setup-dev
	$(BIN)/pytest -q

# Browser tests; also regenerates the user guide's screenshots in docs/images.
screenshots: setup-dev system-deps
	REVIEW_APP_SCREENSHOTS=docs/images $(BIN)/pytest -q tests/e2e

bench: setup-dev
	@for b in bench/*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache test-artifacts
