#!/usr/bin/env bash
# Check a virtualenv that scripts/install.sh made, as a deployment would use it, away from any checkout:
# the package finds its shipped policy, `modbot init` writes a deployment, a text is scored, the database
# commands work. The container build runs it on its image's virtualenv; `make install-check` (part of
# `make test`) runs install.sh into a fresh virtualenv and then this.
#
#   scripts/check_install.sh VENV
set -euo pipefail
venv="${1:?usage: scripts/check_install.sh VENV}"
modbot="$venv/bin/modbot"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"  # no moderation_policies/ or config/ here: only what the package carries
unset MODBOT_POLICY_DIR MODBOT_CONFIG

"$modbot" --version
"$modbot" policy check
"$modbot" init "$work/etc" --db "$work/state/modbot.db" >/dev/null
"$modbot" policy check "$work/etc/moderation_policies"
grep -q '^policy_dir = "moderation_policies"$' "$work/etc/modbot.toml"
if "$modbot" init "$work/etc" >/dev/null 2>&1; then
  echo "check_install.sh: modbot init overwrote an existing deployment" >&2
  exit 1
fi
verdict="$("$modbot" score "I will shoot the next cop I see")"
case "$verdict" in
  HIDE*URGENT*) ;;
  *) echo "check_install.sh: unexpected verdict: $verdict" >&2; exit 1 ;;
esac
"$modbot" db migrate --db "$work/state/modbot.db" >/dev/null
"$modbot" db backup "$work/backup.db" --db "$work/state/modbot.db" >/dev/null
"$modbot" audit verify --db "$work/backup.db" >/dev/null
echo "check_install.sh: $venv OK"
