# Two entry points for a fresh clone: `make demo` and `make test`. Everything else is plumbing.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev
# Hash-pinned locks generated from pyproject.toml (`make lock`); scripts/install.sh is the one install path,
# shared with the container image. The dev lock carries the CPU build of torch (requirements/torch-cpu.txt)
# for the optional Detoxify backend, so pip never pulls a multi-GB CUDA build.
LOCK    := requirements/runtime.lock
DEVLOCK := requirements/dev.lock
COMPILE := $(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	--build-deps-for editable --build-deps-for wheel --no-emit-find-links --no-emit-index-url

.PHONY: demo test lint audit lock install-check install install-dev browser-deps clean bench train

$(STAMP): pyproject.toml $(LOCK) scripts/install.sh
	PYTHON=$(PYTHON) scripts/install.sh --editable $(VENV)
	touch $(STAMP)

$(DEVSTAMP): pyproject.toml $(DEVLOCK) scripts/install.sh
	PYTHON=$(PYTHON) scripts/install.sh --dev --editable $(VENV)
	touch $(STAMP) $(DEVSTAMP)

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
	$(VENV)/bin/ruff check bot tests scripts
	$(VENV)/bin/ruff format --check bot tests scripts
	$(VENV)/bin/mypy bot

# Known-vulnerable pins fail; an unreachable vulnerability database is reported, not fatal (see the script).
audit: $(DEVSTAMP)
	$(PY) scripts/audit_deps.py $(LOCK) $(DEVLOCK)

# Regenerate the locks after changing pyproject.toml's dependencies (then `make install-dev`).
lock: $(DEVSTAMP)
	$(COMPILE) -o $(LOCK) pyproject.toml
	$(COMPILE) --extra dev --extra detoxify -c requirements/torch-cpu.txt -o $(DEVLOCK) pyproject.toml

# The image's install path in a throwaway virtualenv: scripts/install.sh (wheel build, runtime lock), then
# scripts/check_install.sh, as the Dockerfile does, so the image cannot drift from what CI runs.
install-check:
	@tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
		PYTHON=$(PYTHON) scripts/install.sh "$$tmp/venv" && scripts/check_install.sh "$$tmp/venv"

test: $(DEVSTAMP) browser-deps lint audit install-check
	$(VENV)/bin/pytest -q

train: $(DEVSTAMP)
	$(VENV)/bin/modbot train

bench: $(STAMP)
	$(VENV)/bin/modbot bench score
	$(VENV)/bin/modbot bench cycle

clean:
	rm -rf $(VENV) demo-data .pytest_cache .ruff_cache test-artifacts
