#!/usr/bin/env bash
# Install modbot into a virtualenv from the hash-pinned locks: the one install path that the Makefile (and so
# CI), the container image and a fresh-virtualenv test all use, so none of them can drift from the others.
#
#   scripts/install.sh [--dev] [--editable] VENV
#
#   --dev       the dev lock (runtime + test/lint tools + the Detoxify extra with CPU torch) instead of runtime
#   --editable  install the checkout itself editable (make), instead of building and installing a wheel (image)
#
# Every third-party file is checked against its SHA-256 in requirements/*.lock (pip --require-hashes); the
# project itself is built with the lock's setuptools and wheel (no build isolation, so nothing unpinned is
# fetched to build it). Regenerate the locks with `make lock` after changing pyproject.toml's dependencies.
set -euo pipefail

dev=0
editable=0
venv=""
for arg in "$@"; do
  case "$arg" in
    --dev) dev=1 ;;
    --editable) editable=1 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "install.sh: unknown option $arg" >&2; exit 2 ;;
    *) venv="$arg" ;;
  esac
done
if [ -z "$venv" ]; then
  echo "usage: scripts/install.sh [--dev] [--editable] VENV" >&2
  exit 2
fi

src="$(cd "$(dirname "$0")/.." && pwd)"
lock="$src/requirements/runtime.lock"
[ "$dev" -eq 1 ] && lock="$src/requirements/dev.lock"
python="${PYTHON:-python3}"

[ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
pip=("$venv/bin/python" -m pip --no-input)
"${pip[@]}" install -q --require-hashes -r "$lock"
if [ "$editable" -eq 1 ]; then
  "${pip[@]}" install -q --no-deps --no-build-isolation -e "$src"
else
  rm -rf "$src/build"  # an in-tree build: stale files of an earlier build must not land in the wheel
  "${pip[@]}" install -q --no-deps --no-build-isolation "$src"
fi
"${pip[@]}" check
echo "install.sh: modbot installed in $venv from $(basename "$lock")"
