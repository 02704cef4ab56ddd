# Two entry points for a fresh clone: `make demo` and `make test`. Everything else is plumbing.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test lint install install-dev browser-deps clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $(STAMP)

$(DEVSTAMP): $(STAMP) pyproject.toml
	$(PIP) install -q -e '.[dev]'
	touch $(DEVSTAMP)

install: $(STAMP)

install-dev: $(DEVSTAMP)

demo: $(STAMP)
	$(VENV)/bin/modbot demo

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check bot tests
	$(VENV)/bin/ruff format --check bot tests

test: $(DEVSTAMP) lint
	$(VENV)/bin/pytest -q

bench: $(STAMP)
	$(VENV)/bin/modbot bench score

clean:
	rm -rf $(VENV) demo-data .pytest_cache .ruff_cache test-artifacts
