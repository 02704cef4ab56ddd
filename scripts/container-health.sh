#!/bin/sh
# The container image's HEALTHCHECK. One image runs two commands, so it checks the one this container runs
# (PID 1's command line, or MODBOT_ROLE=daemon|app): the review app (`modbot serve`) must answer GET /healthz
# with 200; the daemon (`modbot run`) must pass `modbot status --check`.
set -eu
bin="${MODBOT_BIN:-/opt/modbot/bin}"
role="${MODBOT_ROLE:-}"
if [ -z "$role" ]; then
  case " $(tr '\0' ' ' </proc/1/cmdline) " in
    *" serve "*) role=app ;;
    *) role=daemon ;;
  esac
fi
case "$role" in
  app)
    exec "$bin/python" - "${MODBOT_WEB_PORT:-8080}" <<'PY'
import sys
import urllib.request

url = f"http://127.0.0.1:{sys.argv[1]}/healthz"
try:
    with urllib.request.urlopen(url, timeout=10) as answer:
        ok = answer.status == 200
except OSError as exc:
    print(f"modbot-health: {url}: {exc}", file=sys.stderr)
    sys.exit(1)
sys.exit(0 if ok else 1)
PY
    ;;
  daemon) exec "$bin/modbot" status --check --config "${MODBOT_CONFIG:-/etc/modbot/modbot.toml}" ;;
  *) echo "modbot-health: MODBOT_ROLE must be daemon or app, not $role" >&2; exit 2 ;;
esac
