# Two entry points for a fresh clone: `make demo` and `make test`. Everything else is plumbing.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
# CPU build of torch for the optional Detoxify backend; pinned so pip never pulls a multi-GB CUDA build.
TORCH  ?= torch==2.13.0+cpu

.PHONY: demo test lint install install-dev browser-deps clean bench train

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $(STAMP)

$(DEVSTAMP): $(STAMP) pyproject.toml
	$(PIP) install -q '$(TORCH)'
	$(PIP) install -q -e '.[dev,detoxify]'
	touch $(DEVSTAMP)

install: $(STAMP)

install-dev: $(DEVSTAMP)

# Debian's chromium drives the review-app browser tests (Playwright's own browser download is not used).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

demo: $(STAMP)
	$(VENV)/bin/modbot demo

lint: $(DEVSTAMP)
	$(VENV)/bin/ruff check bot tests
	$(VENV)/bin/ruff format --check bot tests
	$(VENV)/bin/mypy bot

test: $(DEVSTAMP) browser-deps lint
	$(VENV)/bin/pytest -q

train: $(DEVSTAMP)
	$(VENV)/bin/modbot train

bench: $(STAMP)
	$(VENV)/bin/modbot bench score
	$(VENV)/bin/modbot bench cycle

clean:
	rm -rf $(VENV) demo-data .pytest_cache .ruff_cache test-artifacts
